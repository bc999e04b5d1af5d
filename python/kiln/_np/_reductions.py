"""NumPy's reductions and scans over kiln tensors: sum, prod, mean, std, var,
max/min (amax/amin), argmax/argmin, cumsum/cumprod, all/any, count_nonzero,
average, ptp, the nan* forms and diff.

Each is kiln's reduction op (reduction_ops.py) with NumPy's dtype rules put
around it: integer and bool sums and products promote to int64 (uint64 for
unsigned), as NumPy's add.reduce does on Linux; means, variances and
averages of integers are float64; float16 stays float16; argmax is int64.
``axis=None`` reduces (or, for scans and argmax, flattens) everything; axes
are checked against the rank when it is known, with NumPy's AxisError.
"""

import operator

import numpy as np

from .. import errors, math_ops, reduction_ops, unary_ops
from .._array_ops import ones_like
from ..cast_ops import cast
from ..index_ops import gather
from ..shape_ops import broadcast_to, concat, expand_dims, reshape, shape as dynamic_shape
from . import _arrays
from ._arrays import AxisError, cast_to as _to, numpy_dtype_of as _np_dtype, scalar as _const

__all__ = ["sum", "prod", "mean", "std", "var", "max", "amax", "min", "amin", "argmax", "argmin",
           "cumsum", "cumprod", "all", "any", "count_nonzero", "average", "ptp", "nansum",
           "nanmean", "nanprod", "diff"]

_INT64, _UINT64, _FLOAT64 = np.dtype(np.int64), np.dtype(np.uint64), np.dtype(np.float64)
_builtin_any, _builtin_max = any, max  # shadowed below by NumPy's names


def _rank(x):
    return x.shape.rank


def _normalize_axis(axis, rank, name):
    """One axis as a non-negative int (as given when the rank is unknown); a 0-d array
    takes axis 0 or -1 as itself, as NumPy's reductions do."""
    if isinstance(axis, (bool, np.bool_)) or not hasattr(axis, "__index__"):
        raise TypeError(f"{name}: axis must be an int or a tuple of ints, got {axis!r}.")
    axis = operator.index(axis)
    if rank is None:
        return axis
    if rank == 0:
        return _arrays.axis_index(axis, 1, name) if axis in (0, -1) else _arrays.axis_index(
            axis, 0, name)
    return _arrays.axis_index(axis, rank, name)


