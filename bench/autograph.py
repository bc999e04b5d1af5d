"""What AutoGraph's conversion costs when the function runs: a traced
``for i in kiln.range(n)`` loop with an ``if`` in its body (converted into
kiln.while_loop and kiln.cond), against the same loop written with
kiln.while_loop and kiln.cond by hand, both run for n = 10,000 iterations
inside the plan; and TF's tf.function of the converted loop (make bench-peers).
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

N = 10_000
ROUNDS = 3


def converted_loop(lib):
    @lib.function
    def f(n):
        s = lib.constant(0)
        for i in lib.range(n):
            if i % 3 == 0:
                s += i
            else:
                s -= 1
        return s
    return f


def hand_written_loop():
    @kiln.function(autograph=False)
    def f(n):
        def body(i, s):
            s = kiln.cond(i % 3 == 0, lambda: s + i, lambda: s - 1)
            return i + 1, s
        return kiln.while_loop(lambda i, s: i < n, body, [kiln.constant(0), kiln.constant(0)])[1]
    return f


def run():
    n = kiln.constant(N)
    expected = sum(i if i % 3 == 0 else -1 for i in range(N))
    cases = {("kiln", "converted for/if"): (converted_loop(kiln), n),
             ("kiln", "hand-written while_loop/cond"): (hand_written_loop(), n)}
    if tf is not None:
        cases["TF", "converted for/if"] = (converted_loop(tf), tf.constant(N))
    for (engine, way), (f, arg) in cases.items():  # a wrong result would make the timing meaningless
        assert int(np.asarray(f(arg))) == expected, (engine, way)
    seconds = measure_in_turns({key: (lambda f=f, arg=arg: f(arg)) for key, (f, arg) in cases.items()},
                               ROUNDS, repeat=3)
    rows = [{"engine": engine, "way": way, "time": fmt_time(t), "per iteration": fmt_time(t / N),
             "seconds": t} for (engine, way), t in seconds.items()]
    print_table(f"A {N:,}-iteration loop with an if in its body, in a traced function",
                rows, [("engine", "engine"), ("way", "way"), ("time", "time"),
                       ("per iteration", "per iteration")])
    pairs = [("kiln converted / kiln hand-written",
              ("kiln", "converted for/if"), ("kiln", "hand-written while_loop/cond"))]
    if tf:
        pairs.append(("TF converted / kiln converted", ("TF", "converted for/if"),
                      ("kiln", "converted for/if")))
    ratios = print_ratios(seconds, pairs)
    if not tf:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's tf.function)")
    save("autograph", rows, ratios=ratios)


if __name__ == "__main__":
    run()
