"""The Python Array API standard's names (2024.12) in kiln's NumPy namespace,
as NumPy 2's main namespace holds them: the spellings that differ from
NumPy's classic ones (``concat``, ``permute_dims``, ``astype``,
``matrix_transpose``, ``vecdot``, ``cumulative_sum``/``cumulative_prod``,
``unique_*``, ``isdtype``, ``can_cast``), ``__array_api_version__`` and
``__array_namespace_info__``; and the array object's part of the standard on
eager and symbolic tensors (``__array_namespace__``, ``mT``, ``to_device``,
and a ``__setitem__`` that says what to do instead). Each function maps onto
the NumPy-API functions of this package; docs/array-api.md lists what the
standard has that kiln does not yet.
"""

import collections

import numpy as np

from .. import creation_ops, dtypes
from .._eager_tensor import EagerTensor
from .._symbolic_tensor import SymbolicTensor
from ..cast_ops import cast
from ..segment_ops import unsorted_segment_min
from ..search_ops import searchsorted, unique, unique_with_counts
from ..shape_ops import shape as _dynamic_shape
from . import _arrays, _reductions, _shape, _sorting, _ufuncs

__all__ = ["concat", "permute_dims", "astype", "matrix_transpose", "vecdot", "cumulative_sum",
           "cumulative_prod", "unique_values", "unique_counts", "unique_inverse", "unique_all",
           "isdtype", "can_cast", "__array_api_version__", "__array_namespace_info__"]

__array_api_version__ = "2024.12"
_VERSIONS = ("2021.12", "2022.12", "2023.12", "2024.12")
_CPU = "cpu"

UniqueAllResult = collections.namedtuple("UniqueAllResult",
                                         ["values", "indices", "inverse_indices", "counts"])
UniqueCountsResult = collections.namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = collections.namedtuple("UniqueInverseResult",
                                             ["values", "inverse_indices"])


def concat(arrays, /, *, axis=0):
    """The arrays joined along `axis` (None: flattened first), in their promoted dtype."""
    return _shape.concatenate(arrays, axis=axis)


def permute_dims(x, /, axes):
    """`x` with its axes in the order `axes`."""
    return _shape.transpose(x, axes)


def astype(x, dtype, /, *, copy=True, device=None):
    """`x` cast to `dtype`. Tensors are immutable, so no copy is ever needed: `copy` only
    matters to NumPy arrays; `device` must be None or kiln's CPU."""
    _check_device(device, "astype")
    return cast(_arrays.asarray(x), _arrays.kiln_dtype(_arrays.numpy_dtype(dtype)))


def matrix_transpose(x, /):
    """`x` with its last two axes swapped (x.mT)."""
    x = _arrays.asarray(x)
    rank = _arrays.rank(x, "matrix_transpose")
    if rank < 2:
        raise ValueError(f"matrix_transpose needs an array of at least 2 dimensions; this one has "
                         f"{rank}.")
    return _shape.swapaxes(x, -1, -2)


def vecdot(x1, x2, /, *, axis=-1):
    """sum(conj(x1) * x2) along `axis`, with broadcasting (the standard's vecdot)."""
    return _VECDOT(x1, x2, axis=axis)


def _vecdot_same_dtype(x1, x2, axis=-1):
    if x1.dtype.is_complex:
        x1 = _ufuncs.UFUNCS[np.conjugate](x1)
    product = _ufuncs.UFUNCS[np.multiply](x1, x2)
    return _reductions.sum(product, axis=axis, dtype=_arrays.numpy_dtype_of(product))


_VECDOT = _ufuncs.Ufunc(np.vecdot, _vecdot_same_dtype, keywords=("axis",))
_ufuncs.UFUNCS[np.vecdot] = _VECDOT  # np.vecdot(symbolic, ...) reaches __array_ufunc__'s table


def _cumulative(fn, identity):
    name = f"cumulative_{fn.__name__[3:]}"

    def cumulative(x, /, *, axis=None, dtype=None, include_initial=False):
        x = _arrays.asarray(x)
        rank = _arrays.rank(x, name)
        if axis is None:
            if rank > 1:
                raise ValueError(f"{name}: axis must be given for an array of {rank} dimensions "
                                 f"(the standard flattens only 1-D arrays).")
            axis = 0
        axis = _arrays.axis_index(axis, max(rank, 1), name)
        result = fn(x, axis=axis, dtype=dtype)
        if not include_initial:
            return result
        dims = _shape.shape(result)
        first = list(dims[:axis]) + [1] + list(dims[axis + 1:])
        start = _arrays.scalar(identity, result)
        from ._tiling import broadcast_to
        return _shape.concatenate([broadcast_to(start, first), result], axis=axis)
    cumulative.__name__ = cumulative.__qualname__ = name
    cumulative.__doc__ = (f"The running {fn.__name__[3:]} along `axis` (None for a 1-D array); "
                          f"include_initial puts the identity ({identity}) first.")
    return cumulative


cumulative_sum = _cumulative(_reductions.cumsum, 0)
cumulative_prod = _cumulative(_reductions.cumprod, 1)


def _flat_sorted(x, fn):
    x = _shape.ravel(_arrays.asarray(x))
    if x.dtype.is_complex:
        raise TypeError(f"{fn} of complex values is not supported: kiln's sort has no complex "
                        f"kernel.")
    return x, _sorting.sort(x)


