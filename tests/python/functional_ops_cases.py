"""TensorArray, map_fn, scan, foldl/foldr and vectorized_map: the programs kiln
must run as TensorFlow does.

Shared by the TensorFlow probe (docs/tf-reference/probe_functional_ops.py,
which records TF's values, dtypes, static shapes and error classes in
docs/tf-reference/functional_ops.json) and kiln's test
(tests/python/test_functional_ops.py, which compares against that file), so
both run the same code. Each case is a function of `tf` (TensorFlow or kiln)
and two inputs:
  x  float32 [4, 3]  (X below; [None, 3] in the traced-with-signature and graph forms)
  n  int32   []      (N below; a loop bound known only when the graph runs)
It returns a tensor or a tuple/dict of tensors. The probe and the test run each
case eagerly, in a function traced for the given inputs, in one traced with the
input_signature [None, 3] / [], and in a TF1 graph of placeholders run by a
session.
"""

import numpy as np

X = (np.arange(12, dtype=np.float32).reshape(4, 3) - 4.5) / 2
N = 3
MODES = ("eager", "function", "signature", "graph")

CASES = {}
ERROR_CASES = {}


def structure(out, leaves):
    """`out` with each tensor replaced by its position in `leaves` (appended in
    the order kiln and TF flatten: dict keys sorted)."""
    if isinstance(out, dict):
        return {k: structure(out[k], leaves) for k in sorted(out)}
    if isinstance(out, (list, tuple)):
        return [structure(v, leaves) for v in out]
    leaves.append(out)
    return len(leaves) - 1


def static_shape(t):
    return None if t.shape.rank is None else t.shape.as_list()


def flat_values(out):
    leaves = []
    structure(out, leaves)
    return leaves


def signature(tf):
    """The input_signature of the traced form: x [None, 3] float32, n [] int32."""
    return [tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([], tf.int32)]


def inputs(tf):
    return tf.constant(X), tf.constant(N)


def build_graph(tf, fn):
    """The case in a graph of placeholders x [None, 3] and n []: (graph, output, feeds)."""
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
        n = tf.compat.v1.placeholder(tf.int32, [], name="n")
        out = fn(tf, x, n)
    return g, out, {x: X, n: N}


def trace(tf, fn, mode):
    """The tf.function (or kiln.function) of a case and its concrete function (traced now)."""
    sig = signature(tf) if mode == "signature" else None
    f = tf.function(lambda x, n: fn(tf, x, n), input_signature=sig)
    return f, f.get_concrete_function(*(sig if sig else inputs(tf)))


def case(registry):
    def add(fn):
        registry[fn.__name__] = fn
        return fn
    return add


def _loop_rows(tf, x, n, ta):
    """Writes 2 * x[i] at index i for i < n, in a while_loop; returns the array."""
    def body(i, ta):
        return i + 1, ta.write(i, x[i] * 2.0)
    return tf.while_loop(lambda i, ta: i < n, body, [tf.constant(0), ta])[1]


# ---- TensorArray ----

@case(CASES)
def ta_grow_in_while_loop(tf, x, n):
    ta = _loop_rows(tf, x, n, tf.TensorArray(tf.float32, size=0, dynamic_size=True))
    return ta.stack(), ta.size()


@case(CASES)
def ta_fixed_size_in_while_loop(tf, x, n):
    ta = _loop_rows(tf, x, tf.shape(x)[0], tf.TensorArray(tf.float32, size=tf.shape(x)[0]))
    return ta.stack()


@case(CASES)
def ta_static_size_in_while_loop(tf, x, n):
    return _loop_rows(tf, x, 4, tf.TensorArray(tf.float32, size=4)).stack()


@case(CASES)
def ta_element_shape_in_while_loop(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[3])
    ta = _loop_rows(tf, x, n, ta)
    return ta.stack(), ta.read(1)


@case(CASES)
def ta_loop_reads_and_writes(tf, x, n):
    # Running sums: each iteration reads the previous element.
    rows = tf.TensorArray(tf.float32, size=4).unstack(x)
    sums = tf.TensorArray(tf.float32, size=4, element_shape=[3]).write(0, rows.read(0))
    def body(i, sums):
        return i + 1, sums.write(i, sums.read(i - 1) + rows.read(i))
    return tf.while_loop(lambda i, s: i < 4, body, [tf.constant(1), sums])[1].stack()


