"""Sequences: ``kiln.range`` and ``kiln.linspace`` (``kiln.fill``, ``zeros`` and ``ones``
live in _array_ops.py and use the registry op "fill")."""

import builtins
import operator

from . import dtypes
from ._convert import convert_to_tensor
from ._ops import binary_operands, execute, int_argument, op
from .cast_ops import cast

__all__ = ["range", "linspace"]
NAMESPACES = {}

# TF's order for inferring range's dtype: the "largest" argument wins.
_RANGE_HIERARCHY = (dtypes.int32, dtypes.int64, dtypes.float16, dtypes.bfloat16, dtypes.float32,
                    dtypes.float64)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's name
    """The 1-D tensor ``start, start + delta, ...`` up to but excluding `limit` (as ``tf.range``).

    ``range(n)`` counts from 0. Without `dtype`, the result has the "largest"
    of the arguments' dtypes in int32 < int64 < float16 < bfloat16 < float32 <
    float64 (Python ints are int32, floats float32). `delta` 0 raises
    InvalidArgumentError; a limit on the wrong side of start gives an empty tensor.
    """
    if limit is None:
        start, limit = 0, start
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        args = [convert_to_tensor(v, dtype=dtype) for v in (start, limit, delta)]
    else:
        args = [convert_to_tensor(v) for v in (start, limit, delta)]
        for a in args:
            if a.dtype not in _RANGE_HIERARCHY:
                raise TypeError(f"[range] arguments of dtype {a.dtype.name} are not supported; use "
                                f"int32, int64, float16, bfloat16, float32 or float64, or pass dtype=.")
        dtype = builtins.max((a.dtype for a in args), key=_RANGE_HIERARCHY.index)
        args = [cast(a, dtype) for a in args]
    return execute(_RANGE, tuple(args), (), name)


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop`, both included exactly (as ``tf.linspace``).

    `start` and `stop` may be tensors that broadcast; the values run along
    `axis` of the result. Integer arguments give float64, as in TF.
    """
    start, stop = binary_operands(start, stop)
    if start.dtype.is_integer and stop.dtype.is_integer:
        start, stop = cast(start, dtypes.float64), cast(stop, dtypes.float64)
    return execute(_LINSPACE, (start, stop), (_num(num), operator.index(axis)), name)


def _num(num):
    return int_argument(num, "num", "linspace", tensor=True)


_RANGE = op("range")
_LINSPACE = op("linspace")
