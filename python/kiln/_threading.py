"""``kiln.config.threading``: the size of kiln's thread pool, as TF's
``tf.config.threading``.

kiln has one pool (oneTBB, src/core/parallel.h) that splits large ops; the
intra-op setting sizes it, process-wide, from the next op on (TF refuses a
change once its runtime has started; kiln allows it). 0 means one thread per
core. kiln runs the ops of one graph one after another, so the inter-op
setting is kept and returned but changes nothing.
"""

import operator as _operator

from . import _core

_inter_op = 0
_intra_op = 0


def _count(value, what):
    try:
        value = _operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an integer number of threads, got {value!r}.") from None
    if value < 0:
        raise ValueError(f"{what} must be 0 (one per core) or a positive number of threads, "
                         f"got {value}.")
    return value


def set_intra_op_parallelism_threads(num_threads):
    """Sets how many threads one op may use (0: one per core)."""
    global _intra_op
    _intra_op = _count(num_threads, "intra_op_parallelism_threads")
    _core._set_num_threads(_intra_op)


def get_intra_op_parallelism_threads():
    """The value last set (0 until then, as TF), not the number of cores."""
    return _intra_op


def set_inter_op_parallelism_threads(num_threads):
    """Kept for TF programs; kiln runs a graph's ops one at a time, so it has no effect."""
    global _inter_op
    _inter_op = _count(num_threads, "inter_op_parallelism_threads")


def get_inter_op_parallelism_threads():
    return _inter_op


NAMES = ("get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
         "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads")