@case(CASES)
def ta_writes_then_stack_gather_concat(tf, x, n):
    ta = tf.TensorArray(tf.int32, size=3)
    ta = ta.write(0, [1, 2]).write(2, [5, 6]).write(1, tf.constant([3, 4]))
    return ta.stack(), ta.gather([2, 0]), ta.concat(), ta.read(1), ta.size()


@case(CASES)
def ta_write_twice(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(0, [3.0, 4.0])
    return ta.stack()


@case(CASES)
def ta_read_unwritten_known_shape(tf, x, n):
    return tf.TensorArray(tf.float32, size=3).write(0, [1.0, 2.0]).read(2)


@case(CASES)
def ta_unstack_then_read(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=4).unstack(x)
    return ta.stack(), ta.read(1), ta.read(n), ta.size()


@case(CASES)
def ta_unstack_dynamic_size(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).unstack(x)
    return ta.stack(), ta.size()


@case(CASES)
def ta_scatter_and_gather(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=5).scatter([3, 0], x[:2])
    return ta.stack(), ta.gather([3, 0, 1])


@case(CASES)
def ta_grow_by_writing_past_the_end(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=1, dynamic_size=True).write(0, x[0]).write(3, x[1])
    return ta.stack(), ta.size()


@case(CASES)
def ta_element_shape_given(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[3])
    return ta.read(1), ta.stack()


@case(CASES)
def ta_element_shape_merged_on_write(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[None, 3]).write(0, x[:2])
    return ta.stack()


@case(CASES)
def ta_identity(tf, x, n):
    return tf.TensorArray(tf.float32, size=2).write(1, x[1]).identity().stack()


@case(CASES)
def ta_in_cond(tf, x, n):
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[3])
    ta = tf.cond(n > 2, lambda: ta.write(0, x[0]), lambda: ta.write(1, x[1]))
    return ta.stack()


@case(CASES)
def ta_int_scalars(tf, x, n):
    def body(i, ta):
        return i + 1, ta.write(i, i * i)
    ta = tf.while_loop(lambda i, ta: i < n, body,
                       [tf.constant(0), tf.TensorArray(tf.int32, size=0, dynamic_size=True)])[1]
    return ta.stack()


# ---- map_fn ----

@case(CASES)
def map_fn_rows(tf, x, n):
    return tf.map_fn(lambda r: r * r + 1.0, x)


@case(CASES)
def map_fn_reduce(tf, x, n):
    return tf.map_fn(tf.reduce_sum, x)


@case(CASES)
def map_fn_tuple(tf, x, n):
    return tf.map_fn(lambda t: (t[0] + t[1], t[0] * t[1]), (x, x + 1.0))


@case(CASES)
def map_fn_dict(tf, x, n):
    return tf.map_fn(lambda d: {"a": d["a"] * 2.0, "b": tf.reduce_max(d["b"])}, {"a": x, "b": -x})


@case(CASES)
def map_fn_output_signature_dtype(tf, x, n):
    return tf.map_fn(lambda r: tf.cast(tf.argmax(r), tf.int32), x, fn_output_signature=tf.int32)


@case(CASES)
def map_fn_output_signature_spec(tf, x, n):
    return tf.map_fn(lambda r: tf.cast(r[:2] * 2.0, tf.int32), x,
                     fn_output_signature=tf.TensorSpec([2], tf.int32))


@case(CASES)
def map_fn_output_signature_nested(tf, x, n):
    return tf.map_fn(lambda r: (tf.cast(r[0], tf.int64), {"s": tf.reduce_sum(r)}), x,
                     fn_output_signature=(tf.int64, {"s": tf.float32}))


@case(CASES)
def map_fn_dtype_argument(tf, x, n):
    return tf.map_fn(lambda r: r > 0.0, x, dtype=tf.bool)


@case(CASES)
def map_fn_over_range(tf, x, n):
    return tf.map_fn(lambda i: x[i] * tf.cast(i, tf.float32), tf.range(n),
                     fn_output_signature=tf.float32)


