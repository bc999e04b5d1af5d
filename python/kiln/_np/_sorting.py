"""NumPy's sorting, clipping, rounding and comparison functions of
kiln.experimental.numpy: sort, argsort, clip, round, around, isclose,
allclose, array_equal.

sort and argsort map onto kiln's sort/argsort ops (NaN last, as NumPy);
clip, isclose and round are NumPy's own compositions of ufuncs, built from
_ufuncs.UFUNCS so that their dtypes are NumPy's (weak Python scalars included).
"""

import numpy as np

from .. import dtypes
from ..cast_ops import cast
from ..math_ops import equal, logical_and
from ..reduction_ops import argsort as _kiln_argsort, reduce_all, sort as _kiln_sort
from ..shape_ops import reshape, shape as _dynamic_shape
from . import _arrays, _ufuncs
from ._arrays import AxisError, axis_index, no_out, scalar as _const

__all__ = ["sort", "argsort", "clip", "round", "around", "isclose", "allclose", "array_equal"]

_U = {name: _ufuncs.UFUNCS[getattr(np, name)] for name in (
    "minimum", "maximum", "multiply", "true_divide", "rint", "subtract", "absolute", "add",
    "less_equal", "isfinite", "equal", "logical_and", "logical_or", "isnan", "floor_divide",
    "greater", "not_equal", "remainder", "logical_not")}


def _sort_args(a, axis, kind, order, fn):
    if order is not None:
        raise ValueError(f"np.{fn}(..., order=...) sorts structured arrays by field; kiln "
                         f"tensors have no fields. Omit order.")
    if kind not in (None, "quicksort", "mergesort", "heapsort", "stable"):
        raise ValueError(f"np.{fn}: kind must be one of 'quicksort', 'mergesort', 'heapsort', "
                         f"'stable', got {kind!r}.")
    a = _arrays.asarray(a)
    if a.dtype.is_complex:
        raise TypeError(f"np.{fn} of complex tensors is not supported by kiln's sort op; sort "
                        f"the real and imaginary parts yourself.")
    if axis is None:
        return reshape(a, [-1]), 0
    rank = a.shape.rank
    if rank is None:
        raise ValueError(f"np.{fn} needs the rank of its input while the graph is built.")
    if rank == 0:
        raise AxisError(f"np.{fn}: axis {axis} is out of bounds for an array of "
                                      f"dimension 0; use axis=None.")
    return a, axis_index(axis, rank, fn)


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """NumPy's sort along `axis` (None: of the flattened array); NaN sorts last.
    kiln's sort is stable, so every `kind` is honoured."""
    del stable
    a, axis = _sort_args(a, axis, kind, order, "sort")
    if a.dtype.is_bool:  # kiln's sort has no bool kernel
        return cast(_kiln_sort(cast(a, dtypes.uint8), axis=axis), dtypes.bool)
    return _kiln_sort(a, axis=axis)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """NumPy's argsort: int64 indices that sort `a` along `axis` (stable)."""
    del stable
    a, axis = _sort_args(a, axis, kind, order, "argsort")
    if a.dtype.is_bool:
        a = cast(a, dtypes.uint8)
    return cast(_kiln_argsort(a, axis=axis, stable=True), dtypes.int64)


_NO_VALUE = np._NoValue


def clip(a, a_min=_NO_VALUE, a_max=_NO_VALUE, out=None, *,
         min=_NO_VALUE, max=_NO_VALUE, **kwargs):  # noqa: A002 - NumPy's names
    """NumPy's clip: minimum(maximum(a, a_min), a_max) with NumPy's promotion (a
    bound above the other gives a_max); a None bound is not applied."""
    no_out(out, "np.clip")
    if kwargs:
        raise TypeError(f"np.clip() on kiln tensors does not support the arguments "
                        f"{sorted(kwargs)}.")
    if min is not _NO_VALUE:
        if a_min is not _NO_VALUE:
            raise TypeError("np.clip: pass either a_min or min, not both.")
        a_min = min
    if max is not _NO_VALUE:
        if a_max is not _NO_VALUE:
            raise TypeError("np.clip: pass either a_max or max, not both.")
        a_max = max
    a_min = None if a_min is _NO_VALUE else a_min
    a_max = None if a_max is _NO_VALUE else a_max
    operands = [x for x in (a, a_min, a_max) if x is not None]
    common = _arrays.result_type(*operands)
    result = _arrays.asarray(a, common)
    if a_min is not None:
        result = _U["maximum"](result, _arrays.asarray(a_min, common))
    if a_max is not None:
        result = _U["minimum"](result, _arrays.asarray(a_max, common))
    return result


