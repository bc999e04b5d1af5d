"""kiln.experimental.numpy's sorting, rounding and comparisons
(python/kiln/_np/_sorting.py) and its remaining names (python/kiln/_np/
_misc.py: dtypes, constants, dtype queries, small elementwise functions) as
TF programs call tf.experimental.numpy's. TF's results:
docs/tf-reference/numpy_api_misc.json (docs/tf-reference/probe_numpy_api.py
misc); test_numpy_api_misc_tf.py compares."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "x = tf.constant([[3.0, -1.5, float('nan')], [0.5, float('inf'), -2.0]])",
    "i = tf.constant([[5, -2, 9], [0, 7, -7]])",
    "h = tf.constant([0.5, 1.5, 2.5, -0.5, 2.675, 1.005], tf.float64)",
    "z = tf.constant([1 + 2j, -1 + 0j, 3j])",
    # sorting
    "tnp.sort(x)", "tnp.sort(i, axis=0)", "tnp.sort(i, axis=None)", "tnp.sort(x, kind='stable')",
    "tnp.sort(tf.constant([True, False, True]))", "tnp.sort(i, axis=2)",
    "tnp.sort(i, order='a')",
    "tnp.argsort(x)", "tnp.argsort(i, axis=0)", "tnp.argsort(tf.constant([3, 1, 2, 1]))",
    "tnp.argsort(i, axis=None)", "tnp.argsort(i, axis=-3)",
    # clip
    "tnp.clip(x, -1.0, 1.0)", "tnp.clip(i, 0, 5)", "tnp.clip(i, 0, 5.5)", "tnp.clip(i, None, 3)",
    "tnp.clip(x, 0.0, None)", "tnp.clip(i, tf.constant([1, 2, 3]), 6)", "tnp.clip(i, 4, 1)",
    "tnp.clip(i, tf.constant(1, tf.int64), 6)", "tnp.clip(i, None, None)",
    # rounding
    "tnp.round(h)", "tnp.round(h, 1)", "tnp.round(h, 2)", "tnp.around(h * 100, -1)",
    "tnp.round(i, 1)", "tnp.round(tf.constant([1250, 1350, -1250, 1251]), -2)",
    "tnp.round(tf.constant([0.25, 0.35, 1.45], tf.float32), 1)", "tnp.round(x)",
    "tnp.around(tf.constant([True, False]))", "tnp.round(tf.constant(2.5))",
    # comparisons
    "tnp.isclose(x, x)", "tnp.isclose(x, x, equal_nan=True)", "tnp.isclose(i, i + 1)",
    "tnp.isclose(i, i + 1, atol=1)", "tnp.isclose(tf.constant([1.0, 1.00001]), 1.0)",
    "tnp.isclose(h, h + 1e-9, rtol=0.0, atol=0.0)",
    "tnp.allclose(h, h)", "tnp.allclose(x, x)", "tnp.allclose(x, x, equal_nan=True)",
    "tnp.allclose(i, i + 1, atol=1.0)",
    "tnp.array_equal(i, i)", "tnp.array_equal(i, i + 1)", "tnp.array_equal(i, i[0])",
    "tnp.array_equal(x, x)", "tnp.array_equal(i, tf.cast(i, tf.float32))",
    # dtypes, constants, dtype queries
    "tnp.float32 is np.float32", "tnp.int_ is np.int64", "tnp.float_ is np.float64",
    "tnp.complex_ is np.complex128", "tnp.bool_ is np.bool_", "tnp.uint16 is np.uint16",
    "tnp.inexact is np.inexact", "tnp.string_ is np.bytes_", "tnp.unicode_ is np.str_",
    "tnp.object_ is np.object_", "tnp.e", "tnp.pi", "tnp.inf", "tnp.newaxis is None",
    "isinstance(x, tnp.ndarray)", "x[tnp.newaxis].shape",
    "tnp.finfo(tf.float32).eps", "tnp.finfo(np.float64).max", "tnp.finfo(tnp.float16).bits",
    "tnp.iinfo(np.int8).min", "tnp.iinfo(np.uint16).max",
    "tnp.issubdtype(tnp.float32, tnp.inexact)", "tnp.issubdtype(np.int32, np.floating)",
    "tnp.promote_types(tf.int32, tf.float32)", "tnp.promote_types(np.uint8, np.int8)",
    "tnp.result_type(i, 1.0) == tf.float64", "tnp.result_type(x, 1.0) == tf.float32",
    "tnp.result_type(np.int8, np.uint8) == tf.int16", "tnp.result_type(i, x) == tf.float64",
    "tnp.isscalar(1.0)", "tnp.isscalar(tf.constant(1.0))", "tnp.isscalar(x)",
    "tnp.isscalar([1.0])", "tnp.isscalar(np.int32(3))",
    "tnp.iscomplexobj(z)", "tnp.iscomplexobj(x)", "tnp.iscomplexobj(1j)", "tnp.isrealobj(i)",
    "tnp.isrealobj(z)",
    # small elementwise functions
    "tnp.iscomplex(z)", "tnp.iscomplex(x)", "tnp.isreal(z)", "tnp.isreal(i)",
    "tnp.real(z)", "tnp.imag(z)", "tnp.real(i)", "tnp.imag(x)",
    "tnp.angle(z)", "tnp.angle(x)", "tnp.angle(z, deg=True)", "tnp.angle(i)",
    "tnp.isneginf(x)", "tnp.isposinf(x)", "tnp.isposinf(i)",
    "tnp.sinc(tf.constant([0.0, 0.5, 1.0, -1.5]))", "tnp.sinc(i)",
    "tnp.polyval([1.0, 2.0, 3.0], tf.constant([1.0, 2.0]))",
    "tnp.polyval(tf.constant([1, 2, 3]), tf.constant([1.0, 2.0]))",
    "tnp.polyval(tf.constant([1, 2, 3]), i)", "tnp.polyval(tf.constant([1, 2, 3]), 2)",
    "tnp.gcd(tf.constant([12, 18, 0, -8]), tf.constant([8, 0, 0, 6]))", "tnp.gcd(i, 3)",
    "tnp.lcm(tf.constant([4, 6, 0, -3]), tf.constant([6, 4, 5, 7]))",
    "tnp.gcd(x, 2.0)",
]

# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    # NumPy accepts every kind; kiln's sort is stable (TF: ValueError)
    "tnp.sort(x, kind='stable')":
        '[[-1.5  3.   nan]\n [-2.   0.5  inf]] float32',
    'tnp.sort(tf.constant([True, False, True]))':  # TF fails to negate bools in its sort
        '[False  True  True] bool',
    'tnp.sort(i, axis=2)':  # NumPy's AxisError (TF: a strided slice's InvalidArgumentError)
        'error: AxisError: np.sort: axis 2 is out of bounds for an array of dimension '
        '2; use an axis in [-2, 2).',
    'tnp.argsort(i, axis=-3)':  # NumPy's AxisError (TF: a strided slice's InvalidArgumentError)
        'error: AxisError: np.argsort: axis -3 is out of bounds for an array of '
        'dimension 2; use an axis in [-2, 2).',
    'tnp.clip(i, 4, 1)':  # NumPy: a_max wins when the bounds cross (TF: a_min)
        '[[1 1 1]\n [1 1 1]] int32',
    'tnp.clip(i, None, None)':  # NumPy 2 allows both bounds None (TF: ValueError)
        '[[ 5 -2  9]\n [ 0  7 -7]] int32',
    'tnp.round(h)':  # TF needs numpy behavior on (Tensor.astype)
        '[ 0.  2.  2. -0.  3.  1.] float64',
    'tnp.round(h, 1)':  # TF needs numpy behavior on (Tensor.astype)
        '[ 0.5  1.5  2.5 -0.5  2.7  1. ] float64',
    'tnp.round(h, 2)':  # TF needs numpy behavior on (Tensor.astype)
        '[ 0.5   1.5   2.5  -0.5   2.68  1.  ] float64',
    'tnp.around(h * 100, -1)':  # TF needs numpy behavior on (Tensor.astype)
        '[ 50. 150. 250. -50. 270. 100.] float64',
    'tnp.round(i, 1)':  # TF needs numpy behavior on (Tensor.astype)
        '[[ 5 -2  9]\n [ 0  7 -7]] int32',
    # TF needs numpy behavior on (Tensor.astype)
    'tnp.round(tf.constant([1250, 1350, -1250, 1251]), -2)':
        '[ 1200  1400 -1200  1300] int32',
    # TF needs numpy behavior on (Tensor.astype)
    'tnp.round(tf.constant([0.25, 0.35, 1.45], tf.float32), 1)':
        '[0.2 0.4 1.4] float32',
    'tnp.round(x)':  # TF needs numpy behavior on (Tensor.astype)
        '[[ 3. -2. nan]\n [ 0. inf -2.]] float32',
    'tnp.around(tf.constant([True, False]))':  # TF needs numpy behavior on (Tensor.astype)
        '[1. 0.] float16',
    'tnp.round(tf.constant(2.5))':  # TF needs numpy behavior on (Tensor.astype)
        '2. float32',
    'tnp.isclose(x, x)':  # NumPy: inf is close to inf (x == y) (TF: False)
        '[[ True  True False]\n [ True  True  True]] bool',
    'tnp.isclose(x, x, equal_nan=True)':  # NumPy: inf is close to inf (TF: False)
        '[[ True  True  True]\n [ True  True  True]] bool',
    # NumPy compares integers as floats with the tolerance (TF: False)
    'tnp.isclose(i, i + 1, atol=1)':
        '[[ True  True  True]\n [ True  True  True]] bool',
    'tnp.allclose(x, x, equal_nan=True)':  # NumPy: inf is close to inf (TF: False)
        'True bool',
    # NumPy compares integers as floats with the tolerance (TF: False)
    'tnp.allclose(i, i + 1, atol=1.0)':
        'True bool',
    'tnp.angle(x)':  # NumPy: the angle of NaN is NaN, arctan2(0, nan) (TF: 0)
        '[[0.       3.141593      nan]\n [0.       0.       3.141593]] float32',
    'tnp.angle(i)':  # TF needs numpy behavior on (Tensor.astype)
        '[[0.       3.141593 0.      ]\n [0.       0.       3.141593]] float64',
    'tnp.isposinf(i)':  # NumPy: an array of False (TF: the Python bool False)
        '[[False False False]\n [False False False]] bool',
    'tnp.sinc(i)':  # TF needs numpy behavior on (Tensor.astype)
        '[[ 3.898172e-17 -3.898172e-17  3.898172e-17]\n [ 1.000000e+00  3.898172e-17  '
        '3.898172e-17]] float64',
    # NumPy: the float64 coefficients promote (TF: float32)
    'tnp.polyval([1.0, 2.0, 3.0], tf.constant([1.0, 2.0]))':
        '[ 6. 11.] float64',
    'tnp.polyval(tf.constant([1, 2, 3]), 2)':  # NumPy converts x = 2 to an int64 array (TF: int32)
        '11 int64',
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
