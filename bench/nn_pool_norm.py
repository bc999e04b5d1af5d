"""Pooling and batch normalization (issue 14): max_pool2d of a
(32, 112, 112, 64) NHWC float32 batch (3x3 windows, stride 2, SAME, ResNet's
stem pooling) and fused_batch_norm of (32, 56, 56, 64) in training and in
inference, each eagerly and traced (kiln.function, TF's tf.function), kiln
beside TensorFlow in the same run. Issue 14's target: kiln at least as fast
as TF. Batch norm runs on oneDNN; pooling on kiln's own loops
(src/kernels/cpu/pool_loops.h says why).

TF is an optional peer, imported in this process as bench/training.py does:
run this file with a Python that has TensorFlow and kiln's package on its
path (PYTHONPATH=python /path/to/tf/python bench/nn_pool_norm.py); without
TF it prints kiln's figures only.

`--threads N` runs both engines' ops on N threads.
"""

import argparse
import os

import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for each engine's ops (default: all cores)")
    parser.add_argument("--rounds", type=int, default=5, help="turns over all cases")
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()

import kiln  # noqa: E402
from harness import fmt_time, measure_in_turns, print_ratios, print_table, save  # noqa: E402

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

POOL_SHAPE = (32, 112, 112, 64)
NORM_SHAPE = (32, 56, 56, 64)


def cases(lib):
    """{case: (fn, argument)}: each fn(argument) runs one op of lib (kiln or tf)."""
    rng = np.random.default_rng(0)
    x_pool = lib.constant(rng.standard_normal(POOL_SHAPE, dtype=np.float32))
    x_norm = lib.constant(rng.standard_normal(NORM_SHAPE, dtype=np.float32))
    channels = NORM_SHAPE[-1]
    scale = lib.constant(rng.uniform(0.5, 1.5, channels).astype(np.float32))
    offset = lib.constant(rng.uniform(-0.5, 0.5, channels).astype(np.float32))
    mean = lib.constant(rng.uniform(-0.1, 0.1, channels).astype(np.float32))
    variance = lib.constant(rng.uniform(0.9, 1.1, channels).astype(np.float32))
    fbn = lib.compat.v1.nn.fused_batch_norm

    def pool(x):
        return lib.nn.max_pool2d(x, 3, 2, "SAME")

    def train(x):
        return fbn(x, scale, offset, epsilon=1e-3, is_training=True)

    def infer(x):
        return fbn(x, scale, offset, mean, variance, epsilon=1e-3, is_training=False)

    return {"max_pool2d 3x3/2 SAME": (pool, x_pool),
            "fused_batch_norm training": (train, x_norm),
            "fused_batch_norm inference": (infer, x_norm)}


def set_threads(n):
    kiln.config.threading.set_intra_op_parallelism_threads(n)
    kiln.config.threading.set_inter_op_parallelism_threads(n)
    if tf is not None:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)


def check_agreement(kiln_cases, tf_cases):
    """The two engines compute the same thing (float32 rounding apart)."""
    for name, (fn, x) in kiln_cases.items():
        tf_fn, tf_x = tf_cases[name]
        got, want = fn(x), tf_fn(tf_x)
        got = got if isinstance(got, (tuple, list)) else [got]
        want = want if isinstance(want, (tuple, list)) else [want]
        for g, w in zip(got, want):
            np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=2e-4, atol=2e-4,
                                       err_msg=name)


def run(threads=None, rounds=5):
    if threads:
        set_threads(threads)
    fns = {}
    engines = {"kiln": kiln, "TF": tf} if tf is not None else {"kiln": kiln}
    per_engine = {}
    for engine, lib in engines.items():
        per_engine[engine] = cases(lib)
        for name, (fn, x) in per_engine[engine].items():
            traced = lib.function(fn)
            fns[engine, name, "eager"] = lambda fn=fn, x=x: fn(x)
            fns[engine, name, "traced"] = lambda traced=traced, x=x: traced(x)
    if tf is not None:
        check_agreement(per_engine["kiln"], per_engine["TF"])
    for fn in fns.values():
        fn()  # trace, build primitives
    seconds = measure_in_turns(fns, rounds, repeat=5)
    rows = [{"engine": e, "case": c, "call": k, "time": fmt_time(t), "seconds": t}
            for (e, c, k), t in seconds.items()]
    pairs = []
    if tf is not None:
        for name in per_engine["kiln"]:
            for call in ("eager", "traced"):
                pairs.append((f"TF / kiln, {name}, {call} (target >= 1)", ("TF", name, call),
                              ("kiln", name, call)))
        ratios = print_ratios(seconds, pairs)
    else:
        ratios = {}
    print_table(f"Pooling {POOL_SHAPE} and batch norm {NORM_SHAPE}, float32, NHWC; threads: "
                f"{threads or 'all cores'}", rows,
                [("engine", "engine"), ("case", "case"), ("call", "call"), ("time", "time")])
    if tf is None:
        print("  (TensorFlow not installed: run with a Python that has it for TF's figures)")
    save("nn_pool_norm", rows, ratios=ratios, tensorflow=tf.__version__ if tf else None,
         threads=threads or os.cpu_count())


if __name__ == "__main__":
    run(ARGS.threads, ARGS.rounds)
