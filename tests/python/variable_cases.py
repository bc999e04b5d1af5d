"""Programs with variables, TF1 and TF2, whose results TF gives in
docs/tf-reference/variables.json (docs/tf-reference/probe_variables.py);
tests/python/test_variables.py runs them with kiln and compares.

Each case is a function of the module (`tf`) returning plain data: lists,
strings, numbers. `run` turns an exception into "error: ClassName".
Reprs name the library ("tf.Variable" / "kiln.Variable"): `text` writes both as "tf.".
"""

import os
import tempfile

import numpy as np


def text(value):
    return repr(value).replace("kiln.", "tf.")


def values(x):
    return np.asarray(x).tolist()


def plain(value):
    """NumPy scalars as Python ones, tuples as lists (what JSON keeps)."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def run(tf, case):
    try:
        return plain(case(tf))
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return f"error: {type(e).__name__}"
    return "no error"


# ---- TF2: eager variables ----

def eager_basics(tf):
    v = tf.Variable([1.0, 2.0], name="w")
    out = [text(v), v.name, str(v.shape), v.dtype.name, v.trainable, tf.is_tensor(v),
           isinstance(v, tf.Variable)]
    r = v.assign_add([1.0, 1.0])
    out += [text(r), values(v.read_value()), values(v.value()), values(v + 1), values(v * v),
            values(-v), values(v[0]), values(tf.reduce_sum(v)), values(tf.matmul([v], [[1.0], [1.0]]))]
    out += [v.assign([5.0, 6.0], read_value=False) is None, values(v)]
    return out


def eager_scalar_and_int(tf):
    c = tf.Variable(0)
    c.assign_add(5)
    c.assign_sub(2)
    s = tf.Variable(2.5, trainable=False)
    return [text(c), int(c), c.dtype.name, text(s), s.trainable, float(s) * 2, f"{s.numpy():.2f}"]


def eager_assign_errors(tf):
    v = tf.Variable([1.0, 2.0], name="w")
    return [error_of(lambda: v.assign([1.0, 2.0, 3.0])),
            error_of(lambda: v.assign(tf.constant([1, 2]))),
            error_of(lambda: v.assign_add(tf.constant([1.0], tf.float64))),
            error_of(lambda: v.assign_add([1.0])),
            values(v.assign([3, 4])), v.dtype.name,
            error_of(lambda: tf.Variable(None)),
            error_of(lambda: tf.Variable([1.0, 2.0], shape=[3]))]


def eager_view_before_assign(tf):
    v = tf.Variable([1.0, 2.0])
    a = np.asarray(v)
    v.assign([7.0, 8.0])
    b = v.numpy()
    v.assign_add([1.0, 1.0])
    return [a.tolist(), b.tolist(), values(v)]


def eager_scatter(tf):
    s = tf.Variable([1, 2, 3, 4])
    s.scatter_update(tf.IndexedSlices([9, 8], [0, 2]))
    r1 = values(s)
    s.scatter_nd_update([[1]], [7])
    r2 = values(s)
    s.scatter_add(tf.IndexedSlices([10, 10], [3, 3]))
    r3 = values(s)
    s.scatter_sub(tf.IndexedSlices([1], [0]))
    s.scatter_nd_add([[0], [1]], [100, 100])
    m = tf.Variable(tf.zeros([2, 3]))
    m.scatter_nd_update([[0, 1], [1, 2]], [5.0, 6.0])
    return [r1, r2, r3, values(s), values(m),
            error_of(lambda: s.scatter_nd_update([[7]], [1]))]


def eager_unknown_shape(tf):
    u = tf.Variable(tf.zeros([2, 3]), shape=tf.TensorShape(None))
    before = str(u.shape)
    u.assign(tf.ones([4]))
    p = tf.Variable([1.0, 2.0], shape=tf.TensorShape([None]))
    p.assign([1.0, 2.0, 3.0])
    return [before, str(u.shape), values(u), str(p.shape), values(p)]


def eager_callable_initial_value(tf):
    v = tf.Variable(lambda: tf.ones([2, 2]) * 3, dtype=tf.float32)
    w = tf.Variable(v.read_value() + 1)
    return [values(v), values(w), str(v.shape), error_of(v.initialized_value)]


# ---- TF2: variables in tf.function ----

def function_counter(tf):
    c = tf.Variable(0)

    @tf.function
    def f():
        c.assign_add(1)
        return c.read_value()
    return [values(f()), values(f()), values(c)]


def function_reads_and_assigns_in_order(tf):
    v = tf.Variable(1.0)
    w = tf.Variable(10.0)

    @tf.function
    def f(x):
        a = v * x
        v.assign(5.0)
        b = v * x
        w.assign_add(a + b)
        return a, b, w.read_value()
    first = [values(t) for t in f(tf.constant(2.0))]
    return [first, values(v), values(w), [values(t) for t in f(tf.constant(1.0))]]


def function_variable_on_first_trace_only(tf):
    class Model:
        def __init__(self):
            self.w = None

        @tf.function
        def __call__(self, x):
            if self.w is None:  # TF's idiom: create on the first trace only
                self.w = tf.Variable(2.0)
            self.w.assign_add(1.0)
            return x * self.w

    m = Model()
    first = values(m(tf.constant(1.0)))
    again = values(m(tf.constant(1.0)))
    retraced = values(m(tf.constant([1.0, 2.0])))

    @tf.function
    def g(x):
        w = tf.Variable(1.0)  # made on every trace: TF refuses it
        return x + w
    return [first, again, retraced, values(m.w), error_of(lambda: g(tf.constant(1.0)))]


def function_if_and_for_assign(tf):
    x = tf.Variable(0)

    @tf.function
    def h(a):
        if a > 0:
            x.assign_add(a)
        else:
            x.assign_sub(1)
        return x.read_value()

    @tf.function
    def loop(n):
        for i in tf.range(n):
            x.assign_add(i)
        return x.read_value()
    return [values(h(tf.constant(5))), values(h(tf.constant(-1))), values(loop(tf.constant(4))),
            values(x)]


def function_assign_without_return(tf):
    v = tf.Variable([1, 2])

    @tf.function
    def f():
        v.assign([3, 4])
    r = f()
    return [r is None, values(v)]


# ---- TF1: graphs and sessions ----

def tf1_graph(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v = v1.Variable([1.0, 2.0], name="w")
        ops = [op.name + ":" + op.type for op in g.get_operations()]
        y = v * 2
        a = v.assign_add([1.0, 1.0])
        init = v1.global_variables_initializer()
        s1, s2 = v1.Session(graph=g), v1.Session(graph=g)
        uninit = error_of(lambda: s1.run(y))
        report = [x.decode() for x in s1.run(v1.report_uninitialized_variables())]
        initialized = bool(s1.run(v1.is_variable_initialized(v)))
        s1.run(init)
        s2.run(init)
        runs = [values(s1.run(a)), values(s1.run(a)), values(s2.run(y)), values(s1.run(y)),
                values(s1.run(y, feed_dict={v: [10.0, 10.0]})), values(s1.run(v)),
                values(s1.run(v1.assign(v, [3.0, 3.0]))), values(s1.run(v1.assign_add(v, [3.0, 3.0]))),
                values(s2.run(v))]
        out = [text(v), v.name, v.op.name, v.op.type, v.initializer.name, v.initializer.type,
               ops, y.op.inputs[0].op.type, init.name, init.type, uninit, report, initialized, runs,
               [x.name for x in v1.global_variables()], bool(s1.run(v1.is_variable_initialized(v)))]
        s1.close()
        s2.close()
    return out


def tf1_get_variable(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        with v1.variable_scope("layer"):
            w = v1.get_variable("k", shape=[2, 3], initializer=v1.zeros_initializer())
            b = v1.get_variable("b", shape=[3], initializer=v1.constant_initializer(0.5))
            r = v1.get_variable("r", shape=[4, 5])
            y = tf.matmul(tf.ones([1, 2]), w) + b
        with v1.variable_scope("layer", reuse=True):
            same = v1.get_variable("k") is w
        with v1.variable_scope("layer", reuse=v1.AUTO_REUSE):
            auto = v1.get_variable("k") is w
            new = v1.get_variable("n", shape=[1], initializer=v1.ones_initializer())
        errors = []
        with v1.variable_scope("layer"):
            errors.append(error_of(lambda: v1.get_variable("k", shape=[2, 3])))
        with v1.variable_scope("other", reuse=True):
            errors.append(error_of(lambda: v1.get_variable("zz", shape=[2, 3])))
        errors.append(error_of(lambda: v1.get_variable("noshape")))
        c = v1.get_variable("c", initializer=tf.constant([1, 2, 3]))
        counter = v1.get_variable("counter", shape=[], dtype=tf.int32, trainable=False)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            got = [values(sess.run(y)), values(sess.run(new)), values(sess.run(c)),
                   values(sess.run(counter)), len(values(sess.run(r)))]
            r_values = np.asarray(sess.run(r))
            bound = float(np.sqrt(6.0 / (4 + 5)))
            glorot = bool(np.all(np.abs(r_values) <= bound)) and r_values.std() > 0
        return [w.name, b.name, r.name, str(r.shape), same, auto, new.name, errors, c.name,
                c.dtype.name, counter.dtype.name, got, glorot,
                [x.name for x in v1.trainable_variables()],
                [x.name for x in v1.global_variables()],
                [x.name for x in v1.get_collection(v1.GraphKeys.TRAINABLE_VARIABLES)],
                v1.GraphKeys.GLOBAL_VARIABLES, v1.GraphKeys.TRAINABLE_VARIABLES,
                v1.get_variable_scope().name]


def tf1_initializers(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        vs = [v1.get_variable(n, shape=s, initializer=i) for n, s, i in [
            ("z", [2], v1.zeros_initializer()), ("o", [2], v1.ones_initializer()),
            ("c", [2, 2], v1.constant_initializer([1, 2, 3, 4])),
            ("n", [500], v1.random_normal_initializer(mean=1.0, stddev=0.1, seed=1)),
            ("u", [500], v1.random_uniform_initializer(-2, 2, seed=1)),
            ("t", [500], v1.truncated_normal_initializer(stddev=0.5, seed=1)),
            ("gu", [30, 20], v1.glorot_uniform_initializer(seed=1)),
            ("vs", [30, 20], v1.variance_scaling_initializer(scale=2.0, distribution="uniform", seed=1))]]
        with v1.Session() as sess:
            sess.run(v1.variables_initializer(vs))
            z, o, c, n, u, t, gu, vsv = (np.asarray(x) for x in sess.run(vs))
    return [z.tolist(), o.tolist(), c.tolist(), round(float(n.mean()), 1), bool(n.std() < 0.15),
            bool(u.min() >= -2 and u.max() <= 2 and u.std() > 0.5),
            bool(np.abs(t).max() <= 1.0), bool(np.abs(gu).max() <= np.sqrt(6 / 50)),
            bool(np.abs(vsv).max() <= np.sqrt(3 * 2.0 / 30)), str(gu.dtype)]


def tf2_initializers(tf):
    z = tf.zeros_initializer()([2, 3])
    o = tf.ones_initializer()([2], tf.int32)
    c = tf.constant_initializer([1, 2])([2])
    n = tf.random_normal_initializer(stddev=2.0, seed=3)([1000])
    u = tf.random_uniform_initializer(0.0, 3.0, seed=3)([1000])
    v = tf.Variable(tf.random_normal_initializer(seed=1)(shape=[3, 4]))
    return [values(z), z.dtype.name, values(o), o.dtype.name, values(c), c.dtype.name,
            bool(1.7 < float(np.std(n)) < 2.3), bool(float(np.min(u)) >= 0 and float(np.max(u)) < 3),
            str(v.shape), v.dtype.name]


# ---- checkpoints ----

def checkpoint_roundtrip(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable([1.0, 2.0])
    step = tf.Variable(3)
    ckpt = tf.train.Checkpoint(model={"w": v}, step=step)
    p1 = ckpt.save(os.path.join(d, "ckpt"))
    v.assign([9.0, 9.0])
    p2 = ckpt.save(os.path.join(d, "ckpt"))
    latest = tf.train.latest_checkpoint(d)
    ckpt.restore(p1)
    first = values(v)
    ckpt.restore(latest)
    return [os.path.basename(p1), os.path.basename(p2), os.path.basename(latest), first, values(v),
            values(step), tf.train.latest_checkpoint(tempfile.mkdtemp()) is None,
            error_of(lambda: ckpt.restore(os.path.join(d, "missing-1")))]


def saver_roundtrip(tf):
    v1 = tf.compat.v1
    d = tempfile.mkdtemp()
    g = tf.Graph()
    with g.as_default():
        w = v1.get_variable("w", shape=[2], initializer=v1.constant_initializer(3.0))
        saver = v1.train.Saver()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            sess.run(w.assign_add([1.0, 2.0]))
            path = saver.save(sess, os.path.join(d, "model"), global_step=7)
        with v1.Session() as sess:
            saver.restore(sess, path)
            restored = values(sess.run(w))
        latest = v1.train.latest_checkpoint(d)
    return [os.path.basename(path), restored, os.path.basename(latest)]


CASES = [eager_basics, eager_scalar_and_int, eager_assign_errors, eager_view_before_assign,
         eager_scatter, eager_unknown_shape, eager_callable_initial_value, function_counter,
         function_reads_and_assigns_in_order, function_variable_on_first_trace_only,
         function_if_and_for_assign, function_assign_without_return, tf1_graph, tf1_get_variable,
         tf1_initializers, tf2_initializers, checkpoint_roundtrip, saver_roundtrip]


def evaluate(tf, case):
    """The recorded result of one case (docs/tf-reference/probe_cases.py calls this)."""
    return run(tf, case)
