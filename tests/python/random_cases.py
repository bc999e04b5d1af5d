"""Calls of the random ops whose shapes, dtypes, seeds and error classes TF gives
in docs/tf-reference/random.json (docs/tf-reference/probe_random.py);
tests/python/test_random_cases.py evaluates them with kiln. Values are not
compared (kiln's Philox streams are not TF's), except get_seed's pairs, which
follow TF's arithmetic exactly."""

import numpy as np

CASES = [
    # shuffle
    "tf.random.shuffle([[1, 2], [3, 4], [5, 6]], seed=1)", "tf.random.shuffle(5)",
    "tf.random.shuffle(tf.zeros([0, 3]))", "v1.random_shuffle([1, 2, 3])",
    "v1.random.shuffle([1.5, 2.5])",
    "sorted(tf.random.shuffle(tf.range(10), seed=3).numpy().tolist())",
    # categorical
    "tf.random.categorical([[0., 1.], [2., 3.]], 5)",
    "tf.random.categorical([[0., 1.], [2., 3.]], 5, dtype=tf.int32)",
    "tf.random.categorical([[0., 1.], [2., 3.]], 5, dtype=tf.float32)",
    "tf.random.categorical([0., 1.], 5)", "tf.random.categorical([[0., 1.]], -1)",
    "tf.random.categorical([[0., 1.]], 0)", "tf.random.categorical(tf.zeros([2, 0]), 3)",
    "tf.random.categorical(tf.zeros([0, 3]), 3)",
    "tf.random.categorical(tf.constant([[1, 2]], tf.float64), 3)",
    "tf.random.categorical(tf.constant([[1, 2]], tf.float16), 3)",
    "tf.random.categorical([[0., 1.]], 2.5)",
    "tf.random.categorical([[-np.inf, 0.]], 3, seed=1)",
    "tf.random.categorical([[-np.inf, -np.inf]], 3, seed=1)",
    "v1.multinomial([[0., 1.]], 4)", "v1.multinomial([[0., 1.]], 4, output_dtype=tf.int32)",
    "v1.random.multinomial([[0., 1.]], 2)",
    # gamma
    "tf.random.gamma([3], 2.0)", "tf.random.gamma([3, 2], [1.0, 2.0])",
    "tf.random.gamma([3], [[1.0], [2.0]], beta=[1., 2., 3.])",
    "tf.random.gamma([3], 1.0, dtype=tf.float64)", "tf.random.gamma([3], 1.0, dtype=tf.float16)",
    "tf.random.gamma([3], 1.0, dtype=tf.int32)", "tf.random.gamma([], 2.0)",
    "tf.random.gamma([3], [1., 2.], beta=[1., 2., 3.])", "tf.random.gamma([-1], 2.0)",
    "tf.random.gamma([3], -1.0, seed=1)", "tf.random.gamma([3], 0.0, seed=1)",
    "tf.random.gamma([3], 2.0, beta=0.0, seed=1)", "v1.random_gamma([2], 3.0)",
    # poisson
    "tf.random.poisson([3], 2.0)", "tf.random.poisson([3], [1.0, 2.0])",
    "tf.random.poisson([3], 2.0, dtype=tf.int32)", "tf.random.poisson([3], 2, dtype=tf.int64)",
    "tf.random.poisson([3], tf.constant(2, tf.int64))",
    "tf.random.poisson([3], 2.0, dtype=tf.float64)", "tf.random.poisson([3], 2.0, dtype=tf.int8)",
    "tf.random.poisson([3], -1.0, seed=1)", "tf.random.poisson([3], 0.0, seed=1)",
    "v1.random_poisson([1.0, 2.0], [3])", "v1.random.poisson([1.0, 2.0], [3])",
    # truncated normal
    "tf.random.truncated_normal([2, 3])",
    "tf.random.truncated_normal([2, 3], mean=1., stddev=2., dtype=tf.float64)",
    "v1.truncated_normal([2])", "v1.random.truncated_normal([2], dtype=tf.float16)",
    "tf.random.truncated_normal([2], dtype=tf.int32)", "tf.random.normal([2], dtype=tf.int32)",
    "tf.random.stateless_normal([2], seed=[1, 2], dtype=tf.int32)",
    # stateless
    "tf.random.stateless_uniform([2], seed=[1, 2])",
    "tf.random.stateless_uniform([2], seed=tf.constant([1, 2], tf.int64))",
    "tf.random.stateless_uniform([2], seed=[1, 2, 3])", "tf.random.stateless_uniform([2], seed=[[1, 2]])",
    "tf.random.stateless_uniform([2], seed=5)", "tf.random.stateless_uniform([2], seed=[1., 2.])",
    "tf.random.stateless_uniform([2], seed=tf.constant([1, 2], tf.int16))",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32, maxval=10)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32, minval=None, maxval=None)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int64, minval=None, maxval=None)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.uint32, minval=None, maxval=None)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.uint64, minval=None, maxval=None)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.uint32, minval=0, maxval=10)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32, minval=5, maxval=None)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32, minval=5, maxval=5)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int64, minval=5, maxval=3)",
    "tf.random.stateless_uniform([2], seed=[1, 2], minval=None, maxval=None)",
    "tf.random.stateless_uniform([2, 3], seed=[1, 2], dtype=tf.float64, minval=2, maxval=3)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.bfloat16)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int8, minval=0, maxval=3)",
    "tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32, minval=[0, 1], maxval=[5, 6])",
    "tf.random.stateless_uniform([2], seed=[2**31, 2])", "tf.random.stateless_uniform([2], seed=[-1, 2])",
    "bool(np.array_equal(tf.random.stateless_uniform([9], seed=[3, 4]), "
    "tf.random.stateless_uniform([9], seed=[3, 4])))",
    "tf.random.stateless_normal([2, 3], seed=[1, 2])",
    "tf.random.stateless_normal([2], seed=[1, 2], mean=[1., 2.], stddev=2.)",
    "tf.random.stateless_truncated_normal([2, 3], seed=[1, 2], dtype=tf.float64)",
    "tf.random.stateless_categorical([[0., 1.]], 3, seed=[1, 2])",
    "tf.random.stateless_categorical([[0., 1.]], 3, seed=[1, 2], dtype=tf.int32)",
    "v1.random.stateless_multinomial([[0., 1.]], 2, seed=[1, 2])",
    "tf.random.stateless_gamma([3, 2], seed=[1, 2], alpha=[1., 2.])",
    "tf.random.stateless_gamma([3, 2], seed=[1, 2], alpha=[1., 2.], beta=[[1.], [2.], [3.]])",
    "tf.random.stateless_gamma([3], seed=[1, 2], alpha=[1., 2.])",
    "tf.random.stateless_gamma([3, 2], seed=[1, 2], alpha=[1., 2.], dtype=tf.float64)",
    "tf.random.stateless_poisson([3, 2], seed=[1, 2], lam=[1., 2.])",
    "tf.random.stateless_poisson([3], seed=[1, 2], lam=[1., 2.])",
    "tf.random.stateless_poisson([3], seed=[1, 2], lam=2.0, dtype=tf.int64)",
    "tf.random.stateless_poisson([3], seed=[1, 2], lam=2.0, dtype=tf.int8)",
    # seeds: TF's get_seed pairs (eager, graph, function) and set_seed's checks
    "v1.get_seed(None)", "v1.get_seed(3)", "v1.random.get_seed(2**40)", "v1.get_seed(-5)",
    "(tf.random.set_seed(1234), v1.get_seed(None), v1.get_seed(None), v1.get_seed(5))[1:]",
    "(tf.random.set_seed(0), v1.get_seed(0))[1]",
    "(tf.random.set_seed(2**70), v1.get_seed(None), v1.get_seed(7))[1:]",
    "(tf.random.set_seed(-1), v1.get_seed(None))[1]",
    "(tf.random.set_seed(2**31 - 1), v1.get_seed(None))[1]",
    "(tf.random.set_seed(np.int64(5)), v1.get_seed(None))[1]",
    "(tf.random.set_seed(True), v1.get_seed(2))[1]",
    "(v1.set_random_seed(2**63), v1.get_seed(None))[1]",
    "(tf.random.set_seed(2**70), tf.random.uniform([2]), tf.random.uniform([2], seed=-3))[2]",
    "(tf.random.set_seed('x'), tf.random.uniform([1]))[1]",
    "(tf.random.set_seed(1.5), v1.get_seed(4))[1]",
    "in_graph(lambda: v1.get_seed(None))", "in_graph(lambda: v1.get_seed(6))",
    "in_graph(lambda: (v1.set_random_seed(7), v1.get_seed(None), v1.get_seed(None), "
    "v1.get_seed(3))[1:])",
    "in_graph(lambda: (tf.random.set_seed(9), v1.get_seed(None))[1])",
    "(tf.random.set_seed(1234), in_graph(lambda: v1.get_seed(None)))[1]",
    "(tf.random.set_seed(11), traced(lambda: (v1.get_seed(None), v1.get_seed(None), v1.get_seed(2))))[1]",
    "traced(lambda: v1.get_seed(None))",
    "sorted(n for n in ['uniform', 'normal', 'truncated_normal', 'shuffle', 'categorical', 'gamma', "
    "'poisson', 'stateless_uniform', 'stateless_normal', 'stateless_truncated_normal', "
    "'stateless_categorical', 'stateless_gamma', 'stateless_poisson', 'set_seed', 'get_seed', "
    "'set_random_seed', 'multinomial', 'stateless_multinomial'] if hasattr(tf.random, n))",
    "sorted(n for n in ['uniform', 'normal', 'truncated_normal', 'shuffle', 'categorical', 'gamma', "
    "'poisson', 'stateless_uniform', 'stateless_gamma', 'stateless_poisson', 'set_seed', 'get_seed', "
    "'set_random_seed', 'multinomial', 'stateless_multinomial'] if hasattr(v1.random, n))",
]


def _in_graph(tf):
    def run(f):
        with tf.Graph().as_default():
            return f()
    return run


def _traced(tf):
    """What f returns (Python values) while tf.function traces it, from eager code."""
    def run(f):
        out = []
        tf.function(lambda: out.append(f()) or tf.constant(0))()
        return out[0]
    return run


def evaluate(tf, expression):
    """The result as plain text: a tensor's shape and dtype, else repr(); or the error class.
    Each case starts with no global seed."""
    tf.random.set_seed(None)
    namespace = {"tf": tf, "v1": tf.compat.v1, "np": np, "in_graph": _in_graph(tf),
                 "traced": _traced(tf)}
    try:
        value = eval(expression, namespace)  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"
    finally:
        tf.random.set_seed(None)
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return f"{list(value.shape)} {value.dtype.name}"
    return repr(_plain(value))


def _plain(value):
    """NumPy scalars as Python numbers, so that TF's np.int64(5) and kiln's 5 read the same."""
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value
