"""One representative call per symbol of docs/tf-usage-top100.txt (the 100
TF symbols public TF code uses most). docs/tf-reference/probe_top100.py
records TF's results in docs/tf-reference/top100.json; tests/python/test_top100.py
runs the same calls with kiln and compares. A symbol kiln lacks, or whose call
differs, fails its case; the test requires at least 90 to pass and lists the rest.
"""

import os
import tempfile

import numpy as np


def plain(value):
    """A result as JSON-able data: tensors as (values, dtype), reprs as 'tf.'."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (bool, int, float, str, bytes, type(None))):
        return value.decode() if isinstance(value, bytes) else value
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return [plain(np.asarray(value).tolist()), value.dtype.name]
    if isinstance(value, np.ndarray):
        return [plain(value.tolist()), str(value.dtype)]
    if isinstance(value, np.generic):
        return value.item()
    return repr(value).replace("kiln.", "tf.")


def run(tf, symbol):
    try:
        return plain(CASES[symbol](tf))
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"


def _graph_run(tf, build, feeds=None):
    """Builds a TF1 graph with build(tf, v1) -> (fetches, feed_dict) and runs it."""
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        fetches, feed = build(tf, v1)
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            return sess.run(fetches, feed_dict=feed)


def _variable_scope(tf, v1):
    with v1.variable_scope("layer"):
        w = v1.get_variable("w", shape=[2], initializer=v1.ones_initializer())
        y = w * 3
    return {"w": w, "y": y, "names": tf.constant([len(w.name), len(y.name)])}, None


def _optimizer(name):
    def case(tf):
        v1 = tf.compat.v1
        with tf.Graph().as_default():
            w = v1.get_variable("w", initializer=tf.constant([1.0, -2.0]))
            step = getattr(v1.train, name)(0.1).minimize(tf.reduce_sum(w * w))
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                sess.run(step)
                sess.run(step)
                return np.round(sess.run(w), 5)
    return case


def _saver(tf):
    d = tempfile.mkdtemp()
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        w = v1.get_variable("w", initializer=tf.constant([1.0, 2.0]))
        saver = v1.train.Saver()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            path = saver.save(sess, os.path.join(d, "model"))
        with v1.Session() as sess:
            saver.restore(sess, path)
            return [os.path.basename(path), sess.run(w)]


def _checkpoint_latest(tf):
    d = tempfile.mkdtemp()
    tf.train.Checkpoint(v=tf.Variable(1.0)).save(os.path.join(d, "ckpt"))
    return os.path.basename(tf.train.latest_checkpoint(d))


def _app_run(tf):
    seen = []
    try:
        tf.compat.v1.app.run(main=lambda argv: seen.append(argv[0]) or 0, argv=["prog"])
    except SystemExit as e:
        return [seen, e.code]
    return [seen, "no exit"]


def _gfile(tf):
    path = os.path.join(tempfile.mkdtemp(), "f.txt")
    with tf.compat.v1.gfile.GFile(path, "w") as f:
        f.write("hello\nworld\n")
    with tf.compat.v1.gfile.GFile(path) as f:
        return f.readlines()


def _logging(tf):
    tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)
    return tf.compat.v1.logging.get_verbosity()


def _tape(tf):
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    return tape.gradient(y, x)


def _function(tf):
    @tf.function
    def f(x):
        return x * 2 + 1
    return f(tf.constant([1, 2]))


def _control_dependencies(tf):
    def build(tf, v1):
        v = v1.get_variable("v", initializer=tf.constant(1))
        a = v.assign_add(10)
        with tf.control_dependencies([a]):
            out = tf.identity(tf.constant(5))
        return [out, v], None
    return _graph_run(tf, build)


def _example(tf):
    ex = tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(int64_list=tf.train.Int64List(value=[1, 2, 300]))}))
    return ex.SerializeToString().hex()


def _dataset(tf):
    ds = tf.data.Dataset.from_tensor_slices([1, 2, 3, 4]).map(lambda x: x * 2).batch(3)
    return [np.asarray(b).tolist() for b in ds]


def _tfrecord(tf):
    path = os.path.join(tempfile.mkdtemp(), "r.tfrecord")
    with tf.io.TFRecordWriter(path) as w:
        w.write(b"abc")
    return [r.numpy().decode() for r in tf.data.TFRecordDataset(path)]


def _file_writer(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        writer = tf.compat.v1.summary.FileWriter(d)
        writer.close()
    return [name.startswith("events.out.tfevents") for name in os.listdir(d)]


CASES = {
    "tf.float32": lambda tf: tf.constant([1.5], dtype=tf.float32),
    "tf.cast": lambda tf: tf.cast([1.7, -2.7], tf.int32),
    "tf.reduce_mean": lambda tf: tf.reduce_mean([[1.0, 2.0], [3.0, 5.0]], axis=0),
    "tf.int32": lambda tf: tf.constant([1, 2], dtype=tf.int32) // 2,
    "tf.reshape": lambda tf: tf.reshape(tf.range(6), [2, -1]),
    "tf.compat.v1.Session": lambda tf: _graph_run(tf, lambda tf, v1: (tf.constant(2) * 3, None)),
    "tf.constant": lambda tf: tf.constant([[1, 2], [3, 4]]),
    "tf.concat": lambda tf: tf.concat([[1, 2], [3]], axis=0),
    "tf.shape": lambda tf: tf.shape(tf.zeros([2, 3])),
    "tf.compat.v1.placeholder": lambda tf: _graph_run(tf, lambda tf, v1: (
        lambda p: (p * 2, {p: [1.0, 2.0]}))(v1.placeholder(tf.float32, [None]))),
    "tf.Variable": lambda tf: tf.Variable([1, 2]).assign_add([3, 4]).numpy(),
    "tf.compat.v1.global_variables_initializer": lambda tf: _graph_run(tf, lambda tf, v1: (
        v1.Variable(3.0) * 2, None)),
    "tf.reduce_sum": lambda tf: tf.reduce_sum([[1, 2], [3, 4]], axis=1, keepdims=True),
    "tf.compat.v1.variable_scope": lambda tf: _graph_run(tf, _variable_scope),
    "tf.matmul": lambda tf: tf.matmul([[1.0, 2.0]], [[3.0], [4.0]]),
    "tf.argmax": lambda tf: tf.argmax([[1, 9, 3], [7, 2, 8]], axis=1),
    "tf.expand_dims": lambda tf: tf.expand_dims([1, 2], -1),
    "tf.nn.relu": lambda tf: tf.nn.relu([-1.0, 0.0, 2.0]),
    "tf.int64": lambda tf: tf.cast([3], tf.int64),
    "tf.equal": lambda tf: tf.equal([1, 2, 3], [1, 0, 3]),
    "tf.data.Dataset": _dataset,
    "tf.zeros": lambda tf: tf.zeros([2, 2], tf.int32),
    "tf.transpose": lambda tf: tf.transpose([[1, 2, 3]]),
    "tf.Tensor": lambda tf: isinstance(tf.constant(1), tf.Tensor),
    "tf.name_scope": lambda tf: _name_scope(tf),
    "tf.compat.v1.get_variable": lambda tf: _graph_run(tf, lambda tf, v1: (
        v1.get_variable("k", shape=[2], initializer=v1.constant_initializer(4.0)), None)),
    "tf.compat.v1.train.AdamOptimizer": _optimizer("AdamOptimizer"),
    "tf.compat.v1.train.Saver": _saver,
    "tf.stack": lambda tf: tf.stack([[1, 2], [3, 4]], axis=1),
    "tf.nn.softmax": lambda tf: tf.nn.softmax([0.0, 0.0]),
    "tf.function": _function,
    "tf.where": lambda tf: tf.where([True, False], [1, 2], [3, 4]),
    "tf.range": lambda tf: tf.range(1, 10, 3),
    "tf.GradientTape": _tape,
    "tf.square": lambda tf: tf.square([2, -3]),
    "tf.squeeze": lambda tf: tf.squeeze(tf.zeros([1, 2, 1])).shape.as_list(),
    "tf.ones": lambda tf: tf.ones([2], tf.float64),
    "tf.maximum": lambda tf: tf.maximum([1, 5], [3, 2]),
    "tf.Graph": lambda tf: [op.type for op in _graph_ops(tf)],
    "tf.compat.v1.random_uniform": lambda tf: [tf.compat.v1.random_uniform([3, 2]).shape.as_list(),
                                               tf.compat.v1.random_uniform([3]).dtype.name],
    "tf.compat.v1.set_random_seed": lambda tf: _graph_seed(tf),
    "tf.string": lambda tf: tf.constant("kiln", dtype=tf.string),
    "tf.exp": lambda tf: tf.exp([0.0]),
    "tf.compat.v1.trainable_variables": lambda tf: _trainable(tf),
    "tf.convert_to_tensor": lambda tf: tf.convert_to_tensor(np.array([1, 2], np.int64)),
    "tf.compat.v1.app.run": _app_run,
    "tf.one_hot": lambda tf: tf.one_hot([0, 2], 3),
    "tf.compat.v1.logging.info": lambda tf: tf.compat.v1.logging.info("step %d", 3),
    "tf.tile": lambda tf: tf.tile([[1, 2]], [2, 1]),
    "tf.compat.v1.reset_default_graph": lambda tf: _reset(tf),
    "tf.zeros_like": lambda tf: tf.zeros_like([[1.5, 2.0]]),
    "tf.summary.scalar": lambda tf: tf.summary.scalar("loss", 0.5, step=1),
    "tf.compat.v1.to_float": lambda tf: tf.compat.v1.to_float([1, 2]),
    "tf.random.set_seed": lambda tf: _global_seed(tf),
    "tf.compat.v1.random_normal": lambda tf: tf.compat.v1.random_normal([2, 5]).shape.as_list(),
    "tf.uint8": lambda tf: tf.cast([1, 255], tf.uint8),
    "tf.nn.dropout": lambda tf: [tf.nn.dropout(tf.ones([4]), rate=0.0),
                                 sorted(set(np.asarray(tf.nn.dropout(tf.ones([200]), rate=0.5)).tolist()))],
    "tf.multiply": lambda tf: tf.multiply([1, 2], [3, 4]),
    "tf.train.Example": _example,
    "tf.data.TFRecordDataset": _tfrecord,
    "tf.clip_by_value": lambda tf: tf.clip_by_value([-5, 0, 5], -1, 1),
    "tf.random.uniform": lambda tf: [tf.random.uniform([2], 0, 10, dtype=tf.int32).dtype.name,
                                     tf.random.uniform([3, 1]).shape.as_list()],
    "tf.sqrt": lambda tf: tf.sqrt([4.0, 9.0]),
    "tf.split": lambda tf: tf.split(tf.range(6), 3),
    "tf.gather": lambda tf: tf.gather([10, 20, 30], [2, 0]),
    "tf.ones_like": lambda tf: tf.ones_like([[1, 2]]),
    "tf.control_dependencies": _control_dependencies,
    "tf.abs": lambda tf: tf.abs([-1.5, 2.0]),
    "tf.compat.v1.train.GradientDescentOptimizer": _optimizer("GradientDescentOptimizer"),
    "tf.reduce_max": lambda tf: tf.reduce_max([[1, 5], [7, 2]]),
    "tf.zeros_initializer": lambda tf: tf.zeros_initializer()([2], tf.float32),
    "tf.compat.v1.ConfigProto": lambda tf: _configured_session(tf),
    "tf.cond": lambda tf: tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2)),
    "tf.compat.v1.logging.set_verbosity": lambda tf: tf.compat.v1.logging.set_verbosity(
        tf.compat.v1.logging.WARN),
    "tf.add": lambda tf: tf.add([1, 2], 3),
    "tf.add_n": lambda tf: tf.add_n([[1, 2], [3, 4], [5, 6]]),
    "tf.compat.v1.GraphKeys": lambda tf: [tf.compat.v1.GraphKeys.GLOBAL_VARIABLES,
                                          tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES,
                                          tf.compat.v1.GraphKeys.UPDATE_OPS],
    "tf.nn.embedding_lookup": lambda tf: tf.nn.embedding_lookup([[1.0, 2.0], [3.0, 4.0]], [1, 1, 0]),
    "tf.compat.v1.summary.FileWriter": _file_writer,
    "tf.math.log": lambda tf: tf.math.log([1.0]),
    "tf.nn.sparse_softmax_cross_entropy_with_logits": lambda tf: np.round(np.asarray(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=[[2.0, 0.0], [0.0, 0.0]])),
        6).tolist(),
    "tf.nn.softmax_cross_entropy_with_logits": lambda tf: np.round(np.asarray(
        tf.nn.softmax_cross_entropy_with_logits(labels=[[1.0, 0.0]], logits=[[2.0, 0.0]])), 6).tolist(),
    "tf.compat.v1.logging.INFO": lambda tf: tf.compat.v1.logging.INFO,
    "tf.pad": lambda tf: tf.pad([[1]], [[1, 0], [0, 2]]),
    "tf.device": lambda tf: _on_cpu(tf),
    "tf.compat.v1.gfile.GFile": _gfile,
    "tf.unstack": lambda tf: tf.unstack([[1, 2], [3, 4]]),
    "tf.minimum": lambda tf: tf.minimum([1, 5], [3, 2]),
    "tf.nn.sigmoid": lambda tf: tf.nn.sigmoid([0.0]),
    "tf.stop_gradient": lambda tf: tf.stop_gradient([1.0, 2.0]),
    "tf.bool": lambda tf: tf.cast([0, 2], tf.bool),
    "tf.compat.v1.to_int32": lambda tf: tf.compat.v1.to_int32([1.9, -1.9]),
    "tf.train.latest_checkpoint": _checkpoint_latest,
    "tf.compat.v1.get_default_graph": lambda tf: _default_graph(tf),
    "tf.train.Features": lambda tf: len(tf.train.Features(feature={
        "a": tf.train.Feature(float_list=tf.train.FloatList(value=[1.0]))}).feature),
    "tf.random_normal_initializer": lambda tf: [
        tf.random_normal_initializer(stddev=0.01)([3, 2]).shape.as_list(),
        bool(np.abs(np.asarray(tf.random_normal_initializer(stddev=0.01)([100]))).max() < 0.1)],
    "tf.train.Feature": lambda tf: tf.train.Feature(
        bytes_list=tf.train.BytesList(value=[b"ab"])).SerializeToString().hex(),
    "tf.size": lambda tf: tf.size(tf.zeros([2, 3])),
    "tf.train.Int64List": lambda tf: list(tf.train.Int64List(value=[5, -1]).value),
    "tf.identity": lambda tf: tf.identity([1, 2]),
}


def _configured_session(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        config = v1.ConfigProto(allow_soft_placement=True, intra_op_parallelism_threads=1)
        with v1.Session(graph=g, config=config) as sess:
            return sess.run(tf.constant(3) * 2)


def _name_scope(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("block"):
            c = tf.constant(1, name="c")
    return c.name


def _graph_ops(tf):
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.placeholder(tf.float32) * 2
    return g.get_operations()


def _graph_seed(tf):
    v1 = tf.compat.v1
    out = []
    for _ in range(2):
        g = tf.Graph()
        with g.as_default():
            v1.set_random_seed(7)
            r = v1.random_uniform([3])
            with v1.Session() as sess:
                out.append(np.asarray(sess.run(r)).tolist())
    return out[0] == out[1]


def _global_seed(tf):
    tf.random.set_seed(5)
    a = np.asarray(tf.random.uniform([3])).tolist()
    tf.random.set_seed(5)
    return a == np.asarray(tf.random.uniform([3])).tolist()


def _trainable(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v1.Variable(1.0, name="a")
        v1.Variable(2.0, name="b", trainable=False)
        return [v.name for v in v1.trainable_variables()]


def _reset(tf):
    v1 = tf.compat.v1
    with v1.get_default_graph().as_default():
        pass
    before = v1.get_default_graph()
    v1.reset_default_graph()
    return v1.get_default_graph() is not before


def _default_graph(tf):
    g = tf.Graph()
    with g.as_default():
        return tf.compat.v1.get_default_graph() is g


def _on_cpu(tf):
    with tf.device("/cpu:0"):
        return tf.constant([1.0]) + 1


def evaluate(tf, symbol):
    """The recorded result of one case (docs/tf-reference/probe_cases.py calls this)."""
    return run(tf, symbol)
