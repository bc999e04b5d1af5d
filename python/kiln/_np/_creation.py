"""NumPy's array creation over kiln tensors: conversion (asarray, array,
copy), ranges (arange, linspace, logspace, geomspace), filled arrays (zeros,
ones, full, empty and their _like forms), matrices (eye, identity, tri, diag,
diagflat, vander) and grids (meshgrid, ix_).

Each maps onto kiln's creation, shape and linalg ops with NumPy's dtypes: a
Python int gives int64 and a float float64 (float32 under prefer_float32,
through _arrays.numpy_dtype(float)); np.arange(3) is int64, np.ones(3)
float64, np.linspace of int32 float64. kiln tensors are immutable, so
``copy=`` and memory ``order=`` arguments change nothing that can be seen:
they are accepted as NumPy spells them. ``empty`` gives zeros (NumPy leaves
the memory uninitialised, so any value is NumPy's answer).
"""

import operator

import numpy as np

from .. import creation_ops, linalg_diag_ops, linalg_ops, math_ops, reduction_ops, unary_ops
from .._array_ops import fill, ones_like as _ones_like, zeros_like as _zeros_like
from .._tensor_shape import TensorShape
from ..cast_ops import cast
from ..shape_ops import (broadcast_to, concat, expand_dims, identity as _identity, reshape,
                         reverse, shape as dynamic_shape, size as dynamic_size, stack, tile)
from . import _arrays
from ._arrays import cast_to as _to, numpy_dtype_of as _np_dtype, scalar as _const

__all__ = ["asarray", "array", "asanyarray", "ascontiguousarray", "copy", "arange", "linspace",
           "logspace", "geomspace", "zeros", "ones", "full", "empty", "eye", "identity", "tri",
           "zeros_like", "ones_like", "full_like", "empty_like", "diag", "diagflat", "meshgrid",
           "vander", "ix_", "diag_indices"]

_ORDERS = (None, "C", "F", "A", "K")


def _order(order, name):
    if order not in _ORDERS:
        raise ValueError(f"{name}: order must be one of 'C', 'F', 'A', 'K', got {order!r}.")


_float = _arrays.default_float


def _index(value, what, name):
    if isinstance(value, (bool, np.bool_)) or not hasattr(value, "__index__"):
        raise TypeError(f"{name}: {what} must be an int, got {value!r}.")
    return operator.index(value)


def _shape(shape):
    """A shape argument: int, sequence, TensorShape or integer tensor (passed to kiln's ops)."""
    if isinstance(shape, TensorShape):
        return shape
    if _arrays.is_tensor(shape) or isinstance(shape, (list, tuple, np.ndarray)):
        return shape
    return [_index(shape, "shape", "the shape")]


# --- conversion -----------------------------------------------------------------------------

def asarray(a, dtype=None):
    """`a` as a tensor (tensors pass through, cast when `dtype` differs); nested lists may
    hold tensors."""
    return _arrays.asarray(a, dtype)


asanyarray = asarray


def ascontiguousarray(a, dtype=None):
    """asarray with at least one dimension (NumPy's ascontiguousarray makes 0-d 1-d)."""
    return array(a, dtype=dtype, ndmin=1)


def array(val, dtype=None, copy=True, ndmin=0):  # noqa: A002 - NumPy's argument name
    """`val` as a tensor with at least `ndmin` dimensions (leading 1s are added)."""
    # tensors are immutable, so a copy and the original cannot be told apart; copy=False
    # still refuses a conversion, as NumPy 2 does
    if copy is False and not (_arrays.is_tensor(val) and (
            dtype is None or _arrays.numpy_dtype(dtype) == _np_dtype(_arrays.asarray(val)))):
        raise ValueError("array: Unable to avoid copy while creating an array as requested "
                         "(copy=False, but the value needs a conversion or cast). Pass "
                         "copy=None to copy only when needed.")
    t = _arrays.asarray(val, dtype)
    ndmin = _index(ndmin, "ndmin", "array")
    rank = t.shape.rank
    if rank is None and ndmin > 0:
        raise TypeError("array(..., ndmin=) needs the input's rank; set its shape "
                        "(kiln.ensure_shape) first.")
    for _ in range(ndmin - (rank or 0)):
        t = expand_dims(t, 0)
    return t


