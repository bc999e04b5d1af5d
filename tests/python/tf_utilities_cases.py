"""The utility names real TF programs use (gfile, logging, threading, tensor
protos, string dtype) and single calls where kiln once differed from TF:
expressions whose TF results docs/tf-reference/tf_utilities.json records
(docs/tf-reference/probe_tf_utilities.py); tests/python/test_tf_utilities.py
evaluates them with kiln.

CASES run in order (a case may appear twice), in one namespace, in a fresh empty working directory (the
gfile cases build on each other). An entry that is a statement is executed and
gives "ok". A result is plain text: a tensor's or array's values and dtype, else
repr(); an error is "error: Class: message".
"""

import os
import tempfile

import numpy as np

GFILE = [
    "g = tf.io.gfile", "v1g = tf.compat.v1.gfile",
    "sorted(n for n in dir(tf.io.gfile) if not n.startswith('_'))",
    "sorted(n for n in dir(tf.compat.v1.gfile) if not n.startswith('_'))",
    "os.mkdir('d')",
    "g.GFile('d/missing').read()",
    "g.GFile('d/f.txt', 'x')",
    "f = g.GFile('d/f.txt', 'w'); f.write('ab\\ncd\\n'); f.write(b'x'); f.close()",
    "g.GFile('d/f.txt').read()", "g.GFile('d/f.txt', 'rb').read()",
    "g.GFile('d/f.txt').readlines()", "list(g.GFile('d/f.txt'))", "g.GFile('d/f.txt').size()",
    "g.GFile('d/f.txt', 'a').write('z')", "g.GFile('d/f.txt').read(3)",
    "f = g.GFile('d/f.txt'); f.seek(3)", "f.tell()", "f.readline()", "f.read()", "f.read()",
    "f.close()", "f.read()", "f.close()",
    "g.GFile('d/f.txt', 'w').read()", "g.GFile('d/f.txt').write('a')",
    "g.GFile('d/f.txt').name", "g.GFile('d/f.txt', 'rb').mode",
    "with g.GFile('d/w.txt', 'w') as f: f.write('hello'); WRITTEN = f.tell()", "WRITTEN",
    "g.GFile('d/w.txt').read()",
    "g.exists('d/f.txt')", "g.exists('d/nope')", "g.isdir('d')", "g.isdir('d/f.txt')",
    "sorted(g.listdir('d'))", "g.listdir('d/nope')", "g.listdir('d/f.txt')",
    "g.makedirs('d/a/b')", "g.makedirs('d/a/b')", "g.mkdir('d/a')", "g.mkdir('d/x/y')",
    "g.remove('d/nope')", "g.remove('d/a')", "g.rename('d/nope', 'd/n2')",
    "g.GFile('d/g.txt', 'w').write('g')",
    "g.rename('d/g.txt', 'd/f.txt')", "g.rename('d/g.txt', 'd/f.txt', overwrite=True)",
    "g.GFile('d/f.txt').read()", "g.exists('d/g.txt')",
    "g.copy('d/f.txt', 'd/c.txt')", "g.copy('d/f.txt', 'd/c.txt')",
    "g.copy('d/f.txt', 'd/c.txt', overwrite=True)", "g.copy('d/nope', 'd/c2.txt')",
    "g.stat('d/f.txt').length", "g.stat('d/f.txt').is_directory", "g.stat('d').is_directory",
    "g.stat('d/f.txt').mtime_nsec > 0", "g.stat('d/nope')",
    "sorted(g.glob('d/*.txt'))", "g.glob('d/nope*')",
    "[(a, sorted(b), sorted(c)) for a, b, c in g.walk('d')]", "list(g.walk('d/nope'))",
    "g.join('a', 'b', 'c')", "g.join('a/', '/b')",
    "g.rmtree('d/nope')", "g.rmtree('d/a')", "g.exists('d/a')",
    "v1g.Open is v1g.GFile", "v1g.GFile is g.GFile", "v1g.FastGFile('d/f.txt').read()",
    "v1g.Exists('d/c.txt')", "sorted(v1g.ListDirectory('d'))", "v1g.Remove('d/c.txt')",
    "v1g.IsDirectory('d')", "v1g.MakeDirs('d/m/n')", "v1g.DeleteRecursively('d/m')",
    "g.remove('d')",
]

