"""What a shape known only when the graph runs costs: a session fetching
``reshape(x, [shape(x)[0], -1]) * 2`` for x float32 [None, 64] fed with batches
of 8, 16 and 32 rows in turn (one plan; the reshape's shape is computed and read
each run), against the same graph with static shapes (x [b, 64] and
``reshape(x, [b, 64]) * 2``, one graph per batch size, called in the same
turns). Both through make_callable, so the numbers are the plans' cost; the
TensorFlow row (make bench-peers) is its dynamic graph.
"""

import os

import numpy as np

import kiln
from harness import fmt_time, measure_in_turns, print_ratios, print_table, save

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

BATCHES = (8, 16, 32)
ROUNDS = 5
WIDTH = 64


def dynamic_callable(lib):
    v1 = lib.compat.v1
    g = lib.Graph()
    with g.as_default():
        x = v1.placeholder(lib.float32, [None, WIDTH])
        y = lib.reshape(x, [lib.shape(x)[0], -1]) * 2.0
    sess = v1.Session(graph=g)
    return sess, sess.make_callable(y, [x])


def static_callables():
    sessions, calls = [], []
    for b in BATCHES:
        v1 = kiln.compat.v1
        g = kiln.Graph()
        with g.as_default():
            x = v1.placeholder(kiln.float32, [b, WIDTH])
            y = kiln.reshape(x, [b, WIDTH]) * 2.0
        sess = v1.Session(graph=g)
        sessions.append(sess)
        calls.append(sess.make_callable(y, [x]))
    return sessions, calls


def in_turns(calls, inputs):
    """One call per batch size, in turn: what a loop over varying batches does."""
    def run():
        for call, x in zip(calls, inputs):
            out = call(x)
        return out
    return run


def run():
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal((b, WIDTH)).astype(np.float32) for b in BATCHES]
    sessions, statics = static_callables()
    cases = {("kiln", "static shapes"): in_turns(statics, inputs)}
    for name, lib in (("kiln", kiln), ("TF", tf)):
        if lib is None:
            continue
        sess, call = dynamic_callable(lib)
        sessions.append(sess)
        for x in inputs:  # a wrong result would make the timing meaningless
            np.testing.assert_array_equal(call(x), x * 2)
        cases[name, "shape read each run"] = in_turns([call] * len(BATCHES), inputs)

    seconds = {key: t / len(BATCHES) for key, t in measure_in_turns(cases, ROUNDS).items()}
    rows = [{"engine": engine, "way": way, "time": fmt_time(t), "seconds": t}
            for (engine, way), t in seconds.items()]
    for sess in sessions:
        sess.close()
    print_table(f"reshape(x, [shape(x)[0], -1]) * 2, x float32 [None, {WIDTH}] fed batches of "
                f"{', '.join(map(str, BATCHES))} rows in turn (time per call)",
                rows, [("engine", "engine"), ("way", "way"), ("time", "time")])
    pairs = [("kiln shape read each run / kiln static shapes",
              ("kiln", "shape read each run"), ("kiln", "static shapes"))]
    if tf:
        pairs.append(("TF shape read each run / kiln shape read each run",
                      ("TF", "shape read each run"), ("kiln", "shape read each run")))
    ratios = print_ratios(seconds, pairs)
    if not tf:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's dynamic graph)")
    save("dynamic_shapes", rows, ratios=ratios)


if __name__ == "__main__":
    run()
