"""Conversion and dtype rules of kiln's NumPy API (``kiln.experimental.numpy``).

NumPy's rules, which TF's ``tf.experimental.numpy`` follows: a Python int
becomes int64 and a Python float float64 when it stands alone; mixed with a
tensor or array a Python scalar is *weak* (NEP 50: ``int32 + 1`` stays
int32) and arrays and tensors promote (``int32 + int64`` is int64). The
promotion itself is NumPy's own (``np.result_type``, a ufunc's
``resolve_dtypes``), not a second table.

``prefer_float32`` (``experimental_enable_numpy_behavior(prefer_float32=True)``)
makes a standalone Python float float32, as TF's switch does.
"""

import numbers
import operator

import numpy as np

from .. import dtypes, errors
from ..cast_ops import cast
from .._convert import convert_operand, convert_to_tensor
from .._eager_tensor import EagerTensor
from .._ops import TENSOR_TYPES

# Python scalars are weak operands of NumPy's promotion; bool is an int subclass.
WEAK_TYPES = (bool, int, float, complex)
_state = {"prefer_float32": False}
_BOOL = np.dtype(bool)
# Both directions cached: a ufunc call looks each operand's dtype up (measured 1 us uncached).
_NUMPY_OF = {d: np.dtype(d.as_numpy_dtype) for d in dtypes._ALL if d.is_numpy_compatible}
_KILN_OF = {v: k for k, v in _NUMPY_OF.items()}
_NUMPY_BY_CODE = {d._code: n for d, n in _NUMPY_OF.items()}


def prefer_float32():
    return _state["prefer_float32"]


def set_prefer_float32(value):
    _state["prefer_float32"] = bool(value)


def is_tensor(x):
    return isinstance(x, TENSOR_TYPES) or getattr(type(x), "_kiln_tensor_like", False)


def operand_dtype(x):
    """What NumPy's promotion sees for operand `x`: a NumPy dtype, or a Python
    scalar type (weak)."""
    t = type(x)
    if t is EagerTensor:  # the hot path: no DType object, no Python-level hash
        return _NUMPY_BY_CODE[x._dtype_code]
    if isinstance(x, TENSOR_TYPES):
        return _NUMPY_OF[x.dtype]
    if t is bool:  # NumPy's promotion treats Python bools as bool arrays, not weakly
        return _BOOL
    if t in WEAK_TYPES:
        return t
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    if getattr(t, "_kiln_tensor_like", False):
        return np.dtype(x.dtype.as_numpy_dtype)
    return default_array(x).dtype


def default_float():
    """The dtype of a Python float standing alone: float64, float32 under prefer_float32.
    (The type `float` given as a dtype stays float64, as in TF: tnp.zeros(2) is float64.)"""
    return np.dtype(np.float32 if prefer_float32() else np.float64)


def default_array(value, dtype=None):
    """`value` (not a tensor) as a NumPy array, with float32 for Python floats
    under prefer_float32."""
    array = np.asarray(value, dtype=dtype)
    if dtype is None and array.dtype == np.float64 and prefer_float32() and not isinstance(
            value, (np.ndarray, np.generic)):
        array = array.astype(np.float32)
    return array


def kiln_dtype(np_dtype):
    """The kiln DType of a NumPy dtype (or a dtype-like: 'float32', np.int8, kiln.int8)."""
    found = _KILN_OF.get(np_dtype) if isinstance(np_dtype, np.dtype) else None
    if found is not None:
        return found
    if isinstance(np_dtype, dtypes.DType):
        return np_dtype
    return dtypes.as_dtype(np.dtype(np_dtype))


def numpy_dtype(dtype):
    """A dtype-like (kiln DType, NumPy dtype, type, string) as a NumPy dtype."""
    if isinstance(dtype, dtypes.DType):
        return np.dtype(dtype.as_numpy_dtype)
    return np.dtype(dtype)


def result_type(*operands):
    """NumPy's result dtype for `operands` (tensors, arrays, scalars, dtypes), as a NumPy dtype."""
    return np.result_type(*(numpy_dtype(x) if isinstance(x, (dtypes.DType, type, str))
                            else _promotion_operand(x) for x in operands))


# np.result_type treats a Python scalar *value* as weak (NEP 50) but its type as a strong
# dtype (np.result_type(float32, float) is float64), so weak operands go in as values.
_WEAK_VALUES = {int: 0, float: 0.0, complex: 0j}


def _promotion_operand(x):
    d = operand_dtype(x)
    return _WEAK_VALUES[d] if isinstance(d, type) else d


