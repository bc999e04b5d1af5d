"""Access to the C++ op registry: op handles by name, and eager execution.

Every op wrapper in kiln calls ``execute(OP, inputs, attrs)`` with a handle
looked up here once, at import, so a call does no string lookup.
"""

import operator
import types

from . import _core
from ._convert import convert_operand, convert_to_tensor
from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor

# What counts as a tensor operand: concrete or symbolic.
TENSOR_TYPES = (EagerTensor, SymbolicTensor)

_INDEX = {name: i for i, name in enumerate(_core.op_names())}
execute = _core.execute


def op(name):
    """The handle of registered op `name` (a KeyError here is a kiln bug)."""
    return _INDEX[name]


def is_op_family(value):
    """Whether `value` is an op family module (it declares NAMESPACES; docs/adding-ops.md):
    implementation whose ops kiln exports by name, not itself a name of kiln."""
    return isinstance(value, types.ModuleType) and hasattr(value, "NAMESPACES")


def registered_ops():
    """Names of all ops in the registry."""
    return list(_INDEX)


def binary_operands(x, y):
    """x and y as tensors; a non-tensor adopts the other operand's dtype (TF's rule)."""
    if isinstance(x, TENSOR_TYPES):
        if not isinstance(y, TENSOR_TYPES):
            y = convert_operand(y, dtype_hint=x.dtype)
    elif isinstance(y, TENSOR_TYPES):
        x = convert_operand(x, dtype_hint=y.dtype)
    else:
        x = convert_operand(x)
        y = convert_operand(y, dtype_hint=x.dtype)
    return x, y


def int_argument(value, what, op_name, tensor=False):
    """A Python int from an int, NumPy integer or integer scalar tensor (for attributes).
    tensor=True (an argument TF takes as a tensor): a symbolic tensor is returned as is,
    for the op to read when the graph runs."""
    if isinstance(value, SymbolicTensor):
        if tensor:
            return value
        value = static_argument(value, what, op_name)
    if isinstance(value, EagerTensor):
        if value.ndim != 0 or not value.dtype.is_integer:
            raise TypeError(f"[{op_name}] {what} must be an integer scalar, got a {value.dtype.name} "
                            f"tensor of shape {value.shape}.")
        return int(value)
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"[{op_name}] {what} must be an integer, got {value!r}.") from None


def static_argument(value, what, op_name):
    """The NumPy value of a symbolic tensor used where kiln needs a value while
    building (an axis, a shape): it must depend on constants only."""
    from ._static_value import get_static_value
    static = get_static_value(value)
    if static is None:
        raise TypeError(f"[{op_name}] {what} must be known when the graph is built, but "
                        f"{value.name} depends on a placeholder or a random op. Pass a Python "
                        f"value (or a tensor computed from constants only).")
    return static


def concrete(value, what, op_name):
    """`value`, or the static NumPy value of a symbolic tensor (see static_argument)."""
    if isinstance(value, SymbolicTensor):
        return static_argument(value, what, op_name)
    return value
