"""Counting and searching, as TensorFlow's: tf.unique, tf.unique_with_counts,
tf.math.bincount, tf.histogram_fixed_width, tf.searchsorted.

``unique`` keeps the order of first appearance (TF's; NumPy's np.unique
sorts) and compares with ``==`` (0.0 and -0.0 are one value, each NaN is its
own). unique's and bincount's output lengths depend on the values: in a graph
their shapes have an unknown dimension there.
"""

import collections

from . import dtypes
from . import errors
from ._convert import convert_to_tensor
from ._ops import TENSOR_TYPES, execute, int_argument, op
from ._registry_names import export
from .cast_ops import cast

# Names from src/ops/search_ops.cc (lower_bound and upper_bound are searchsorted).
__all__, NAMESPACES = export("search", globals())

Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def unique(x, out_idx=dtypes.int32, name=None):
    """tf.unique: ``Unique(y, idx)`` with the distinct values of the vector `x`
    in order of first appearance and, for each element, its value's index in
    `y` (dtype `out_idx`, int32 or int64)."""
    y, idx = execute(_UNIQUE, (convert_to_tensor(x),), (dtypes.as_dtype(out_idx)._code,), name)
    return Unique(y, idx)


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """tf.unique_with_counts: ``UniqueWithCounts(y, idx, count)``, unique's
    result and how often each value of `y` occurs (dtype `out_idx`)."""
    y, idx, count = execute(_UNIQUE_WITH_COUNTS, (convert_to_tensor(x),),
                            (dtypes.as_dtype(out_idx)._code,), name)
    return UniqueWithCounts(y, idx, count)


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None,
             axis=None, binary_output=False):
    """tf.math.bincount: how often each value of `arr` (integers >= 0) occurs,
    or the sum of `weights` (arr's shape) at each value.

    The length is ``max(max(arr) + 1, minlength)`` (0 for an empty `arr`), at
    most `maxlength`; values beyond it are dropped. The dtype is that of
    `weights`, else `dtype`. Float `arr` is cast to int32, as TF. `axis` 0 (or
    None) counts all of `arr`; -1 counts each row of a matrix on its own.
    `binary_output` gives 1 where a value occurs.
    """
    arr = convert_to_tensor(arr)
    if weights is not None:
        weights = convert_to_tensor(weights)
        if binary_output:
            raise ValueError("Arguments `binary_output` and `weights` are mutually exclusive. "
                             "Please specify only one.")
    if not arr.dtype.is_integer:
        arr = cast(arr, dtypes.int32)
    axis = 0 if axis is None else int_argument(axis, "axis", "bincount")
    if axis not in (0, -1):
        raise ValueError(f"Unsupported value for argument axis={axis}. Only 0 and -1 are currently "
                         f"supported.")
    minlength = 0 if minlength is None else int_argument(minlength, "minlength", "bincount", tensor=True)
    if maxlength is None:
        maxlength = -1  # the op's "no limit"
    else:
        maxlength = int_argument(maxlength, "maxlength", "bincount", tensor=True)
        if isinstance(maxlength, int) and maxlength < 0:
            raise errors.InvalidArgumentError(
                None, None, f"[bincount] maxlength must be non-negative, got {maxlength}.")
    inputs = (arr,) if weights is None else (arr, weights)
    return execute(_BINCOUNT, inputs, (minlength, maxlength, dtypes.as_dtype(dtype)._code,
                                       bool(binary_output), axis), name)


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """tf.histogram_fixed_width: counts of `values` in `nbins` equal bins over
    ``[value_range[0], value_range[1]]``; values below count in the first bin,
    values above in the last. A NaN value is an InvalidArgumentError."""
    values = convert_to_tensor(values)
    if not isinstance(value_range, TENSOR_TYPES):
        value_range = convert_to_tensor(value_range, dtype=values.dtype)
    nbins = int_argument(nbins, "nbins", "histogram_fixed_width", tensor=True)
    return execute(_HISTOGRAM, (values, value_range), (nbins, dtypes.as_dtype(dtype)._code), name)


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """tf.searchsorted: for each of `values`, its insertion point in the same
    row (leading axes) of `sorted_sequence`: the first index whose element is
    not less than it (side='left') or greater than it (side='right')."""
    sorted_sequence = convert_to_tensor(sorted_sequence)
    values = convert_to_tensor(values)
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = "
                         f"'{side}'.")
    handle = _UPPER_BOUND if side == "right" else _LOWER_BOUND
    return execute(handle, (sorted_sequence, values), (dtypes.as_dtype(out_type)._code,), name)


_UNIQUE = op("unique")
_UNIQUE_WITH_COUNTS = op("unique_with_counts")
_BINCOUNT = op("bincount")
_HISTOGRAM = op("histogram_fixed_width")
_LOWER_BOUND = op("lower_bound")
_UPPER_BOUND = op("upper_bound")
