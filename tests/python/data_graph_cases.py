"""Datasets inside graphs: loops over datasets in traced functions, reduce
while a graph is built, and TF1's iterators in Sessions. Each case is a
function of the module (`tf` or `kiln`) returning plain data.

Shared by docs/tf-reference/probe_data_graph.py (which records TF's results
in docs/tf-reference/data_graph.json) and tests/python/test_data_graph.py
(which compares kiln with them).
"""

import numpy as np


def to_python(value):
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [to_python(v) for v in value]
    if isinstance(value, (str, type(None), bool)):
        return value
    return np.asarray(value).tolist()


def evaluate(tf, case):
    """The case's value, or the error class and the last line of its message."""
    try:
        return {"value": to_python(case(tf))}
    except Exception as e:  # noqa: BLE001 - recording what is raised
        text = str(getattr(e, "message", e))  # an OpError's own message, not its traceback
        lines = [line.strip() for line in text.splitlines()
                 if line.strip() and not line.strip().startswith("[[")]
        return {"error": type(e).__name__, "message": lines[-1] if lines else ""}


def _run_all(sess, tensor, n):
    """Up to n runs of `tensor`; "OutOfRangeError" where the run raised it."""
    out = []
    for _ in range(n):
        try:
            out.append(to_python(sess.run(tensor)))
        except Exception as e:  # noqa: BLE001
            out.append(type(e).__name__)
    return out


# ---- for x in dataset, in a traced function ----

def loop_sum(tf):
    @tf.function
    def f(ds):
        total = tf.constant(0, tf.int64)
        for x in ds:
            total += x
        return total
    ds = tf.data.Dataset.range(5)
    return [f(ds), f(ds)]


def loop_break(tf):
    @tf.function
    def f():
        total = tf.constant(0, tf.int64)
        for x in tf.data.Dataset.range(10):
            if x > 3:
                break
            total += x
        return total
    return f()


def loop_continue(tf):
    @tf.function
    def f():
        total = tf.constant(0, tf.int64)
        for x in tf.data.Dataset.range(6):
            if x % 2 == 0:
                continue
            total += x
        return total
    return f()


def loop_tuple_elements(tf):
    @tf.function
    def f():
        total = tf.constant(0.0)
        for x, y in tf.data.Dataset.from_tensor_slices(([1.0, 2.0, 3.0], [10.0, 20.0, 30.0])):
            total += x * y
        return total
    return f()


def loop_dict_elements(tf):
    @tf.function
    def f():
        total = tf.constant(0.0)
        for d in tf.data.Dataset.from_tensor_slices({"a": [1.0, 2.0], "b": [3.0, 4.0]}):
            total += d["a"] * d["b"]
        return total
    return f()


def loop_python_int_state(tf):
    @tf.function
    def f():
        n = 0
        for _ in tf.data.Dataset.range(3):
            n += 1
        return n
    value = f()
    return [value, np.asarray(value).dtype.name]


def loop_state_shape_changes(tf):
    @tf.function
    def f():
        acc = tf.zeros([0], tf.int64)
        for x in tf.data.Dataset.range(4):
            acc = tf.concat([acc, [x]], 0)
        return acc
    return f()


def loop_generator_unknown_dims(tf):
    shapes = []

    def gen():
        for i in range(4):
            yield np.arange(i)
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([None], tf.int64))

    @tf.function
    def f():
        total = tf.constant(0, tf.int64)
        for x in ds:
            shapes.append(x.shape.as_list())
            total += tf.reduce_sum(x)
        return total
    value = f()
    return [value, shapes[-1]]


def loop_batches(tf):
    @tf.function
    def f():
        total = tf.constant(0, tf.int64)
        for b in tf.data.Dataset.range(7).batch(3):
            total += tf.reduce_sum(b) * tf.size(b, out_type=tf.int64)
        return total
    return f()


