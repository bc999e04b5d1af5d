"""TF1 names that TF2 renamed or dropped, as ``tf.compat.v1`` keeps them: thin
names for kiln's ops (``to_float``, ``div``, ``arg_max``, ``random_normal``, ``multinomial``,
``tf.compat.v1.random``,
reductions with ``keep_dims`` and ``reduction_indices``), and the TF1 value
classes programs pass around (``Dimension``, ``ConfigProto``, ...)."""

import functools
import sys as _sys
import types as _types

import kiln as _kiln
from kiln import _random_seed

__all__ = ["div", "to_float", "to_double", "to_int32", "to_int64", "log", "random_normal",
           "random_uniform", "set_random_seed", "get_seed", "truncated_normal", "random_shuffle",
           "multinomial", "random_gamma", "random_poisson", "random",
           "arg_max", "arg_min", "Dimension", "ConfigProto",
           "GPUOptions", "RunOptions", "RunMetadata", "GraphOptions", "OptimizerOptions",
           "matrix_inverse", "matrix_determinant", "matrix_band_part", "matrix_diag",
           "matrix_diag_part", "matrix_set_diag", "matrix_solve", "matrix_solve_ls", "cholesky",
           "qr", "svd", "self_adjoint_eig", "self_adjoint_eigvals", "trace", "diag", "diag_part",
           "matrix_transpose", "norm"]
_REDUCTIONS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
               "reduce_any", "reduce_all", "reduce_logsumexp"]


def div(x, y, name=None):
    """TF1's Python-2 division: floor division of integers, true division of floats."""
    x = _kiln.convert_to_tensor(x)
    y = _kiln.convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype.is_integer:
        return _kiln.math.floordiv(x, y, name=name)
    return _kiln.math.divide(x, y, name=name)


def _cast_to(dtype):
    def cast(x, name="ToFloat"):
        return _kiln.cast(x, dtype, name=name)
    cast.__doc__ = f"x cast to {dtype.name} (TF1)."
    return cast


to_float, to_double = _cast_to(_kiln.float32), _cast_to(_kiln.float64)
to_int32, to_int64 = _cast_to(_kiln.int32), _cast_to(_kiln.int64)
log = _kiln.math.log
set_random_seed = _kiln.random.set_seed
get_seed = _random_seed.get_seed
truncated_normal = _kiln.random.truncated_normal
random_shuffle = _kiln.random.shuffle
random_gamma = _kiln.random.gamma


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_kiln.float32, seed=None, name=None):
    return _kiln.random.normal(shape, mean, stddev, dtype, seed, name)


def random_uniform(shape, minval=0, maxval=None, dtype=_kiln.float32, seed=None, name=None):
    return _kiln.random.uniform(shape, minval, maxval, dtype, seed, name)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """TF1's name of ``tf.random.categorical``."""
    return _kiln.random.categorical(logits, num_samples, output_dtype, seed, name)


def stateless_multinomial(logits, num_samples, seed, output_dtype=_kiln.int64, name=None):
    """TF1's name of ``tf.random.stateless_categorical``."""
    return _kiln.random.stateless_categorical(logits, num_samples, seed, output_dtype, name)


def random_poisson(lam, shape, dtype=_kiln.float32, seed=None, name=None):
    """TF1's ``random_poisson``: `lam` first, then `shape` (TF2's ``poisson`` swaps them)."""
    return _kiln.random.poisson(shape, lam, dtype, seed, name)


# tf.compat.v1.random: TF2's tf.random with TF1's names (set_random_seed,
# get_seed, multinomial, the lam-first poisson) instead of set_seed.
random = _types.ModuleType("kiln.compat.v1.random", "tf.compat.v1.random.")
for _name in dir(_kiln.random):
    if not _name.startswith("_") and _name != "set_seed":
        setattr(random, _name, getattr(_kiln.random, _name))
random.set_random_seed, random.get_seed = set_random_seed, get_seed
random.multinomial, random.stateless_multinomial = multinomial, stateless_multinomial
random.poisson = random_poisson
_sys.modules[random.__name__] = random


