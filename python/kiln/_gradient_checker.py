"""kiln.test.compute_gradient: the theoretical Jacobian (kiln's gradients,
one backprop per output element) beside the numerical one (central
differences), as TF's tf.test.compute_gradient returns them."""

import numpy as np

from . import _tape
from ._convert import convert_to_tensor


def _flat_numpy(value):
    return np.asarray(value).reshape(-1)


def _check_dtype(dtype, what):
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError(f"Cannot compute gradient for unsupported type {dtype.name} of {what}; "
                         f"use a floating-point tensor.")
    if dtype.is_complex:
        raise NotImplementedError("kiln does not differentiate complex tensors yet.")


def compute_gradient(f, x, delta=None):
    """(theoretical, numerical): per argument, a 2-D array of y_size rows and
    x_size columns, dy/dx from kiln's gradients and from central differences
    with step `delta` (default 1/1024, as TF)."""
    if not isinstance(x, (list, tuple)):
        raise ValueError("`x` must be a list or tuple of values convertible to a Tensor "
                         f"(the arguments of f), got {type(x).__name__}.")
    delta = 1.0 / 1024 if delta is None else delta
    xs = [convert_to_tensor(v) for v in x]
    for i, v in enumerate(xs):
        _check_dtype(v.dtype, f"argument {i}")
    with _tape.GradientTape(persistent=True) as tape:
        for v in xs:
            tape.watch(v)
        y = convert_to_tensor(f(*xs))
    _check_dtype(y.dtype, "y")
    y_size = int(np.prod(y.shape.as_list(), dtype=np.int64))
    y_np_dtype = y.dtype.as_numpy_dtype
    theoretical = [np.zeros((y_size, int(np.prod(v.shape.as_list(), dtype=np.int64))),
                            dtype=v.dtype.as_numpy_dtype) for v in xs]
    for row in range(y_size):
        seed = np.zeros(y_size, dtype=y_np_dtype)
        seed[row] = 1
        grads = tape.gradient(y, xs, output_gradients=seed.reshape(y.shape.as_list()),
                              unconnected_gradients=_tape.UnconnectedGradients.ZERO)
        for i, g in enumerate(grads):
            theoretical[i][row, :] = _flat_numpy(g)
    values = [np.array(v.numpy()) for v in xs]
    numerical = []
    for i, v in enumerate(values):
        jac = np.zeros((y_size, v.size), dtype=v.dtype)
        flat = v.reshape(-1)
        for col in range(v.size):
            original = flat[col]
            flat[col] = original + delta
            y_pos = _flat_numpy(f(*[convert_to_tensor(a) for a in values]))
            flat[col] = original - delta
            y_neg = _flat_numpy(f(*[convert_to_tensor(a) for a in values]))
            flat[col] = original
            jac[:, col] = (y_pos.astype(np.float64) - y_neg) / (2 * delta)
        numerical.append(jac)
    return tuple(theoretical), tuple(numerical)


def max_error(theoretical, numerical):
    """The largest absolute difference between two lists of Jacobians."""
    error = 0.0
    for t, n in zip(theoretical, numerical):
        if t.size:
            error = max(error, float(np.max(np.abs(np.asarray(t, np.float64) - n))))
    return error
