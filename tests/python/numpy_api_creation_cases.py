"""kiln.experimental.numpy's array creation as TF programs call
tf.experimental.numpy's: NumPy's default dtypes (Python ints int64, floats
float64), dtype=, ranges, filled arrays, matrices, grids, and the errors.
TF's results: docs/tf-reference/numpy_api_creation.json
(docs/tf-reference/probe_numpy_api.py creation); test_numpy_api_creation_tf.py
compares. Statements run in order in one namespace (tape_cases.evaluate_all)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "x = tf.constant([[1.5, -2.25, 0.5], [3.0, 0.0, -0.75]])",
    "i = tf.constant([1, -2, 3])",
    "tnp.asarray([1, 2, 3])", "tnp.asarray([1.5, 2.0])", "tnp.asarray([True, False])",
    "tnp.asarray(x)", "tnp.asarray(i, dtype=np.float32)", "tnp.asarray(3)",
    "tnp.array([[1, 2], [3, 4]])", "tnp.array(2.5, ndmin=2)", "tnp.array(i, dtype=np.int64)",
    "tnp.array([1, 2], dtype=np.float32)", "tnp.asanyarray([0.5])", "tnp.ascontiguousarray(x)",
    "tnp.copy(i)",
    "tnp.arange(5)", "tnp.arange(2, 9, 3)", "tnp.arange(0., 1, .25)", "tnp.arange(5, dtype=np.float32)",
    "tnp.arange(10, 0, -3)", "tnp.arange(3, 1)", "tnp.arange(1.5, 4)",
    "tnp.linspace(0, 1, 5)", "tnp.linspace(0, 10, 4, endpoint=False)",
    "tnp.linspace(0, 1, 5, retstep=True)", "tnp.linspace(2.0, 3.0, 3, dtype=np.float32)",
    "tnp.linspace(tf.constant([0.0, 1.0]), tf.constant([1.0, 3.0]), 3)",
    "tnp.linspace(tf.constant([0.0, 1.0]), tf.constant([1.0, 3.0]), 3, axis=1)",
    "tnp.linspace(0, 1, 0)",
    "tnp.logspace(0, 2, 3)", "tnp.logspace(0.0, 3.0, 4, base=2.0)",
    "tnp.logspace(0, 1, 3, endpoint=False)",
    "tnp.geomspace(1, 1000, 4)", "tnp.geomspace(-1.0, -16.0, 5)", "tnp.geomspace(1, 16, 4, endpoint=False)",
    "tnp.zeros(3)", "tnp.zeros((2, 3), dtype=np.int32)", "tnp.ones([2, 2])", "tnp.ones(2, dtype=bool)",
    "tnp.empty((0, 2))", "tnp.full((2, 2), 7)", "tnp.full(3, 1.5, dtype=np.float32)",
    "tnp.full((2, 3), tf.constant([1, 2, 3]))", "tnp.full((2,), True)",
    "tnp.eye(3)", "tnp.eye(2, 3, k=1)", "tnp.eye(3, k=-1, dtype=np.int32)", "tnp.eye(2, k=5)",
    "tnp.identity(2)", "tnp.diag_indices(3)", "tnp.diag_indices(2, 3)", "tnp.identity(2, dtype=bool)", "tnp.tri(3)", "tnp.tri(2, 4, k=1, dtype=np.int32)",
    "tnp.tri(3, k=-1)",
    "tnp.zeros_like(x)", "tnp.zeros_like(i, dtype=np.float64)", "tnp.ones_like(i)",
    "tnp.ones_like(x, dtype=np.int64)", "tnp.full_like(i, 2.7)", "tnp.full_like(x, 4, dtype=np.int32)",
    "tnp.full_like(x, 2.0)",
    "tnp.diag(i)", "tnp.diag(i, k=1)", "tnp.diag(i, k=-2)", "tnp.diag(x)", "tnp.diag(x, k=1)",
    "tnp.diag(x, k=-1)", "tnp.diagflat(x)", "tnp.diagflat(i, k=-1)",
    "tnp.vander(i)", "tnp.vander(tf.constant([1.0, 2.0, 3.0]), 2)",
    "tnp.vander(tf.constant([1, 2]), 3, increasing=True)",
    "tnp.meshgrid(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]))",
    "tnp.meshgrid(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]), indexing='ij')",
    "tnp.meshgrid(i, tf.constant([7, 8]), sparse=True)",
    "tnp.meshgrid(tf.constant([1, 2]), tf.constant([3.0, 4.0, 5.0]))",
    "tnp.ix_(tf.constant([0, 1]), tf.constant([2, 0, 1]))",
    # errors
    "tnp.linspace(0, 1, -1)", "tnp.diag(tf.zeros([2, 2, 2]))", "tnp.zeros((2, -1))",
    "tnp.array([[1, 2], [3]])", "tnp.vander(x)", "tnp.meshgrid(i, indexing='ab')",
]


# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    # NumPy's indices are int64 (TF's int32)
    "tnp.diag_indices(3)": "[[0 1 2] int64, [0 1 2] int64]",
    "tnp.diag_indices(2, 3)": "[[0 1] int64, [0 1] int64, [0 1] int64]",
    # TF ignores dtype= here and returns float64
    "tnp.linspace(2.0, 3.0, 3, dtype=np.float32)": "[2.  2.5 3. ] float32",
    # NumPy's vander has dtype promote_types(x.dtype, int): int64, float64 (TF keeps x's)
    "tnp.vander(i)": "[[ 1  1  1]\n [ 4 -2  1]\n [ 9  3  1]] int64",
    "tnp.vander(tf.constant([1.0, 2.0, 3.0]), 2)": "[[1. 1.]\n [2. 1.]\n [3. 1.]] float64",
    "tnp.vander(tf.constant([1, 2]), 3, increasing=True)": "[[1 1 1]\n [1 2 4]] int64",
    # TF refuses sparse=True
    "tnp.meshgrid(i, tf.constant([7, 8]), sparse=True)": "[[[ 1 -2  3]] int32, [[7]\n [8]] int32]",
    # NumPy keeps each input's dtype; TF fails to multiply int32 by float32
    "tnp.meshgrid(tf.constant([1, 2]), tf.constant([3.0, 4.0, 5.0]))":
        "[[[1 2]\n [1 2]\n [1 2]] int32, [[3. 3.]\n [4. 4.]\n [5. 5.]] float32]",
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