def copy(a, order="K", subok=False):
    """A copy of `a` (an identity op: tensors are immutable)."""
    del subok
    _order(order, "copy")
    return _identity(_arrays.asarray(a))


# --- ranges ---------------------------------------------------------------------------------

def _scalars_dtype(*values):
    """NumPy's dtype for arange's arguments, a Python float counting as float32 under
    prefer_float32 (unless a float64 array or tensor is among them)."""
    # NumPy's arange reads NumPy scalars and 0-d arrays as Python numbers of their kind
    values = [{"b": 0, "i": 0, "u": 0, "f": 0.0, "c": 0j}.get(v.dtype.kind, v)
              if isinstance(v, (np.generic, np.ndarray)) else v for v in values]
    dtype = _arrays.result_type(*values)
    if dtype == np.float64 and _arrays.prefer_float32() and not any(
            type(v) not in _arrays.WEAK_TYPES and _arrays.operand_dtype(v) == np.float64
            for v in values):
        return np.dtype(np.float32)
    return dtype


def arange(start, stop=None, step=1, dtype=None):
    """Values from `start` up to `stop` (excluded) by `step`; arange(3) is int64,
    arange(0., 1, .25) float64 (NumPy's dtype of the arguments)."""
    if stop is None:
        start, stop = 0, start
    if dtype is None:
        dtype = _scalars_dtype(start, stop, step)
    else:
        dtype = _arrays.numpy_dtype(dtype)
    if dtype.kind == "b":
        raise TypeError("arange: a bool range has no meaning in kiln (NumPy allows only "
                        "lengths 0-2); build it with tnp.array.")
    if not isinstance(step, (np.ndarray, np.generic)) and not _arrays.is_tensor(step) and step == 0:
        raise ValueError("arange: step must not be zero (it would never reach stop).")
    return creation_ops.range(start, stop, step, dtype=_arrays.kiln_dtype(dtype))


def _check_num(num, name):
    num = _index(num, "num", name)
    if num < 0:
        raise ValueError(f"{name}: Number of samples, {num}, must be non-negative; pass num >= 0.")
    return num


def _float_operands(start, stop, dtype):
    """start and stop as tensors of linspace's computation dtype, and the result dtype."""
    scalars = all(type(v) in _arrays.WEAK_TYPES for v in (start, stop))
    work = _float() if scalars else _arrays.result_type(start, stop, 1.0)
    target = work if dtype is None else _arrays.numpy_dtype(dtype)
    if target.kind == "c":
        work = target
    return _arrays.asarray(start, work), _arrays.asarray(stop, work), target


