"""Shape and slicing ops, as TensorFlow names them: reshape, transpose,
expand_dims, squeeze, concat, stack, unstack, split, slice, strided_slice,
tile, pad, broadcast_to, reverse, roll, identity, shape, size, rank; and
``EagerTensor.__getitem__`` (NumPy's basic indexing, see _indexing.py).

kiln tensors are immutable, so the ops that only re-view memory return views
that share the input's buffer (no copy): reshape (when the layout allows),
transpose, expand_dims, squeeze, slice, strided_slice, indexing, split,
unstack, reverse, broadcast_to, identity. concat, stack, tile, pad and roll copy.
Shape-like arguments (shape, perm, begin, multiples, paddings, ...) may be
Python lists, NumPy arrays or integer tensors; they are read at call time.
"""

import builtins
import operator

import numpy as np

from . import _core
from . import dtypes
from . import errors
from ._convert import convert_to_tensor
from ._array_ops import zeros
from ._eager_tensor import EagerTensor
from ._indexing import getitem
from ._shape_args import symbolic_arg
from ._ops import TENSOR_TYPES, concrete, execute, op
from ._symbolic_tensor import SymbolicTensor
from ._tensor_shape import TensorShape

__all__ = ["reshape", "transpose", "expand_dims", "squeeze", "concat", "stack", "unstack", "split",
           "slice", "strided_slice", "tile", "pad", "broadcast_to", "reverse", "roll", "identity",
           "stop_gradient", "shape", "size", "rank", "shape_n", "ensure_shape"]
NAMESPACES = {}


def _ints(value, op_name, arg, tensor=True):
    """A shape-like argument (int, list/tuple of ints, integer array or tensor) as a tuple of ints.

    tensor=True (arguments TF takes as tensors): a symbolic tensor, or a list
    holding one, is returned as one symbolic tensor for the op to read when
    the graph runs (_shape_args.py)."""
    if isinstance(value, TensorShape):
        return tuple(-1 if d is None else d for d in value.as_list())
    if tensor and isinstance(value, SymbolicTensor):
        return value
    value = concrete(value, arg, op_name)
    if isinstance(value, (EagerTensor, np.ndarray)):
        array = np.asarray(value)
        if not (array.dtype.kind in "iu" and array.ndim <= 1):
            raise TypeError(f"[{op_name}] {arg} must be a 0-D or 1-D integer tensor, got "
                            f"{array.dtype} of shape {array.shape}.")
        return tuple(int(v) for v in array.reshape(-1))
    items = value if isinstance(value, (list, tuple)) else (value,)
    try:
        return tuple(operator.index(v) for v in items)
    except TypeError:
        packed = symbolic_arg(value) if tensor else None
        if packed is not None:
            return packed
        raise TypeError(f"[{op_name}] {arg} must be an integer or a list of integers, got "
                        f"{value!r}.") from None


def _int(value, op_name, arg, tensor=True):
    if tensor and isinstance(value, SymbolicTensor):
        return value  # a scalar read when the graph runs (the op checks its rank)
    out = _ints(value, op_name, arg, tensor=False)
    if len(out) != 1 or isinstance(value, (list, tuple)):
        raise TypeError(f"[{op_name}] {arg} must be a single integer, got {value!r}.")
    return out[0]


def _tensors(values, op_name):
    """A list of values as tensors of one dtype (non-tensors adopt the first tensor's dtype)."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if not values:
        raise ValueError(f"[{op_name}] needs at least one tensor; got an empty list.")
    hint = next((v.dtype for v in values if isinstance(v, TENSOR_TYPES)), None)
    if hint is None:
        first = convert_to_tensor(values[0])
        hint = first.dtype
    return tuple(v if isinstance(v, TENSOR_TYPES) else convert_to_tensor(v, dtype_hint=hint)
                 for v in values)


def _as_list(result):
    """A multi-output op's result as a list (execute returns a lone tensor unwrapped)."""
    return [result] if isinstance(result, TENSOR_TYPES) else list(result)


# ---- views ----

def reshape(tensor, shape, name=None):
    """The elements of `tensor` in C order with a new shape; one dimension may be -1.

    A view of the input's memory when its strides allow one (always for a
    contiguous tensor), else a copy.
    """
    return execute(_RESHAPE, (convert_to_tensor(tensor),), (_ints(shape, "reshape", "shape"),), name)


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """The axes permuted: output axis i is input axis perm[i] (default: reversed). A view,
    unless conjugate=True on a complex tensor (then the conjugate, a copy)."""
    perm = () if perm is None else _ints(perm, "transpose", "perm")
    return execute(_TRANSPOSE, (convert_to_tensor(a),), (perm, bool(conjugate)), name)


def expand_dims(input, axis, name=None):  # noqa: A002 - TF's argument name
    """A view with a new axis of size 1 inserted at `axis` (in [-rank-1, rank])."""
    return execute(_EXPAND_DIMS, (convert_to_tensor(input),), (_int(axis, "expand_dims", "axis"),), name)


