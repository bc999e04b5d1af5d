"""Random numbers: ``kiln.random.uniform``, ``kiln.random.normal``, ``kiln.random.set_seed``.

Values come from counter-based Philox4x32-10 streams (see src/kernels/cpu/random.cc):
a stream is fixed by (seed, seed2, counter), and element i depends only on i.

Seeding follows TensorFlow 2.x (``tf.random.set_seed``):

- global seed and op seed: the stream is fixed by the pair. As TF's eager ops,
  repeated calls with the same pair continue the stream (the first call gives
  A1, the second A2) until ``set_seed`` is called again, which restarts it.
- global seed, no op seed: each call draws an op seed from a generator seeded
  by the global seed, so successive calls differ and the sequence repeats
  after the same ``set_seed``.
- op seed only: the global seed defaults to TF's 87654321.
- neither: fresh seeds from the operating system.
"""

import operator
import os
import random as _pyrandom
import threading

from . import dtypes
from ._ops import execute, op
from ._array_ops import _shape_tuple

__all__ = []
NAMESPACES = {"random": ["uniform", "normal", "set_seed"]}

_DEFAULT_GLOBAL_SEED = 87654321  # TF's DEFAULT_GRAPH_SEED
_MAXINT32 = 2**31 - 1
_FLOAT_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)
_INT_DTYPES = (dtypes.int32, dtypes.int64)


class _SeedState:
    """The process's seeding state (TF keeps the same in its eager context)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.global_seed = None
        self.op_seeds = None   # draws op seeds after set_seed
        self.calls = {}        # (seed, seed2) -> calls so far: the stream's counter

    def stream(self, op_seed):
        """(seed, seed2, counter) for one random op call."""
        with self.lock:
            if self.global_seed is None and op_seed is None:
                return (int.from_bytes(os.urandom(8), "little", signed=True),
                        int.from_bytes(os.urandom(8), "little", signed=True), 0)
            if self.global_seed is None:
                seed = _DEFAULT_GLOBAL_SEED
            else:
                seed = self.global_seed
                if op_seed is None:
                    op_seed = self.op_seeds.randint(0, _MAXINT32)
            key = (seed, int(op_seed))
            counter = self.calls.get(key, 0)
            self.calls[key] = counter + 1
            return key + (counter,)


_STATE = _SeedState()


def set_seed(seed):
    """Sets the global random seed (``None`` clears it), as ``tf.random.set_seed``.

    Restarts every stream: the same program after the same ``set_seed`` gives
    the same values.
    """
    with _STATE.lock:
        _STATE.global_seed = None if seed is None else int(seed)
        _STATE.op_seeds = None if seed is None else _pyrandom.Random(int(seed))
        _STATE.calls = {}


def _check_seed(seed, fn):
    if seed is not None and not isinstance(seed, int):
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            raise TypeError(f"[{fn}] seed must be an integer or None, got {seed!r}.") from None
    return seed


def _scalar(value, what, fn):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"[{fn}] {what} must be a number (a Python or NumPy scalar or a scalar "
                        f"tensor), got {value!r}.") from None


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Values uniform in ``[minval, maxval)``, as ``tf.random.uniform``.

    Floats (float16, bfloat16, float32, float64) default to ``[0, 1)``;
    integers (int32, int64) need `maxval`, and ``minval < maxval``.
    """
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, "random.uniform")
    seed = _check_seed(seed, "random.uniform")
    if dtype in _INT_DTYPES:
        if maxval is None:
            raise ValueError(f"[random.uniform] Must specify maxval for integer dtype {dtype.name}.")
        bounds = (_integer(minval, "minval"), _integer(maxval, "maxval"))
        return execute(_UNIFORM_INT, (), (shape, dtype._code) + _STATE.stream(seed) + bounds, name)
    if dtype not in _FLOAT_DTYPES:
        raise ValueError(f"[random.uniform] dtype {dtype.name} is not supported; use float16, "
                         f"bfloat16, float32, float64, int32 or int64.")
    bounds = (_scalar(minval, "minval", "random.uniform"),
              1.0 if maxval is None else _scalar(maxval, "maxval", "random.uniform"))
    return execute(_UNIFORM, (), (shape, dtype._code) + _STATE.stream(seed) + bounds, name)


def _integer(value, what):
    try:
        return operator.index(value)  # Python and NumPy ints, integer scalar tensors
    except TypeError:
        raise TypeError(f"[random.uniform] {what} must be an integer for an integer dtype, "
                        f"got {value!r}.") from None


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Values from a normal distribution, as ``tf.random.normal`` (Box-Muller on Philox)."""
    dtype = dtypes.as_dtype(dtype)
    shape = _shape_tuple(shape, "random.normal")
    seed = _check_seed(seed, "random.normal")
    if dtype not in _FLOAT_DTYPES:
        raise ValueError(f"[random.normal] dtype {dtype.name} is not supported; use float16, "
                         f"bfloat16, float32 or float64.")
    params = (_scalar(mean, "mean", "random.normal"), _scalar(stddev, "stddev", "random.normal"))
    return execute(_NORMAL, (), (shape, dtype._code) + _STATE.stream(seed) + params, name)


_UNIFORM = op("random_uniform")
_UNIFORM_INT = op("random_uniform_int")
_NORMAL = op("random_normal")
