"""NumPy behaviour (experimental_enable_numpy_behavior) as TF programs use it:
the ndarray methods tensors gain, NumPy's promotion of operators, NumPy-style
indexing, and prefer_float32. TF's results: docs/tf-reference/numpy_api_behavior.json
(docs/tf-reference/probe_numpy_api.py behavior, in a process of its own: TF's
switch cannot be turned off); test_numpy_api_behavior_tf.py compares. kiln's
switch is process-wide too, so evaluate_all turns it off again for the other
tests. Statements run in order in one namespace (tape_cases.evaluate_all)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "x = tf.constant([[1.5, 2.5]])",
    "i = tf.constant([1, 2])",
    "methods = ['T', 'astype', 'clip', 'data', 'flatten', 'max', 'mean', 'min', 'ravel', "
    "'reshape', 'size', 'tolist', 'transpose']",
    "[m for m in methods if hasattr(x, m)]",
    "tnp.experimental_enable_numpy_behavior()",
    "[m for m in methods if hasattr(x, m)]",
    "i + tf.constant([1, 2], tf.int64)", "x + tf.constant([1.0, 2.0], tf.float64)", "i + 1.5",
    "x + 1.5", "i * 2", "x + np.array([1.0, 2.0])", "np.array([1.0, 2.0]) + x",
    "np.array([1, 2]) + i", "i / 2", "i // 2", "i < 1.5", "tnp.sin(i)",
    "tnp.round(tf.constant([0.5, 1.5, 2.5, -0.5]))",
    "x.reshape(2, 1)", "x.reshape((2, 1))", "x.reshape(-1)", "x.T", "x.transpose()",
    "x.astype('int32')", "x.astype(np.float64)", "x.tolist()", "x.ravel()", "x.flatten()",
    "x.mean()", "x.max()", "x.min()", "x.clip(0, 2)", "x.size", "x.ndim", "x.data", "+x",
    "round(tf.constant(2.5))", "x[tf.constant(0)]", "i[[1, 0]]", "i[np.array([1, 1, 0])]",
    "tnp.asarray([1, 2])", "tnp.asarray(1.5)", "tnp.ones(3)",
    "tnp.experimental_enable_numpy_behavior(prefer_float32=True)",
    "tnp.asarray(1.5)", "tnp.ones(2)", "tnp.add(i, 1.5)", "tnp.arange(3.0)",
    "tnp.experimental_enable_numpy_behavior(prefer_float32=False)",
    "tnp.asarray(1.5)",
]

# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    "x.size": "2",  # ndarray.size is a Python int (TF: np.int64)
}


def evaluate_all(tf):
    try:
        return _evaluate_all(tf, CASES)
    finally:
        if tf.__name__ == "kiln":  # kiln's switch, unlike TF's, can be turned off again
            from kiln._np import _arrays, _behavior
            _behavior._turn_off()
            _arrays.set_prefer_float32(False)
