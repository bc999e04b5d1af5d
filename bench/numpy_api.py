"""What a NumPy-API call costs: a tiny eager kiln.experimental.numpy.add
(two float32 vectors of 8, and a tensor plus a Python float: the dtype
resolution and the conversion are the overhead measured), against TF's
tf.experimental.numpy.add on the same values (make bench-peers) and NumPy's
np.add on arrays, all in one run.
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

ROUNDS = 5


def run():
    a = np.arange(8, dtype=np.float32)
    b = np.ones(8, np.float32)
    knp = kiln.experimental.numpy
    ka, kb = kiln.constant(a), kiln.constant(b)
    cases = {("kiln", "add(t, t)"): lambda: knp.add(ka, kb),
             ("kiln", "add(t, 1.5)"): lambda: knp.add(ka, 1.5),
             ("NumPy", "add(t, t)"): lambda: np.add(a, b),
             ("NumPy", "add(t, 1.5)"): lambda: np.add(a, 1.5)}
    if tf is not None:
        tnp = tf.experimental.numpy
        ta, tb = tf.constant(a), tf.constant(b)
        cases["TF", "add(t, t)"] = lambda: tnp.add(ta, tb)
        cases["TF", "add(t, 1.5)"] = lambda: tnp.add(ta, 1.5)
    for key, fn in cases.items():  # a wrong result would make the timing meaningless
        np.testing.assert_array_equal(np.asarray(fn()), a + (b if "t, t" in key[1] else 1.5))
        assert np.asarray(fn()).dtype == np.float32, key
    seconds = measure_in_turns(cases, ROUNDS)
    rows = [{"engine": engine, "call": call, "time": fmt_time(t), "seconds": t}
            for (engine, call), t in seconds.items()]
    print_table("A tiny eager NumPy-API add (8 float32)", rows,
                [("engine", "engine"), ("call", "call"), ("time", "time")])
    pairs = [("kiln / NumPy, add(t, t)", ("kiln", "add(t, t)"), ("NumPy", "add(t, t)"))]
    if tf:
        pairs += [("TF / kiln, add(t, t)", ("TF", "add(t, t)"), ("kiln", "add(t, t)")),
                  ("TF / kiln, add(t, 1.5)", ("TF", "add(t, 1.5)"), ("kiln", "add(t, 1.5)"))]
    ratios = print_ratios(seconds, pairs)
    if not tf:
        print("  (TensorFlow not installed: `make bench-peers` adds tf.experimental.numpy)")
    save("numpy_api", rows, ratios=ratios)


if __name__ == "__main__":
    run()
