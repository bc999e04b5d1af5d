"""kiln.experimental.numpy's reductions as TF programs call tf.experimental.numpy's:
NumPy's result dtypes (integer sums int64, integer means float64), axis and
keepdims, ddof, weights, and the errors. TF's results:
docs/tf-reference/numpy_api_reductions.json (docs/tf-reference/probe_numpy_api.py
reductions); test_numpy_api_reductions_tf.py compares. Statements run in order in
one namespace (tape_cases.evaluate_all)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "x = tf.constant([[1.5, -2.25, 0.5], [3.0, 0.0, -0.75]])",
    "i = tf.constant([[1, -2, 3], [4, 0, -6]])",
    "i64 = tf.constant([7, 8, 9], tf.int64)",
    "b = tf.constant([[True, False, True], [False, False, True]])",
    "h = tf.constant([1.0, 2.5, -0.5], tf.float16)",
    "n = tf.constant([1.0, float('nan'), 3.0])",
    "tnp.sum(x)", "tnp.sum(x, axis=0)", "tnp.sum(x, axis=-1, keepdims=True)", "tnp.sum(i)",
    "tnp.sum(i, axis=1)", "tnp.sum(b)", "tnp.sum(b, axis=0)", "tnp.sum(i64)", "tnp.sum(h)",
    "tnp.sum(i, dtype=np.float32)", "tnp.sum(x, axis=(0, 1))",
    "tnp.prod(x, axis=1)", "tnp.prod(i)", "tnp.prod(b, axis=1)",
    "tnp.mean(x)", "tnp.mean(x, axis=0)", "tnp.mean(i)", "tnp.mean(i, axis=1, keepdims=True)",
    "tnp.mean(b)", "tnp.mean(h)", "tnp.mean(i, dtype=np.float32)",
    "tnp.var(x)", "tnp.var(x, axis=1)", "tnp.var(i)", "tnp.var(x, ddof=1)",
    "tnp.var(i, axis=0, ddof=1)", "tnp.std(x)", "tnp.std(i, axis=1)", "tnp.std(x, axis=0, keepdims=True)",
    "tnp.max(x)", "tnp.max(i, axis=0)", "tnp.amax(x, axis=1, keepdims=True)", "tnp.min(i)",
    "tnp.amin(x, axis=0)", "tnp.max(b, axis=1)", "tnp.max(n)",
    "tnp.argmax(x)", "tnp.argmax(i, axis=1)", "tnp.argmin(x, axis=0)", "tnp.argmin(i)",
    "tnp.argmax(n)",
    "tnp.cumsum(i)", "tnp.cumsum(x, axis=1)", "tnp.cumsum(b, axis=0)", "tnp.cumprod(x, axis=0)",
    "tnp.cumprod(i)", "tnp.cumsum(i, dtype=np.float64)",
    "tnp.all(b)", "tnp.all(i, axis=0)", "tnp.any(x, axis=1)", "tnp.any(b, axis=0, keepdims=True)",
    "tnp.count_nonzero(i)", "tnp.count_nonzero(x, axis=0)",
    "tnp.average(x)", "tnp.average(i, axis=0)",
    "tnp.average(x, axis=1, weights=tf.constant([1.0, 2.0, 3.0]))",
    "tnp.average(x, axis=0, weights=tf.constant([1.0, 3.0]), returned=True)",
    "tnp.average(i, weights=tf.constant([[1, 2, 3], [4, 5, 6]]))",
    "tnp.ptp(x)", "tnp.ptp(i, axis=1)",
    "tnp.nansum(n)", "tnp.nanprod(n)", "tnp.nanmean(n)", "tnp.nansum(i, axis=0)",
    "tnp.diff(i)", "tnp.diff(x, axis=0)", "tnp.diff(i, n=2)", "tnp.diff(b)",
    # errors
    "tnp.sum(x, axis=2)", "tnp.mean(x, axis=-3)", "tnp.max(x, axis=5)",
    "tnp.sum(x, axis=(0, 0))", "tnp.argmax(tf.zeros([0]))", "tnp.max(tf.zeros([0, 3]))",
    "tnp.min(tf.zeros([2, 0]), axis=1)", "tnp.diff(tf.constant(3.0))",
    "tnp.average(x, axis=1, weights=tf.constant([1.0, 2.0]))",
]


# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    # A bad axis: kiln's AxisError is NumPy's np.exceptions.AxisError (a ValueError) and
    # also a kiln.errors.InvalidArgumentError, TF's class for it (TF: the kernel's error).
    "tnp.sum(x, axis=2)": "error: AxisError: sum: axis 2 is out of bounds for array of "
                          "dimension 2; use an axis in [-2, 2).",
    "tnp.mean(x, axis=-3)": "error: AxisError: mean: axis -3 is out of bounds for array of "
                            "dimension 2; use an axis in [-2, 2).",
    "tnp.max(x, axis=5)": "error: AxisError: max: axis 5 is out of bounds for array of "
                          "dimension 2; use an axis in [-2, 2).",
    "tnp.sum(x, axis=(0, 0))":  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        "error: ValueError: sum: duplicate value in 'axis' ((0, 0)); name each axis once.",
    "tnp.argmax(tf.zeros([0]))":  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        "error: ValueError: attempt to get argmax of an empty sequence; argmax needs at least "
        "one element.",
    "tnp.max(tf.zeros([0, 3]))":  # NumPy raises; TF gives -inf
        "error: ValueError: zero-size array to reduction operation maximum which has no "
        "identity: max over an empty axis has no value. Pass initial= (the value an empty max "
        "gives) or reduce a non-empty axis.",
    "tnp.min(tf.zeros([2, 0]), axis=1)":  # NumPy raises; TF gives [inf inf]
        "error: ValueError: zero-size array to reduction operation minimum which has no "
        "identity: min over an empty axis has no value. Pass initial= (the value an empty min "
        "gives) or reduce a non-empty axis.",
    "tnp.diff(tf.constant(3.0))":  # NumPy's ValueError (TF: an IndexError from its Python code)
        "error: ValueError: diff requires input that is at least one dimensional; reshape it "
        "to 1-D first.",
    "tnp.var(x, ddof=1)": "3.291667 float32",  # TF fails to build its ddof correction
    "tnp.var(i, axis=0, ddof=1)": "[ 4.5  2.  40.5] float64",
    "tnp.argmax(n)": "1 int64",  # NumPy: the first NaN is the largest (TF skips NaN)
    "tnp.cumsum(b, axis=0)": "[[1 0 1]\n [1 0 2]] int64",  # TF's kernel refuses bool
    "tnp.average(i, axis=0)": "[ 2.5 -1.  -1.5] float64",  # TF needs numpy behavior on
    "tnp.nansum(i, axis=0)": "[ 5 -2 -3] int64",  # TF needs numpy behavior on
    "tnp.average(x, axis=1, weights=tf.constant([1.0, 2.0]))":  # NumPy's ValueError (TF: MatMul's)
        "error: ValueError: average: the length of weights (2) differs from a's axis 1 (3); "
        "pass one weight per element along that axis.",
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
