"""Index ops, as TensorFlow's: gather, gather_nd, scatter_nd,
tensor_scatter_nd_update, boolean_mask, one_hot, sequence_mask (and the
registry op ``where_indices``, the one-argument ``tf.where``, which the
``kiln.where`` wrapper calls).

Index values are checked: an index out of range raises InvalidArgumentError
naming the op, the value, its position and the valid range (negative indices
too, as TF on CPU); nothing is ever read out of bounds. ``one_hot`` is the
exception TF makes: an out-of-range index gives a row of ``off_value``.
"""


import numpy as np

from . import dtypes
from . import errors
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._ops import TENSOR_TYPES, execute, int_argument, op
from ._array_ops import _shape_tuple

__all__ = ["gather", "gather_nd", "scatter_nd", "tensor_scatter_nd_update", "boolean_mask",
           "one_hot", "sequence_mask"]
NAMESPACES = {}


def _indices(indices):
    """Python ints become int32 (int64 when large); an empty list an empty int32 tensor."""
    if isinstance(indices, (list, tuple)) and np.size(indices) == 0:
        return convert_to_tensor(np.zeros(np.shape(indices), np.int32))
    return convert_to_tensor(indices, dtype_hint=dtypes.int32)


_int = int_argument


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Slices of `params` along `axis` picked by `indices` (tf.gather).

    The result has shape ``params.shape[:axis] + indices.shape[batch_dims:] +
    params.shape[axis + 1:]``. The first `batch_dims` axes of `params` and
    `indices` are batch axes (equal sizes); a negative `batch_dims` counts from
    the rank of `indices`. `axis` defaults to `batch_dims`. `indices` are
    integers in ``[0, params.shape[axis])``; `validate_indices` is ignored (as TF;
    kiln always validates).
    """
    del validate_indices
    batch_dims = _int(batch_dims, "batch_dims", "gather")
    axis = batch_dims if axis is None else _int(axis, "axis", "gather", tensor=True)
    return execute(_GATHER, (convert_to_tensor(params), _indices(indices)), (axis, batch_dims), name)


def gather_nd(params, indices, batch_dims=0, name=None):
    """Slices of `params` picked by index tuples, the last axis of `indices` (tf.gather_nd).

    With ``m = indices.shape[-1]`` the result has shape ``indices.shape[:-1] +
    params.shape[batch_dims + m:]``.
    """
    batch_dims = _int(batch_dims, "batch_dims", "gather_nd")
    return execute(_GATHER_ND, (convert_to_tensor(params), _indices(indices)), (batch_dims,), name)


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of `shape` with `updates` added at the index tuples of `indices` (tf.scatter_nd).

    Duplicate indices are summed (bools: or-ed), in index order, so the result
    is the same on every run. `updates` has shape ``indices.shape[:-1] +
    shape[indices.shape[-1]:]``.
    """
    dims = _shape_tuple(shape, "scatter_nd", tensor=False)  # refuses negative dimensions
    return execute(_SCATTER_ND, (_indices(indices), convert_to_tensor(updates)), (dims,), name)


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` written at the index tuples of `indices`.

    Where an index repeats, the last update (in index order) wins: TF leaves
    that unspecified, kiln defines it. `updates` takes `tensor`'s dtype when it
    is a Python value.
    """
    tensor = convert_to_tensor(tensor)
    if not isinstance(updates, TENSOR_TYPES):
        updates = convert_to_tensor(updates, dtype_hint=tensor.dtype)
    return execute(_TENSOR_SCATTER_UPDATE, (tensor, _indices(indices), updates), (), name)


def boolean_mask(tensor, mask, axis=None, name=None):
    """The slices of `tensor` where `mask` is true, along axes ``[axis, axis + mask.ndim)``.

    The result has shape ``tensor.shape[:axis] + [number of true values] +
    tensor.shape[axis + mask.ndim:]``; a non-bool mask counts non-zero values as true.
    """
    axis = 0 if axis is None else _int(axis, "axis", "boolean_mask")
    return execute(_BOOLEAN_MASK, (convert_to_tensor(tensor), convert_to_tensor(mask)), (axis,), name)


def _one_hot_value(value, dtype, hint):
    if dtype is not None:
        return convert_to_tensor(value, dtype=dtype)
    return convert_to_tensor(value, dtype_hint=hint)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A one-hot encoding of `indices`: a new axis of length `depth` at `axis` (default: last).

    Positions named by an index hold `on_value` (default 1), the others
    `off_value` (default 0); an index outside ``[0, depth)`` gives a row of
    `off_value` only. The dtype is `dtype`, else that of `on_value` or
    `off_value`, else float32.
    """
    depth = _int(depth, "depth", "one_hot", tensor=True)
    axis = -1 if axis is None else _int(axis, "axis", "one_hot")
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    hint = None
    for v in (on_value, off_value):
        if isinstance(v, TENSOR_TYPES):
            hint = v.dtype
            break
    on = None if on_value is None else _one_hot_value(on_value, dtype, hint)
    off = None if off_value is None else _one_hot_value(off_value, dtype, hint)
    if on is not None and off is not None and on.dtype != off.dtype:
        raise TypeError(f"[one_hot] on_value is {on.dtype.name} but off_value is {off.dtype.name}; "
                        f"give both (or dtype=) of one dtype.")
    dtype = dtype or (on.dtype if on is not None else off.dtype if off is not None else dtypes.float32)
    if on is None:
        on = convert_to_tensor(True if dtype.is_bool else 1, dtype=dtype)
    if off is None:
        off = convert_to_tensor(False if dtype.is_bool else 0, dtype=dtype)
    return execute(_ONE_HOT, (_indices(indices), on, off), (depth, axis), name)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """``mask[..., j] = j < lengths[...]``, with a new last axis of length `maxlen`.

    `maxlen` defaults to the largest length (rounded up, at least 0). `lengths`
    are integers or floats; the result has dtype `dtype` (1 and 0, or True and False).
    """
    if maxlen is None:
        maxlen = -1  # the op's "from the data"
    else:
        if isinstance(maxlen, EagerTensor) and maxlen.ndim != 0:
            raise ValueError(f"[sequence_mask] maxlen must be a scalar, got shape {maxlen.shape}.")
        if isinstance(maxlen, (list, tuple)):
            raise ValueError(f"[sequence_mask] maxlen must be a scalar, got {maxlen!r}.")
        maxlen = _int(maxlen, "maxlen", "sequence_mask", tensor=True)
        if isinstance(maxlen, int) and maxlen < 0:
            raise errors.InvalidArgumentError(
                None, None, f"[sequence_mask] maxlen must be non-negative, got {maxlen}.")
    return execute(_SEQUENCE_MASK, (convert_to_tensor(lengths),),
                   (maxlen, dtypes.as_dtype(dtype)._code), name)


_GATHER = op("gather")
_GATHER_ND = op("gather_nd")
_SCATTER_ND = op("scatter_nd")
_TENSOR_SCATTER_UPDATE = op("tensor_scatter_nd_update")
_BOOLEAN_MASK = op("boolean_mask")
_ONE_HOT = op("one_hot")
_SEQUENCE_MASK = op("sequence_mask")
