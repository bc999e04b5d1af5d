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
    if isinstance(value, (list, tuple)) and holds_symbolic(value):
        return _pack(value, _pack_dtype(value))
    return None


def holds_symbolic(items):
    """Whether a (nested) list or tuple holds a symbolic tensor or a variable
    (whose value, in a graph, is a node: such a list is packed, not converted
    as a constant)."""
    for v in items:
        if (isinstance(v, SymbolicTensor) or getattr(type(v), "_kiln_tensor_like", False)
                or (isinstance(v, (list, tuple)) and holds_symbolic(v))):
            return True
    return False


def pack(items, dtype=None):
    """A (nested) list holding tensors as one tensor, as TF packs it: of `dtype`, or else
    of the first tensor's dtype (Python values are converted to it)."""
    from . import dtypes as _dtypes
    return _pack(items, _dtypes.as_dtype(dtype) if dtype is not None else _first_dtype(items),
                 cast_ints=False)


def _first_dtype(items):
    for v in items:
        if isinstance(v, (SymbolicTensor, EagerTensor)) or getattr(type(v), "_kiln_tensor_like", False):
            return v.dtype
        if isinstance(v, (list, tuple)):
            found = _first_dtype(v)
            if found is not None:
                return found
    return None


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


def _pack(items, dtype, cast_ints=True):
    """cast_ints: shape arguments mix int32 and int64 (TF's shapes do)."""
    from .cast_ops import cast
    from ._convert import convert_to_tensor
    from .shape_ops import stack
    parts = []
    for v in items:
        if isinstance(v, (list, tuple)):
            parts.append(_pack(v, dtype, cast_ints))
        elif isinstance(v, (SymbolicTensor, EagerTensor)):
            mixed_ints = cast_ints and v.dtype != dtype and v.dtype.is_integer
            parts.append(cast(v, dtype) if mixed_ints else convert_to_tensor(v, dtype=dtype))
        else:
            parts.append(convert_to_tensor(v, dtype=dtype))
    return stack(parts)
