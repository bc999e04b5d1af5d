"""Shape functions of kiln's NumPy API (``kiln.experimental.numpy``):
reshape, transpose, expand_dims, squeeze, concatenate, stack, split,
atleast_Nd, shape/ndim/size, each a thin mapping onto kiln's shape ops
(shape_ops.py) with NumPy's signatures, axis rules and dtype promotion.
_tiling.py holds tile, repeat, flip, roll, broadcasting and pad;
_indexing_np.py take, where, nonzero, tril, diagonal and the like; both use
the helpers here.

``stack_nested`` is also how _arrays.asarray converts nested lists that hold
tensors (``tnp.asarray([t, 2 * t])``): the leaves take their common NumPy
result dtype and are stacked level by level.

Functions that only move data work on placeholders with a None first
dimension: ranks are read while building, unknown dimensions come from
kiln.shape when the graph runs (``dims``).
"""

import operator

import numpy as np

from .. import dtypes, shape_ops
from .._ops import TENSOR_TYPES
from ..cast_ops import cast
from . import _arrays
from ._arrays import axis_index, axis_tuple, no_out, rank

__all__ = ["reshape", "ravel", "flatten", "transpose", "swapaxes", "moveaxis", "expand_dims",
           "squeeze", "concatenate", "append", "stack", "vstack", "hstack", "dstack", "split",
           "hsplit", "vsplit", "dsplit", "atleast_1d", "atleast_2d", "atleast_3d", "shape",
           "ndim", "size"]


# ---- helpers shared with _tiling.py and _indexing_np.py ----

def dims(t, fn="shape"):
    """`t`'s dimensions: ints where known while building, else int32 scalar tensors
    read from kiln.shape when the graph runs."""
    static = t.shape.as_list() if rank(t, fn) else []
    if None not in static:
        return static
    dynamic = shape_ops.shape(t)
    return [d if d is not None else dynamic[i] for i, d in enumerate(static)]


def shape_value(ds):
    """A list of dims (ints and scalar tensors) as a shape argument for kiln's ops."""
    if all(isinstance(d, int) for d in ds):
        return tuple(ds)
    return shape_ops.stack([d if isinstance(d, TENSOR_TYPES) else np.int32(d) for d in ds])


def slice_axis(t, axis, start=None, stop=None, step=None):
    return t[(slice(None),) * axis + (slice(start, stop, step),)]


def _order(order, fn, allowed="CFA"):
    if order is None:
        return "C"
    if not isinstance(order, str) or order.upper() not in allowed:
        raise ValueError(f"{fn}: order must be one of {', '.join(repr(o) for o in allowed)}, "
                         f"got {order!r}.")
    # kiln tensors are C-contiguous, so 'A' and 'K' (follow the memory) read as 'C'.
    return "F" if order.upper() == "F" else "C"


# ---- nested lists holding tensors (_arrays.asarray) ----