def squeeze(input, axis=None, name=None):  # noqa: A002
    """A view with the axes of size 1 removed: all of them, or those in `axis`."""
    axes = () if axis is None else _ints(axis, "squeeze", "axis", tensor=False)
    return execute(_SQUEEZE, (convert_to_tensor(input),), (axes,), name)


def broadcast_to(input, shape, name=None):  # noqa: A002
    """A view of `input` with `shape` by NumPy broadcasting (repeated axes have stride 0)."""
    return execute(_BROADCAST_TO, (convert_to_tensor(input),),
                   (_ints(shape, "broadcast_to", "shape"),), name)


def identity(input, name=None):  # noqa: A002
    """A tensor with the same shape, dtype and memory as `input`."""
    return execute(_IDENTITY, (convert_to_tensor(input),), (), name)


def stop_gradient(input, name=None):  # noqa: A002
    """`input` itself (shared memory), as a node gradients do not flow through."""
    return execute(_STOP_GRADIENT, (convert_to_tensor(input),), (), name)


def slice(input_, begin, size, name=None):  # noqa: A001 - TF's name
    """size[i] elements from begin[i] along each axis i (size -1: to the end); a view."""
    return execute(_SLICE, (convert_to_tensor(input_),),
                   (_ints(begin, "slice", "begin"), _ints(size, "slice", "size")), name)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """``input_[begin:end:strides, ...]`` in TF's encoding (bit i of a mask changes entry i); a view."""
    del var
    strides = () if strides is None else _ints(strides, "strided_slice", "strides")
    masks = tuple(_int(m, "strided_slice", n, tensor=False) for m, n in (
        (begin_mask, "begin_mask"), (end_mask, "end_mask"), (ellipsis_mask, "ellipsis_mask"),
        (new_axis_mask, "new_axis_mask"), (shrink_axis_mask, "shrink_axis_mask")))
    return execute(_STRIDED_SLICE, (convert_to_tensor(input_),),
                   (_ints(begin, "strided_slice", "begin"), _ints(end, "strided_slice", "end"),
                    strides) + masks, name)


def unstack(value, num=None, axis=0, name="unstack"):
    """The list of tensors value[..., i, ...] along `axis`: views."""
    del name
    num = -1 if num is None else _int(num, "unstack", "num", tensor=False)
    return _as_list(execute(_UNSTACK, (convert_to_tensor(value),),
                            (num, _int(axis, "unstack", "axis", tensor=False))))


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """`value` cut along `axis` into a number of equal pieces, or pieces of the given sizes
    (one size may be -1: the rest). A list of views."""
    del num, name
    value = convert_to_tensor(value)
    axis = _int(axis, "split", "axis")
    is_count = (isinstance(num_or_size_splits, (int, np.integer))
                or (isinstance(num_or_size_splits, (EagerTensor, np.ndarray))
                    and np.ndim(num_or_size_splits) == 0))
    if is_count:
        attrs = (axis, _int(num_or_size_splits, "split", "num_or_size_splits", tensor=False), ())
    else:
        sizes = _ints(num_or_size_splits, "split", "num_or_size_splits")
        if isinstance(sizes, SymbolicTensor):
            if sizes.shape.rank != 1 or sizes.shape[0] is None:
                raise ValueError(f"[split] num_or_size_splits {sizes.name} must be a vector of "
                                 f"static length (shape {sizes.shape}): the length says how many "
                                 f"tensors split returns.")
        elif not sizes:
            raise errors.InvalidArgumentError(
                None, None, "[split] num_or_size_splits is an empty list; give a number of "
                            "pieces or at least one size.")
        attrs = (axis, 0, sizes)
    return _as_list(execute(_SPLIT, (value,), attrs))


def reverse(tensor, axis, name=None):
    """A view with the order of elements reversed along each axis in `axis` (negative strides)."""
    return execute(_REVERSE, (convert_to_tensor(tensor),), (_ints(axis, "reverse", "axis"),), name)


# ---- copies ----

def concat(values, axis, name="concat"):
    """The tensors joined along an existing `axis`; one dtype, shapes equal but along `axis`."""
    return execute(_CONCAT, _tensors(values, "concat"), (_int(axis, "concat", "axis"),), name)


def stack(values, axis=0, name="stack"):
    """The tensors (one shape, one dtype) joined along a new `axis`. A single
    tensor (or array) counts as the list of its rows, as in TF: stack(t) is t
    and stack(t, axis=1) moves t's first axis to position 1."""
    if not isinstance(values, (list, tuple)):
        if _int(axis, "stack", "axis", tensor=False) == 0:
            return convert_to_tensor(values)
        if not isinstance(values, TENSOR_TYPES):  # TF's ValueError for an array with axis != 0
            raise ValueError(f"[stack] values must be a list of tensors or one tensor, got a "
                             f"{type(values).__name__}: pass list(values) or kiln.constant(values).")
        values = unstack(values)
    return execute(_STACK, _tensors(values, "stack"), (_int(axis, "stack", "axis", tensor=False),), name)


