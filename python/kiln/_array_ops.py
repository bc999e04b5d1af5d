"""Tensors filled with one value: ``zeros``, ``ones``, ``fill`` and their ``_like`` forms,
all through the registry op "fill" (src/ops/creation_ops.cc)."""

import operator

import numpy as np

from . import dtypes
from . import errors
from ._convert import convert_to_tensor, eager_tensor
from ._eager_tensor import EagerTensor
from ._ops import concrete, execute, op
from ._shape_args import symbolic_arg
from ._symbolic_tensor import SymbolicTensor
from ._tensor_shape import TensorShape

_SCALARS = {}  # (dtype, value) -> a cached scalar tensor


def _scalar(dtype, value):
    key = (dtype, value)
    t = _SCALARS.get(key)
    if t is None:
        t = _SCALARS[key] = eager_tensor(value, dtype=dtype)
    return t


def _shape_tuple(shape, op, tensor=True):
    """A shape argument (list, tuple, int, TensorShape, 1-D integer tensor) as a tuple of ints.

    tensor=True: a symbolic tensor, or a list holding one, is returned as one
    symbolic tensor that the op reads when the graph runs (_shape_args.py)."""
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"[{op}] needs a fully defined shape, got {shape}.")
        return tuple(shape.as_list())
    if tensor and isinstance(shape, SymbolicTensor):
        return shape
    shape = concrete(shape, "shape", op)
    if isinstance(shape, np.ndarray):
        shape = shape.tolist()
    if isinstance(shape, EagerTensor):
        if not (shape.dtype.is_integer and shape.ndim <= 1):
            raise TypeError(f"[{op}] shape must be a 1-D integer tensor, got {shape.dtype.name} "
                            f"of shape {shape.shape}.")
        return _sizes(tuple(int(d) for d in shape.numpy().reshape(-1)), op)
    if isinstance(shape, (list, tuple)):
        dims = shape
    else:
        dims = (shape,)
    out = []
    for d in dims:
        try:
            out.append(operator.index(d))
        except TypeError:
            packed = symbolic_arg(shape) if tensor else None
            if packed is not None:
                return packed
            raise TypeError(f"[{op}] shape must be a list of integers, got {shape!r}: "
                            f"{d!r} is not an integer.") from None
    return _sizes(tuple(out), op)


def _sizes(dims, op):
    """dims, checked to be sizes (the registry op would name itself, not `op`)."""
    for d in dims:
        if d < 0:
            raise errors.InvalidArgumentError(
                None, None, f"[{op}] Dimension {d} must be >= 0; every dimension of a shape is a size.")
    return dims


def fill(dims, value, name=None):
    """A tensor of shape `dims` whose every element is `value` (dtype inferred as for constant)."""
    scalar = convert_to_tensor(value)
    if scalar.ndim != 0:
        raise ValueError(f"[fill] value must be a scalar, got shape {scalar.shape}.")
    return execute(_FILL, (scalar,), (_shape_tuple(dims, "fill"),), name)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros."""
    dtype = dtypes.as_dtype(dtype)
    return execute(_FILL, (_scalar(dtype, False if dtype.is_bool else 0),), (_shape_tuple(shape, "zeros"),), name)


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones."""
    dtype = dtypes.as_dtype(dtype)
    return execute(_FILL, (_scalar(dtype, True if dtype.is_bool else 1),), (_shape_tuple(shape, "ones"),), name)


def _like_shape(t, op_name):
    """The shape of `t` for a *_like op: a tuple when it is known, else kiln.shape(t),
    read when the graph runs (the result keeps the known dimensions: (None, 3))."""
    if type(t) is EagerTensor:
        return t._shape_tuple
    if not t.shape.is_fully_defined():
        from .shape_ops import shape
        return shape(t)
    return tuple(t.shape.as_list())


def zeros_like(input, dtype=None, name=None):  # noqa: A002 - TF's argument name
    """Zeros with the shape (and, unless given, the dtype) of `input`."""
    t = convert_to_tensor(input)
    return zeros(_like_shape(t, "zeros_like"), t.dtype if dtype is None else dtype, name)


def ones_like(input, dtype=None, name=None):  # noqa: A002
    """Ones with the shape (and, unless given, the dtype) of `input`."""
    t = convert_to_tensor(input)
    return ones(_like_shape(t, "ones_like"), t.dtype if dtype is None else dtype, name)


_FILL = op("fill")