def loop_parallel_map_prefetch(tf):
    ds = tf.data.Dataset.range(20).map(lambda x: x * x, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(4).prefetch(2)

    @tf.function
    def f():
        total = tf.constant(0, tf.int64)
        for b in ds:
            total += tf.reduce_sum(b)
        return total
    return [f(), f()]


def loop_nested(tf):
    inner = tf.data.Dataset.range(3)

    @tf.function
    def f():
        total = tf.constant(0, tf.int64)
        for x in tf.data.Dataset.range(4):
            for y in inner:
                if y > x:
                    break
                total += x * 10 + y
        return total
    return f()


def loop_variable_twice(tf):
    v = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def f(ds):
        for x in ds:
            v.assign_add(x)
        return v.read_value()
    ds = tf.data.Dataset.range(4)
    return [f(ds), f(ds)]


def loop_empty_dataset(tf):
    @tf.function
    def f():
        total = tf.constant(7, tf.int64)
        for x in tf.data.Dataset.range(0):
            total += x
        return total
    return f()


def loop_return_inside(tf):
    @tf.function
    def f():
        for x in tf.data.Dataset.range(10):
            if x > 3:
                return x
        return tf.constant(-1, tf.int64)
    return f()


# ---- Dataset.reduce while a graph is built ----

def reduce_sum(tf):
    @tf.function
    def f():
        return tf.data.Dataset.range(5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
    return f()


def reduce_symbolic_initial_state(tf):
    @tf.function
    def f(a):
        return tf.data.Dataset.range(5).reduce(a, lambda s, x: s + x)
    return [f(tf.constant(100, tf.int64)), f(tf.constant(1, tf.int64))]


def reduce_relaxes_shapes(tf):
    shapes = []

    @tf.function
    def f():
        r = tf.data.Dataset.range(4).reduce(tf.zeros([0], tf.int64),
                                            lambda s, x: tf.concat([s, [x]], 0))
        shapes.append(r.shape.as_list())
        return r
    value = f()
    return [value, shapes[0]]


def reduce_structure(tf):
    @tf.function
    def f():
        return tf.data.Dataset.range(5).reduce(
            (tf.constant(0, tf.int64), {"n": tf.constant(0)}),
            lambda s, x: (s[0] + x, {"n": s[1]["n"] + 1}))
    return f()


def reduce_python_int(tf):
    @tf.function
    def f():
        return tf.data.Dataset.range(5).reduce(0, lambda s, x: s + 1)
    value = f()
    return [value, np.asarray(value).dtype.name]


def reduce_empty(tf):
    @tf.function
    def f():
        return tf.data.Dataset.range(0).reduce(tf.constant(7, tf.int64), lambda s, x: s + x)
    return f()


def reduce_tuple_elements(tf):
    @tf.function
    def f():
        ds = tf.data.Dataset.from_tensor_slices(([1.0, 2.0], [3.0, 4.0]))
        return ds.reduce(tf.constant(0.0), lambda s, xy: s + xy[0] * xy[1])
    return f()


def reduce_dtype_changes(tf):
    @tf.function
    def f():
        return tf.data.Dataset.range(5).reduce(tf.constant(0, tf.int32),
                                               lambda s, x: tf.cast(s, tf.int64) + x)
    return f()


def reduce_in_graph_session(tf):
    g = tf.Graph()
    with g.as_default():
        r = tf.data.Dataset.range(5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
        sess = tf.compat.v1.Session(graph=g)
        return [sess.run(r), sess.run(r)]


# ---- TF1 iterators in Sessions ----

def one_shot_per_session(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        it = v1.data.make_one_shot_iterator(tf.data.Dataset.range(3))
        first, second = it.get_next(), it.get_next()
        s1, s2 = v1.Session(graph=g), v1.Session(graph=g)
        out = [s1.run(first), s1.run(second), s2.run(first)]
        return out + _run_all(s1, first, 3) + _run_all(s2, second, 3)


def one_shot_structure(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.from_tensor_slices(({"a": np.array([1.0, 2.0])},
                                                 np.array([[1, 2], [3, 4]])))
        it = v1.data.make_one_shot_iterator(ds)
        nxt = it.get_next()
        static = [nxt[0]["a"].shape.as_list(), nxt[1].shape.as_list()]
        sess = v1.Session(graph=g)
        return [static, _run_all(sess, nxt, 3)]


def one_shot_batches(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        nxt = v1.data.make_one_shot_iterator(tf.data.Dataset.range(5).batch(2)).get_next()
        sess = v1.Session(graph=g)
        return [nxt.shape.as_list(), _run_all(sess, nxt, 4)]


def one_shot_generator(tf):
    v1 = tf.compat.v1

    def gen():
        yield from [1, 2]
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([], tf.int32))
        nxt = v1.data.make_one_shot_iterator(ds).get_next()
        return _run_all(v1.Session(graph=g), nxt, 3)


def one_shot_output_types_shapes(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.from_tensor_slices(({"a": np.array([1.0, 2.0])},
                                                 np.array([[1, 2], [3, 4]])))
        it = v1.data.make_one_shot_iterator(ds)
        types = v1.data.get_output_types(it)
        shapes = v1.data.get_output_shapes(it)
        classes = v1.data.get_output_classes(ds)
        return [[types[0]["a"].name, types[1].name],
                [shapes[0]["a"].as_list(), shapes[1].as_list()],
                [classes[0]["a"].__name__, classes[1].__name__],
                [it.output_types[1].name, it.output_shapes[1].as_list()]]


def one_shot_in_function(tf):
    @tf.function
    def f():
        return tf.compat.v1.data.make_one_shot_iterator(tf.data.Dataset.range(3)).get_next()
    return [f(), f()]


def one_shot_eager(tf):
    it = tf.compat.v1.data.make_one_shot_iterator(tf.data.Dataset.range(3))
    return [it.get_next(), next(it)]


def initializable_restarts(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        it = v1.data.make_initializable_iterator(tf.data.Dataset.range(2))
        nxt = it.get_next()
        s1, s2 = v1.Session(graph=g), v1.Session(graph=g)
        out = _run_all(s1, nxt, 1)
        s1.run(it.initializer)
        out += _run_all(s1, nxt, 3)
        s1.run(it.initializer)
        out += _run_all(s1, nxt, 1) + _run_all(s2, nxt, 1)
        s2.run(it.initializer)
        return out + _run_all(s2, nxt, 1) + _run_all(s1, nxt, 1)


def initializable_not_initialized(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        nxt = v1.data.make_initializable_iterator(tf.data.Dataset.range(2)).get_next()
        return v1.Session(graph=g).run(nxt)


def end_of_sequence(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        nxt = v1.data.make_one_shot_iterator(tf.data.Dataset.range(0)).get_next()
        return v1.Session(graph=g).run(nxt)


def one_shot_has_no_initializer(tf):
    g = tf.Graph()
    with g.as_default():
        return tf.compat.v1.data.make_one_shot_iterator(tf.data.Dataset.range(2)).initializer


def initializable_eager(tf):
    return tf.compat.v1.data.make_initializable_iterator(tf.data.Dataset.range(2))


def tf2_dataset_has_no_make_one_shot_iterator(tf):
    return [hasattr(tf.data.Dataset, "make_one_shot_iterator"),
            hasattr(tf.data.Dataset.range(2), "make_one_shot_iterator")]


CASES = [loop_sum, loop_break, loop_continue, loop_tuple_elements, loop_dict_elements,
         loop_python_int_state, loop_state_shape_changes, loop_generator_unknown_dims,
         loop_batches, loop_parallel_map_prefetch, loop_nested, loop_variable_twice,
         loop_empty_dataset, loop_return_inside,
         reduce_sum, reduce_symbolic_initial_state, reduce_relaxes_shapes, reduce_structure,
         reduce_python_int, reduce_empty, reduce_tuple_elements, reduce_dtype_changes,
         reduce_in_graph_session,
         one_shot_per_session, one_shot_structure, one_shot_batches, one_shot_generator,
         one_shot_output_types_shapes, one_shot_in_function, one_shot_eager,
         initializable_restarts, initializable_not_initialized, end_of_sequence,
         one_shot_has_no_initializer, initializable_eager,
         tf2_dataset_has_no_make_one_shot_iterator]