def _axes(axis, rank, name):
    """`axis` (None, int or tuple of ints) as a tuple of distinct axes, or None for all."""
    if axis is None:
        return None
    items = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    axes = tuple(_normalize_axis(a, rank, name) for a in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{name}: duplicate value in 'axis' ({axis!r}); name each axis once.")
    if rank == 0:  # a 0-d array's axis 0 / -1 is the array itself
        return ()
    return axes


def _check_keywords(name, out=None, where=True):
    _arrays.no_out(out, name)
    if where is not True:
        raise TypeError(f"{name}(..., where=mask) is not supported on kiln tensors; select the "
                        f"elements first (e.g. tnp.where(mask, x, identity)) and reduce those.")


def _accumulator(x, dtype):
    """NumPy's dtype for sum/prod/cumsum/cumprod: `dtype`, else small ints and bool to
    the platform int (int64) or uint64."""
    if dtype is not None:
        return _arrays.numpy_dtype(dtype)
    dt = _np_dtype(x)
    if dt.kind == "b" or (dt.kind == "i" and dt.itemsize < 8):
        return _INT64
    if dt.kind == "u" and dt.itemsize < 8:
        return _UINT64
    return dt


def _inexact(x, dtype):
    """NumPy's dtype for mean/var/std: `dtype`, else float64 for integers and bools."""
    if dtype is not None:
        return _arrays.numpy_dtype(dtype)
    dt = _np_dtype(x)
    return dt if dt.kind in "fc" or dt.name == "bfloat16" else _FLOAT64


def _keep(keepdims):
    return bool(keepdims) if keepdims is not None else False


def _reduce(fn, x, axis, keepdims, name):
    axes = _axes(axis, _rank(x), name)
    return fn(x, axis=None if axes is None else list(axes), keepdims=_keep(keepdims))


def _reduced_size_is_zero(x, axes):
    """True when the reduced axes are statically known to hold no element."""
    if x.shape.rank is None:
        return False
    dims = x.shape.as_list()
    picked = range(len(dims)) if axes is None else axes
    return _builtin_any(dims[a] == 0 for a in picked)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):  # noqa: A001
    """Sum over `axis` with NumPy's accumulator dtype (int32 and bool give int64)."""
    _check_keywords("sum", out, where)
    x = _arrays.asarray(a)
    target = _accumulator(x, dtype)
    x = _to(x, target)
    fn = reduction_ops.reduce_any if target.kind == "b" else reduction_ops.reduce_sum
    result = _reduce(fn, x, axis, keepdims, "sum")
    return result if initial is None else math_ops.add(result, _const(initial, result))


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Product over `axis` with NumPy's accumulator dtype (int32 and bool give int64)."""
    _check_keywords("prod", out, where)
    x = _arrays.asarray(a)
    target = _accumulator(x, dtype)
    x = _to(x, target)
    fn = reduction_ops.reduce_all if target.kind == "b" else reduction_ops.reduce_prod
    result = _reduce(fn, x, axis, keepdims, "prod")
    return result if initial is None else math_ops.multiply(result, _const(initial, result))


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean over `axis`; integers give float64, float16 stays float16."""
    _check_keywords("mean", out, where)
    x = _arrays.asarray(a)
    return _reduce(reduction_ops.reduce_mean, _to(x, _inexact(x, dtype)), axis, keepdims, "mean")


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=None,
        correction=None):
    """Variance over `axis`, divided by N - ddof (NumPy's ddof; correction= is its alias)."""
    _check_keywords("var", out, where)
    if mean is not None:
        raise TypeError("var(..., mean=) is not supported on kiln tensors; kiln computes the "
                        "mean itself (leave mean= out).")
    if correction is not None:
        if ddof != 0:
            raise ValueError("var: ddof and correction are the same setting; pass only one.")
        ddof = correction
    x = _arrays.asarray(a)
    target = _inexact(x, dtype)
    x = _to(x, target)
    # float16 is computed in float32 and rounded to float16 once, at the end
    work = _to(x, np.dtype(np.float32)) if target == np.float16 else x
    axes = _axes(axis, _rank(x), "var")
    reduce_axes = None if axes is None else list(axes)
    result = reduction_ops.reduce_variance(work, axis=reduce_axes, keepdims=_keep(keepdims))
    if ddof != 0:
        # the population variance * n / max(n - ddof, 0), n the elements per result
        count = _count(work, axes, result)
        denominator = math_ops.maximum(math_ops.subtract(count, _const(ddof, result)),
                                       _const(0, result))
        result = math_ops.divide(math_ops.multiply(result, count), denominator)
    return _to(result, target)


def _count(x, axes, like):
    """The number of elements of `x` each reduction over `axes` takes, as a scalar of
    `like`'s dtype; from the static shape when it is known, else from kiln.shape(x)."""
    dims = x.shape.as_list() if x.shape.rank is not None else None
    if dims is not None:
        picked = [dims[a] for a in (range(len(dims)) if axes is None else axes)]
        if None not in picked:
            n = 1
            for d in picked:
                n *= d
            return _const(n, like)
    sizes = dynamic_shape(x)
    if axes is not None:
        if dims is None:
            raise TypeError("the rank of the input is unknown, so the axes' sizes cannot be "
                            "read; set its shape (kiln.ensure_shape) first.")
        sizes = gather(sizes, list(axes))
    return cast(reduction_ops.reduce_prod(sizes), like.dtype)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=None,
        correction=None):
    """Standard deviation over `axis`: the square root of var (same ddof)."""
    variance = var(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims, where=where,
                   mean=mean, correction=correction)
    return unary_ops.sqrt(variance)


def _extremum(kind, a, axis, out, keepdims, initial, where):
    name = "max" if kind == "maximum" else "min"
    _check_keywords(name, out, where)
    x = _arrays.asarray(a)
    axes = _axes(axis, _rank(x), name)
    if initial is None and _reduced_size_is_zero(x, axes):
        raise ValueError(f"zero-size array to reduction operation {kind} which has no identity: "
                         f"{name} over an empty axis has no value. Pass initial= (the value an "
                         f"empty {name} gives) or reduce a non-empty axis.")
    if x.dtype.is_bool:  # kiln's reduce_max/min take numbers; on bools they are any/all
        fn = reduction_ops.reduce_any if kind == "maximum" else reduction_ops.reduce_all
    else:
        fn = reduction_ops.reduce_max if kind == "maximum" else reduction_ops.reduce_min
    result = fn(x, axis=None if axes is None else list(axes), keepdims=_keep(keepdims))
    if initial is None:
        return result
    combine = math_ops.maximum if kind == "maximum" else math_ops.minimum
    return combine(result, _const(initial, result))


def max(a, axis=None, out=None, keepdims=False, initial=None, where=True):  # noqa: A001
    """Largest element over `axis` (NaN propagates); an empty axis raises ValueError
    unless initial= gives the value."""
    return _extremum("maximum", a, axis, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=True):  # noqa: A001
    """Smallest element over `axis` (NaN propagates); see max."""
    return _extremum("minimum", a, axis, out, keepdims, initial, where)


