"""Reductions, scans and sorting, with TensorFlow's names and signatures.

Axes: ``axis=None`` reduces every axis; an int, a list/tuple, a NumPy array or
an integer tensor names axes (negative ones count from the end, each once);
an empty list reduces nothing, as in TF. The C++ ops take the axes as an int
list plus an ``all_axes`` flag (set for ``None``), so "every axis" is exact
even before the rank is known.

Numerics (see include/kiln/ops/reduction.h): float sums accumulate in
float64; integer sums and products wrap around in the input dtype; integer
means truncate toward zero as TF; max/min propagate NaN; argmax/argmin point
at the first NaN when there is one (NumPy's rule); sort and top_k order NaN
above +inf. Every result is bitwise reproducible run to run.
"""

import collections
import operator

import numpy as np

from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._ops import concrete, execute, op
from ._registry_names import export
from ._shape_args import symbolic_arg
from ._symbolic_tensor import SymbolicTensor
from .dtypes import as_dtype, int32, int64

__all__, NAMESPACES = export("reduction", globals())  # names from src/ops/reduction_ops.cc

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _int(value, what, tensor=True):
    """A Python int from an int, NumPy integer or integer scalar tensor; with tensor=True
    a symbolic tensor as is (the op reads it when the graph runs)."""
    if tensor and isinstance(value, SymbolicTensor):
        return value
    value = concrete(value, what, "reduce")
    if isinstance(value, EagerTensor):
        value = value.numpy()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} must be an int, got a bool ({value!r}).")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an int or an integer tensor, got {value!r}.") from None


def _axes(axis):
    """(axes tuple, all_axes flag) for the C++ reduction attributes."""
    if axis is None:
        return (), True
    packed = symbolic_arg(axis) if isinstance(axis, (SymbolicTensor, list, tuple)) else None
    if packed is not None:  # axes read when the graph runs
        return packed, False
    axis = concrete(axis, "axis", "reduce")
    if isinstance(axis, EagerTensor):
        axis = axis.numpy()
    if isinstance(axis, np.ndarray):
        axis = axis.tolist()
    if isinstance(axis, (list, tuple)):
        return tuple(_int(a, "axis") for a in axis), False
    return (_int(axis, "axis"),), False


