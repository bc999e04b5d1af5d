"""Shape functions of kiln's NumPy API that repeat, reverse, roll, broadcast
or pad elements: tile, repeat, flip, fliplr, flipud, rot90, roll,
broadcast_to, broadcast_arrays, pad. Thin mappings onto kiln's shape ops
with NumPy's signatures and axis rules (the helpers are _shape.py's);
reshaping, joining and splitting are in _shape.py.
"""

import operator

import numpy as np

from .. import dtypes, shape_ops
from .._ops import TENSOR_TYPES
from .._symbolic_tensor import SymbolicTensor
from ..cast_ops import cast
from ..creation_ops import range as _range
from ..index_ops import gather
from ..reduction_ops import cumsum, reduce_sum
from ..search_ops import searchsorted
from . import _arrays
from ._arrays import axis_index, axis_tuple, rank
from ._shape import dims, shape_value

__all__ = ["tile", "repeat", "flip", "fliplr", "flipud", "rot90", "roll", "broadcast_to",
           "broadcast_arrays", "pad"]


# ---- repeating, reversing, rolling ----

def tile(A, reps):  # noqa: N803 - NumPy's argument name
    A = _arrays.asarray(A)  # noqa: N806
    reps = tuple(reps) if isinstance(reps, (list, tuple)) else (operator.index(reps),)
    n = rank(A, "tile")
    for _ in range(len(reps) - n):
        A = shape_ops.expand_dims(A, 0)  # noqa: N806
    return shape_ops.tile(A, (1,) * (n - len(reps)) + reps)


def repeat(a, repeats, axis=None):
    """Each element repeated `repeats` times (an int, or one count per element along `axis`)."""
    a = _arrays.asarray(a)
    if axis is None:
        a, axis = shape_ops.reshape(a, [-1]), 0
    n = rank(a, "repeat")
    axis = axis_index(axis, n, "repeat")
    if not isinstance(repeats, SymbolicTensor):
        counts = np.asarray(repeats)
        if counts.dtype.kind not in "iub":
            raise TypeError(f"repeat: repeats must be integers, got {counts.dtype}.")
        if (counts < 0).any():
            raise ValueError("repeat: negative repeat counts are not allowed.")
        if counts.size == 1:
            return _repeat_each(a, int(counts.reshape(())), axis)
        length = a.shape.as_list()[axis]
        if counts.ndim != 1 or (length is not None and counts.size != length):
            raise ValueError(f"repeat: {counts.size} repeat counts for an axis of length "
                             f"{length}; give one count per element, or a single count.")
    counts = cast(_arrays.asarray(repeats), dtypes.int64)
    ends = cumsum(counts)
    # element i of the output reads the input element whose run of copies holds i
    index = searchsorted(ends, _range(reduce_sum(counts), dtype=dtypes.int64), side="right",
                         out_type=dtypes.int64)
    return gather(a, index, axis=axis)


def _repeat_each(a, count, axis):
    ds = dims(a, "repeat")
    tiled = shape_ops.tile(shape_ops.expand_dims(a, axis + 1),
                           [1] * (axis + 1) + [count] + [1] * (len(ds) - axis - 1))
    return shape_ops.reshape(tiled, shape_value(ds[:axis] + [ds[axis] * count] + ds[axis + 1:]))


def flip(m, axis=None):
    m = _arrays.asarray(m)
    n = rank(m, "flip")
    axes = tuple(range(n)) if axis is None else axis_tuple(axis, n, "flip")
    return shape_ops.reverse(m, axes) if axes else m


def fliplr(m):
    m = _arrays.asarray(m)
    if rank(m, "fliplr") < 2:
        raise ValueError("fliplr: input must be >= 2-d.")
    return shape_ops.reverse(m, [1])


def flipud(m):
    m = _arrays.asarray(m)
    if rank(m, "flipud") < 1:
        raise ValueError("flipud: input must be >= 1-d.")
    return shape_ops.reverse(m, [0])


def rot90(m, k=1, axes=(0, 1)):
    m = _arrays.asarray(m)
    n = rank(m, "rot90")
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError(f"rot90: len(axes) must be 2, got axes={axes!r}.")
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == n:
        raise ValueError(f"rot90: axes must be different, got axes={axes!r}.")
    a0, a1 = (axis_index(x, n, "rot90", "axes") for x in axes)
    k = operator.index(k) % 4
    if k == 0:
        return m
    if k == 2:
        return shape_ops.reverse(m, [a0, a1])
    perm = list(range(n))
    perm[a0], perm[a1] = a1, a0
    if k == 1:
        return shape_ops.transpose(shape_ops.reverse(m, [a1]), perm)
    return shape_ops.reverse(shape_ops.transpose(m, perm), [a1])


