"""conv2d, NHWC float32: input 32x56x56x64, filter 3x3x64x64, SAME (a ResNet
stage-1 convolution): kiln eagerly and in a kiln.function beside TF's eager
call and tf.function in the same run, plus the gradient step (the two
backprop ops under a tape). Issue 14's target: kiln at least as fast as TF.

TF is an optional peer (without it only kiln's figures are printed): run
with a Python that has TensorFlow and kiln's package on its path,
    PYTHONPATH=python /path/to/tf/python bench/nn_conv.py [--threads N]

`--threads N` runs both engines' ops on N threads; on a shared machine one
thread each compares the engines' work with less noise than full width.
"""

import argparse
import os

import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for each engine's ops (default: all cores)")
    parser.add_argument("--rounds", type=int, default=5, help="turns of measurement")
    parser.add_argument("--no-gradient", action="store_true", help="time the forward call only")
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

INPUT, FILTER = (32, 56, 56, 64), (3, 3, 64, 64)


def data():
    rng = np.random.default_rng(0)
    return (rng.standard_normal(INPUT).astype(np.float32),
            (rng.standard_normal(FILTER) * 0.05).astype(np.float32))


def calls(lib, gradient):
    """{call: fn} for engine lib (kiln or tf); each fn takes no arguments and
    returns after the result is computed (.numpy() would add a copy to both)."""
    x, w = (lib.constant(a) for a in data())

    def conv(x, w):
        return lib.nn.conv2d(x, w, strides=1, padding="SAME")

    def step(x, w):
        with lib.GradientTape() as tape:
            tape.watch([x, w])
            y = lib.nn.conv2d(x, w, strides=1, padding="SAME")
        return tape.gradient(y, [x, w], output_gradients=y)

    traced, traced_step = lib.function(conv), lib.function(step)
    fns = {"eager": lambda: conv(x, w), "function": lambda: traced(x, w)}
    if gradient:
        fns["gradient, function"] = lambda: traced_step(x, w)
    return fns


def set_threads(n):
    kiln.config.threading.set_intra_op_parallelism_threads(n)
    kiln.config.threading.set_inter_op_parallelism_threads(n)
    if tf is not None:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)


def run(threads=None, rounds=5, gradient=True):
    if threads:
        set_threads(threads)
    fns = {}
    for engine, lib in (("kiln", kiln), ("TF", tf)):
        if lib is not None:
            for call, fn in calls(lib, gradient).items():
                fns[engine, call] = fn
    for fn in fns.values():
        fn()  # trace, build primitives
    if tf is not None:  # the same numbers, to float32 rounding
        got, want = (np.asarray(fns[e, "eager"]()) for e in ("kiln", "TF"))
        assert np.allclose(got, want, rtol=1e-4, atol=1e-4), np.abs(got - want).max()
    seconds = measure_in_turns(fns, rounds, repeat=3)
    rows = [{"engine": e, "call": c, "time": fmt_time(t), "seconds": t}
            for (e, c), t in seconds.items()]
    pairs = [("kiln eager / kiln function", ("kiln", "eager"), ("kiln", "function"))]
    if tf is not None:
        pairs += [("TF eager / kiln eager (target >= 1)", ("TF", "eager"), ("kiln", "eager")),
                  ("TF function / kiln function (target >= 1)", ("TF", "function"),
                   ("kiln", "function"))]
        if gradient:
            pairs.append(("TF gradient / kiln gradient", ("TF", "gradient, function"),
                          ("kiln", "gradient, function")))
    ratios = print_ratios(seconds, pairs)
    print_table(f"conv2d NHWC float32 {INPUT} * {FILTER} SAME; threads: "
                f"{threads or 'all cores'}", rows,
                [("engine", "engine"), ("call", "call"), ("time", "time")])
    if tf is None:
        print("  (TensorFlow not installed: run with a Python that has it for TF's figures)")
    save("nn_conv", rows, ratios=ratios, tensorflow=tf.__version__ if tf else None,
         threads=threads or os.cpu_count())


if __name__ == "__main__":
    run(ARGS.threads, ARGS.rounds, not ARGS.no_gradient)
