"""Python protocols of tensors (formatting, type tests): expressions whose
repr() TF gives in docs/tf-reference/tensor_protocol.json (recorded by
docs/tf-reference/probe_tensor_protocol.py); tests/python/test_tensor_protocol.py
evaluates them with kiln. Each sees `tf` and, in GRAPH_CASES, `x`: a float32
placeholder of unknown shape in a graph being built."""

EAGER_CASES = [
    "f'{tf.constant(3.14159):.2f}'",
    "f'{tf.constant(3.14159)}'",
    "'{}'.format(tf.constant([1, 2]))",
    "format(tf.constant([1.5, 2.25]), '')",
    "f'{tf.constant([1.0]):.2f}'",
    "f'{tf.constant(7):>4}'",
    "tf.is_tensor(tf.constant(1))",
    "tf.is_tensor(1.0)",
    "tf.is_tensor([tf.constant(1)])",
    "tf.is_symbolic_tensor(tf.constant(1))",
]

GRAPH_CASES = [
    "f'{x}'",
    "str(tf.multiply(x, 2.0))",
    "tf.is_symbolic_tensor(x)",
    "tf.is_tensor(x)",
]


def evaluate(tf, expression, x=None):
    """repr() of the expression's value, or "error: <class name>"."""
    try:
        return repr(eval(expression, {"tf": tf, "x": x}))  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"