LOGGING = [
    "L = tf.compat.v1.logging",
    "(L.DEBUG, L.INFO, L.WARN, L.ERROR, L.FATAL)",
    "L.get_verbosity()", "L.set_verbosity(L.INFO)", "L.get_verbosity()",
    "tf.get_logger().level", "L.set_verbosity('DEBUG')", "L.get_verbosity()",
    "L.set_verbosity(L.WARN)", "L.set_verbosity(1.5)",
    "L.info('i %d', 1)", "L.warning('w')", "L.warn('w')", "L.error('e')", "L.debug('d')",
    "L.log(L.INFO, 'x %s', 'y')", "L.vlog(1, 'v')", "L.log_if(L.INFO, 'c', False)",
    "L.log_every_n(L.INFO, 'n %d', 2, 7)", "L.log_first_n(L.INFO, 'f %d', 2, 7)",
    "L.fatal('boom')",
    "isinstance(tf.get_logger(), logging.Logger)",
    "sorted(n for n in dir(tf.compat.v1.app) if not n.startswith('_'))",
    "tf.compat.v1.app.flags is tf.compat.v1.flags",
]

THREADING = [
    "T = tf.config.threading",
    "T.get_intra_op_parallelism_threads()", "T.get_inter_op_parallelism_threads()",
    "T.set_inter_op_parallelism_threads(2)", "T.get_inter_op_parallelism_threads()",
    "sorted(n for n in dir(tf.config.threading) if not n.startswith('_'))",
]

TENSOR_PROTO = [
    "p = tf.make_tensor_proto([1.0, 2.0])", "p.dtype", "[d.size for d in p.tensor_shape.dim]",
    "tf.make_ndarray(p)",
    "tf.make_ndarray(tf.make_tensor_proto([[1, 2], [3, 4]]))",
    "tf.make_ndarray(tf.make_tensor_proto(5))",
    "tf.make_tensor_proto(5).dtype", "tf.make_tensor_proto(5).tensor_shape.dim",
    "tf.make_ndarray(tf.make_tensor_proto(1.5, shape=[2, 3]))",
    "tf.make_ndarray(tf.make_tensor_proto([1, 2, 3], dtype=tf.float64))",
    "tf.make_ndarray(tf.make_tensor_proto([1, 2, 3, 4], shape=[2, 2]))",
    "tf.make_ndarray(tf.make_tensor_proto([1, 2], shape=[2, 2]))",
    "tf.make_ndarray(tf.make_tensor_proto([1, 2, 3], shape=[2]))",
    "tf.make_ndarray(tf.make_tensor_proto([1, 2], dtype=tf.float16))",
    "tf.make_ndarray(tf.make_tensor_proto(np.arange(6, dtype=np.int8).reshape(2, 3)))",
    "tf.make_ndarray(tf.make_tensor_proto([True, False]))",
    "tf.make_ndarray(tf.make_tensor_proto([1 + 2j]))",
    "tf.make_ndarray(tf.make_tensor_proto(tf.constant([3, 4])))",
    "tf.make_ndarray(tf.make_tensor_proto([], dtype=tf.int32))",
    "tf.make_tensor_proto([1.5], dtype=tf.int32)",
    "tf.make_tensor_proto(None)",
    "tf.make_tensor_proto([[1, 2], [3]])",
    "tf.make_tensor_proto([1, 2]) == tf.make_tensor_proto([1, 2])",
    "tf.make_tensor_proto([1, 2]) == tf.make_tensor_proto([1, 3])",
    "tf.make_tensor_proto([1, 2]) == tf.make_tensor_proto([1, 2], dtype=tf.int64)",
    "tf.make_tensor_proto([1.0, 2.0], dtype=tf.float64).dtype",
    "tf.make_ndarray(tf.make_tensor_proto(np.float32(2.5), shape=[0]))",
]

# Statements that are errors in kiln only (no string dtype): recorded from TF to
# show they are valid TF, compared by the test with kiln's own errors.
STRINGS = [
    "tf.constant('a').dtype", "tf.zeros([2], dtype=tf.string).dtype",
    "tf.TensorSpec([2], tf.string).dtype", "tf.strings.join(['a', 'b']).numpy()",
]

