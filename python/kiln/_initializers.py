"""Initializers: objects that make a variable's initial value from a shape,
as TF's. TF2 names (``kiln.zeros_initializer()``, ...) are called as
``init(shape, dtype)``; the TF1 names in ``kiln.compat.v1`` take the dtype
when they are made (``zeros_initializer(dtype=tf.float32)``) and are what
``get_variable(initializer=...)`` calls. Both build their values with kiln's
ops, so in a graph they add nodes (run by the variable's initializer).
"""

import inspect
import math

from . import dtypes
from ._convert import convert_to_tensor

_TRUNCATED_STDDEV = 0.87962566103423978  # stddev of the standard normal truncated to [-2, 2]


def _ops():
    import kiln
    return kiln


def _shape(shape):
    from ._tensor_shape import TensorShape
    s = TensorShape(shape)
    if not s.is_fully_defined():
        raise ValueError(f"An initializer needs a fully known shape, got {s}.")
    return s.as_list()


def _float_dtype(dtype, name):
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError(f"Expected float dtype for {name}, got {dtype.name}.")
    return dtype


class Initializer:
    """The base class: ``init(shape, dtype=None)`` returns a tensor of that shape."""

    _v1 = False

    def __init__(self, dtype=None):
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype)

    def _dtype(self, dtype, default=dtypes.float32):
        if dtype is not None:
            return dtypes.as_dtype(dtype)
        return self.dtype if self.dtype is not None else default

    def get_config(self):
        return {k: (v.name if isinstance(v, dtypes.DType) else v)
                for k, v in vars(self).items() if not k.startswith("_")}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Zeros(Initializer):
    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops().zeros(_shape(shape), self._dtype(dtype))


class Ones(Initializer):
    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops().ones(_shape(shape), self._dtype(dtype))


class Constant(Initializer):
    def __init__(self, value=0, dtype=None, verify_shape=False):
        super().__init__(dtype)
        self.value = value

    def __call__(self, shape, dtype=None, partition_info=None):
        kiln = _ops()
        shape = _shape(shape)
        dtype = self._dtype(dtype, None)
        value = convert_to_tensor(self.value, dtype=dtype)
        if value.shape.num_elements() == 1:  # a scalar fills the shape
            return kiln.fill(shape, kiln.reshape(value, []))
        if value.shape.num_elements() != math.prod(shape):
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tried to "
                            f"convert a value of {value.shape.num_elements()} elements to a "
                            f"tensor of shape {shape}; give a scalar or as many values as the "
                            f"shape holds.")
        return kiln.reshape(value, shape)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=None):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _float_dtype(self._dtype(dtype), "random_normal_initializer")
        return _ops().random.normal(_shape(shape), self.mean, self.stddev, dtype, seed=self.seed)


class RandomUniform(Initializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=None):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        return _ops().random.uniform(_shape(shape), self.minval, self.maxval, dtype, seed=self.seed)


class TruncatedNormal(Initializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=None):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _float_dtype(self._dtype(dtype), "truncated_normal_initializer")
        return _truncated_normal(_shape(shape), self.mean, self.stddev, dtype, self.seed)


def _truncated_normal(shape, mean, stddev, dtype, seed):
    kiln = _ops()
    draw = getattr(kiln.random, "truncated_normal", None)
    if draw is None:
        raise NotImplementedError("kiln.random.truncated_normal is not available in this build.")
    return draw(shape, mean, stddev, dtype, seed=seed)


def _fans(shape):
    """TF's fan_in and fan_out: a kernel's receptive field times its channels."""
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(Initializer):
    """Samples with variance scale / n, n the fan_in, fan_out or their mean (TF's rule)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=None):
        super().__init__(dtype)
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: {scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Argument `mode` should be one of ('fan_in', 'fan_out', "
                             f"'fan_avg'). Received: {mode}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Argument `distribution` should be one of ('uniform', "
                             f"'truncated_normal', 'untruncated_normal'). Received: {distribution}")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        shape = _shape(shape)
        dtype = _float_dtype(self._dtype(dtype), type(self).__name__)
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        kiln = _ops()
        if self.distribution == "truncated_normal":
            return _truncated_normal(shape, 0.0, math.sqrt(scale) / _TRUNCATED_STDDEV, dtype,
                                     self.seed)
        if self.distribution == "untruncated_normal":
            return kiln.random.normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return kiln.random.uniform(shape, -limit, limit, dtype, seed=self.seed)


class GlorotUniform(VarianceScaling):
    def __init__(self, seed=None, dtype=None):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)


class GlorotNormal(VarianceScaling):
    def __init__(self, seed=None, dtype=None):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)


class HeNormal(VarianceScaling):
    def __init__(self, seed=None, dtype=None):
        super().__init__(2.0, "fan_in", "truncated_normal", seed, dtype)


class HeUniform(VarianceScaling):
    def __init__(self, seed=None, dtype=None):
        super().__init__(2.0, "fan_in", "uniform", seed, dtype)


class Identity(Initializer):
    def __init__(self, gain=1.0, dtype=None):
        super().__init__(dtype)
        self.gain = gain

    def __call__(self, shape, dtype=None, partition_info=None):
        shape = _shape(shape)
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices. "
                             f"Received: shape={shape}")
        kiln = _ops()
        return kiln.eye(shape[0], shape[1], dtype=self._dtype(dtype)) * self.gain


# TF2 names (kiln.zeros_initializer(), ...): dtype given when called.
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
random_uniform_initializer = RandomUniform

TF2_NAMES = ["zeros_initializer", "ones_initializer", "constant_initializer",
             "random_normal_initializer", "random_uniform_initializer"]


def _v1(cls, **defaults):
    """TF1's flavour of an initializer: the dtype is an argument of the constructor
    (float32 by default) and the defaults are TF1's."""
    signature = inspect.signature(cls.__init__)

    def make(*args, **kwargs):
        given = signature.bind_partial(None, *args, **kwargs).arguments
        for k, v in dict(defaults, dtype=dtypes.float32).items():
            if k not in given:
                kwargs[k] = v
        return cls(*args, **kwargs)
    make.__name__ = cls.__name__
    return make


# TF1 names (kiln.compat.v1.zeros_initializer(dtype=...), ...), with TF1's defaults.
V1_INITIALIZERS = {
    "zeros_initializer": _v1(Zeros),
    "ones_initializer": _v1(Ones),
    "constant_initializer": _v1(Constant),
    "random_normal_initializer": _v1(RandomNormal, stddev=1.0),
    "random_uniform_initializer": _v1(RandomUniform, minval=0.0, maxval=1.0),
    "truncated_normal_initializer": _v1(TruncatedNormal, stddev=1.0),
    "glorot_uniform_initializer": _v1(GlorotUniform),
    "glorot_normal_initializer": _v1(GlorotNormal),
    "variance_scaling_initializer": _v1(VarianceScaling),
}
