"""Indexing functions of kiln's NumPy API (``kiln.experimental.numpy``):
take, take_along_axis, where, nonzero, select, compress, tril, triu,
diagonal. Thin mappings onto kiln's gather, where, boolean_mask and
diag_part, with NumPy's index rules: negative indices count from the end
(kiln's gather takes them in range only), and take's mode='wrap'/'clip'
bring indices into range before the gather.
"""

import numpy as np

from .. import dtypes, math_ops, shape_ops
from .._ops import TENSOR_TYPES
from ..cast_ops import cast
from ..creation_ops import range as _range
from ..index_ops import boolean_mask, gather
from ..linalg_ops import diag_part
from . import _arrays
from ._arrays import axis_index, rank
from ._shape import dims, ravel, shape_value, slice_axis, transpose, no_out

__all__ = ["take", "take_along_axis", "where", "nonzero", "select", "compress", "tril", "triu",
           "diagonal"]


def _indices(indices, fn):
    idx = _arrays.asarray(indices)
    if idx.dtype.is_bool:
        return cast(idx, dtypes.int64)
    if not idx.dtype.is_integer:
        raise TypeError(f"{fn}: indices must be integers, got {idx.dtype.name}; cast them "
                        f"first (tnp.asarray(indices, 'int64')).")
    return idx


def _like(value, t):
    """An axis length (int or int32 scalar tensor) in `t`'s dtype."""
    if isinstance(value, TENSOR_TYPES):
        return cast(value, t.dtype)
    return _arrays.asarray(np.asarray(value, t.dtype.as_numpy_dtype))


def _from_end(idx, length):
    """Negative indices counted from the end of an axis of `length`, as NumPy's."""
    return math_ops.where(idx < 0, idx + _like(length, idx), idx)


def take(a, indices, axis=None, out=None, mode="raise"):
    """a's elements (axis=None: of the flattened a) at `indices` along `axis`. mode='raise'
    lets kiln's gather check the range; 'wrap' and 'clip' bring indices into it first."""
    no_out(out, "take")
    a = _arrays.asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = axis_index(axis, rank(a, "take"), "take")
    idx = _indices(indices, "take")
    length = dims(a, "take")[axis]
    if mode == "raise":
        idx = _from_end(idx, length)
    elif mode == "wrap":
        idx = math_ops.floormod(idx, _like(length, idx))
    elif mode == "clip":
        idx = math_ops.minimum(math_ops.maximum(idx, _like(0, idx)), _like(length, idx) - 1)
    else:
        raise ValueError(f"take: mode must be 'raise', 'wrap' or 'clip', got {mode!r}.")
    return gather(a, idx, axis=axis)


def take_along_axis(arr, indices, axis=-1):
    """arr's elements at `indices` along `axis`, the other axes matched (broadcast) with
    indices': a batched gather along the axis moved last."""
    arr = _arrays.asarray(arr)
    idx = _indices(indices, "take_along_axis")
    if axis is None:
        arr, axis = ravel(arr), 0
    n = rank(arr, "take_along_axis")
    if rank(idx, "take_along_axis") != n:
        raise ValueError(f"take_along_axis: `indices` and `arr` must have the same number of "
                         f"dimensions, got {idx.shape.rank} and {n}.")
    axis = axis_index(axis, n, "take_along_axis")
    idx = _from_end(idx, dims(arr, "take_along_axis")[axis])
    arr, idx = _broadcast_but(arr, idx, axis)
    perm = [i for i in range(n) if i != axis] + [axis]
    picked = gather(transpose(arr, perm), transpose(idx, perm), axis=n - 1, batch_dims=n - 1)
    return transpose(picked, np.argsort(perm).tolist())


def _broadcast_but(arr, idx, axis):
    """arr and idx broadcast to each other on every axis but `axis` (sizes known while
    building; an unknown size is taken to match)."""
    a_dims, i_dims = arr.shape.as_list(), idx.shape.as_list()
    a_target, i_target = list(dims(arr)), list(dims(idx))
    for i, (da, di) in enumerate(zip(a_dims, i_dims)):
        if i == axis or da is None or di is None or da == di:
            continue
        if 1 not in (da, di):
            raise ValueError(f"take_along_axis: shape mismatch: arr {tuple(a_dims)} and indices "
                             f"{tuple(i_dims)} do not broadcast on axis {i}.")
        a_target[i] = i_target[i] = max(da, di)
    if a_target != list(dims(arr)):
        arr = shape_ops.broadcast_to(arr, shape_value(a_target))
    if i_target != list(dims(idx)):
        idx = shape_ops.broadcast_to(idx, shape_value(i_target))
    return arr, idx