DIVERGENCES = [
    "tf.stack(tf.constant([[1, 2], [3, 4]]))",
    "tf.stack(tf.constant([[1, 2], [3, 4]]), axis=1)",
    "tf.stack(tf.constant([1, 2]))",
    "tf.stack(tf.constant(1))",
    "tf.where(tf.constant([True, False]), tf.constant([1j, 2j]), tf.constant([3j, 4j]))",
    "tf.where(tf.constant([1j, 0j, 1 + 0j]))",
    "tf.where(tf.constant([[0j, 2j]]))",
    "tf.boolean_mask(tf.constant([1, 2, 3]), tf.constant([1j, 0j, 1 + 0j]))",
    "tf.cast(tf.constant([1j, 0j, 1 + 0j]), tf.bool)",
    "tf.stack(np.array([[1, 2], [3, 4]]), axis=1)", "tf.stack([tf.constant([1, 2])], axis=1)",
    "tf.constant(range(5))", "tf.constant(range(2, 9, 3))", "tf.constant(range(0))",
    "tf.constant(range(2**31, 2**31 + 2))", "tf.convert_to_tensor(range(3))",
    "tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=1.5)",
    "tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=1.0)",
    "tf.nn.log_softmax(tf.constant([[1.0, 2.0]]), axis=0.5)",
    "tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=np.int64(1))",
    "tf.compat.v1.Session().sess_str",
    "graph_nodes(lambda x: x * 2)", "graph_nodes(lambda x: 2 * x)", "graph_nodes(lambda x: x + 1)",
    "graph_nodes(lambda x: tf.add(x, 1))", "graph_nodes(lambda x: -x)", "graph_nodes(lambda x: x[0])",
    "graph_nodes(lambda x: x - 1)", "graph_nodes(lambda x: x / 2)",
    "graph_nodes(lambda x: tf.multiply(x, 2))", "graph_nodes(lambda x: [x * 2, x * 2])",
    "graph_nodes(lambda x: x % 2)", "graph_nodes(lambda x: x ** 2)", "graph_nodes(lambda x: x // 2)",
    "graph_nodes(lambda x: 1 - x)", "graph_nodes(lambda x: x * x)",
    "graph_nodes(lambda x: tf.add(x, 1, name='plus'))", "graph_nodes(lambda x: x + tf.constant(1.0))",
    "graph_nodes(lambda x: x * 2, scope='layer')", "graph_nodes(lambda x: 2 * x, scope='layer')",
    "graph_nodes(lambda x: x + 1, scope='layer')", "graph_nodes(lambda x: tf.add(x, 1), scope='layer')",
    "graph_nodes(lambda x: -x, scope='layer')", "graph_nodes(lambda x: x[0], scope='layer')",
]

# Float -> integer casts of out-of-range values: C++ undefined behaviour, so TF's
# answers are whatever its x86 kernels do (recorded for the record, see
# docs/semantics.md; kiln saturates).
CAST_VALUES = [300.0, -2.7, -1.0, float("nan"), float("inf"), -float("inf"), 1e10, -1e10, 3e9,
               -129.0, 255.9, 65535.9, -32769.0]
CAST_TARGETS = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]
CASTS = [f"tf.cast(tf.constant(CAST_VALUES, tf.{src}), tf.{dst})"
         for src in ("float32", "float64") for dst in CAST_TARGETS]
CASTS += [f"tf.cast(tf.constant(CAST_VALUES * 100, tf.float32), tf.{dst})[:{len(CAST_VALUES)}]"
          for dst in ("int8", "uint8")]
CASTS += ["tf.cast(tf.constant([300.0]), tf.uint8)", "tf.cast(tf.constant(300.0), tf.uint8)"]

CASES = GFILE + LOGGING + THREADING + TENSOR_PROTO + STRINGS + DIVERGENCES + CASTS


def graph_nodes(tf, build, scope=None):
    """(name, type) of every node `build(x)` adds to a graph holding a float32
    placeholder x of shape [3]."""
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3], name="x")
        if scope is None:
            build(x)
        else:
            with tf.name_scope(scope):
                build(x)
    return [(op.name, op.type) for op in g.get_operations() if op.name != "x"]


def _format(value):
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        value = value.numpy()
    if isinstance(value, np.ndarray):
        return f"{value.tolist()!r} {value.dtype.name}"
    return repr(value)


def evaluate_all(tf, cases=CASES):
    """[case, result] for every case, in order, in a fresh working directory."""
    import logging
    namespace = {"tf": tf, "np": np, "os": os, "logging": logging, "CAST_VALUES": CAST_VALUES,
                 "graph_nodes": lambda build, scope=None: graph_nodes(tf, build, scope)}
    results = []
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            for case in cases:
                results.append([case, _evaluate(case, namespace)])
        finally:
            os.chdir(cwd)
    return results


def _evaluate(case, namespace):
    try:
        try:
            code = compile(case, "<case>", "eval")
        except SyntaxError:
            exec(compile(case, "<case>", "exec"), namespace)  # noqa: S102
            return "ok"
        return _format(eval(code, namespace))  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
