"""TF1 names that TF2 renamed or dropped, as ``tf.compat.v1`` keeps them: thin
names for kiln's ops (``to_float``, ``div``, ``arg_max``, ``random_normal``,
reductions with ``keep_dims`` and ``reduction_indices``), and the TF1 value
classes programs pass around (``Dimension``, ``ConfigProto``, ...)."""

import functools

import kiln as _kiln

__all__ = ["div", "to_float", "to_double", "to_int32", "to_int64", "log", "random_normal",
           "random_uniform", "set_random_seed", "arg_max", "arg_min", "Dimension", "ConfigProto",
           "GPUOptions", "RunOptions", "RunMetadata", "GraphOptions", "OptimizerOptions"]
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


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_kiln.float32, seed=None, name=None):
    return _kiln.random.normal(shape, mean, stddev, dtype, seed, name)


def random_uniform(shape, minval=0, maxval=None, dtype=_kiln.float32, seed=None, name=None):
    return _kiln.random.uniform(shape, minval, maxval, dtype, seed, name)


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
    mean something in-process (none yet change how a kiln session runs)."""

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
