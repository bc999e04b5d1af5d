"""Segment reductions, as TensorFlow's tf.math.segment_* and
tf.math.unsorted_segment_*.

Slice ``data[i, ...]`` (``i`` a position of ``segment_ids``) joins output row
``segment_ids[i]``. The sorted ops take a vector of non-decreasing ids >= 0
and give ``last id + 1`` rows (0 where no id names a row); the unsorted ones
take ids of any shape that prefixes ``data.shape`` and ``num_segments`` rows
(a negative id drops its slice, one >= num_segments is an
InvalidArgumentError; an empty row holds 0, 1, the dtype's lowest or highest
value, as TF). ``unsorted_segment_mean`` and ``unsorted_segment_sqrt_n`` are
built from ``unsorted_segment_sum`` as TF builds them, so integer data gives a
float64 mean (true division) and sqrt_n refuses integers (no integer sqrt).
"""

from . import math_ops, unary_ops
from ._convert import convert_to_tensor
from ._ops import execute, int_argument, op
from ._registry_names import export
from ._array_ops import ones_like
from .index_ops import _indices
from .shape_ops import reshape

# The nine segment ops (src/ops/segment_ops.cc), whose wrappers are made below,
# and two built from them.
__all__, NAMESPACES = export("segment", globals())
_OPS = list(NAMESPACES["math"])
NAMESPACES["math"] += ["unsorted_segment_mean", "unsorted_segment_sqrt_n"]


def _sorted(op_name):
    handle = op(op_name)

    def segment(data, segment_ids, name=None):
        return execute(handle, (convert_to_tensor(data), _indices(segment_ids)), (), name)
    segment.__name__ = segment.__qualname__ = op_name
    segment.__doc__ = (f"tf.math.{op_name}: reduces the rows of `data` that share a sorted segment id "
                       f"(see the module docstring).")
    return segment


def _unsorted(op_name):
    handle = op(op_name)

    def segment(data, segment_ids, num_segments, name=None):
        num_segments = int_argument(num_segments, "num_segments", op_name, tensor=True)
        return execute(handle, (convert_to_tensor(data), _indices(segment_ids)), (num_segments,), name)
    segment.__name__ = segment.__qualname__ = op_name
    segment.__doc__ = (f"tf.math.{op_name}: reduces the slices of `data` that share a segment id "
                       f"into `num_segments` rows (see the module docstring).")
    return segment


for _name in _OPS:
    globals()[_name] = (_unsorted if _name.startswith("unsorted_") else _sorted)(_name)


def _segment_sizes(data, segment_ids, num_segments):
    """Slices per segment, at least 1, shaped to broadcast against the summed
    data (TF's _unsorted_segment_N)."""
    n = unsorted_segment_sum(ones_like(segment_ids, dtype=data.dtype), segment_ids,  # noqa: F821
                             num_segments)
    data_rank, ids_rank = data.shape.rank, segment_ids.shape.rank
    if data_rank is None or ids_rank is None:
        raise ValueError("[unsorted_segment_mean] data and segment_ids need known ranks to "
                         "divide by the segment sizes; give them static ranks.")
    n = reshape(n, [-1] + [1] * (data_rank - ids_rank))
    return math_ops.maximum(n, convert_to_tensor(1, dtype=data.dtype))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """tf.math.unsorted_segment_mean: the sum of each segment over its size
    (at least 1, so an empty segment gives 0). Integer data divides truly, as
    TF: int32/int64 give float64."""
    data, segment_ids = convert_to_tensor(data), _indices(segment_ids)
    summed = unsorted_segment_sum(data, segment_ids, num_segments)  # noqa: F821
    return math_ops.truediv(summed, _segment_sizes(data, segment_ids, num_segments), name=name)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """tf.math.unsorted_segment_sqrt_n: the sum of each segment over the square
    root of its size (at least 1). Float and complex data only, as TF."""
    data, segment_ids = convert_to_tensor(data), _indices(segment_ids)
    summed = unsorted_segment_sum(data, segment_ids, num_segments)  # noqa: F821
    return math_ops.truediv(summed, unary_ops.sqrt(_segment_sizes(data, segment_ids, num_segments)),
                            name=name)
