"""Element types: ``kiln.float32`` and friends, as TensorFlow's ``tf.dtypes``."""

import builtins as _builtins

import ml_dtypes as _ml_dtypes
import numpy as _np

# (name, NumPy type, TF's DataType enum value), in the order of C++'s
# kiln::DTypeCode: a DType's code is its index here.
_TABLE = (
    ("bool", _np.bool_, 10),
    ("int8", _np.int8, 6),
    ("int16", _np.int16, 5),
    ("int32", _np.int32, 3),
    ("int64", _np.int64, 9),
    ("uint8", _np.uint8, 4),
    ("uint16", _np.uint16, 17),
    ("uint32", _np.uint32, 22),
    ("uint64", _np.uint64, 23),
    ("float16", _np.float16, 19),
    ("bfloat16", _ml_dtypes.bfloat16, 14),
    ("float32", _np.float32, 1),
    ("float64", _np.float64, 2),
    ("complex64", _np.complex64, 8),
    ("complex128", _np.complex128, 18),
)


class DType:
    """The type of a tensor's elements. Compare with ``==`` to DTypes, names and NumPy types."""

    __slots__ = ("_code", "_name", "_np")

    def __init__(self, code):
        self._code = code
        self._name, self._np, _ = _TABLE[code]

    @property
    def name(self):
        return self._name

    @property
    def as_numpy_dtype(self):
        """The NumPy scalar type (``ml_dtypes.bfloat16`` for bfloat16, as in TF)."""
        return self._np

    @property
    def as_datatype_enum(self):
        return _TABLE[self._code][2]

    @property
    def size(self):
        return _np.dtype(self._np).itemsize

    @property
    def itemsize(self):
        return self.size

    @property
    def is_bool(self):
        return self._name == "bool"

    @property
    def is_integer(self):
        return self._name.startswith(("int", "uint"))

    @property
    def is_unsigned(self):
        return self._name.startswith("uint")

    @property
    def is_floating(self):
        return self._name.startswith(("float", "bfloat"))

    @property
    def is_complex(self):
        return self._name.startswith("complex")

    @property
    def is_numeric(self):
        return not self.is_bool

    @property
    def is_numpy_compatible(self):
        return True

    @property
    def is_quantized(self):
        return False

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return {"complex64": float32, "complex128": float64}.get(self._name, self)

    @property
    def min(self):
        """The smallest value of the type (for floats: the most negative finite one)."""
        return self._limits().min

    @property
    def max(self):
        return self._limits().max

    def _limits(self):
        if self.is_bool or self.is_complex:
            raise TypeError(f"Cannot find minimum or maximum value of dtype {self._name}.")
        if self.is_integer:
            return _np.iinfo(self._np)
        return _ml_dtypes.finfo(self._np)

    def is_compatible_with(self, other):
        return self == other

    def __eq__(self, other):
        if isinstance(other, DType):
            return self._code == other._code
        try:
            return self._code == as_dtype(other)._code
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(("kiln.DType", self._code))

    def __repr__(self):
        return "kiln." + self._name

    def __str__(self):
        return f"<dtype: '{self._name}'>"

    def __reduce__(self):
        return as_dtype, (self._name,)


_ALL = tuple(DType(code) for code in range(len(_TABLE)))
(bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,  # noqa: A001
 float16, bfloat16, float32, float64, complex64, complex128) = _ALL
half = float16
double = float64

_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"float": float32, "double": float64, "half": float16})
_BY_NUMPY = {_np.dtype(d.as_numpy_dtype): d for d in _ALL}
_BY_PYTHON_TYPE = {_builtins.float: float32, _builtins.complex: complex128, _builtins.bool: bool}


_STRING_UNSUPPORTED = ("string tensors are not supported: kiln has no string dtype (kiln.string "
                       "exists only so that TF programs import). Keep text in Python (str, lists, "
                       "NumPy string arrays) and give kiln numbers, e.g. token ids.")


class _StringName:
    """``kiln.string``: TF's ``tf.string`` as a name only; using it as a dtype raises."""

    name = "string"

    def __repr__(self):
        return "kiln.string (unsupported)"

    def __reduce__(self):
        return "string"


string = _StringName()


def as_dtype(type_value):
    """Converts a DType, a name ('float32'), a NumPy dtype or type, or float/complex/bool to a DType."""
    if isinstance(type_value, DType):
        return type_value
    if type_value is string or type_value is _builtins.str or (isinstance(type_value, _builtins.str)
                                                              and type_value == "string"):
        raise TypeError(f"Cannot use {type_value!r} as a dtype: {_STRING_UNSUPPORTED}")
    if isinstance(type_value, str):
        found = _BY_NAME.get(type_value)
        if found is not None:
            return found
    elif isinstance(type_value, type) and type_value in _BY_PYTHON_TYPE:
        return _BY_PYTHON_TYPE[type_value]
    elif type_value is _builtins.int:
        raise TypeError("Cannot convert Python's int to a kiln DType: it has no fixed width, as "
                        "in TF. Use kiln.int32 or kiln.int64.")
    elif type_value is not None:
        try:
            np_dtype = _np.dtype(type_value)
            found = _BY_NUMPY.get(np_dtype if np_dtype.isnative else np_dtype.newbyteorder("="))
        except (TypeError, ValueError):
            found = None
        if found is not None:
            return found
    raise TypeError(
        f"Cannot convert {type_value!r} to a kiln DType. Use one of kiln.{', kiln.'.join(d.name for d in _ALL)}, "
        f"their names as strings, or the matching NumPy types.")
