"""Elementwise unary math, activations, and softmax (wrappers over the C++
registry; see kiln/_ops.py). Dtypes follow TF: no implicit casts, and an
unsupported dtype raises InvalidArgumentError naming the op and the dtype.
float16/bfloat16 are computed in float32; transcendental functions are
SLEEF's, within 1 ULP of the exact result."""

import numpy as np

from . import errors
from ._convert import convert_to_tensor
from ._ops import execute, int_argument, op
from ._registry_names import export

# abs, exp, ..., relu, ...: generated from their registry rows (src/ops/unary_ops.cc),
# which also give every op's names (kiln.X, kiln.math.X, kiln.nn.X, kiln.bitwise.X).
__all__, NAMESPACES = export("unary", globals())


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


_LEAKY_RELU = op("leaky_relu")
_GELU = op("gelu")
_SOFTMAX = op("softmax")
_LOG_SOFTMAX = op("log_softmax")