def tile(input, multiples, name=None):  # noqa: A002
    """`input` repeated multiples[i] times along each axis i."""
    return execute(_TILE, (convert_to_tensor(input),), (_ints(multiples, "tile", "multiples"),), name)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """`tensor` with paddings[i] = [before, after] elements added on axis i.

    mode (any case): 'CONSTANT' fills with constant_values (of the tensor's
    dtype); 'REFLECT' mirrors without repeating the edge (padding <= size - 1);
    'SYMMETRIC' mirrors repeating the edge (padding <= size).
    """
    tensor = convert_to_tensor(tensor)
    if not isinstance(mode, str):
        raise TypeError(f"[pad] mode must be a string, got {mode!r}.")
    value = _pad_value(tensor, constant_values)
    packed = symbolic_arg(paddings)
    if packed is not None:  # paddings known only when the graph runs
        return execute(_PAD, (tensor, value), (packed, mode), name)
    rows = np.asarray(paddings)
    if rows.size == 0:  # [] for a scalar: NumPy reads it as float64
        rows = rows.astype(np.int64).reshape(0, 2) if tensor.ndim == 0 else rows.astype(np.int64)
    if rows.dtype.kind not in "iu":
        raise TypeError(f"[pad] paddings must be integers, got {rows.dtype} {paddings!r}.")
    if rows.ndim != 2 or rows.shape[1] != 2 or rows.shape[0] != tensor.ndim:
        raise errors.InvalidArgumentError(
            None, None, f"[pad] paddings must have shape ({tensor.ndim}, 2), one [before, after] "
                        f"pair per axis of the input (shape {tensor.shape}); got shape {rows.shape}.")
    return execute(_PAD, (tensor, value), (tuple(int(v) for v in rows.reshape(-1)), mode), name)


def _pad_value(tensor, constant_values):
    if isinstance(constant_values, TENSOR_TYPES):
        return constant_values
    if np.ndim(constant_values) == 0 and constant_values == 0:
        return zeros((), tensor.dtype)  # as TF: the default pads with the dtype's zero (bool too)
    return convert_to_tensor(constant_values, dtype_hint=tensor.dtype)


def roll(input, shift, axis, name=None):  # noqa: A002
    """Elements shifted by shift[i] positions along axis[i], wrapping around (shifts of a
    repeated axis add up)."""
    return execute(_ROLL, (convert_to_tensor(input),),
                   (_ints(shift, "roll", "shift"), _ints(axis, "roll", "axis")), name)


# ---- shape queries ----

def _out_type(out_type):
    return dtypes.int32._code if out_type is None else dtypes.as_dtype(out_type)._code


def shape(input, out_type=None, name=None):  # noqa: A002
    """The shape of `input` as a 1-D tensor of out_type (int32 by default, or int64)."""
    return execute(_SHAPE, (convert_to_tensor(input),), (_out_type(out_type),), name)


def size(input, out_type=None, name=None):  # noqa: A002
    """The number of elements of `input`, a scalar of out_type (int32 by default, or int64)."""
    return execute(_SIZE, (convert_to_tensor(input),), (_out_type(out_type),), name)


def shape_n(input, out_type=None, name=None):  # noqa: A002
    """The shapes of the tensors in `input`, a list of 1-D tensors of out_type."""
    return [shape(t, out_type) for t in input]


def ensure_shape(x, shape, name=None):
    """`x`, checked to have a shape compatible with `shape` (None dims match any size)
    when it is computed; its static shape becomes the two shapes merged."""
    static = TensorShape(shape)
    dims = None if static.rank is None else list(static._dims)
    return execute(_ENSURE_SHAPE, (convert_to_tensor(x),), (dims,), name)


def rank(input, name=None):  # noqa: A002
    """The number of dimensions of `input`, an int32 scalar."""
    return execute(_RANK, (convert_to_tensor(input),), (), name)


_RESHAPE, _TRANSPOSE, _EXPAND_DIMS, _SQUEEZE = (op(n) for n in (
    "reshape", "transpose", "expand_dims", "squeeze"))
_BROADCAST_TO, _IDENTITY, _SLICE, _STRIDED_SLICE = (op(n) for n in (
    "broadcast_to", "identity", "slice", "strided_slice"))
_STOP_GRADIENT = op("stop_gradient")
_UNSTACK, _SPLIT, _REVERSE, _CONCAT, _STACK = (op(n) for n in (
    "unstack", "split", "reverse", "concat", "stack"))
_TILE, _PAD, _ROLL, _SHAPE, _SIZE, _RANK = (op(n) for n in (
    "tile", "pad", "roll", "shape", "size", "rank"))
_ENSURE_SHAPE = op("ensure_shape")

_core.EagerTensor.__getitem__ = getitem
SymbolicTensor.__getitem__ = getitem
del builtins