@case(CASES)
def map_fn_closure_and_cond(tf, x, n):
    w = tf.constant([1.0, -1.0, 2.0])
    return tf.map_fn(lambda r: tf.cond(tf.reduce_sum(r) > 0.0, lambda: r * w, lambda: -r), x)


@case(CASES)
def map_fn_empty(tf, x, n):
    return tf.map_fn(lambda r: r * 2.0, x[:0])


# ---- scan ----

@case(CASES)
def scan_cumulative_sum(tf, x, n):
    return tf.scan(lambda a, r: a + r, x)


@case(CASES)
def scan_initializer(tf, x, n):
    return tf.scan(lambda a, r: a * 0.5 + tf.reduce_sum(r), x, initializer=tf.constant(1.0))


@case(CASES)
def scan_tuple_state(tf, x, n):
    return tf.scan(lambda a, v: (a[1], a[0] + a[1] * v), x[:, 0],
                   initializer=(tf.constant(0.0), tf.constant(1.0)))


@case(CASES)
def scan_reverse(tf, x, n):
    return tf.scan(lambda a, r: a * 2.0 + r, x, reverse=True)


@case(CASES)
def scan_reverse_initializer(tf, x, n):
    return tf.scan(lambda a, r: a * 0.5 + r[0], x, initializer=tf.constant(0.0), reverse=True)


@case(CASES)
def scan_tuple_elems(tf, x, n):
    return tf.scan(lambda a, e: (a[0] + e[0], a[1] * e[1]), (x[:, 0], x[:, 1]))


@case(CASES)
def scan_over_range(tf, x, n):
    return tf.scan(lambda a, i: a + i, tf.range(n) + 1)


# ---- foldl / foldr ----

@case(CASES)
def foldl_sum(tf, x, n):
    return tf.foldl(lambda a, r: a + r, x)


@case(CASES)
def foldl_initializer(tf, x, n):
    return tf.foldl(lambda a, r: a * 2.0 + tf.reduce_sum(r), x, initializer=0.5)


@case(CASES)
def foldr_sum(tf, x, n):
    return tf.foldr(lambda a, r: a * 0.5 + r, x)


@case(CASES)
def foldr_initializer(tf, x, n):
    return tf.foldr(lambda a, r: a * 2.0 + tf.reduce_sum(r), x, initializer=0.5)


@case(CASES)
def foldl_tuple(tf, x, n):
    return tf.foldl(lambda a, v: (a[1], a[0] + v), x[:, 2],
                    initializer=(tf.constant(0.0), tf.constant(1.0)))


@case(CASES)
def foldr_tuple_elems(tf, x, n):
    return tf.foldr(lambda a, e: a * e[1] + e[0], (x[:, 0], x[:, 1]), initializer=tf.constant(1.0))


@case(CASES)
def foldl_over_range(tf, x, n):
    return tf.foldl(lambda a, i: a * 10 + i, tf.range(n) + 1)


# ---- vectorized_map ----

@case(CASES)
def vectorized_map_rows(tf, x, n):
    return tf.vectorized_map(lambda r: r * 2.0 + 1.0, x)


@case(CASES)
def vectorized_map_reduce(tf, x, n):
    return tf.vectorized_map(lambda r: tf.reduce_sum(r * r), x)


