"""``kiln.debugging``: run-time checks, as ``tf.debugging``."""

from . import errors as _errors
from ._convert import convert_to_tensor as _convert_to_tensor
from ._eager_tensor import EagerTensor as _EagerTensor
from ._numpy_function import _format, host_effect as _host_effect
from ._symbolic_tensor import SymbolicTensor as _SymbolicTensor

__all__ = ["Assert", "check_numerics"]


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """Raises InvalidArgumentError ("assertion failed: [data...]") when `condition` (a
    bool scalar) is false: now, eagerly; when the returned operation runs, in a graph
    (in a kiln.function: on every call)."""
    condition = _convert_to_tensor(condition)
    if condition.dtype.name != "bool" or condition.shape.rank not in (0, None):
        raise _errors.InvalidArgumentError(
            None, None, f"[Assert] condition must be a bool scalar, got a {condition.dtype.name} "
                        f"tensor of shape {condition.shape}.")
    data = list(data)
    tensors = [condition] + [d for d in data if isinstance(d, (_EagerTensor, _SymbolicTensor))]
    shown = summarize if summarize is not None else 3

    def check(ok, *values):
        if bool(ok):
            return []
        it = iter(values)
        parts = [_format(next(it), shown) if isinstance(d, (_EagerTensor, _SymbolicTensor)) else str(d)
                 for d in data]
        raise _errors.InvalidArgumentError(None, None, f"assertion failed: [{'] ['.join(parts)}]")

    return _host_effect(check, tensors, "Assert", name)


def check_numerics(tensor, message, name=None):
    """`tensor` unchanged, after checking that it holds no Inf or NaN; else
    InvalidArgumentError "<message> : Tensor had Inf values" (or NaN), as TF's.
    Floating tensors only. In a graph, the check runs each time the result is computed."""
    import numpy as np

    from ._numpy_function import numpy_function
    tensor = _convert_to_tensor(tensor)
    if not tensor.dtype.is_floating:
        raise TypeError(f"check_numerics takes a floating tensor, got {tensor.dtype.name}.")

    def check(values):
        values = np.asarray(values, dtype=np.float64) if values.dtype.kind == "V" else values
        if np.isnan(values).any():
            raise _errors.InvalidArgumentError(None, None, f"{message} : Tensor had NaN values")
        if np.isinf(values).any():
            raise _errors.InvalidArgumentError(None, None, f"{message} : Tensor had Inf values")
        return values

    if isinstance(tensor, _EagerTensor):
        check(np.asarray(tensor))
        return tensor
    out = numpy_function(lambda v: np.asarray(check(v), dtype=v.dtype), [tensor], tensor.dtype,
                         name=name)
    out.set_shape(tensor.shape)
    return out