amax, amin = max, min


def _flat(x):
    return reshape(x, [-1])


def _arg(kind, a, axis, out, keepdims):
    name = "argmax" if kind == reduction_ops.argmax else "argmin"
    _check_keywords(name, out)
    x = _arrays.asarray(a)
    rank = _rank(x)
    if axis is None:
        if _reduced_size_is_zero(x, None):
            raise ValueError(f"attempt to get {name} of an empty sequence; {name} needs at "
                             f"least one element.")
        result = kind(_flat(x), axis=0)
        if keepdims:
            if rank is None:
                raise TypeError(f"{name}(..., axis=None, keepdims=True) needs the input's rank; "
                                f"set its shape (kiln.ensure_shape) first.")
            result = reshape(result, [1] * rank)
        return result
    (axis,) = _axes(axis, rank, name) or (0,)
    if rank == 0:
        raise AxisError(f"{name}: axis {axis} is out of bounds for array of dimension 0; use "
                        f"axis=None.")
    if _reduced_size_is_zero(x, (axis,)):
        raise ValueError(f"attempt to get {name} of an empty sequence: axis {axis} is empty.")
    result = kind(x, axis=axis)
    return expand_dims(result, axis) if keepdims else result


def argmax(a, axis=None, out=None, *, keepdims=False):
    """Index (int64) of the first largest element along `axis`; axis=None flattens first."""
    return _arg(reduction_ops.argmax, a, axis, out, keepdims)


def argmin(a, axis=None, out=None, *, keepdims=False):
    """Index (int64) of the first smallest element along `axis`; axis=None flattens first."""
    return _arg(reduction_ops.argmin, a, axis, out, keepdims)


def _scan(kind, name, a, axis, dtype, out):
    _check_keywords(name, out)
    x = _arrays.asarray(a)
    x = _to(x, _accumulator(x, dtype))
    if axis is None:
        x, axis = _flat(x), 0
    else:
        (axis,) = _axes(axis, _rank(x), name) or (0,)
        if _rank(x) == 0:
            raise AxisError(f"{name}: axis {axis} is out of bounds for array of dimension 0; "
                            f"use axis=None.")
    if x.dtype.is_bool:  # dtype=bool: a running or / and
        as_int = kind(cast(x, _arrays.kiln_dtype(np.int64)), axis=axis)
        return math_ops.not_equal(as_int, _const(0, as_int))
    return kind(x, axis=axis)


def cumsum(a, axis=None, dtype=None, out=None):
    """Running sum along `axis` (axis=None: of the flattened input), in sum's dtype."""
    return _scan(reduction_ops.cumsum, "cumsum", a, axis, dtype, out)


def cumprod(a, axis=None, dtype=None, out=None):
    """Running product along `axis` (axis=None: of the flattened input), in prod's dtype."""
    return _scan(reduction_ops.cumprod, "cumprod", a, axis, dtype, out)


def _truth(x):
    return x if x.dtype.is_bool else math_ops.not_equal(x, _const(0, x))


def all(a, axis=None, out=None, keepdims=False, *, where=True):  # noqa: A001
    """Whether every element over `axis` is nonzero (bool)."""
    _check_keywords("all", out, where)
    return _reduce(reduction_ops.reduce_all, _truth(_arrays.asarray(a)), axis, keepdims, "all")


def any(a, axis=None, out=None, keepdims=False, *, where=True):  # noqa: A001
    """Whether some element over `axis` is nonzero (bool)."""
    _check_keywords("any", out, where)
    return _reduce(reduction_ops.reduce_any, _truth(_arrays.asarray(a)), axis, keepdims, "any")


def count_nonzero(a, axis=None, *, keepdims=False):
    """The number (int64) of nonzero elements over `axis`."""
    x = _arrays.asarray(a)
    ones = cast(_truth(x), _arrays.kiln_dtype(np.int64))
    return _reduce(reduction_ops.reduce_sum, ones, axis, keepdims, "count_nonzero")


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """Mean over `axis`, weighted by `weights` when given (a's shape, or 1-D along a
    single `axis`); returned=True also gives the sum of the weights. Weights that sum
    to zero give inf/NaN (NumPy raises ZeroDivisionError after looking at the values)."""
    x = _arrays.asarray(a)
    rank = _rank(x)
    axes = _axes(axis, rank, "average")
    if weights is None:
        avg = mean(x, axis=axis, keepdims=keepdims)
        if not returned:
            return avg
        return avg, math_ops.multiply(_count(x, axes, avg), ones_like(avg))
    w = _arrays.asarray(weights)
    base = _arrays.result_type(x, w)
    target = np.result_type(base, _FLOAT64) if _np_dtype(x).kind in "biu" else base
    x, w = _to(x, target), _to(w, target)
    if rank is None or _rank(w) != rank:
        w = _weights_along_axis(x, w, axes)
    reduce_axes = None if axes is None else list(axes)
    scale = reduction_ops.reduce_sum(w, axis=reduce_axes, keepdims=_keep(keepdims))
    total = reduction_ops.reduce_sum(math_ops.multiply(x, w), axis=reduce_axes,
                                     keepdims=_keep(keepdims))
    avg = math_ops.divide(total, scale)
    if returned:
        scale = math_ops.multiply(scale, ones_like(avg))
    return (avg, scale) if returned else avg