def unique_values(x, /):
    """The distinct values of `x`, flattened and sorted (NaNs, which never compare equal, each
    stay distinct)."""
    _, ordered = _flat_sorted(x, "unique_values")
    return unique(ordered, out_idx=dtypes.int64).y


def unique_counts(x, /):
    """(values, counts): the distinct values, sorted, and how often each occurs (int64)."""
    _, ordered = _flat_sorted(x, "unique_counts")
    values, _, counts = unique_with_counts(ordered, out_idx=dtypes.int64)
    return UniqueCountsResult(values, counts)


def unique_inverse(x, /):
    """(values, inverse_indices): the distinct values, sorted, and for each element of `x` the
    index of its value (int64, in `x`'s shape)."""
    values, inverse, *_ = _unique_inverse(x, "unique_inverse")
    return UniqueInverseResult(values, inverse)


def _unique_inverse(x, fn):
    """(values, inverse in x's shape, flat x, flat positions, counts): one sort, one unique."""
    x = _arrays.asarray(x)
    flat, ordered = _flat_sorted(x, fn)
    values, _, counts = unique_with_counts(ordered, out_idx=dtypes.int64)
    searched = (values, flat) if not values.dtype.is_bool else (  # bools have no search order
        cast(values, dtypes.int8), cast(flat, dtypes.int8))
    positions = searchsorted(*searched, side="left", out_type=dtypes.int64)
    inverse = _shape.reshape(positions, _dynamic_shape(x, dtypes.int64))
    return values, inverse, flat, positions, counts


def unique_all(x, /):
    """(values, indices, inverse_indices, counts): the sorted distinct values, the index of each
    value's first occurrence in flattened `x`, each element's value index, and the counts."""
    values, inverse, flat, positions, counts = _unique_inverse(x, "unique_all")
    n = _dynamic_shape(flat, dtypes.int64)[0]
    index = creation_ops.range(0, n, 1, dtype=dtypes.int64)
    first = unsorted_segment_min(index, positions, _dynamic_shape(values, dtypes.int64)[0])
    return UniqueAllResult(values, first, inverse, counts)


def isdtype(dtype, kind):
    """Whether `dtype` is of `kind`: a dtype, a kind name ('bool', 'signed integer',
    'unsigned integer', 'integral', 'real floating', 'complex floating', 'numeric') or a
    tuple of them."""
    return np.isdtype(_arrays.numpy_dtype(dtype), _kinds(kind))


def _kinds(kind):
    if isinstance(kind, tuple):
        return tuple(_kinds(k) for k in kind)
    return kind if isinstance(kind, str) else _arrays.numpy_dtype(kind)


def can_cast(from_, to, /):
    """Whether the standard's promotion casts `from_` (a dtype or an array) to `to` safely."""
    source = _arrays.numpy_dtype_of(from_) if _arrays.is_tensor(from_) else _arrays.numpy_dtype(
        from_)
    return bool(np.can_cast(source, _arrays.numpy_dtype(to)))


class _Info:
    """What __array_namespace_info__() returns: the namespace's capabilities, devices and
    dtypes."""

    def capabilities(self):
        return {"boolean indexing": True, "data-dependent shapes": True,
                "max dimensions": 64}

    def default_device(self):
        return _CPU

    def devices(self):
        return [_CPU]

    def default_dtypes(self, *, device=None):
        _check_device(device, "default_dtypes")
        return {"real floating": dtypes.float64, "complex floating": dtypes.complex128,
                "integral": dtypes.int64, "indexing": dtypes.int64}

    def dtypes(self, *, device=None, kind=None):
        _check_device(device, "dtypes")
        names = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float32", "float64", "complex64", "complex128"]
        found = {n: getattr(dtypes, n) for n in names}
        if kind is None:
            return found
        return {n: d for n, d in found.items() if isdtype(d, kind)}


def __array_namespace_info__():  # noqa: N807 - the standard's name
    """The standard's inspection object: capabilities(), devices(), default_dtypes(), dtypes()."""
    return _Info()


def _check_device(device, fn):
    if device is not None and device not in (_CPU, "CPU", "CPU:0") and not str(
            device).endswith("device:CPU:0"):
        raise ValueError(f"{fn}: device {device!r} does not exist; kiln runs on the CPU "
                         f"(device 'cpu', or None).")


# ---- the array object ----

def _array_namespace(self, /, *, api_version=None):
    if api_version is not None and api_version not in _VERSIONS:
        raise ValueError(f"api_version {api_version!r} is not one kiln implements; use None or "
                         f"one of {', '.join(_VERSIONS)}.")
    import kiln
    return kiln.experimental.numpy


def _to_device(self, device, /, *, stream=None):
    _check_device(device, "to_device")
    if stream is not None:
        raise ValueError("to_device: kiln's CPU device has no streams; pass stream=None.")
    return self


def _setitem(self, key, value):
    raise TypeError("kiln tensors are immutable and do not support item assignment (x[i] = v). "
                    "Build a new tensor instead: xp.where(mask, v, x), or "
                    "kiln.tensor_scatter_nd_update(x, indices, updates).")


def install_methods():
    for cls in (EagerTensor, SymbolicTensor):
        cls.__array_namespace__ = _array_namespace
        cls.to_device = _to_device
        cls.mT = property(matrix_transpose)
        cls.__setitem__ = _setitem