def _truth(condition):
    c = _arrays.asarray(condition)
    return c if c.dtype.is_bool else cast(c, dtypes.bool)


def where(condition, x=None, y=None):
    """x where condition else y, in their common NumPy dtype; where(condition) is nonzero."""
    if x is None and y is None:
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("where: either both or neither of x and y should be given.")
    (x, y), _ = _arrays.operands(x, y)
    return math_ops.where(_truth(condition), x, y)


def nonzero(a):
    """The indices of a's non-zero elements, one int64 tensor per axis."""
    a = _arrays.asarray(a)
    n = rank(a, "nonzero")
    if n == 0:
        raise ValueError("nonzero: calling nonzero on 0-d arrays is not allowed; use "
                         "nonzero(atleast_1d(x)).")
    coords = math_ops.where(_truth(a))
    return tuple(coords[:, i] for i in range(n))


def select(condlist, choicelist, default=0):
    condlist, choicelist = list(condlist), list(choicelist)
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: list of cases must be same length as list of conditions, got "
                         f"{len(choicelist)} and {len(condlist)}.")
    if not condlist:
        raise ValueError("select with an empty condition list is not possible.")
    *choices, result = _arrays.operands(*choicelist, default)[0]
    for i, cond in enumerate(condlist):
        if not _arrays.asarray(cond).dtype.is_bool:
            raise TypeError(f"select: invalid entry {i} in condlist: should be a boolean array; "
                            f"compare first (x > 0).")
    for cond, choice in zip(condlist[::-1], choices[::-1]):
        result = math_ops.where(_arrays.asarray(cond), choice, result)
    return result


def compress(condition, a, axis=None, out=None):
    """The slices of `a` along `axis` (None: of the flattened a) where condition is true."""
    no_out(out, "compress")
    a = _arrays.asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = axis_index(axis, rank(a, "compress"), "compress")
    cond = _truth(condition)
    if rank(cond, "compress") != 1:
        raise ValueError(f"compress: condition must be a 1-d array, got shape {cond.shape}.")
    c, d = cond.shape.as_list()[0], a.shape.as_list()[axis]
    if c is not None and d is not None and c != d:
        if c > d:
            raise IndexError(f"compress: condition has {c} entries but axis {axis} has only {d}; "
                             f"give one entry per element.")
        a = slice_axis(a, axis, 0, c)  # NumPy: a shorter condition drops the rest
    return boolean_mask(a, cond, axis=axis)


def _triangle(m, k, fn, keep):
    m = _arrays.asarray(m)
    n = rank(m, fn)
    if n == 0:
        raise ValueError(f"{fn}: input must be at least 1-d.")
    ds = dims(m, fn)
    rows, cols = (ds[-2], ds[-1]) if n >= 2 else (ds[-1], ds[-1])  # a 1-D m is a row, repeated
    offset = shape_ops.expand_dims(_range(cols), 0) - shape_ops.expand_dims(_range(rows), 1)
    mask = keep(offset, _arrays.asarray(np.int32(k)))
    return math_ops.where(mask, m, _arrays.asarray(np.zeros((), m.dtype.as_numpy_dtype)))


def tril(m, k=0):
    """m with the elements above the k-th diagonal zeroed."""
    return _triangle(m, k, "tril", math_ops.less_equal)


def triu(m, k=0):
    """m with the elements below the k-th diagonal zeroed."""
    return _triangle(m, k, "triu", math_ops.greater_equal)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The offset-th diagonal of the matrices on axes (axis1, axis2), as the last axis."""
    a = _arrays.asarray(a)
    n = rank(a, "diagonal")
    if n < 2:
        raise ValueError("diagonal: the array must have at least two dimensions.")
    i, j = axis_index(axis1, n, "diagonal", "axis1"), axis_index(axis2, n, "diagonal", "axis2")
    if i == j:
        raise ValueError("diagonal: axis1 and axis2 cannot be the same.")
    t = transpose(a, [x for x in range(n) if x not in (i, j)] + [i, j])
    rows, cols = t.shape.as_list()[-2:]
    if rows is not None and cols is not None and not -rows < offset < cols:
        # no such diagonal: NumPy's empty result (kiln's diag_part refuses the offset)
        return shape_ops.reshape(t[..., :0, :0], shape_value(dims(t)[:-2] + [0]))
    return diag_part(t, k=int(offset))
