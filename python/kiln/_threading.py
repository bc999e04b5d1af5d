"""``kiln.config.threading``: the size of kiln's thread pool, as TF's
``tf.config.threading``.

kiln has one pool (oneTBB, src/core/parallel.h) that splits large ops; the
intra-op setting sizes it, process-wide, from the next op on (TF refuses a
change once its runtime has started; kiln allows it). 0 means one thread per
core. The inter-op setting bounds how many independent branches of a graph
run at once on that pool (docs/plans.md, the schedule pass): 1 runs them one
after another, 0 (the default) as many as the pool has threads.
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
    """Sets how many independent branches of a graph may run at once (0: as many as the
    pool has threads; 1: one after another)."""
    global _inter_op
    _inter_op = _count(num_threads, "inter_op_parallelism_threads")
    _core._set_inter_op_threads(_inter_op)


def get_inter_op_parallelism_threads():
    return _inter_op


NAMES = ("get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
         "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads")
