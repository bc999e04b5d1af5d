"""``kiln.TensorSpec``: the dtype and (possibly partial) shape a traced
function accepts for one tensor argument, as TF's ``tf.TensorSpec``."""

from . import dtypes
from ._tensor_shape import TensorShape


class TensorSpec:
    __slots__ = ("_shape", "_dtype", "_name")

    def __new__(cls, shape=None, dtype=dtypes.float32, name=None):
        # Specs are made per call of a function with an input_signature: a DType
        # (the common case) is told apart from a string dtype by its type alone.
        if cls is TensorSpec and type(dtype) is not dtypes.DType and _is_string(dtype):
            return super().__new__(StringSpec)  # a dataset's string component
        return super().__new__(cls)

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


def _is_string(dtype):
    return dtype is dtypes.string or dtype is str or (isinstance(dtype, str) and dtype == "string")


class StringSpec(TensorSpec):
    """``TensorSpec(shape, kiln.string)``: the spec of a string component of a
    dataset (text lines, file names, generator output). kiln's kernels have no
    string dtype: such components reach Python as ``bytes`` (NumPy object arrays
    when batched) and cannot enter a traced function."""

    __slots__ = ()

    def __init__(self, shape=(), dtype=dtypes.string, name=None):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.string
        self._name = name

    def is_compatible_with(self, value):
        return isinstance(value, StringSpec) and self._shape.is_compatible_with(value.shape)

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype=kiln.string, name={self._name!r})"