def _leaves(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _leaves(item)
        else:
            yield item


def stack_nested(items, dtype=None):
    """Nested lists and tuples holding tensors as one tensor: every leaf is
    converted to the common NumPy result dtype of all leaves (or `dtype`),
    then each level is stacked along a new first axis."""
    common = _arrays.result_type(*_leaves(items)) if dtype is None else _arrays.numpy_dtype(dtype)
    return _stack_level(items, common)


def _stack_level(items, common):
    if not isinstance(items, (list, tuple)):
        return _arrays.asarray(items, common)
    if not items:
        return _arrays.asarray(np.zeros((0,), common))
    parts = [_stack_level(item, common) for item in items]
    shapes = {tuple(p.shape.as_list()) if p.shape.rank is not None else None for p in parts}
    if len(shapes) > 1 and None not in shapes and not _compatible(shapes):
        raise ValueError(f"asarray: a nested list holding tensors must be rectangular; its items "
                         f"at one level have shapes {sorted(shapes, key=str)}. Give every item "
                         f"the same shape (NumPy does not build ragged arrays either).")
    return shape_ops.stack(parts, axis=0)


def _compatible(shapes):
    shapes = list(shapes)
    first = shapes[0]
    return all(len(s) == len(first) and all(a is None or b is None or a == b
                                             for a, b in zip(s, first)) for s in shapes[1:])


# ---- reshaping ----

def reshape(a, newshape=None, order="C", *, shape=None, copy=None):
    """NumPy's reshape; the new shape comes as newshape (TF's tnp, NumPy 1) or shape= (NumPy 2).
    order='F' reads and writes the elements in Fortran order. Tensors are immutable, so
    copy= needs nothing done."""
    del copy
    if shape is not None and newshape is not None:
        raise TypeError("reshape: the new shape is given twice (newshape and shape=); pass "
                        "it once.")
    new = newshape if shape is None else shape
    if new is None:
        raise TypeError("reshape() needs the new shape: reshape(a, (rows, cols)).")
    a = _arrays.asarray(a)
    if _order(order, "reshape") == "F":
        if isinstance(new, TENSOR_TYPES):
            raise TypeError("reshape(..., order='F') needs the new shape as ints, not a tensor.")
        items = list(new) if isinstance(new, (list, tuple)) else [new]
        return transpose(shape_ops.reshape(transpose(a), items[::-1]))
    return shape_ops.reshape(a, new)


def ravel(a, order="C"):
    a = _arrays.asarray(a)
    if _order(order, "ravel", "CFAK") == "F":
        a = transpose(a)
    return shape_ops.reshape(a, [-1])


def flatten(a, order="C"):
    """``a.flatten()`` (tnp's function form): the elements as a 1-D tensor."""
    return ravel(a, order)


def transpose(a, axes=None):
    a = _arrays.asarray(a)
    n = rank(a, "transpose")
    if axes is None:
        return shape_ops.transpose(a, list(range(n))[::-1])
    perm = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    if len(perm) != n:
        raise ValueError(f"transpose: axes {axes!r} don't match an array of dimension {n}; "
                         f"give a permutation of all {n} axes.")
    return shape_ops.transpose(a, axis_tuple(perm, n, "transpose", "axes"))


def swapaxes(a, axis1, axis2):
    a = _arrays.asarray(a)
    n = rank(a, "swapaxes")
    i, j = axis_index(axis1, n, "swapaxes", "axis1"), axis_index(axis2, n, "swapaxes", "axis2")
    perm = list(range(n))
    perm[i], perm[j] = j, i
    return shape_ops.transpose(a, perm)


def moveaxis(a, source, destination):
    a = _arrays.asarray(a)
    n = rank(a, "moveaxis")
    src = axis_tuple(source, n, "moveaxis", "source")
    dst = axis_tuple(destination, n, "moveaxis", "destination")
    if len(src) != len(dst):
        raise ValueError("moveaxis: `source` and `destination` must have the same number of "
                         f"elements, got {source!r} and {destination!r}.")
    order = [i for i in range(n) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return shape_ops.transpose(a, order)


def expand_dims(a, axis):
    a = _arrays.asarray(a)
    n_axes = len(axis) if isinstance(axis, (list, tuple)) else 1
    for ax in sorted(axis_tuple(axis, rank(a, "expand_dims") + n_axes, "expand_dims")):
        a = shape_ops.expand_dims(a, ax)
    return a


def squeeze(a, axis=None):
    a = _arrays.asarray(a)
    if axis is None:
        return shape_ops.squeeze(a)
    axes = axis_tuple(axis, rank(a, "squeeze"), "squeeze")
    for ax in axes:
        d = a.shape.as_list()[ax]
        if d is not None and d != 1:
            raise ValueError(f"squeeze: cannot select axis {ax} to squeeze out, its size is {d}, "
                             f"not 1; name only axes of size 1.")
    return shape_ops.squeeze(a, axes) if axes else a


# ---- joining ----

def _joined(arrays, fn, dtype=None, casting="same_kind"):
    """`arrays` as tensors of NumPy's common dtype, or of `dtype` when `casting` allows it."""
    if isinstance(arrays, TENSOR_TYPES):
        arrays = shape_ops.unstack(arrays)  # NumPy iterates over an array's first axis
    arrays = list(arrays)
    if not arrays:
        raise ValueError(f"{fn}: need at least one array to join.")
    common = _arrays.result_type(*arrays)
    if dtype is not None:
        target = _arrays.numpy_dtype(dtype)
        if not np.can_cast(common, target, casting):
            raise TypeError(f"{fn}: cannot cast array data from {common} to {target} according "
                            f"to the rule {casting!r}; pass casting='unsafe' to allow it.")
        common = target
    return [_arrays.asarray(x, common) for x in arrays]


def concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    no_out(out, "concatenate")
    tensors = _joined(arrays, "concatenate", dtype, casting)
    if axis is None:
        return shape_ops.concat([shape_ops.reshape(t, [-1]) for t in tensors], 0)
    n = rank(tensors[0], "concatenate")
    if n == 0:
        raise ValueError("concatenate: zero-dimensional arrays cannot be concatenated; use "
                         "stack, or axis=None.")
    for t in tensors[1:]:
        if rank(t, "concatenate") != n:
            raise ValueError(f"concatenate: all the input arrays must have the same number of "
                             f"dimensions, got {n} and {t.shape.rank}.")
    return shape_ops.concat(tensors, axis_index(axis, n, "concatenate"))


def append(arr, values, axis=None):
    if axis is None:
        return concatenate([ravel(arr), ravel(values)], 0)
    return concatenate([arr, values], axis)


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    no_out(out, "stack")
    tensors = _joined(arrays, "stack", dtype, casting)
    shapes = {tuple(t.shape.as_list()) for t in tensors if t.shape.rank is not None}
    if len(shapes) > 1 and not _compatible(shapes):
        raise ValueError(f"stack: all input arrays must have the same shape, got "
                         f"{sorted(shapes, key=str)}.")
    n = rank(tensors[0], "stack")
    return shape_ops.stack(tensors, axis_index(axis, n + 1, "stack"))


def vstack(tup, *, dtype=None, casting="same_kind"):
    return concatenate(_at_least(2, _joined(tup, "vstack", dtype, casting)), 0)


def hstack(tup, *, dtype=None, casting="same_kind"):
    arrays = _at_least(1, _joined(tup, "hstack", dtype, casting))
    return concatenate(arrays, 0 if arrays[0].shape.rank == 1 else 1)


def dstack(tup):
    return concatenate(_at_least(3, _joined(tup, "dstack")), 2)


# Where a 0-, 1- or 2-D array's axes go in atleast_<n>d's result (NumPy's: a 1-D array
# becomes a row, (1, N) or (1, N, 1); a 2-D one (M, N, 1)).
_NEW_AXES = {1: {0: [0]}, 2: {0: [0, 1], 1: [0]}, 3: {0: [0, 1, 2], 1: [0, 2], 2: [2]}}


def _at_least(n, arrays):
    out = []
    for t in arrays:
        t = _arrays.asarray(t)
        for ax in _NEW_AXES[n].get(rank(t, f"atleast_{n}d"), []):
            t = shape_ops.expand_dims(t, ax)
        out.append(t)
    return out


def _one_or_tuple(out):
    return out[0] if len(out) == 1 else tuple(out)


def atleast_1d(*arys):
    return _one_or_tuple(_at_least(1, arys))


def atleast_2d(*arys):
    return _one_or_tuple(_at_least(2, arys))


def atleast_3d(*arys):
    return _one_or_tuple(_at_least(3, arys))


# ---- splitting ----

def split(ary, indices_or_sections, axis=0):
    """Equal pieces (an int) or pieces cut at the given indices, as NumPy: a list."""
    ary = _arrays.asarray(ary)
    axis = axis_index(axis, rank(ary, "split"), "split")
    if isinstance(indices_or_sections, (list, tuple, np.ndarray)) or (
            isinstance(indices_or_sections, TENSOR_TYPES) and indices_or_sections.shape.rank == 1):
        cuts = [operator.index(i) for i in np.asarray(indices_or_sections).tolist()]
        cuts = [None] + cuts + [None]
        return [slice_axis(ary, axis, start, stop) for start, stop in zip(cuts[:-1], cuts[1:])]
    sections = operator.index(indices_or_sections)
    if sections <= 0:
        raise ValueError(f"split: the number of sections must be larger than 0, got {sections}.")
    length = ary.shape.as_list()[axis]
    if length is not None and length % sections:
        raise ValueError(f"split: an axis of length {length} does not split into {sections} "
                         f"equal sections; give indices to cut at instead.")
    return shape_ops.split(ary, sections, axis)


def hsplit(ary, indices_or_sections):
    ary = _arrays.asarray(ary)
    if rank(ary, "hsplit") == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions.")
    return split(ary, indices_or_sections, 1 if ary.shape.rank > 1 else 0)


def vsplit(ary, indices_or_sections):
    ary = _arrays.asarray(ary)
    if rank(ary, "vsplit") < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions.")
    return split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    ary = _arrays.asarray(ary)
    if rank(ary, "dsplit") < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions.")
    return split(ary, indices_or_sections, 2)


# ---- shape queries ----

def shape(a):
    """The shape as a tuple, as NumPy: ints where known while the graph is built, int64
    scalar tensors for unknown dimensions (``n, d = np.shape(p)`` works on a placeholder with
    a None batch); a 1-D int64 tensor when even the rank is unknown."""
    a = _arrays.asarray(a)
    if a.shape.rank is None:
        return shape_ops.shape(a, dtypes.int64)
    return tuple(d if isinstance(d, int) else cast(d, dtypes.int64) for d in dims(a))


def ndim(a):
    a = _arrays.asarray(a)
    return a.shape.rank if a.shape.rank is not None else shape_ops.rank(a)


def size(a, axis=None):
    a = _arrays.asarray(a)
    if axis is not None:
        d = dims(a, "size")[axis_index(axis, rank(a, "size"), "size")]
        return d if isinstance(d, int) else cast(d, dtypes.int64)
    if a.shape.rank is not None and None not in a.shape.as_list():
        return int(np.prod(a.shape.as_list(), dtype=np.int64))
    return shape_ops.size(a, dtypes.int64)
