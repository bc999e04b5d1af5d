"""``kiln.TensorSpec``: the dtype and (possibly partial) shape a traced
function accepts for one tensor argument, as TF's ``tf.TensorSpec``."""

from . import dtypes
from ._tensor_shape import TensorShape


class TensorSpec:
    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        return cls(tensor.shape, tensor.dtype, name)

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    def is_compatible_with(self, value):
        """Whether a tensor (or spec) of this dtype has a shape that fits this one."""
        return value.dtype == self._dtype and self._shape.is_compatible_with(value.shape)

    def __eq__(self, other):
        return (isinstance(other, TensorSpec) and self._dtype == other._dtype
                and self._shape._dims == other._shape._dims and self._name == other._name)

    def __hash__(self):
        return hash((self._dtype, self._shape._dims, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"
