"""Elementwise unary math, activations, and softmax (wrappers over the C++
registry; see kiln/_ops.py). Dtypes follow TF: no implicit casts, and an
unsupported dtype raises InvalidArgumentError naming the op and the dtype.
float16/bfloat16 are computed in float32; transcendental functions are
SLEEF's, within 1 ULP of the exact result."""

import numpy as np

from . import errors
from ._convert import convert_to_tensor
from ._ops import execute, int_argument, op

# Exported as kiln.<name> (as tf.<name>).
__all__ = [
    "abs", "negative", "sign", "square", "sqrt", "exp", "sin", "cos", "tan", "asin", "acos",
    "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "round", "sigmoid",
    "logical_not",
]
_MATH = [
    "abs", "negative", "sign", "square", "sqrt", "rsqrt", "reciprocal", "exp", "expm1", "log",
    "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh", "erf", "floor", "ceil", "round", "is_nan", "is_inf", "is_finite",
    "logical_not", "sigmoid", "softplus", "softsign", "softmax", "log_softmax",
]
_NN = [
    "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "softplus", "softsign", "softmax",
    "log_softmax", "sigmoid", "tanh",
]
NAMESPACES = {"math": _MATH, "nn": _NN, "bitwise": ["invert"]}


def _unary(name, doc):
    handle = op(name)

    def wrapper(x, name=None):
        return execute(handle, (convert_to_tensor(x),), (), name)

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = doc
    return wrapper


abs = _unary("abs", "|x| elementwise. Any dtype but bool; complex gives the real dtype; "
                    "integers wrap (abs of the minimum value is itself), as TF.")
negative = _unary("negative", "-x elementwise. Any dtype but bool; integers wrap.")
sign = _unary("sign", "-1, 0 or 1 by the sign of x (NaN stays NaN; complex: x / |x|).")
square = _unary("square", "x * x elementwise. Any dtype but bool; integers wrap.")
sqrt = _unary("sqrt", "Square root (correctly rounded). Floating or complex.")
rsqrt = _unary("rsqrt", "1 / sqrt(x). Floating or complex.")
reciprocal = _unary("reciprocal", "1 / x. Floating or complex.")
exp = _unary("exp", "e ** x. Floating or complex.")
expm1 = _unary("expm1", "e ** x - 1, accurate near 0. Floating or complex.")
log = _unary("log", "Natural logarithm. Floating or complex.")
log1p = _unary("log1p", "log(1 + x), accurate near 0. Floating or complex.")
sin = _unary("sin", "Sine. Floating or complex.")
cos = _unary("cos", "Cosine. Floating or complex.")
tan = _unary("tan", "Tangent. Floating or complex.")
asin = _unary("asin", "Inverse sine. Floating or complex.")
acos = _unary("acos", "Inverse cosine. Floating or complex.")
atan = _unary("atan", "Inverse tangent. Floating or complex.")
sinh = _unary("sinh", "Hyperbolic sine. Floating or complex.")
cosh = _unary("cosh", "Hyperbolic cosine. Floating or complex.")
tanh = _unary("tanh", "Hyperbolic tangent. Floating or complex.")
asinh = _unary("asinh", "Inverse hyperbolic sine. Floating or complex.")
acosh = _unary("acosh", "Inverse hyperbolic cosine. Floating or complex.")
atanh = _unary("atanh", "Inverse hyperbolic tangent. Floating or complex.")
erf = _unary("erf", "The error function. Floating only.")
floor = _unary("floor", "Largest integer not greater than x. Floating only.")
ceil = _unary("ceil", "Smallest integer not less than x. Floating only.")
round = _unary("round", "Rounds half to even (banker's rounding), as TF; integers unchanged.")
is_nan = _unary("is_nan", "True where x is NaN. Floating only; returns bool.")
is_inf = _unary("is_inf", "True where x is +inf or -inf. Floating only; returns bool.")
is_finite = _unary("is_finite", "True where x is neither inf nor NaN. Floating only; returns bool.")
logical_not = _unary("logical_not", "Elementwise NOT of a bool tensor.")
invert = _unary("invert", "Bitwise NOT (~x) of an integer tensor.")
sigmoid = _unary("sigmoid", "1 / (1 + e ** -x), without overflow. Floating or complex.")
elu = _unary("elu", "x if x > 0 else e ** x - 1. Floating only.")
selu = _unary("selu", "scale * (x if x > 0 else alpha * (e ** x - 1)) with the SELU "
                      "constants (alpha = 1.6732632..., scale = 1.0507009...). Floating only.")
softplus = _unary("softplus", "log(1 + e ** x), computed without overflow. Floating only.")
softsign = _unary("softsign", "x / (1 + |x|). Floating only.")


def relu(features, name=None):
    """max(features, 0). Integers and floats; NaN stays NaN."""
    return execute(_RELU, (convert_to_tensor(features),), (), name)


def relu6(features, name=None):
    """min(max(features, 0), 6). Integers and floats."""
    return execute(_RELU6, (convert_to_tensor(features),), (), name)


def leaky_relu(features, alpha=0.2, name=None):
    """features if features > 0 else alpha * features. Integer inputs give float32, as TF."""
    return execute(_LEAKY_RELU, (convert_to_tensor(features),), (float(alpha),), name)


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: x * Phi(x), or its tanh approximation
    0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) when `approximate`. Floating only."""
    return execute(_GELU, (convert_to_tensor(features),), (bool(approximate),), name)


def softmax(logits, axis=None, name=None):
    """exp(logits) / reduce_sum(exp(logits), axis), with the maximum along `axis`
    subtracted first so no exponential overflows. `axis` defaults to -1. Floating only."""
    return execute(_SOFTMAX, (convert_to_tensor(logits),), (_softmax_axis(axis, "softmax"),), name)


def log_softmax(logits, axis=None, name=None):
    """logits - log(reduce_sum(exp(logits), axis)), computed stably (max subtracted).
    `axis` defaults to -1. Floating only."""
    return execute(_LOG_SOFTMAX, (convert_to_tensor(logits),), (_softmax_axis(axis, "log_softmax"),), name)


def _softmax_axis(axis, op_name):
    """-1 for None; an integer, or a float with an integral value (TF accepts 1.0 and
    rejects 1.5 with InvalidArgumentError)."""
    if axis is None:
        return -1
    if isinstance(axis, (float, np.floating)):
        if not float(axis).is_integer():
            raise errors.InvalidArgumentError(
                None, None, f"[{op_name}] axis must be an integer, got {axis!r}.")
        return int(axis)
    return int_argument(axis, "axis", op_name)


_RELU = op("relu")
_RELU6 = op("relu6")
_LEAKY_RELU = op("leaky_relu")
_GELU = op("gelu")
_SOFTMAX = op("softmax")
_LOG_SOFTMAX = op("log_softmax")
