"""Stateful random ops: ``kiln.random.uniform``, ``normal``, ``truncated_normal``,
``shuffle``, ``categorical``, ``gamma``, ``poisson``, and ``set_seed``.

Values come from counter-based Philox4x32-10 streams (src/kernels/cpu/random.cc):
a stream is fixed by (seed, seed2, counter), and element i depends only on i.
The seeds follow TF's rules (``_random_seed.py``); the stateless ops are in
stateless_random_ops.py.
"""

import numpy as np

from . import dtypes
from ._convert import convert_to_tensor
from ._ops import execute, int_argument, op
from ._random_seed import set_seed, stream
from ._array_ops import _shape_tuple, zeros_like
from .math_ops import divide, maximum

__all__ = []
NAMESPACES = {"random": ["uniform", "normal", "truncated_normal", "shuffle", "categorical",
                         "gamma", "poisson", "set_seed"]}

_FLOAT_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)
_INT_DTYPES = (dtypes.int32, dtypes.int64)


def float_argument(value, what, fn):
    """A Python float from a number or a scalar tensor (for float attributes)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"[{fn}] {what} must be a number (a Python or NumPy scalar or a scalar "
                        f"tensor), got {value!r}.") from None


def float_dtype(dtype, fn):
    """A float dtype for normal-like draws; TypeError otherwise (TF's class: its wrapper
    fails converting mean=0.0 to the dtype)."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _FLOAT_DTYPES:
        raise TypeError(f"[{fn}] dtype {dtype.name} is not supported; use float16, "
                        f"bfloat16, float32 or float64.")
    return dtype


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Values uniform in ``[minval, maxval)``, as ``tf.random.uniform``.

    Floats (float16, bfloat16, float32, float64) default to ``[0, 1)``;
    integers (int32, int64) need `maxval`, and ``minval < maxval``.
    """
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, "random.uniform")
    if dtype in _INT_DTYPES:
        if maxval is None:
            raise ValueError(f"[random.uniform] Must specify maxval for integer dtype {dtype.name}.")
        bounds = (_integer(minval, "minval"), _integer(maxval, "maxval"))
        seeds = stream(_UNIFORM_INT, seed, "random.uniform")
        return execute(_UNIFORM_INT, (), (shape, dtype._code) + seeds + bounds, name)
    if dtype not in _FLOAT_DTYPES:
        raise ValueError(f"[random.uniform] dtype {dtype.name} is not supported; use float16, "
                         f"bfloat16, float32, float64, int32 or int64.")
    bounds = (float_argument(minval, "minval", "random.uniform"),
              1.0 if maxval is None else float_argument(maxval, "maxval", "random.uniform"))
    seeds = stream(_UNIFORM, seed, "random.uniform")
    return execute(_UNIFORM, (), (shape, dtype._code) + seeds + bounds, name)


def _integer(value, what):
    try:
        return int_argument(value, what, "random.uniform")
    except TypeError:
        raise TypeError(f"[random.uniform] {what} must be an integer for an integer dtype, "
                        f"got {value!r}.") from None


def _normal_like(op_handle, fn, shape, mean, stddev, dtype, seed, name):
    dtype = float_dtype(dtype, fn)
    shape = _shape_tuple(shape, fn)
    params = (float_argument(mean, "mean", fn), float_argument(stddev, "stddev", fn))
    return execute(op_handle, (), (shape, dtype._code) + stream(op_handle, seed, fn) + params, name)


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Values from a normal distribution, as ``tf.random.normal`` (Box-Muller on Philox)."""
    return _normal_like(_NORMAL, "random.normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal values redrawn until within two standard deviations of the mean, as
    ``tf.random.truncated_normal``."""
    return _normal_like(_TRUNCATED, "random.truncated_normal", shape, mean, stddev, dtype, seed,
                        name)


def shuffle(value, seed=None, name=None):
    """`value` with its first dimension in a random order, as ``tf.random.shuffle``."""
    value = convert_to_tensor(value)
    return execute(_SHUFFLE, (value,), stream(_SHUFFLE, seed, "random.shuffle"), name)


def categorical_dtype(dtype, fn):
    """The output dtype of categorical draws: int64 by default, int32 or int64 (TF's ValueError)."""
    dtype = dtypes.int64 if dtype is None else dtypes.as_dtype(dtype)
    if dtype not in _INT_DTYPES:
        raise ValueError(f"[{fn}] Argument `dtype` got invalid value {dtype!r}. Accepted dtypes "
                         f"are (tf.int32, tf.int64).")
    return dtype


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """``[batch_size, num_samples]`` class indices drawn from ``softmax(logits)``
    (logits ``[batch_size, num_classes]``), as ``tf.random.categorical``."""
    dtype = categorical_dtype(dtype, "random.categorical")
    logits = convert_to_tensor(logits)
    num_samples = int_argument(num_samples, "num_samples", "random.categorical", tensor=True)
    return execute(_MULTINOMIAL, (logits,),
                   (num_samples, dtype._code) + stream(_MULTINOMIAL, seed, "random.categorical"), name)


def gamma_parameters(alpha, beta, dtype):
    """alpha and beta as tensors of `dtype`, alpha broadcast against beta (TF's wrapper)."""
    alpha = convert_to_tensor(alpha, dtype=dtype)
    beta = convert_to_tensor(1 if beta is None else beta, dtype=dtype)
    return alpha + zeros_like(beta), beta


def scale_gamma(draws, beta):
    """TF's last step: Gamma(alpha, 1) / beta, at least the dtype's smallest normal number."""
    return maximum(np.finfo(draws.dtype.as_numpy_dtype).tiny, divide(draws, beta))


def gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma(alpha, beta) draws of shape ``shape + broadcast(alpha, beta).shape``, as
    ``tf.random.gamma`` (beta is the inverse scale; Marsaglia-Tsang sampling)."""
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, "random.gamma")
    alpha, beta = gamma_parameters(alpha, beta, dtype)
    draws = execute(_GAMMA, (alpha,), (shape,) + stream(_GAMMA, seed, "random.gamma"))
    return scale_gamma(draws, beta)


def poisson(shape, lam, dtype=dtypes.float32, seed=None, name=None):
    """Poisson(lam) counts of shape ``shape + lam.shape`` in `dtype` (float16, float32,
    float64, int32, int64), as ``tf.random.poisson``."""
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, "random.poisson")
    lam = convert_to_tensor(lam)
    seeds = stream(_POISSON, seed, "random.poisson")
    return execute(_POISSON, (lam,), (shape, dtype._code) + seeds, name)


_UNIFORM = op("random_uniform")
_UNIFORM_INT = op("random_uniform_int")
_NORMAL = op("random_normal")
_TRUNCATED = op("truncated_normal")
_SHUFFLE = op("random_shuffle")
_MULTINOMIAL = op("multinomial")
_GAMMA = op("random_gamma")
_POISSON = op("random_poisson")
