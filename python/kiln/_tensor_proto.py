"""``kiln.make_tensor_proto`` and ``kiln.make_ndarray``: TF's ``TensorProto``
as a plain value object (``dtype`` as TF's DataType number, ``tensor_shape``
with ``dim[i].size``, the values) with equality. There is no protobuf wire
format: the object holds a read-only NumPy array.
"""

import numpy as _np

from . import dtypes as _dtypes
from ._convert import convert_to_tensor


class TensorShapeProto:
    class Dim:
        def __init__(self, size):
            self.size = size

        def __eq__(self, other):
            return isinstance(other, TensorShapeProto.Dim) and self.size == other.size

        def __repr__(self):
            return f"size: {self.size}"

    def __init__(self, dims):
        self.dim = [TensorShapeProto.Dim(int(d)) for d in dims]
        self.unknown_rank = False

    def __eq__(self, other):
        return isinstance(other, TensorShapeProto) and self.dim == other.dim


class TensorProto:
    """A tensor's dtype, shape and values, as TF's TensorProto message holds them."""

    def __init__(self, array):
        self._array = array
        self._array.flags.writeable = False
        self._kiln_dtype = _dtypes.as_dtype(array.dtype)
        self.dtype = self._kiln_dtype.as_datatype_enum  # TF's DataType number
        self.tensor_shape = TensorShapeProto(array.shape)

    def __eq__(self, other):
        return (isinstance(other, TensorProto) and self.dtype == other.dtype
                and self.tensor_shape == other.tensor_shape
                and self._array.tobytes() == other._array.tobytes())

    def __hash__(self):
        return hash((self.dtype, self._array.shape, self._array.tobytes()))

    def __repr__(self):
        return (f"TensorProto(dtype={self._kiln_dtype.name}, shape={list(self._array.shape)}, "
                f"values={self._array.tolist()!r})")


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False):
    """A TensorProto of `values` (converted as kiln.constant converts them). With
    `shape`, a single value fills the shape and fewer values than the shape holds
    are padded with the last one (TF's rule); more values raise ValueError."""
    if values is None:
        raise ValueError("None values not supported.")
    array = _np.array(convert_to_tensor(values, dtype=dtype))
    if shape is not None:
        shape = [int(d) for d in shape]
        size = int(_np.prod(shape, dtype=_np.int64))
        if verify_shape and list(array.shape) != shape:
            raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, but got {array.shape}.")
        if array.size > size:
            raise ValueError(f"Too many elements provided. Takes at most {size}, but got "
                             f"{array.size}.")
        flat = array.reshape(-1)
        if 0 < flat.size < size:
            flat = _np.concatenate([flat, _np.repeat(flat[-1:], size - flat.size)])
        elif flat.size == 0 and size:
            flat = _np.zeros(size, array.dtype)
        array = flat.reshape(shape)
    return TensorProto(_np.array(array))


def make_ndarray(tensor):
    """The NumPy array a TensorProto holds (a writable copy, as TF gives)."""
    if not isinstance(tensor, TensorProto):
        raise TypeError(f"make_ndarray needs a TensorProto (from kiln.make_tensor_proto), got "
                        f"{type(tensor).__name__}.")
    return tensor._array.copy()