def _weights_along_axis(x, w, axes):
    """1-D weights for one axis of `x`, reshaped to broadcast along it (NumPy's rule)."""
    if axes is None:
        raise TypeError(f"average: weights of shape {w.shape} differ from a's shape {x.shape}; "
                        f"pass axis= (the axis the 1-D weights run along).")
    if len(axes) != 1 or _rank(w) != 1:
        raise TypeError("average: weights must have a's shape, or be 1-D along a single axis; "
                        "reshape them or pass one axis.")
    (axis,) = axes
    length, dim = w.shape.as_list()[0], x.shape.as_list()[axis]
    if length is not None and dim is not None and length != dim:
        raise ValueError(f"average: the length of weights ({length}) differs from a's axis "
                         f"{axis} ({dim}); pass one weight per element along that axis.")
    return reshape(w, [1] * axis + [-1] + [1] * (_rank(x) - axis - 1))


def ptp(a, axis=None, out=None, keepdims=False):
    """Range (max - min) over `axis`, in the input's dtype (integers wrap, as NumPy's)."""
    x = _arrays.asarray(a)
    if x.dtype.is_bool:
        raise TypeError("ptp: numpy boolean subtract is not supported; cast the input to an "
                        "integer dtype first.")
    return math_ops.subtract(max(x, axis=axis, out=out, keepdims=keepdims),
                             min(x, axis=axis, keepdims=keepdims))


def _nan_to(x, value):
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return x
    return math_ops.where(unary_ops.is_nan(x), _const(value, x), x)


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """sum with NaNs counted as zero."""
    return sum(_nan_to(_arrays.asarray(a), 0), axis=axis, dtype=dtype, out=out,
               keepdims=keepdims, initial=initial, where=where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """prod with NaNs counted as one."""
    return prod(_nan_to(_arrays.asarray(a), 1), axis=axis, dtype=dtype, out=out,
                keepdims=keepdims, initial=initial, where=where)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """mean of the elements that are not NaN (NaN where all are)."""
    _check_keywords("nanmean", out, where)
    x = _arrays.asarray(a)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return mean(x, axis=axis, dtype=dtype, keepdims=keepdims)
    x = _to(x, _inexact(x, dtype))
    present = unary_ops.logical_not(unary_ops.is_nan(x))
    total = _reduce(reduction_ops.reduce_sum, _nan_to(x, 0), axis, keepdims, "nanmean")
    count = _reduce(reduction_ops.reduce_sum, cast(present, x.dtype), axis, keepdims, "nanmean")
    return math_ops.divide(total, count)


def diff(a, n=1, axis=-1, prepend=np._NoValue, append=np._NoValue):
    """The n-th discrete difference along `axis` (bool: not_equal, as NumPy)."""
    if operator.index(n) < 0:
        raise ValueError(f"diff: order must be non-negative but got {n!r}.")
    x = _arrays.asarray(a)
    rank = _rank(x)
    if rank is None:
        raise TypeError("diff needs the input's rank; set its shape (kiln.ensure_shape) first.")
    if rank == 0:
        raise ValueError("diff requires input that is at least one dimensional; reshape it "
                         "to 1-D first.")
    (axis,) = _axes(axis, rank, "diff")
    parts = [p for p in (prepend, x, append) if p is not np._NoValue]
    if len(parts) > 1:
        parts = [x if p is x else _edge(p, x, axis) for p in parts]
        operands, _ = _arrays.operands(*parts)
        x = concat(operands, axis)
    head = (slice(None),) * axis
    for _ in range(operator.index(n)):
        later, earlier = x[head + (slice(1, None),)], x[head + (slice(None, -1),)]
        x = (math_ops.not_equal if x.dtype.is_bool else math_ops.subtract)(later, earlier)
    return x


def _edge(value, x, axis):
    """diff's prepend/append: a scalar becomes a length-1 slab along `axis`."""
    v = _arrays.asarray(value)
    if _rank(v) != 0:
        return v
    sizes = dynamic_shape(x)
    slab = concat([sizes[:axis], _arrays.asarray(np.array([1], np.int32)), sizes[axis + 1:]], 0)
    return broadcast_to(v, slab)