def _reduce(handle, input_tensor, axis, keepdims):
    axes, all_axes = _axes(axis)
    return execute(handle, (convert_to_tensor(input_tensor),), (axes, bool(keepdims), all_axes))


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across `axis` (all axes when None), as tf.math.reduce_sum.

    Integers wrap around in their dtype; floats accumulate in float64. An
    empty reduction gives 0. bool is refused (cast first)."""
    del name
    return _reduce(_REDUCE_SUM, input_tensor, axis, keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean across `axis`, as tf.math.reduce_mean. Integer inputs give an
    integer mean truncated toward zero (TF's rule); empty float means are NaN."""
    del name
    return _reduce(_REDUCE_MEAN, input_tensor, axis, keepdims)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum across `axis`, as tf.math.reduce_max. NaN propagates; an empty
    reduction gives -inf (floats) or the dtype's lowest value (integers)."""
    del name
    return _reduce(_REDUCE_MAX, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum across `axis`, as tf.math.reduce_min. NaN propagates; an empty
    reduction gives +inf (floats) or the dtype's highest value (integers)."""
    del name
    return _reduce(_REDUCE_MIN, input_tensor, axis, keepdims)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product across `axis`, as tf.math.reduce_prod (integers wrap; empty → 1)."""
    del name
    return _reduce(_REDUCE_PROD, input_tensor, axis, keepdims)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical or across `axis` of a bool tensor, as tf.math.reduce_any (empty → False)."""
    del name
    return _reduce(_REDUCE_ANY, convert_to_tensor(input_tensor, dtype_hint=_bool()), axis, keepdims)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical and across `axis` of a bool tensor, as tf.math.reduce_all (empty → True)."""
    del name
    return _reduce(_REDUCE_ALL, convert_to_tensor(input_tensor, dtype_hint=_bool()), axis, keepdims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) across `axis`, computed without overflow, as
    tf.math.reduce_logsumexp. Floating dtypes; empty → -inf."""
    del name
    return _reduce(_REDUCE_LOGSUMEXP, input_tensor, axis, keepdims)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Population variance across `axis`, as tf.math.reduce_variance. Floating
    or complex input (complex gives its real dtype); empty → NaN."""
    del name
    return _reduce(_REDUCE_VARIANCE, input_tensor, axis, keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Population standard deviation across `axis`, as tf.math.reduce_std."""
    del name
    return _reduce(_REDUCE_STD, input_tensor, axis, keepdims)


def _arg(handle, input, axis, output_type):  # noqa: A002 - TF's argument name
    axis = 0 if axis is None else _int(axis, "axis")
    return execute(handle, (convert_to_tensor(input),), (axis, as_dtype(output_type)._code))


def argmax(input, axis=None, output_type=int64, name=None):  # noqa: A002
    """Index of the largest value along `axis` (0 when None), as tf.math.argmax.
    Ties give the first index; a NaN counts as the largest (NumPy's rule)."""
    del name
    return _arg(_ARGMAX, input, axis, output_type)


def argmin(input, axis=None, output_type=int64, name=None):  # noqa: A002
    """Index of the smallest value along `axis` (0 when None), as tf.math.argmin."""
    del name
    return _arg(_ARGMIN, input, axis, output_type)


def _scan(handle, x, axis, exclusive, reverse):
    return execute(handle, (convert_to_tensor(x),),
                   (_int(axis, "axis"), bool(exclusive), bool(reverse)))


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis`, as tf.math.cumsum.

    exclusive=True starts each run at 0 (output i excludes x[i]); reverse=True
    runs from the end. Floats accumulate in float64; integers wrap."""
    del name
    return _scan(_CUMSUM, x, axis, exclusive, reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along `axis`, as tf.math.cumprod (see cumsum)."""
    del name
    return _scan(_CUMPROD, x, axis, exclusive, reverse)


def _direction(direction):
    if not isinstance(direction, str):
        raise ValueError("Argument `direction` should be one of ASCENDING, DESCENDING. "
                         f"Received: direction={direction}")
    return direction


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """`values` sorted along `axis`, as tf.sort. NaN sorts above +inf (last
    ascending, first descending)."""
    return execute(_SORT, (convert_to_tensor(values),),
                   (_int(axis, "axis", tensor=False), _direction(direction)), name)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort `values` along `axis`, as tf.argsort.
    Always stable (equal values keep their order), which `stable=False` allows."""
    return execute(_ARGSORT, (convert_to_tensor(values),),
                   (_int(axis, "axis", tensor=False), _direction(direction), bool(stable)), name)


def top_k(input, k=1, sorted=True, index_type=int32, name=None):  # noqa: A002
    """The `k` largest entries of each last-axis row and their indices, as
    tf.math.top_k: returns TopKV2(values, indices). Largest first; equal
    values give the lower index first; NaN counts as the largest."""
    del name
    values, indices = execute(_TOP_K, (convert_to_tensor(input),),
                              (_int(k, "k"), bool(sorted), as_dtype(index_type)._code))
    return TopKV2(values, indices)


def _bool():
    from .dtypes import bool as bool_  # noqa: A004 - kiln.bool shadows the builtin there
    return bool_


_REDUCE_SUM = op("reduce_sum")
_REDUCE_MEAN = op("reduce_mean")
_REDUCE_MAX = op("reduce_max")
_REDUCE_MIN = op("reduce_min")
_REDUCE_PROD = op("reduce_prod")
_REDUCE_ANY = op("reduce_any")
_REDUCE_ALL = op("reduce_all")
_REDUCE_LOGSUMEXP = op("reduce_logsumexp")
_REDUCE_VARIANCE = op("reduce_variance")
_REDUCE_STD = op("reduce_std")
_ARGMAX = op("argmax")
_ARGMIN = op("argmin")
_CUMSUM = op("cumsum")
_CUMPROD = op("cumprod")
_SORT = op("sort")
_ARGSORT = op("argsort")
_TOP_K = op("top_k")