def round(a, decimals=0, out=None):  # noqa: A001 - NumPy's name
    """NumPy's round: half to even at `decimals` digits. Floats: NumPy's own
    algorithm, rint(a * 10**decimals) / 10**decimals (rint(a / 10**-d) * 10**-d
    for negative decimals); integers are unchanged for decimals >= 0, rounded
    half to even to a multiple of 10**-decimals otherwise; bools give float16."""
    no_out(out, "np.round")
    decimals = int(decimals)
    a = _arrays.asarray(a)
    if a.dtype.is_bool:  # NumPy rounds bools in float16
        a = cast(a, dtypes.float16)
    if a.dtype.is_complex:
        raise TypeError("np.round of complex tensors is not supported by kiln; round the real "
                        "and imaginary parts separately.")
    if not a.dtype.is_floating:
        return a if decimals >= 0 else _round_integer(a, 10 ** -decimals)
    if decimals == 0:
        return _U["rint"](a)
    factor = _const(10.0 ** abs(decimals), a)
    if decimals > 0:
        return _U["true_divide"](_U["rint"](_U["multiply"](a, factor)), factor)
    return _U["multiply"](_U["rint"](_U["true_divide"](a, factor)), factor)


def _round_integer(a, step):
    """`a` rounded half to even to a multiple of `step` (NumPy's integer rounding
    with negative decimals); a step beyond the dtype's range rounds to 0."""
    if step > np.iinfo(a.dtype.as_numpy_dtype).max:
        return a * _const(0, a)
    s = _const(step, a)
    quotient = _U["floor_divide"](a, s)
    twice_rest = _U["multiply"](_U["subtract"](a, _U["multiply"](quotient, s)), _const(2, a))
    odd = _U["not_equal"](_U["remainder"](quotient, _const(2, a)), _const(0, a))
    up = _U["logical_or"](_U["greater"](twice_rest, s),
                          _U["logical_and"](_U["equal"](twice_rest, s), odd))
    return _U["multiply"](_U["add"](quotient, cast(up, a.dtype)), s)


around = round


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """NumPy's isclose: |a - b| <= atol + rtol * |b| where b is finite, or a == b;
    NaNs equal with equal_nan. b is compared as a float (its dtype with 1.0)."""
    x = a if _weak(a) else _arrays.asarray(a)
    # Python scalars stay weak (an int as a float); arrays compare as their dtype with 1.0
    y = float(b) if _weak(b) and not isinstance(b, complex) else (
        b if _weak(b) else _arrays.asarray(b, _arrays.result_type(b, 1.0)))
    close = _U["less_equal"](_U["absolute"](_U["subtract"](x, y)),
                             _U["add"](atol, _U["multiply"](rtol, _U["absolute"](y))))
    result = _U["logical_or"](_U["logical_and"](close, _U["isfinite"](y)), _U["equal"](x, y))
    if equal_nan:
        result = _U["logical_or"](result, _U["logical_and"](_U["isnan"](x), _U["isnan"](y)))
    return result


def _weak(value):
    return not _arrays.is_tensor(value) and type(value) in _arrays.WEAK_TYPES


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """NumPy's allclose, as a bool scalar tensor: every element isclose."""
    return reduce_all(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def array_equal(a1, a2, equal_nan=False):
    """NumPy's array_equal, as a bool scalar tensor: the same shape and elements
    (NaNs equal with equal_nan). Shapes that differ while the graph is built give
    False; unknown dimensions are compared when the graph runs."""
    x, y = _arrays.asarray(a1), _arrays.asarray(a2)
    sx, sy = x.shape, y.shape
    if sx.rank is None or sy.rank is None:
        raise ValueError("np.array_equal needs the ranks of its operands while the graph is "
                         "built; give the placeholders a shape.")
    false = _arrays.asarray(False)
    if sx.rank != sy.rank or any(p is not None and q is not None and p != q
                                 for p, q in zip(sx.as_list(), sy.as_list())):
        return false
    same = _U["equal"](x, y)
    if equal_nan:
        same = _U["logical_or"](same, _U["logical_and"](_U["isnan"](x), _U["isnan"](y)))
    result = reduce_all(same)
    if None in sx.as_list() or None in sy.as_list():
        # a (3,) against a (1,) broadcasts: the shapes must match too
        result = logical_and(reduce_all(equal(_dynamic_shape(x), _dynamic_shape(y))), result)
    return result
