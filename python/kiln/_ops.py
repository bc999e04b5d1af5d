"""Access to the C++ op registry: op handles by name, and eager execution.

Every op wrapper in kiln calls ``execute(OP, inputs, attrs)`` with a handle
looked up here once, at import, so a call does no string lookup.
"""

from . import _core
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor

_INDEX = {name: i for i, name in enumerate(_core.op_names())}
execute = _core.execute


def op(name):
    """The handle of registered op `name` (a KeyError here is a kiln bug)."""
    return _INDEX[name]


def registered_ops():
    """Names of all ops in the registry."""
    return list(_INDEX)


def binary_operands(x, y):
    """x and y as tensors; a non-tensor adopts the other operand's dtype (TF's rule)."""
    if isinstance(x, EagerTensor):
        if not isinstance(y, EagerTensor):
            y = convert_to_tensor(y, dtype_hint=x.dtype)
    elif isinstance(y, EagerTensor):
        x = convert_to_tensor(x, dtype_hint=y.dtype)
    else:
        x = convert_to_tensor(x)
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    return x, y
