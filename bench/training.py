"""One training step of examples/train_classifier.py's model (batch 64,
784 -> 128 -> relu -> 10, sparse softmax cross-entropy, Adam): the step
traced (kiln.function, TF's tf.function) and run eagerly, kiln beside
TensorFlow in the same run. Issue 13's target: kiln's traced step at least 2x
faster than TF's.

TF is an optional peer, imported in this process as bench/variables.py does:
`make bench-peers`, or run this file with a Python that has TensorFlow and
kiln's package on its path (PYTHONPATH=python /path/to/tf/python bench/training.py).

`--threads N` runs both engines' ops on N threads (OpenBLAS's too): on a
shared machine one thread each compares the engines' work with less noise
than full width, where each engine's pool competes with the other load.
"""

import argparse
import os

import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for each engine's ops (default: all cores)")
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.threads:  # OpenBLAS reads it once, when it loads with kiln's _core
        os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)

import kiln  # noqa: E402
from harness import fmt_time, measure_in_turns, print_ratios, print_table, save  # noqa: E402

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

BATCH, ROUNDS = 64, 5


def data():
    rng = np.random.RandomState(0)
    images = rng.uniform(0.0, 1.0, size=(BATCH, 784)).astype(np.float32)
    labels = rng.randint(0, 10, size=BATCH).astype(np.int32)
    weights = [rng.uniform(-0.08, 0.08, size=(784, 128)).astype(np.float32),
               np.zeros(128, np.float32),
               rng.uniform(-0.2, 0.2, size=(128, 10)).astype(np.float32),
               np.zeros(10, np.float32)]
    return images, labels, weights


def steps(lib):
    """(traced step, eager step) of the classifier built with lib (kiln or tf);
    each takes no arguments and trains on one fixed batch."""
    images, labels, weights = data()
    x, y = lib.constant(images), lib.constant(labels)
    fns = []
    for wrap in (lib.function, lambda f: f):
        params = [lib.Variable(w) for w in weights]
        w1, b1, w2, b2 = params
        optimizer = lib.keras.optimizers.Adam(learning_rate=1e-3)

        def step(x, y, params=params, optimizer=optimizer, w1=w1, b1=b1, w2=w2, b2=b2):
            with lib.GradientTape() as tape:
                hidden = lib.nn.relu(lib.matmul(x, w1) + b1)
                logits = lib.matmul(hidden, w2) + b2
                loss = lib.reduce_mean(
                    lib.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            grads = tape.gradient(loss, params)
            optimizer.apply_gradients(zip(grads, params))
            return loss
        traced = wrap(step)
        fns.append(lambda traced=traced: traced(x, y))
    return fns


def set_threads(n):
    kiln.config.threading.set_intra_op_parallelism_threads(n)
    kiln.config.threading.set_inter_op_parallelism_threads(n)
    if tf is not None:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)


def run(threads=None):
    if threads:
        set_threads(threads)
    fns = {}
    for engine, lib in (("kiln", kiln), ("TF", tf)):
        if lib is not None:
            traced, eager = steps(lib)
            fns[engine, "traced step"], fns[engine, "eager step"] = traced, eager
    for fn in fns.values():
        fn()  # trace
    seconds = measure_in_turns(fns, ROUNDS, repeat=5)
    rows = [{"engine": e, "call": c, "time": fmt_time(t), "seconds": t}
            for (e, c), t in seconds.items()]
    pairs = [("kiln eager / kiln traced", ("kiln", "eager step"), ("kiln", "traced step"))]
    if tf is not None:
        pairs += [("TF traced / kiln traced (target >= 2)", ("TF", "traced step"),
                   ("kiln", "traced step")),
                  ("TF eager / kiln eager", ("TF", "eager step"), ("kiln", "eager step"))]
    ratios = print_ratios(seconds, pairs)
    print_table(f"Training step: batch {BATCH}, 784 -> 128 -> 10, Adam; threads: "
                f"{threads or 'all cores'}", rows,
                [("engine", "engine"), ("call", "call"), ("time", "time")])
    if tf is None:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's steps)")
    save("training", rows, ratios=ratios, tensorflow=tf.__version__ if tf else None,
         threads=threads or os.cpu_count())


if __name__ == "__main__":
    run(ARGS.threads)
