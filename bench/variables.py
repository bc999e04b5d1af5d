"""What a variable costs: ``v.assign_add(1)`` eagerly against a kiln eager
``add`` of the same size (the acceptance bound is 2x), and a traced function
that reads two variables and assigns one against the same function on
tensors (bound 1.5x); TF's tf.Variable beside them (make bench-peers).
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

SIZES = (1, 100_000)
ROUNDS = 5


def cases_for(size):
    x = kiln.constant(np.zeros(size, np.float32))
    one = kiln.constant(np.ones(size, np.float32))
    v = kiln.Variable(np.zeros(size, np.float32))
    a, b, out = (kiln.Variable(np.full(size, k, np.float32)) for k in (1.0, 2.0, 0.0))

    @kiln.function
    def on_variables():
        out.assign(a * b + a)

    @kiln.function
    def on_tensors(p, q):
        return p * q + p

    p, q = kiln.constant(np.ones(size, np.float32)), kiln.constant(np.full(size, 2.0, np.float32))
    fns = {("kiln", "eager add"): lambda: kiln.add(x, one),
           ("kiln", "eager assign_add"): lambda: v.assign_add(one),
           ("kiln", "function on tensors"): lambda: on_tensors(p, q),
           ("kiln", "function on variables"): on_variables}
    if tf is not None:
        tv = tf.Variable(np.zeros(size, np.float32))
        tone = tf.constant(np.ones(size, np.float32))
        ta, tb, tout = (tf.Variable(np.full(size, k, np.float32)) for k in (1.0, 2.0, 0.0))

        @tf.function
        def tf_on_variables():
            tout.assign(ta * tb + ta)
        fns["TF", "eager assign_add"] = lambda: tv.assign_add(tone)
        fns["TF", "function on variables"] = tf_on_variables
    return fns


def run():
    rows, ratios = [], {}
    for size in SIZES:
        fns = cases_for(size)
        for fn in fns.values():
            fn()
        seconds = measure_in_turns(fns, ROUNDS, repeat=5)
        rows += [{"size": size, "engine": e, "call": c, "time": fmt_time(t), "seconds": t}
                 for (e, c), t in seconds.items()]
        pairs = [(f"{size}: assign_add / eager add", ("kiln", "eager assign_add"), ("kiln", "eager add")),
                 (f"{size}: function on variables / on tensors", ("kiln", "function on variables"),
                  ("kiln", "function on tensors"))]
        if tf is not None:
            pairs += [(f"{size}: TF assign_add / kiln assign_add", ("TF", "eager assign_add"),
                       ("kiln", "eager assign_add")),
                      (f"{size}: TF function / kiln function on variables",
                       ("TF", "function on variables"), ("kiln", "function on variables"))]
        ratios.update(print_ratios(seconds, pairs))
    print_table("Variables: eager assign_add and a traced function that reads two and assigns one",
                rows, [("size", "elements"), ("engine", "engine"), ("call", "call"), ("time", "time")])
    if not tf:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's variables)")
    save("variables", rows, ratios=ratios)


if __name__ == "__main__":
    run()
