"""kiln.experimental.numpy's ufuncs as TF programs call tf.experimental.numpy's:
NumPy's dtype defaults and promotion (weak Python scalars), rounding, and the
errors. TF's results: docs/tf-reference/numpy_api_ufuncs.json
(docs/tf-reference/probe_numpy_api.py ufuncs); test_numpy_api_ufuncs_tf.py
compares. Statements run in order in one namespace (tape_cases.evaluate_all)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "x = tf.constant([[1.5, -2.25, 0.5], [3.0, 0.0, -0.75]])",
    "i = tf.constant([[1, -2, 3], [4, 0, -6]])",
    "i64 = tf.constant([7, 8, 9], tf.int64)",
    "b = tf.constant([True, False, True])",
    "tnp.add(x, 1.0)", "tnp.add(i, 1)", "tnp.add(i, 1.5)", "tnp.add(x, np.array([1.0, 2.0, 3.0]))",
    "tnp.add(i, i64)", "tnp.add(x, i)", "tnp.add(b, b)", "tnp.multiply(b, b)",
    "tnp.subtract(x, 2)", "tnp.multiply(i, 2.0)", "tnp.divide(i, 4)", "tnp.true_divide(x, 4)",
    "tnp.floor_divide(i, 4)", "tnp.floor_divide(x, 0.5)", "tnp.remainder(i, 4)", "tnp.mod(x, 0.5)",
    "tnp.divmod(i, 4)", "tnp.power(x, 2)", "tnp.power(i, 2)", "tnp.float_power(i, 2)",
    "tnp.negative(i)", "tnp.positive(x)", "tnp.absolute(x)", "tnp.abs(i)", "tnp.fabs(x)",
    "tnp.sign(x)", "tnp.sign(i)", "tnp.square(i)", "tnp.sqrt(tnp.abs(x))",
    "tnp.reciprocal(tf.constant([2.0, 4.0, 0.5]))", "tnp.cbrt(x)",
    "tnp.exp(x)", "tnp.exp2(x)", "tnp.expm1(x)", "tnp.log(tnp.abs(x) + 1)",
    "tnp.log2(tnp.abs(x) + 1)", "tnp.log10(tnp.abs(x) + 1)", "tnp.log1p(tnp.abs(x))",
    "tnp.logaddexp(x, x)", "tnp.logaddexp2(x, 1.0)",
    "tnp.sin(x)", "tnp.cos(x)", "tnp.tan(x)", "tnp.arcsin(x / 4)", "tnp.arccos(x / 4)",
    "tnp.arctan(x)", "tnp.arctan2(x, 2.0)", "tnp.sinh(x)", "tnp.cosh(x)", "tnp.tanh(x)",
    "tnp.arcsinh(x)", "tnp.arccosh(tnp.abs(x) + 1)", "tnp.arctanh(x / 4)", "tnp.hypot(x, 2.0)",
    "tnp.deg2rad(x)", "tnp.rad2deg(x)",
    "tnp.floor(x)", "tnp.ceil(x)", "tnp.fix(x)", "tnp.round(tf.constant([0.5, 1.5, 2.5, -0.5]))",
    "tnp.maximum(x, 0.0)", "tnp.minimum(i, 0)", "tnp.heaviside(x, 0.5)",
    "tnp.equal(i, 3)", "tnp.not_equal(x, 0.5)", "tnp.less(i, 1)", "tnp.less_equal(x, 0)",
    "tnp.greater(i, i)", "tnp.greater_equal(x, -1)",
    "tnp.logical_and(i, b)", "tnp.logical_or(x, 0)", "tnp.logical_xor(b, True)",
    "tnp.logical_not(i)", "tnp.bitwise_and(i, 3)", "tnp.bitwise_or(b, False)",
    "tnp.bitwise_xor(i, 5)", "tnp.bitwise_not(i)", "tnp.bitwise_not(b)",
    "tnp.isnan(tf.constant([1.0, float('nan')]))", "tnp.isinf(tf.constant([1.0, float('inf')]))",
    "tnp.isfinite(tf.constant([1.0, float('inf'), float('nan')]))", "tnp.isnan(i)",
    "tnp.signbit(x)", "tnp.conj(x)", "tnp.conjugate(i)",
    "tnp.add(x, tf.zeros([3, 3]))", "tnp.subtract(b, b)",
]


# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    "tnp.float_power(i, 2)": "[[ 1.  4.  9.]\n [16.  0. 36.]] float64",  # TF: int32
    "tnp.hypot(x, 2.0)":  # TF fails to add its float32 and float64 intermediates
        "[[2.5      3.010399 2.061553]\n [3.605551 2.       2.136001]] float32",
    "tnp.isnan(i)":  # TF needs numpy behavior on for integer input
        "[[False False False]\n [False False False]] bool",
    "tnp.round(tf.constant([0.5, 1.5, 2.5, -0.5]))":  # TF needs numpy behavior on (astype)
        "[ 0.  2.  2. -0.] float32",
    "tnp.subtract(b, b)":  # NumPy's TypeError (TF: the kernel's InvalidArgumentError)
        "error: TypeError: np.subtract has no loop for bool, bool: numpy boolean subtract, the "
        "`-` operator, is not supported, use the bitwise_xor, the `^` operator, or the "
        "logical_xor function instead.",
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
