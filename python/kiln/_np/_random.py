"""``kiln.experimental.numpy.random`` (TF's ``tf.experimental.numpy.random``):
NumPy's legacy random functions over kiln's random ops, with NumPy's dtypes
(floats are float64, integers int64) and TF's signatures. ``seed(s)`` sets
kiln's global seed (``kiln.random.set_seed``), so a program reseeded gives the
same values again; the values are kiln's stream, not NumPy's Mersenne
Twister (as TF's are TF's)."""

import operator
import types

import numpy as np

from .. import dtypes
from .._random_seed import set_seed
from ..random_ops import normal, poisson as _poisson, uniform as _uniform
from . import _arrays

__all__ = ["seed", "rand", "randn", "randint", "random", "standard_normal", "uniform", "poisson"]


def _shape(size, fn):
    """NumPy's size: None for one value, an int, or a tuple of ints."""
    if size is None:
        return ()
    if isinstance(size, (list, tuple)):
        items = size
    else:
        items = (size,)
    try:
        shape = tuple(operator.index(d) for d in items)
    except TypeError:
        raise TypeError(f"random.{fn}: size must be None, an int or a tuple of ints, got "
                        f"{size!r}.") from None
    if any(d < 0 for d in shape):
        raise ValueError(f"random.{fn}: negative dimensions are not allowed (size={size!r}).")
    return shape


def _float64():
    return _arrays.kiln_dtype(_arrays.default_float())


def seed(s):
    """Sets the global seed of kiln's random ops (kiln.random.set_seed)."""
    set_seed(s)


def random(size=None):
    """Floats uniform in [0, 1) (float64; float32 under prefer_float32)."""
    return _uniform(_shape(size, "random"), 0.0, 1.0, dtype=_float64())


def rand(*size):
    """random(size) with the dimensions as arguments: rand(2, 3)."""
    return random(size)


def standard_normal(size=None):
    """Floats from N(0, 1) (float64; float32 under prefer_float32)."""
    return normal(_shape(size, "standard_normal"), dtype=_float64())


def randn(*size):
    """standard_normal(size) with the dimensions as arguments: randn(2, 3)."""
    return standard_normal(size)


def uniform(low=0.0, high=1.0, size=None):
    """Floats uniform in [low, high) (scalar bounds)."""
    return _uniform(_shape(size, "uniform"), low, high, dtype=_float64())


def randint(low, high=None, size=None, dtype=np.int64):
    """Integers uniform in [low, high); one bound is [0, low)."""
    if high is None:
        low, high = 0, low
    low, high = int(low), int(high)
    if low >= high:
        raise ValueError(f"random.randint: low >= high ({low} >= {high}); the range "
                         f"[low, high) must hold a value.")
    target = _arrays.kiln_dtype(np.dtype(dtype))
    if target not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"random.randint: dtype must be int32 or int64, got {np.dtype(dtype)}.")
    return _uniform(_shape(size, "randint"), low, high, dtype=target)


def poisson(lam=1.0, size=None):
    """Poisson(lam) counts, int64 (scalar lam)."""
    return _poisson(_shape(size, "poisson"), lam, dtype=dtypes.int64)


def module(name):
    """The namespace module kiln.experimental.numpy.random."""
    namespace = types.ModuleType(name, __doc__)
    for fn in __all__:
        setattr(namespace, fn, globals()[fn])
    return namespace
