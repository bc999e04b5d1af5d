"""Math ops. Operands follow TF's dtype rules: tensors of different dtypes are
an error (no implicit promotion); a Python or NumPy scalar takes the dtype of
the tensor it meets."""

from . import _core
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor


def _binary_operands(x, y):
    """Converts x and y to tensors; a non-tensor adopts the other operand's dtype."""
    if isinstance(x, EagerTensor):
        if not isinstance(y, EagerTensor):
            y = convert_to_tensor(y, dtype_hint=x.dtype)
    elif isinstance(y, EagerTensor):
        x = convert_to_tensor(x, dtype_hint=y.dtype)
    else:
        x = convert_to_tensor(x)
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    return x, y


def add(x, y, name=None):
    """x + y elementwise, with NumPy broadcasting. Both must have the same dtype."""
    del name
    x, y = _binary_operands(x, y)
    return _core.add(x, y)