def asarray(value, dtype=None):
    """`value` as a kiln tensor: tensors pass through (cast when `dtype` differs),
    anything else converts with NumPy's defaults (Python ints int64, floats float64)."""
    if isinstance(value, TENSOR_TYPES):
        return value if dtype is None else cast(value, kiln_dtype(dtype))
    if getattr(type(value), "_kiln_tensor_like", False):
        return asarray(convert_to_tensor(value), dtype)
    if isinstance(value, (list, tuple)) and _holds_tensor(value):
        from ._shape import stack_nested
        return stack_nested(value, dtype)
    np_dtype = None if dtype is None else numpy_dtype(dtype)
    return convert_to_tensor(default_array(value, np_dtype))


def operand(value, dtype):
    """`value` as an operand of kiln dtype `dtype` for the op about to be built: like
    asarray, but a Python scalar converts directly (an eager constant, which the graph
    adds as a Const with the op), the fast path of a ufunc call."""
    if type(value) in WEAK_TYPES:
        # NumPy's logical loops take any number as bool (x != 0); kiln's conversion refuses it.
        return convert_operand(bool(value) if dtype is dtypes.bool else value, dtype=dtype)
    return asarray(value, dtype)


def numpy_dtype_of(x):
    """The NumPy dtype of tensor `x`."""
    return _NUMPY_OF[x.dtype]


def cast_to(x, np_dtype):
    """Tensor `x` as NumPy dtype `np_dtype` (itself when it is already)."""
    return x if _NUMPY_OF[x.dtype] == np_dtype else cast(x, kiln_dtype(np_dtype))


def scalar(value, like):
    """A constant `value` of `like`'s dtype (`like`: a tensor or a NumPy dtype-like)."""
    np_dtype = _NUMPY_OF[like.dtype] if isinstance(like, TENSOR_TYPES) else np.dtype(like)
    return asarray(np.asarray(value, dtype=np_dtype))


def no_out(out, fn):
    """NumPy's out= has no meaning for immutable tensors: refused unless None."""
    if out is not None:
        raise TypeError(f"{fn}(..., out=...) cannot write into a kiln tensor: tensors are "
                        f"immutable; use the returned tensor instead.")


def _holds_tensor(items):
    return any(is_tensor(x) or (isinstance(x, (list, tuple)) and _holds_tensor(x))
               for x in items)


def operands(*values):
    """`values` as tensors of their common NumPy result dtype."""
    common = result_type(*values)
    return [asarray(v, common) for v in values], common


def is_integer_like(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


# ---- axes: one rule for every function of the NumPy API ----

class AxisError(np.exceptions.AxisError, errors.InvalidArgumentError):
    """An axis out of range: NumPy's np.exceptions.AxisError (a ValueError and
    IndexError) and TF's InvalidArgumentError for the same mistake, so either
    kind of except clause catches it."""

    def __init__(self, message):
        np.exceptions.AxisError.__init__(self, message)
        errors.InvalidArgumentError.__init__(self, None, None, message)

    def __str__(self):
        return self._message

    def __reduce__(self):
        return type(self), (self._message,)


def rank(t, fn):
    """`t`'s rank, which `fn` needs while the graph is built."""
    if t.shape.rank is None:
        raise ValueError(f"{fn}: the rank of {getattr(t, 'name', 'the input')} is unknown while "
                         f"the graph is built, and {fn} needs the rank of its input. Give the "
                         f"placeholder a shape (None for unknown dimensions) or use "
                         f"kiln.ensure_shape.")
    return t.shape.rank


def axis_index(axis, ndim, fn, what="axis"):
    """`axis` in [0, ndim), or AxisError when out of range."""
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError(f"{fn}: {what} must be an integer, got {axis!r}.")
    try:
        a = operator.index(axis)
    except TypeError:
        raise TypeError(f"{fn}: {what} must be an integer, got {axis!r}.") from None
    if not -ndim <= a < ndim:
        raise AxisError(f"{fn}: {what} {a} is out of bounds for an array of dimension {ndim}; "
                        f"use an axis in [{-ndim}, {ndim}).")
    return a % ndim if ndim else a


def axis_tuple(axis, ndim, fn, what="axis"):
    """An int or a sequence of ints as a tuple of distinct axes in [0, ndim)."""
    items = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    out = tuple(axis_index(a, ndim, fn, what) for a in items)
    if len(set(out)) != len(out):
        raise ValueError(f"{fn}: repeated axis in {what}={axis!r}; name each axis once.")
    return out