@case(CASES)
def vectorized_map_matmul(tf, x, n):
    w = tf.constant([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    return tf.vectorized_map(lambda r: tf.matmul(r[None], w)[0], x)


@case(CASES)
def vectorized_map_new_dtype_and_structure(tf, x, n):
    return tf.vectorized_map(lambda r: (tf.cast(r, tf.int32), {"m": tf.reduce_max(r)}), x)


@case(CASES)
def vectorized_map_tuple_elems(tf, x, n):
    return tf.vectorized_map(lambda e: e[0] - e[1], (x, x * x))


# ---- errors TF programs meet: each records the class TF raises in each mode ----

@case(ERROR_CASES)
def ta_read_unwritten_unknown_shape(tf, x, n):
    return tf.TensorArray(tf.float32, size=3).read(1)


@case(ERROR_CASES)
def ta_write_other_shape(tf, x, n):
    return tf.TensorArray(tf.float32, size=3).write(0, [1.0, 2.0]).write(1, [1.0, 2.0, 3.0]).stack()


@case(ERROR_CASES)
def ta_write_other_than_element_shape(tf, x, n):
    return tf.TensorArray(tf.float32, size=3, element_shape=[2]).write(1, x[0]).stack()


@case(ERROR_CASES)
def ta_write_other_dtype(tf, x, n):
    return tf.TensorArray(tf.float32, size=3).write(1, tf.constant([1, 2])).stack()


@case(ERROR_CASES)
def ta_write_past_size(tf, x, n):
    return tf.TensorArray(tf.float32, size=3).write(5, [1.0, 2.0]).stack()


@case(ERROR_CASES)
def ta_write_past_size_in_loop(tf, x, n):
    return _loop_rows(tf, x, n, tf.TensorArray(tf.float32, size=2)).stack()


@case(ERROR_CASES)
def ta_read_past_size(tf, x, n):
    return tf.TensorArray(tf.float32, size=3, element_shape=[2]).read(5)


@case(ERROR_CASES)
def ta_read_negative_index(tf, x, n):
    return tf.TensorArray(tf.float32, size=3, element_shape=[2]).read(-1)


@case(ERROR_CASES)
def ta_read_twice(tf, x, n):
    # Eagerly TF clears an element when it is read (clear_after_read defaults to True).
    ta = tf.TensorArray(tf.float32, size=2).write(0, x[0])
    return ta.read(0) + ta.read(0)


@case(ERROR_CASES)
def ta_unstack_more_than_size(tf, x, n):
    return tf.TensorArray(tf.float32, size=2).unstack(x).stack()


@case(ERROR_CASES)
def ta_without_size(tf, x, n):
    return tf.TensorArray(tf.float32).stack()


@case(ERROR_CASES)
def ta_concat_scalars(tf, x, n):
    return tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0).concat()


@case(ERROR_CASES)
def map_fn_other_structure(tf, x, n):
    return tf.map_fn(lambda r: (r, r), x)


@case(ERROR_CASES)
def map_fn_other_dtype(tf, x, n):
    return tf.map_fn(lambda r: tf.cast(r, tf.int32), x)


@case(ERROR_CASES)
def map_fn_signature_shape_mismatch(tf, x, n):
    return tf.map_fn(lambda r: r, x, fn_output_signature=tf.TensorSpec([2], tf.float32))


@case(ERROR_CASES)
def map_fn_scalar_elems(tf, x, n):
    return tf.map_fn(lambda r: r, tf.constant(1.0))


@case(ERROR_CASES)
def map_fn_not_callable(tf, x, n):
    return tf.map_fn(3, x)


@case(ERROR_CASES)
def scan_other_structure(tf, x, n):
    return tf.scan(lambda a, r: (a, r), x)


@case(ERROR_CASES)
def scan_state_changes_shape(tf, x, n):
    return tf.scan(lambda a, r: tf.concat([a, r], 0), x)


@case(ERROR_CASES)
def foldl_empty_without_initializer(tf, x, n):
    return tf.foldl(lambda a, r: a + r, x[:0])


# ---- Python-side facts: element_shape, dynamic_size, dtype (as lists and names) ----

def _shape(s):
    return None if s.rank is None else s.as_list()


def _facts(ta):
    return {"element_shape": _shape(ta.element_shape), "dynamic_size": ta.dynamic_size,
            "dtype": ta.dtype.name}


def _fact_after_loop(tf, x, n):
    return _facts(_loop_rows(tf, x, n, tf.TensorArray(tf.float32, size=0, dynamic_size=True)))


FACT_CASES = {
    "fresh": lambda tf, x, n: _facts(tf.TensorArray(tf.int32, size=2)),
    "given": lambda tf, x, n: _facts(tf.TensorArray(tf.int32, size=2, element_shape=[None, 2])),
    "after_write": lambda tf, x, n: _facts(tf.TensorArray(tf.float32, size=2).write(0, x)),
    "merged_on_write": lambda tf, x, n: _facts(tf.TensorArray(
        tf.float32, size=2, element_shape=[None, 3], dynamic_size=True).write(0, x[:1])),
    "after_unstack": lambda tf, x, n: _facts(tf.TensorArray(tf.float32, size=4).unstack(x)),
    "after_while_loop": _fact_after_loop,
}