def roll(a, shift, axis=None):
    a = _arrays.asarray(a)
    if axis is None:
        flat = roll(shape_ops.reshape(a, [-1]), shift, 0)
        return shape_ops.reshape(flat, shape_value(dims(a, "roll")))
    n = rank(a, "roll")
    if isinstance(shift, TENSOR_TYPES) and not isinstance(axis, (list, tuple)):
        return shape_ops.roll(a, shift, axis_index(axis, n, "roll"))
    try:
        shifts, axes = np.broadcast_arrays(np.asarray(shift), np.asarray(axis))
    except ValueError:
        raise ValueError(f"roll: shift {shift!r} and axis {axis!r} must broadcast together; give "
                         f"one shift per axis or one for all.") from None
    axes = [axis_index(x, n, "roll") for x in axes.reshape(-1).tolist()]
    return shape_ops.roll(a, [operator.index(s) for s in shifts.reshape(-1).tolist()], axes)


# ---- broadcasting, padding ----

def broadcast_to(array, shape, subok=False):
    del subok  # kiln has no ndarray subclasses to keep
    shape = (shape,) if isinstance(shape, int) else shape
    return shape_ops.broadcast_to(_arrays.asarray(array), shape)


def broadcast_arrays(*args, subok=False):
    del subok
    tensors = [_arrays.asarray(a) for a in args]
    n = max((rank(t, "broadcast_arrays") for t in tensors), default=0)
    target = []
    for i in range(n):  # aligned from the right, as NumPy broadcasts
        known, unknown = set(), None
        for t in tensors:
            j = i - (n - t.shape.rank)
            if j < 0:
                continue
            d = t.shape.as_list()[j]
            if d is None:
                unknown = unknown if unknown is not None else dims(t)[j]
            elif d != 1:
                known.add(d)
        if len(known) > 1:
            raise ValueError(f"broadcast_arrays: shape mismatch: the shapes "
                             f"{[tuple(t.shape.as_list()) for t in tensors]} do not broadcast "
                             f"together (axis {i - n} has sizes {sorted(known)}).")
        target.append(known.pop() if known else unknown if unknown is not None else 1)
    shape = shape_value(target)
    return tuple(t if t.shape.as_list() == target else shape_ops.broadcast_to(t, shape)
                 for t in tensors)


_PAD_MODES = {"constant": "CONSTANT", "reflect": "REFLECT", "symmetric": "SYMMETRIC"}


def pad(array, pad_width, mode="constant", **kwargs):
    """NumPy's pad for modes 'constant' (constant_values: a scalar, or per-axis pairs),
    'reflect' and 'symmetric' (reflect_type='even')."""
    array = _arrays.asarray(array)
    n = rank(array, "pad")
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: kiln supports mode 'constant', 'reflect' and 'symmetric', got "
                         f"{mode!r}.")
    allowed = {"constant": ("constant_values",)}.get(mode, ("reflect_type",))
    for key in kwargs:
        if key not in allowed:
            raise ValueError(f"pad: unsupported keyword argument {key!r} for mode {mode!r}.")
    if kwargs.get("reflect_type", "even") != "even":
        raise ValueError("pad: kiln supports reflect_type='even' only.")
    widths = np.asarray(pad_width)
    if widths.dtype.kind not in "iu":
        raise TypeError(f"pad: pad_width must be integers, got {pad_width!r}.")
    if (widths < 0).any():
        raise ValueError(f"pad: pad_width can't contain negative values, got {pad_width!r}.")
    widths = np.broadcast_to(widths, (n, 2)).tolist()
    value = kwargs.get("constant_values", 0)
    if mode != "constant":
        return shape_ops.pad(array, widths, _PAD_MODES[mode])
    np_dtype = array.dtype.as_numpy_dtype
    if isinstance(value, TENSOR_TYPES) or np.ndim(value) == 0:
        return shape_ops.pad(array, widths, constant_values=_arrays.asarray(value, np_dtype))
    values = np.broadcast_to(np.asarray(value), (n, 2))
    # NumPy pads one axis after another, so a later axis's value fills the corners.
    for ax in range(n):
        for side in (0, 1):
            if widths[ax][side]:
                pair = [[0, 0] for _ in range(n)]
                pair[ax][side] = widths[ax][side]
                array = shape_ops.pad(array, pair, constant_values=_arrays.asarray(
                    values[ax][side], np_dtype))
    return array
