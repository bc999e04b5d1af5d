"""kiln.experimental.numpy.random as TF programs call tf.experimental.numpy.random:
the dtypes and shapes each function gives (the values are each library's own
stream), the ranges, and the errors. TF's results:
docs/tf-reference/numpy_api_random.json (docs/tf-reference/probe_numpy_api.py
random); test_numpy_api_random_tf.py compares. Statements run in order in one
namespace (tape_cases.evaluate_all)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "r = tf.experimental.numpy.random",
    "r.seed(7)",
    "D = lambda t: [t.dtype.name, tuple(t.shape)]",
    "D(r.rand(2, 3))", "D(r.rand())", "D(r.randn(2))", "D(r.randn(2, 1, 3))",
    "D(r.random((2,)))", "D(r.random())", "D(r.random(4))", "D(r.standard_normal((2, 2)))",
    "D(r.standard_normal())", "D(r.uniform(1, 2, size=(2,)))", "D(r.uniform(1, 2))",
    "D(r.uniform(-1.0, 0.0, (3, 2)))", "D(r.randint(5, size=(3,)))", "D(r.randint(5))",
    "D(r.randint(2, 9, size=4, dtype=np.int32))", "D(r.randint(-3, 3, size=(2, 2)))",
    "D(r.poisson(3.0, size=(4,)))", "D(r.poisson())",
    "bool(tf.reduce_all((r.rand(1000) >= 0) & (r.rand(1000) < 1)))",
    "bool(tf.reduce_all((r.uniform(2, 3, 1000) >= 2) & (r.uniform(2, 3, 1000) < 3)))",
    "k = r.randint(-3, 3, size=(1000,))",
    "[int(tf.reduce_min(k)), int(tf.reduce_max(k))]",
    "int(tf.reduce_min(r.poisson(2.0, (1000,)))) >= 0",
    "r.seed(3)\na = r.rand(5)\nr.seed(3)\nb = r.rand(5)", "bool(tf.reduce_all(a == b))",
    "D(r.uniform(size=3))",
    "r.randint(5, 2)",
]


# Where kiln gives NumPy's answer and TF 2.21 does not.
# TF takes a size only as a tuple; NumPy (and kiln) also as an int.
KNOWN_DIFFERENCES = {
    "D(r.random(4))": "['float64', [4]]",
    "bool(tf.reduce_all((r.uniform(2, 3, 1000) >= 2) & (r.uniform(2, 3, 1000) < 3)))": "True",
    "D(r.uniform(size=3))": "['float64', [3]]",
    "r.randint(5, 2)":  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        "error: ValueError: random.randint: low >= high (5 >= 2); the range [low, high) must "
        "hold a value.",
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