def _result_axis(start, stop, axis, name):
    rank = max(start.shape.rank, stop.shape.rank) + 1
    return _arrays.axis_index(_index(axis, "axis", name), rank, name)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` (included when `endpoint`), along
    `axis`; retstep=True also returns the spacing. Integer dtypes floor, as NumPy."""
    num = _check_num(num, "linspace")
    start, stop, target = _float_operands(start, stop, dtype)
    axis = _result_axis(start, stop, axis, "linspace")
    div = (num - 1) if endpoint else num
    if endpoint or num == 0:
        values = creation_ops.linspace(start, stop, num, axis=axis)
    else:  # the first num of num + 1 points up to stop
        values = creation_ops.linspace(start, stop, num + 1, axis=axis)
        values = values[(slice(None),) * axis + (slice(0, num),)]
    if target.kind in "iub":
        values = unary_ops.floor(values) if target.kind != "b" else values
    values = _to(values, target)
    if not retstep:
        return values
    delta = math_ops.subtract(stop, start)
    if div > 0:
        step = math_ops.divide(delta, _const(div, _np_dtype(delta)))
    else:  # NumPy's step is NaN when there is no spacing
        step = math_ops.multiply(delta, _const(np.nan, _np_dtype(delta)))
    return values, step


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """base ** linspace(start, stop, num): `num` values evenly spaced on a log scale."""
    exponents = linspace(start, stop, num, endpoint=endpoint, axis=axis)
    if _arrays.is_tensor(base) or (isinstance(base, np.ndarray) and base.ndim):
        if _arrays.asarray(base).shape.rank != 0:
            raise TypeError("logspace: kiln takes a scalar base; for an array of bases compute "
                            "tnp.power(base, tnp.linspace(start, stop, num, axis=...)).")
    bases, exponents = _arrays.operands(base, exponents)[0]
    values = math_ops.pow(bases, exponents)
    return values if dtype is None else _to(values, _arrays.numpy_dtype(dtype))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values in a geometric progression from `start` to `stop` (both exactly);
    both negative runs through the negatives. Values are not checked for zero (NumPy's
    ValueError needs them): a zero end gives NaN or inf. An integer dtype truncates, as
    NumPy's, so a value a rounding below an integer gives the integer below."""
    num = _check_num(num, "geomspace")
    # NumPy promotes with a 0-d array of `dtype` (float64 when None), which is not weak
    strong = _float() if dtype is None else _arrays.numpy_dtype(dtype)
    work = _arrays.result_type(start, stop, 1.0, strong.type)
    start, stop = _arrays.asarray(start, work), _arrays.asarray(stop, work)
    axis = _result_axis(start, stop, axis, "geomspace")
    sign = unary_ops.sign(start)
    # exp(linspace(ln |start|, ln |stop|)): NumPy's 10 ** linspace(log10 ...), with fewer roundings
    values = unary_ops.exp(creation_ops.linspace(
        unary_ops.log(math_ops.divide(start, sign)), unary_ops.log(math_ops.divide(stop, sign)),
        num + (not endpoint), axis=axis))
    position = reshape(creation_ops.range(0, num + (not endpoint), 1),
                       [-1] + [1] * (values.shape.rank - axis - 1))
    # the ends exactly (10 ** log10(x) is not always x), as NumPy sets them
    values = math_ops.where(math_ops.equal(position, 0), expand_dims(math_ops.divide(
        start, sign), axis), values)
    if endpoint and num > 1:
        values = math_ops.where(math_ops.equal(position, num - 1), expand_dims(math_ops.divide(
            stop, sign), axis), values)
    if not endpoint:
        values = values[(slice(None),) * axis + (slice(0, num),)]
    values = math_ops.multiply(values, expand_dims(sign, axis))
    return values if dtype is None else _to(values, _arrays.numpy_dtype(dtype))


# --- filled arrays --------------------------------------------------------------------------

def _dtype_or_float(dtype):
    return _float() if dtype is None else _arrays.numpy_dtype(dtype)


def zeros(shape, dtype=float, order="C"):
    """Zeros of `shape` (float64 by default)."""
    _order(order, "zeros")
    return fill(_shape(shape), _const(0, _dtype_or_float(dtype)))


def ones(shape, dtype=float, order="C"):
    """Ones of `shape` (float64 by default)."""
    _order(order, "ones")
    return fill(_shape(shape), _const(1, _dtype_or_float(dtype)))


def empty(shape, dtype=float, order="C"):
    """An array of `shape`; kiln fills it with zeros (NumPy leaves it uninitialised)."""
    return zeros(shape, dtype, order)


def full(shape, fill_value, dtype=None, order="C"):
    """`shape` filled with `fill_value` (an array value broadcasts); its dtype by default."""
    _order(order, "full")
    value = _arrays.asarray(fill_value, dtype)
    if value.shape.rank == 0:
        return fill(_shape(shape), value)
    return broadcast_to(value, _shape(shape))


def _like(a, dtype, shape, name):
    t = _arrays.asarray(a)
    target = _np_dtype(t) if dtype is None else _arrays.numpy_dtype(dtype)
    return t, target, (dynamic_shape(t) if not t.shape.is_fully_defined() else
                       t.shape.as_list()) if shape is None else _shape(shape)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    """An array like `a` (its shape and dtype unless given) filled with `fill_value`
    (cast to that dtype, as NumPy's unsafe cast: 2.7 fills an int32 array with 2)."""
    del subok
    _order(order, "full_like")
    _, target, dims = _like(a, dtype, shape, "full_like")
    value = _to(_arrays.asarray(fill_value), target)
    if value.shape.rank == 0:
        return fill(dims, value)
    return broadcast_to(value, dims)


def zeros_like(a, dtype=None, order="K", subok=True, shape=None):
    """Zeros like `a` (its shape and dtype unless given)."""
    del subok
    _order(order, "zeros_like")
    t, target, dims = _like(a, dtype, shape, "zeros_like")
    if shape is None:
        return _zeros_like(t, dtype=_arrays.kiln_dtype(target))
    return fill(dims, _const(0, target))


def ones_like(a, dtype=None, order="K", subok=True, shape=None):
    """Ones like `a` (its shape and dtype unless given)."""
    del subok
    _order(order, "ones_like")
    t, target, dims = _like(a, dtype, shape, "ones_like")
    if shape is None:
        return _ones_like(t, dtype=_arrays.kiln_dtype(target))
    return fill(dims, _const(1, target))


def empty_like(a, dtype=None, order="K", subok=True, shape=None):
    """Like zeros_like (NumPy leaves the memory uninitialised)."""
    return zeros_like(a, dtype, order, subok, shape)


# --- matrices -------------------------------------------------------------------------------

def eye(N, M=None, k=0, dtype=float, order="C"):  # noqa: N803 - NumPy's argument names
    """An N x M matrix with ones on diagonal k (above the main one for k > 0)."""
    _order(order, "eye")
    n = _index(N, "N", "eye")
    m = n if M is None else _index(M, "M", "eye")
    k = _index(k, "k", "eye")
    kdtype = _arrays.kiln_dtype(_dtype_or_float(dtype))
    if k == 0:
        return linalg_ops.eye(n, m, dtype=kdtype)
    length = min(n, m - k) if k >= 0 else min(n + k, m)
    if length <= 0:
        return fill([n, m], _const(0, _dtype_or_float(dtype)))
    return linalg_diag_ops.diag(fill([length], _const(1, _dtype_or_float(dtype))), k=k,
                                num_rows=n, num_cols=m)


def identity(n, dtype=float):
    """The n x n identity matrix."""
    return eye(n, dtype=dtype)


def diag_indices(n, ndim=2):
    """The indices of the main diagonal of an n x ... x n array: `ndim` int64 ranges."""
    n, ndim = _index(n, "n", "diag_indices"), _index(ndim, "ndim", "diag_indices")
    index = creation_ops.range(0, n, 1, dtype=_arrays.kiln_dtype(np.int64))
    return (index,) * ndim


def tri(N, M=None, k=0, dtype=float):  # noqa: N803
    """An N x M matrix with ones at and below diagonal k (element (i, j) is 1 when j <= i + k)."""
    n = _index(N, "N", "tri")
    m = n if M is None else _index(M, "M", "tri")
    k = _index(k, "k", "tri")
    rows = reshape(creation_ops.range(0, n, 1, dtype=_arrays.kiln_dtype(np.int64)), [n, 1])
    cols = creation_ops.range(0, m, 1, dtype=_arrays.kiln_dtype(np.int64))
    below = math_ops.less_equal(cols, math_ops.add(rows, _const(k, np.int64)))
    return _to(below, _dtype_or_float(dtype))


def diag(v, k=0):
    """1-D `v`: a square matrix with `v` on diagonal k; 2-D `v`: its k-th diagonal."""
    t = _arrays.asarray(v)
    k = _index(k, "k", "diag")
    rank = t.shape.rank
    if rank == 1:
        return linalg_diag_ops.diag(t, k=k)
    if rank == 2:
        rows, cols = t.shape.as_list()
        if (rows is not None and k <= -rows) or (cols is not None and k >= cols):
            return reshape(t, [-1])[0:0]  # NumPy's empty diagonal
        return linalg_ops.diag_part(t, k=k)
    raise ValueError(f"diag: input must be 1- or 2-d, got shape {t.shape}; use "
                     f"kiln.linalg.diag / diag_part for batches.")


def diagflat(v, k=0):
    """A square matrix with the flattened `v` on diagonal k."""
    return diag(reshape(_arrays.asarray(v), [-1]), k)


def vander(x, N=None, increasing=False):  # noqa: N803
    """The Vandermonde matrix of 1-D `x`: columns x**(N-1), ..., x**0 (reversed when
    `increasing`), as NumPy's running product; dtype promote_types(x.dtype, int)."""
    t = _arrays.asarray(x)
    if t.shape.rank != 1:
        raise ValueError(f"vander: x must be a one-dimensional array or sequence, got shape "
                         f"{t.shape}.")
    length = t.shape.as_list()[0]
    if N is None:
        if length is None:
            raise TypeError("vander needs N when the length of x is unknown; pass N=.")
        N = length  # noqa: N806
    n = _index(N, "N", "vander")
    t = _to(t, np.promote_types(_np_dtype(t), np.int64))
    column = expand_dims(t, 1)
    columns = [_ones_like(column)]
    if n > 1:
        columns.append(reduction_ops.cumprod(tile(column, [1, n - 1]), axis=1))
    result = concat(columns, 1)[:, :n]
    return result if increasing else reverse(result, [1])


# --- grids ----------------------------------------------------------------------------------

def _sizes(tensors):
    """The lengths of 1-D tensors: Python ints when all are known, else a 1-D tensor."""
    known = [t.shape.num_elements() for t in tensors]
    if None not in known:
        return known
    return stack([cast(dynamic_size(t), _arrays.kiln_dtype(np.int32)) for t in tensors])


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):  # noqa: A002
    """Coordinate arrays from 1-D coordinate vectors (each keeps its dtype);
    indexing 'xy' (Cartesian: first two axes swapped) or 'ij' (matrix)."""
    del copy
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}.")
    flat = [reshape(_arrays.asarray(x), [-1]) for x in xi]
    ndim = len(flat)
    order = list(range(ndim))
    if indexing == "xy" and ndim > 1:
        order[0], order[1] = 1, 0
    outputs = []
    for i, x in enumerate(flat):
        dims = [1] * ndim
        dims[order[i]] = -1
        outputs.append(reshape(x, dims))
    if not sparse and ndim > 1:
        sizes = _sizes([flat[order.index(axis)] for axis in range(ndim)])
        outputs = [broadcast_to(out, sizes) for out in outputs]
    return tuple(outputs)


def ix_(*args):
    """Open-mesh index arrays: the k-th 1-D sequence reshaped to lie along axis k
    (a bool sequence becomes the indices of its True elements)."""
    outputs = []
    for k, seq in enumerate(args):
        t = _arrays.asarray(seq)
        if t.shape.rank != 1:
            raise ValueError(f"ix_: Cross index must be 1 dimensional, got shape {t.shape}.")
        if t.dtype.is_bool:
            t = reshape(math_ops.where(t), [-1])
        elif not t.dtype.is_integer:
            if t.shape.num_elements() == 0:  # NumPy's empty sequence is an index array
                t = _to(t, np.dtype(np.int64))
            else:
                raise ValueError(f"ix_: index arrays must be integer or bool, got "
                                 f"{t.dtype.name}.")
        outputs.append(reshape(t, [1] * k + [-1] + [1] * (len(args) - k - 1)))
    return tuple(outputs)
