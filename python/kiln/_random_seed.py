"""TensorFlow's seeding rules (``tf.random.set_seed``, ``tf.compat.v1.get_seed``).

A random op's stream is fixed by two seeds, the global (or graph-level) seed
and the op seed, as TF's ``get_seed`` combines them:

- both set: the pair, each reduced modulo 2**31 - 1 as TF does, so any
  integer (2**70, negatives) is a seed.
- global seed, no op seed: an op seed drawn from a generator seeded by the
  global seed (eagerly: Python's ``random.Random(seed).randint``, TF's own
  draw), or the graph's next op seed (0, 1, 2, ...) while building a graph.
- op seed only: the global seed is TF's 87654321.
- neither: fresh seeds from the operating system (``get_seed`` gives
  ``(None, None)``).

Eagerly the global seed is the process's; while building a graph it is the
graph's ``seed`` (``set_seed`` sets it there, as TF); a ``kiln.function``
traced from eager code starts with the global seed (docs/random.md).

As TF's eager ops, repeated eager calls of an op with the same seed pair
continue one stream (A1, A2, ...) until ``set_seed`` restarts it; a graph op
starts its stream at each session's first run and advances it every run.
"""

import operator
import os
import random as _pyrandom
import threading

from ._graph import executing_eagerly, get_default_graph

DEFAULT_GRAPH_SEED = 87654321  # TF's
MAXINT32 = 2**31 - 1


class _SeedState:
    """The process's eager seeding state (TF keeps the same in its eager context)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.global_seed = None
        self.op_seeds = None   # draws op seeds after set_seed
        self.calls = {}        # (op, seed, seed2) -> eager calls so far: the stream's counter


_STATE = _SeedState()


def _seed_value(seed, fn):
    """An integer seed (Python, NumPy or bool) or None; TypeError for anything else."""
    if seed is None:
        return None
    if hasattr(seed, "numpy") and getattr(seed, "ndim", None) == 0:
        seed = seed.numpy()
    try:
        return operator.index(seed)
    except TypeError:
        raise TypeError(f"[{fn}] seed must be an integer or None, got {seed!r}; random seeds "
                        f"are integers (any size: TF reduces them modulo 2**31 - 1).") from None


def set_seed(seed):
    """Sets the global random seed, as ``tf.random.set_seed`` (``None`` clears it).

    Eagerly it restarts every stream, so the same program after the same
    ``set_seed`` gives the same values; while building a graph it sets that
    graph's seed. Any integer is accepted (TF reduces it modulo 2**31 - 1);
    anything else raises ``TypeError`` here.
    """
    seed = _seed_value(seed, "random.set_seed")
    if not executing_eagerly():
        get_default_graph().seed = seed
        return
    with _STATE.lock:
        _STATE.global_seed = seed
        _STATE.op_seeds = None if seed is None else _pyrandom.Random(seed)
        _STATE.calls = {}


def _op_seed(seed, fn):
    """An op seed: None, or an integer (floats and scalar tensors convert, as TF takes them)."""
    if seed is None or isinstance(seed, int):
        return seed
    try:
        return int(seed)
    except (TypeError, ValueError):
        raise TypeError(f"[{fn}] seed must be an integer or None, got {seed!r}.") from None


def _truncate(seed):
    return seed % MAXINT32


def get_seed(op_seed, fn="random.get_seed"):
    """The (global seed, op seed) pair an op with seed `op_seed` uses, as
    ``tf.compat.v1.get_seed``: ``(None, None)`` when neither seed is set."""
    op_seed = _op_seed(op_seed, fn)
    eager = executing_eagerly()
    graph = None if eager else get_default_graph()
    global_seed = _STATE.global_seed if eager else graph.seed
    if global_seed is not None:
        if op_seed is None:
            if eager:
                with _STATE.lock:
                    op_seed = _STATE.op_seeds.randint(0, MAXINT32)
            else:
                op_seed, graph._next_op_seed = graph._next_op_seed, graph._next_op_seed + 1
        seeds = (_truncate(global_seed), _truncate(op_seed))
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, _truncate(op_seed))
    else:
        seeds = (None, None)
    # As TF: (0, 0) would mean "unseeded" to TF's kernels.
    return (0, MAXINT32) if seeds == (0, 0) else seeds


def function_graph_seed():
    """The seed a function graph starts with (TF's FuncGraph): the global seed
    when traced from eager code, else the enclosing graph's."""
    return _STATE.global_seed if executing_eagerly() else get_default_graph().seed


def stream(op_name, op_seed, fn):
    """(seed, seed2, counter): the stream attributes of one stateful random op call
    (`fn` names the caller in errors)."""
    seed, seed2 = get_seed(op_seed, fn)
    if seed is None:
        return (int.from_bytes(os.urandom(8), "little") >> 1,
                int.from_bytes(os.urandom(8), "little") >> 1, 0)
    if not executing_eagerly():
        return (seed, seed2, 0)  # each graph node's own stream; every run advances it
    key = (op_name, seed, seed2)
    with _STATE.lock:
        counter = _STATE.calls.get(key, 0)
        _STATE.calls[key] = counter + 1
    return (seed, seed2, counter)
