"""Stateless random ops, as ``tf.random.stateless_*``: pure functions of their
arguments and a shape-[2] int32/int64 ``seed``, so the same seed gives the same
values eagerly, in a Session and in ``kiln.function`` (where the seed may be a
tensor fed at run time). Same Philox generator as the stateful ops
(random_ops.py), not TF's bit patterns.
"""

from . import dtypes, errors
from ._convert import convert_to_tensor
from ._ops import execute, int_argument, op
from ._shape_args import symbolic_arg
from ._array_ops import _shape_tuple
from .random_ops import (categorical_dtype, float_argument, float_dtype,
                         gamma_parameters, scale_gamma)

__all__ = []
NAMESPACES = {"random": ["stateless_uniform", "stateless_normal", "stateless_truncated_normal",
                         "stateless_categorical", "stateless_gamma", "stateless_poisson"]}

_FLOAT_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)
_UNIFORM_DTYPES = _FLOAT_DTYPES + (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64)


def _seed(seed, fn):
    """The seed attribute: two Python ints, or a symbolic tensor read when the graph runs."""
    t = symbolic_arg(seed)
    if t is None:
        t = convert_to_tensor(seed)
    if t.dtype not in (dtypes.int32, dtypes.int64):
        raise errors.InvalidArgumentError(
            None, None, f"[{fn}] seed has dtype {t.dtype.name}, which is not in the list of "
            f"allowed values: int32, int64.")
    if t.shape.rank is not None and t.shape.as_list() not in ([2], [None]):
        dims = ",".join(str(d) for d in t.shape.as_list())
        raise errors.InvalidArgumentError(
            None, None, f"[{fn}] seed must have shape [2], not [{dims}]; pass two integers, "
            f"e.g. seed=[1, 2].")
    if hasattr(t, "numpy"):
        return tuple(int(v) for v in t.numpy())
    return t


def _scalar_param(value, dtype):
    """A scalar float parameter as a Python float; None when it is a tensor of another shape
    (the wrapper then scales standard draws with tensor arithmetic, as TF broadcasts)."""
    t = value if hasattr(value, "dtype") else convert_to_tensor(value, dtype=dtype)
    if t.shape.rank == 0 and hasattr(t, "numpy"):
        return float(t.numpy())
    return None


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select"):
    """Values uniform in ``[minval, maxval)``, as ``tf.random.stateless_uniform``.

    Floats default to ``[0, 1)``. Integers (int32, int64) need both bounds
    (``minval < maxval``), or both ``None`` for the whole range of the dtype
    (also uint32, uint64), as TF.
    """
    fn = "random.stateless_uniform"
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError(f"[{fn}] Argument `dtype` got invalid value {dtype!r}. Accepted dtypes "
                         f"are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, "
                         f"tf.int64, tf.uint32, tf.uint64).")
    shape = _shape_tuple(shape, fn)
    seed = _seed(seed, fn)
    if dtype.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError(f"[{fn}] For integer `dtype` argument {dtype!r}, argument `minval` "
                             f"and `maxval` must be both None or not None. Got `minval`={minval} "
                             f"and `maxval`={maxval}.")
        if minval is None:
            return execute(_FULL_INT, (), (shape, dtype._code, seed), name)
        if dtype.is_unsigned:
            raise ValueError(f"[{fn}] Argument `dtype` got invalid value {dtype!r} when argument "
                             f"`minval` is not None. Please don't use unsigned integers in this "
                             f"case.")
        bounds = tuple(_int_bound(v, w, fn) for v, w in ((minval, "minval"), (maxval, "maxval")))
        return execute(_UNIFORM_INT, (), (shape, dtype._code, seed) + bounds, name)
    if minval is None:
        raise ValueError(f"[{fn}] minval is None; float draws need a number (the default 0).")
    lo = float_argument(minval, "minval", fn)
    hi = 1.0 if maxval is None else float_argument(maxval, "maxval", fn)
    return execute(_UNIFORM, (), (shape, dtype._code, seed, lo, hi), name)


