"""The rest of kiln.experimental.numpy: its non-function names (ndarray, the
dtypes as NumPy's scalar types, e, pi, inf, newaxis), dtype queries (finfo,
iinfo, issubdtype, promote_types, result_type, isscalar, iscomplexobj,
isrealobj) and small elementwise functions NumPy composes from ufuncs
(iscomplex, isreal, isneginf, isposinf, real, imag, angle, sinc, polyval,
gcd, lcm).

The dtype names are NumPy's own types, as in TF's tnp (tnp.float32 is
np.float32), so NumPy code comparing dtypes keeps working. kiln has no
complex part ops: real is a cast to the real dtype (which keeps the real
part) and imag the real part of z * -1j. gcd and lcm are NumPy ufuncs, so
they are registered in _ufuncs.UFUNCS (np.gcd(symbolic) reaches them); gcd is
Euclid's algorithm in a kiln.while_loop.
"""

import math

import numpy as np

from .. import dtypes
from .._array_ops import zeros_like
from .._control_flow import while_loop
from .._symbolic_tensor import Tensor
from ..cast_ops import cast
from ..math_ops import multiply, not_equal, where
from ..reduction_ops import reduce_any
from . import _arrays, _ufuncs

__all__ = [
    "ndarray", "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
    "uint64", "float16", "float32", "float64", "float_", "int_", "complex64", "complex128",
    "complex_", "inexact", "object_", "string_", "unicode_", "e", "pi", "inf", "newaxis",
    "finfo", "iinfo", "issubdtype", "promote_types", "result_type", "isscalar", "iscomplexobj",
    "isrealobj", "iscomplex", "isreal", "isneginf", "isposinf", "real", "imag", "angle", "sinc",
    "polyval", "gcd", "lcm",
]

ndarray = Tensor
bool_, int8, int16, int32, int64 = np.bool_, np.int8, np.int16, np.int32, np.int64
uint8, uint16, uint32, uint64 = np.uint8, np.uint16, np.uint32, np.uint64
float16, float32, float64 = np.float16, np.float32, np.float64
complex64, complex128 = np.complex64, np.complex128
# NumPy 1's aliases, which TF's tnp keeps
float_, int_, complex_ = np.float64, np.int64, np.complex128
inexact, object_, string_, unicode_ = np.inexact, np.object_, np.bytes_, np.str_
e, pi, inf, newaxis = math.e, math.pi, math.inf, None

_U = {name: _ufuncs.UFUNCS[getattr(np, name)] for name in (
    "logical_and", "isinf", "signbit", "equal", "not_equal", "multiply", "add", "true_divide",
    "sin", "arctan2", "absolute", "remainder", "floor_divide")}


def _dtype_of(x):
    """The NumPy dtype of a dtype-like or of an array-like (tensors included)."""
    if isinstance(x, (dtypes.DType, type, str, np.dtype)):
        return _arrays.numpy_dtype(x)
    return np.dtype(_arrays.operand_dtype(x))


def finfo(dtype):
    """np.finfo of a floating dtype (kiln DTypes and tensors accepted)."""
    return np.finfo(_dtype_of(dtype))


def iinfo(int_type):
    """np.iinfo of an integer dtype (kiln DTypes and tensors accepted)."""
    return np.iinfo(_dtype_of(int_type))


def issubdtype(arg1, arg2):
    """np.issubdtype, accepting kiln DTypes: issubdtype(kiln.float32, np.floating)."""
    as_numpy = [_arrays.numpy_dtype(a) if isinstance(a, dtypes.DType) else a for a in (arg1, arg2)]
    return np.issubdtype(*as_numpy)


def promote_types(type1, type2):
    """np.promote_types (a NumPy dtype), accepting kiln DTypes."""
    return np.promote_types(_arrays.numpy_dtype(type1), _arrays.numpy_dtype(type2))


def result_type(*arrays_and_dtypes):
    """NumPy's result dtype of tensors, arrays, weak Python scalars and dtypes, as a
    kiln DType (TF's tnp returns a tf.DType; it compares equal to NumPy's dtype)."""
    return _arrays.kiln_dtype(_arrays.result_type(*arrays_and_dtypes))


def isscalar(num):
    """True for a scalar: a Python or NumPy scalar, a string, or (as in TF's tnp) a
    tensor of rank 0."""
    if _arrays.is_tensor(num):
        return num.shape.rank == 0
    return bool(np.isscalar(num))


def iscomplexobj(x):
    """Whether x has a complex dtype (whatever its values)."""
    return _dtype_of(x).kind == "c"


def isrealobj(x):
    """Whether x has no complex dtype."""
    return not iscomplexobj(x)


def real(val):
    """The real part: the tensor itself unless complex."""
    val = _arrays.asarray(val)
    return cast(val, val.dtype.real_dtype) if val.dtype.is_complex else val


