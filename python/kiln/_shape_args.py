"""Shape-like arguments given by tensors, as TF takes them.

TF's shapes, axes, sizes, perms, paddings and slice bounds are tensor inputs;
kiln's ops take them as attributes (no tensor to build on the eager path).
In graphs and traced functions a wrapper may pass a symbolic integer tensor
instead of a Python value: the C++ graph reads what is known of it while
building (``tf.zeros([tf.shape(x)[0], 3])`` has the static shape (None, 3))
and the plan reads its value each run (src/ops/tensor_attrs.h).

A list that mixes Python ints and scalar tensors is packed into one tensor,
as TF packs it: int32, or int64 when an element is int64 or does not fit.
"""

from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor

_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1


def symbolic_arg(value):
    """`value` as one symbolic tensor when it is one, or a (nested) list or tuple holding
    one; None otherwise (the caller reads a Python value)."""
    if isinstance(value, SymbolicTensor):
        return value
    if isinstance(value, (list, tuple)) and _holds_symbolic(value):
        return _pack(value, _pack_dtype(value))
    return None


def _holds_symbolic(items):
    for v in items:
        if isinstance(v, SymbolicTensor) or (isinstance(v, (list, tuple)) and _holds_symbolic(v)):
            return True
    return False


def _pack_dtype(items):
    from . import dtypes
    wide = False
    for v in items:
        if isinstance(v, (list, tuple)):
            wide = wide or _pack_dtype(v) == dtypes.int64
        elif isinstance(v, (SymbolicTensor, EagerTensor)):
            wide = wide or v.dtype == dtypes.int64
        else:
            try:
                wide = wide or not _INT32_MIN <= int(v) <= _INT32_MAX
            except (TypeError, ValueError):
                pass  # stack names the bad element
    return dtypes.int64 if wide else dtypes.int32


def _pack(items, dtype):
    from .cast_ops import cast
    from ._convert import convert_to_tensor
    from .shape_ops import stack
    parts = []
    for v in items:
        if isinstance(v, (list, tuple)):
            parts.append(_pack(v, dtype))
        elif isinstance(v, (SymbolicTensor, EagerTensor)):
            parts.append(v if v.dtype == dtype or not v.dtype.is_integer else cast(v, dtype))
        else:
            parts.append(convert_to_tensor(v, dtype=dtype))
    return stack(parts)