def _int_bound(value, what, fn):
    if hasattr(value, "shape") and getattr(value.shape, "rank", 0) not in (0, None):
        raise errors.InvalidArgumentError(
            None, None, f"[{fn}] {what} must be 0-D, got shape {list(value.shape)}.")
    if isinstance(value, (list, tuple)):
        raise errors.InvalidArgumentError(
            None, None, f"[{fn}] {what} must be 0-D, got shape [{len(value)}].")
    return int_argument(value, what, fn)


def _normal_like(op_handle, fn, shape, seed, mean, stddev, dtype, name):
    dtype = float_dtype(dtype, fn)
    shape = _shape_tuple(shape, fn)
    seed = _seed(seed, fn)
    m, s = _scalar_param(mean, dtype), _scalar_param(stddev, dtype)
    if m is not None and s is not None:
        return execute(op_handle, (), (shape, dtype._code, seed, m, s), name)
    # Tensor parameters broadcast against the draws, as TF: z * stddev + mean.
    z = execute(op_handle, (), (shape, dtype._code, seed, 0.0, 1.0))
    return z * convert_to_tensor(stddev, dtype=dtype) + convert_to_tensor(mean, dtype=dtype)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                     alg="auto_select"):
    """Normal values, as ``tf.random.stateless_normal``."""
    return _normal_like(_NORMAL, "random.stateless_normal", shape, seed, mean, stddev, dtype, name)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                               name=None, alg="auto_select"):
    """Normal values within two standard deviations, as ``tf.random.stateless_truncated_normal``."""
    return _normal_like(_TRUNCATED, "random.stateless_truncated_normal", shape, seed, mean,
                        stddev, dtype, name)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """Class indices drawn from ``softmax(logits)``, as ``tf.random.stateless_categorical``."""
    fn = "random.stateless_categorical"
    dtype = categorical_dtype(dtype, fn)
    logits = convert_to_tensor(logits)
    num_samples = int_argument(num_samples, "num_samples", fn, tensor=True)
    return execute(_MULTINOMIAL, (logits,), (num_samples, dtype._code, _seed(seed, fn)), name)


def _leading(shape, params, fn):
    """shape without its last params.ndim dimensions, which must be params' shape (TF)."""
    k = params.shape.rank
    tail = list(shape[len(shape) - k:]) if k else []
    if k > len(shape) or tail != params.shape.as_list():
        raise errors.InvalidArgumentError(
            None, None, f"[{fn}] Shape passed in must end with broadcasted shape: shape "
            f"{list(shape)} does not end with the parameters' shape {params.shape.as_list()}.")
    return tuple(shape[:len(shape) - k])


def stateless_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None):
    """Gamma(alpha, beta) draws of `shape`, which must end with ``broadcast(alpha, beta).shape``,
    as ``tf.random.stateless_gamma``."""
    fn = "random.stateless_gamma"
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, fn, tensor=False)
    alpha, beta = gamma_parameters(alpha, beta, dtype)
    draws = execute(_GAMMA, (alpha,), (_leading(shape, alpha, fn), _seed(seed, fn)))
    return scale_gamma(draws, beta)


def stateless_poisson(shape, seed, lam, dtype=dtypes.int32, name=None):
    """Poisson(lam) counts of `shape`, which must end with ``lam.shape``, as
    ``tf.random.stateless_poisson``."""
    fn = "random.stateless_poisson"
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, fn, tensor=False)
    lam = convert_to_tensor(lam)
    return execute(_POISSON, (lam,), (_leading(shape, lam, fn), dtype._code, _seed(seed, fn)),
                   name)


_UNIFORM = op("stateless_random_uniform")
_UNIFORM_INT = op("stateless_random_uniform_int")
_FULL_INT = op("stateless_random_uniform_full_int")
_NORMAL = op("stateless_random_normal")
_TRUNCATED = op("stateless_truncated_normal")
_MULTINOMIAL = op("stateless_multinomial")
_GAMMA = op("stateless_random_gamma")
_POISSON = op("stateless_random_poisson")