def imag(val):
    """The imaginary part: zeros of val's dtype unless complex."""
    val = _arrays.asarray(val)
    if not val.dtype.is_complex:
        return zeros_like(val)
    minus_i = _arrays.asarray(np.asarray(-1j, val.dtype.as_numpy_dtype))
    return cast(multiply(val, minus_i), val.dtype.real_dtype)  # (a + bi) * -i = b - ai


def iscomplex(x):
    """Elementwise: a nonzero imaginary part."""
    return _U["not_equal"](imag(x), 0)


def isreal(x):
    """Elementwise: a zero imaginary part."""
    return _U["equal"](imag(x), 0)


def _infinite_with_sign(x, negative):
    x = _arrays.asarray(x)
    if x.dtype.is_complex:
        raise TypeError("np.isneginf / np.isposinf are not defined for complex tensors; test "
                        "the real and imaginary parts.")
    sign = _U["signbit"](x)
    return _U["logical_and"](_U["isinf"](x), sign if negative else _ufuncs.UFUNCS[
        np.logical_not](sign))


def isneginf(x):
    """Elementwise: minus infinity (never, for integers)."""
    return _infinite_with_sign(x, True)


def isposinf(x):
    """Elementwise: plus infinity (never, for integers)."""
    return _infinite_with_sign(x, False)


def angle(z, deg=False):
    """The argument of complex z (arctan2(imag, real)); arctan2(0, z) for real z,
    in float64 for integers as NumPy; in degrees with deg=True."""
    z = _arrays.asarray(z)
    if z.dtype.is_complex:
        result = _U["arctan2"](imag(z), real(z))
    else:
        result = _U["arctan2"](0, z)
    return _U["multiply"](result, 180 / math.pi) if deg else result


def sinc(x):
    """NumPy's sinc, sin(pi x) / (pi x) with 1 at 0, computed as NumPy does
    (x = 0 replaced by 1e-20)."""
    y = _U["multiply"](math.pi, _arrays.asarray(x))
    y = where(_U["equal"](y, 0), _arrays.asarray(np.asarray(1.0e-20, y.dtype.as_numpy_dtype)), y)
    return _U["true_divide"](_U["sin"](y), y)


def polyval(p, x):
    """NumPy's polyval: the polynomial with coefficients p (highest power first)
    at x, by Horner's rule as NumPy. p's length must be known while building."""
    p, x = _arrays.asarray(p), _arrays.asarray(x)
    n = p.shape[0] if p.shape.rank else None
    if n is None:
        raise ValueError(f"np.polyval needs a 1-D coefficient array whose length is known while "
                         f"the graph is built; got shape {p.shape}.")
    y = zeros_like(x)
    for i in range(n):
        y = _U["add"](_U["multiply"](y, x), p[i])
    return y


def _gcd(a, b):
    """Euclid's algorithm on |a| and |b|, every element until its remainder is 0."""
    a, b = _U["absolute"](a), _U["absolute"](b)
    zero = _arrays.asarray(np.asarray(0, a.dtype.as_numpy_dtype))
    a, b = _U["add"](a, multiply(b, zero)), _U["add"](b, multiply(a, zero))  # broadcast both

    def step(a, b):
        nonzero = not_equal(b, zero)
        safe = where(nonzero, b, zero + 1)
        return where(nonzero, b, a), where(nonzero, _U["remainder"](a, safe), zero)

    return while_loop(lambda a, b: reduce_any(not_equal(b, zero)), step, [a, b])[0]


def _lcm(a, b):
    divisor = _gcd(a, b)
    zero = _arrays.asarray(np.asarray(0, divisor.dtype.as_numpy_dtype))
    is_zero = _U["equal"](divisor, zero)
    quotient = _U["floor_divide"](_U["absolute"](a), where(is_zero, zero + 1, divisor))
    return where(is_zero, zeros_like(divisor), _U["multiply"](quotient, _U["absolute"](b)))


# NumPy's gcd and lcm are ufuncs: np.gcd(symbolic, ...) reaches __array_ufunc__'s table.
_ufuncs.UFUNCS[np.gcd] = _ufuncs.Ufunc(np.gcd, _gcd)
_ufuncs.UFUNCS[np.lcm] = _ufuncs.Ufunc(np.lcm, _lcm)


def _integer_ufunc(ufunc):
    def call(x1, x2):
        for x in (x1, x2):
            if np.dtype(_arrays.result_type(x)).kind not in "iu":
                # TF's tnp raises ValueError here (NumPy's own ufunc: TypeError)
                raise ValueError(f"Arguments to {ufunc.__name__} must be integers; got "
                                 f"{_arrays.result_type(x)}. Cast them to an integer dtype.")
        return _ufuncs.UFUNCS[ufunc](x1, x2)
    call.__name__ = ufunc.__name__
    call.__doc__ = f"NumPy's {ufunc.__name__} of integers (elementwise, broadcast)."
    return call


gcd = _integer_ufunc(np.gcd)
lcm = _integer_ufunc(np.lcm)
