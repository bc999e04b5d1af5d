"""NumPy's basic indexing for EagerTensor: ``t[1:, ..., kiln.newaxis, -1]``.

An index is encoded as TF encodes it for ``strided_slice`` (begin, end,
strides and five bit masks, one bit per index entry) and runs as that op,
so the result is a view of the tensor's memory, never a copy. Advanced
indexing (lists, arrays, boolean masks) is not basic indexing: it raises a
TypeError that names the op to use instead (kiln.gather, kiln.boolean_mask).
"""

import operator

from . import _core
from ._ops import execute, op
from ._shape_args import symbolic_arg
from ._symbolic_tensor import SymbolicTensor

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_EagerTensor = _core.EagerTensor
_tape_depth = _core._tape_depth


def _advanced(item):
    return TypeError(
        f"Only NumPy basic indexing is supported on kiln tensors: integers, slices (start:stop:"
        f"step), ... and kiln.newaxis, or integer scalar tensors; got {type(item).__name__} "
        f"{item!r}. To select by a list or tensor of indices use kiln.gather; to select by a "
        f"boolean mask use kiln.boolean_mask.")


def _integer(item, what):
    """An int from a Python or NumPy integer or an integer scalar tensor, clamped to int64."""
    if type(item) is int and _INT64_MIN <= item <= _INT64_MAX:  # the common case, fast
        return item
    if isinstance(item, SymbolicTensor):  # read when the graph runs (TF packs the bounds)
        if item.shape.rank not in (0, None) or not item.dtype.is_integer:
            raise _advanced(item)
        return item
    dtype = getattr(item, "dtype", None)
    if isinstance(item, bool) or getattr(dtype, "is_bool", False) or getattr(dtype, "kind", "") == "b":
        raise _advanced(item)  # NumPy reads a bool as a mask, not as 0 or 1
    if isinstance(item, _EagerTensor) and item.ndim != 0:
        raise _advanced(item)
    try:
        value = operator.index(item)
    except TypeError:
        if isinstance(item, _EagerTensor):
            raise  # its own message: only integer tensors can be indices
        if what == "index":
            raise _advanced(item) from None
        raise TypeError(f"A slice {what} must be an integer (or None), got "
                        f"{type(item).__name__} {item!r}.") from None
    return min(max(value, _INT64_MIN), _INT64_MAX)  # beyond int64 is out of range anyway


def strided_slice_args(key):
    """(begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)."""
    if not isinstance(key, tuple):
        key = (key,)
    begin, end, strides = [], [], []
    begin_mask = end_mask = ellipsis_mask = new_axis_mask = shrink_mask = 0
    bit = 1
    symbolic = False
    for item in key:
        b, e, s = 0, 0, 1
        if isinstance(item, slice):
            if item.step is not None:
                s = _integer(item.step, "step")
                if s == 0:
                    raise ValueError("slice step cannot be zero.")
            if item.start is None:
                begin_mask |= bit
            else:
                b = _integer(item.start, "start")
            if item.stop is None:
                end_mask |= bit
            else:
                e = _integer(item.stop, "stop")
        elif item is Ellipsis:
            ellipsis_mask |= bit
        elif item is None:
            new_axis_mask |= bit
        else:
            b = e = _integer(item, "index")  # a shrunk axis reads begin only
            shrink_mask |= bit
        begin.append(b)
        end.append(e)
        strides.append(s)
        symbolic = symbolic or type(b) is not int or type(e) is not int or type(s) is not int
        bit <<= 1
    if symbolic:  # bounds read when the graph runs: each list packed into one tensor
        begin, end, strides = (v if p is None else p for v, p in (
            (v, symbolic_arg(v)) for v in (begin, end, strides)))
    return (begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask)


def getitem(tensor, key):
    """``tensor[key]`` with NumPy's basic indexing; a view of the tensor's memory."""
    if type(key) is int and type(tensor) is _EagerTensor and tensor.ndim and not _tape_depth():
        # t[i] on an eager tensor, the most common index: skip the slice spec
        # (not while a gradient tape records: the op must go through execute)
        n = tensor._shape_tuple[0]
        if -n <= key < n:
            return tensor._index(key)
    return execute(_STRIDED_SLICE, (tensor,), strided_slice_args(key), "strided_slice")  # TF's node name


_STRIDED_SLICE = op("strided_slice")
