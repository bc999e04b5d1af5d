"""Elementwise binary math ops, comparisons, logical and bitwise ops, where
and clip_by_value.

Operands follow TF's dtype rules: tensors of different dtypes are an error (no
implicit promotion); a Python or NumPy scalar takes the dtype of the tensor it
meets. Broadcasting is NumPy's. The wrappers are kept tiny on purpose: a call
on small tensors is dominated by its Python overhead.
"""

from . import errors
from ._convert import convert_to_tensor
from ._ops import _INDEX, binary_operands, execute, op
from ._registry_names import export

# add, ..., where, clip_by_value: named by their registry rows (src/ops/binary_ops.cc),
# which give the two-input ops' wrappers too; add_n is no op of its own.
__all__, NAMESPACES = export("binary", globals())
__all__.append("add_n")
NAMESPACES["math"].append("add_n")


def add_n(inputs, name=None):
    """The elementwise sum of tensors of one shape and dtype (no broadcasting, as TF)."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a non-empty list of tensors of one shape and dtype.")
    first = convert_to_tensor(inputs[0])
    tensors = [first] + [convert_to_tensor(x, dtype_hint=first.dtype) for x in inputs[1:]]
    for t in tensors[1:]:
        if t.dtype != first.dtype or not t.shape.is_compatible_with(first.shape):
            raise errors.InvalidArgumentError(
                None, None, f"[add_n] inputs must have one shape and dtype (add_n does not "
                            f"broadcast): {first.dtype.name} {first.shape} and {t.dtype.name} "
                            f"{t.shape}. Use kiln.add to broadcast.")
    total = tensors[0]
    for t in tensors[1:]:
        total = add(total, t)
    return total if len(tensors) > 1 else execute(op("identity"), (total,), (), name)


def where(condition, x=None, y=None, name=None):
    """Elements of x where condition is True, else of y; all three broadcast.

    With only `condition`, returns the int64 coordinates of its True elements,
    shape (num_true, rank), as TF.
    """
    if x is None and y is None:
        return _where_indices(condition)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    x, y = binary_operands(x, y)
    return execute(_WHERE, (convert_to_tensor(condition), x, y), (), name)


def _where_indices(condition):
    handle = _INDEX.get("where_indices")  # another family's op: looked up when first needed
    if handle is None:
        raise errors.UnimplementedError(
            None, None, "kiln.where(condition) with neither x nor y needs the 'where_indices' op, "
            "which this build of kiln does not have yet. Pass x and y to select elements.")
    return execute(handle, (convert_to_tensor(condition),), ())


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips t to [clip_value_min, clip_value_max] elementwise.

    Computes maximum(minimum(t, clip_value_max), clip_value_min), as TF (so a
    lower bound above the upper one wins, and NaN stays NaN). The bounds may be
    scalars or broadcast to t's shape; they take t's dtype when they are Python
    numbers.
    """
    t = convert_to_tensor(t)
    return execute(_CLIP, (t, convert_to_tensor(clip_value_min, dtype_hint=t.dtype),
                           convert_to_tensor(clip_value_max, dtype_hint=t.dtype)), (), name)


_WHERE = op("where")
_CLIP = op("clip_by_value")