def arg_max(input, dimension=None, name=None, output_type=_kiln.int64):  # noqa: A002
    return _kiln.argmax(input, dimension, output_type, name)


def arg_min(input, dimension=None, name=None, output_type=_kiln.int64):  # noqa: A002
    return _kiln.argmin(input, dimension, output_type, name)


def _tf1_reduction(reduce):
    """TF1's signature: axis or reduction_indices, keepdims or keep_dims."""
    @functools.wraps(reduce)
    def tf1(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
            keep_dims=None):
        if axis is not None and reduction_indices is not None:
            raise ValueError("Cannot specify both 'axis' and 'reduction_indices'.")
        if keepdims is not None and keep_dims is not None:
            raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'.")
        axis = reduction_indices if axis is None else axis
        keep = keep_dims if keepdims is None else keepdims
        return reduce(input_tensor, axis, bool(keep), name)
    return tf1


for _name in _REDUCTIONS:
    globals()[_name] = _tf1_reduction(getattr(_kiln, _name))
    __all__.append(_name)


class Dimension:
    """TF1's dimension of a TensorShape: ``value`` is an int or None."""

    def __init__(self, value):
        self.value = None if value is None else int(value.value if isinstance(value, Dimension)
                                                    else value)

    def __int__(self):
        if self.value is None:
            raise TypeError("Cannot convert an unknown Dimension to an int.")
        return self.value

    __index__ = __int__

    def __eq__(self, other):
        other = other.value if isinstance(other, Dimension) else other
        return None if self.value is None or other is None else self.value == other

    def __hash__(self):
        return hash(self.value)

    def __repr__(self):
        return f"Dimension({self.value})"

    def __str__(self):
        return "?" if self.value is None else str(self.value)


class _Options:
    """A TF1 options message: keyword fields kept as attributes; kiln reads the ones that
    mean something in-process (a Session honours ConfigProto's intra_op_parallelism_threads)."""

    def __init__(self, **fields):
        for key, value in fields.items():
            setattr(self, key, value)

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


class ConfigProto(_Options):
    pass


class GPUOptions(_Options):
    pass


class GraphOptions(_Options):
    pass


class OptimizerOptions(_Options):
    pass


class RunOptions(_Options):
    pass


class RunMetadata(_Options):
    pass


# TF1's top-level linear algebra names (tf.linalg.* in TF2). diag and
# diag_part are TF1's tensor versions (shape s -> s + s and back).
_linalg = _kiln.linalg
matrix_inverse, matrix_determinant, matrix_solve = _linalg.inv, _linalg.det, _linalg.solve
matrix_band_part, matrix_diag, matrix_diag_part = _linalg.band_part, _linalg.diag, _linalg.diag_part
matrix_set_diag, matrix_solve_ls, matrix_transpose = _linalg.set_diag, _linalg.lstsq, _linalg.matrix_transpose
cholesky, qr, svd, trace = _linalg.cholesky, _linalg.qr, _linalg.svd, _linalg.trace
self_adjoint_eig, self_adjoint_eigvals = _linalg.eigh, _linalg.eigvalsh
diag, diag_part = _linalg.tensor_diag, _linalg.tensor_diag_part


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    """tf.compat.v1.norm: tf.norm, also taking TF1's keep_dims."""
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'.")
    return _kiln.norm(tensor, ord, axis, keep_dims if keepdims is None else keepdims, name)


# TF1 kept these at the top level; TF2 has them under tf.math / tf.linalg only.
_TF1_TOP_LEVEL = {"math": ["segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod",
                           "unsorted_segment_sum", "unsorted_segment_mean", "unsorted_segment_max",
                           "unsorted_segment_min", "unsorted_segment_prod", "unsorted_segment_sqrt_n",
                           "bincount"],
                  "linalg": ["global_norm"]}
for _namespace, _names in _TF1_TOP_LEVEL.items():
    for _name in _names:
        globals()[_name] = getattr(getattr(_kiln, _namespace), _name)
        __all__.append(_name)
