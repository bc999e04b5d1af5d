"""A ResNet basic block's forward pass (batch 32, 56x56x64, NHWC float32):
conv 3x3 SAME -> batch norm (inference) -> relu -> conv 3x3 SAME -> batch
norm -> + input -> relu, traced (kiln.function, TF's tf.function), kiln
beside TensorFlow in the same run. Issue 14's target: at least as fast as TF.

TF is an optional peer (`make bench-peers`, or
PYTHONPATH=python /path/to/tf/python bench/nn_resnet_block.py).
`--threads N` runs both engines on N threads.
"""

import argparse
import os

import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for each engine's ops (default: all cores)")
    parser.add_argument("--batch", type=int, default=32)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.threads:  # OpenBLAS and OpenMP read these once, when they load
        os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import kiln  # noqa: E402
from harness import fmt_time, measure_in_turns, print_ratios, print_table, save  # noqa: E402

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

ROUNDS, SIZE, CHANNELS = 5, 56, 64


def weights():
    rng = np.random.RandomState(0)
    conv = [rng.standard_normal((3, 3, CHANNELS, CHANNELS)).astype(np.float32) * 0.05
            for _ in range(2)]
    bn = [(rng.uniform(0.5, 1.5, CHANNELS).astype(np.float32),
           rng.uniform(-0.1, 0.1, CHANNELS).astype(np.float32),
           rng.uniform(-0.1, 0.1, CHANNELS).astype(np.float32),
           rng.uniform(0.5, 2.0, CHANNELS).astype(np.float32)) for _ in range(2)]
    return conv, bn


def block(lib):
    """The traced block built with lib (kiln or tf)."""
    conv, bn = weights()
    conv = [lib.constant(w) for w in conv]
    bn = [[lib.constant(v) for v in params] for params in bn]

    def norm(h, params):
        scale, offset, mean, var = params
        return lib.compat.v1.nn.fused_batch_norm(h, scale, offset, mean=mean, variance=var,
                                                 epsilon=1e-3, is_training=False)[0]

    @lib.function
    def forward(x):
        h = lib.nn.relu(norm(lib.nn.conv2d(x, conv[0], 1, "SAME"), bn[0]))
        h = norm(lib.nn.conv2d(h, conv[1], 1, "SAME"), bn[1])
        return lib.nn.relu(h + x)
    return forward


def set_threads(n):
    kiln.config.threading.set_intra_op_parallelism_threads(n)
    if tf is not None:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)


def run(threads=None, batch=32):
    if threads:
        set_threads(threads)
    x = np.random.RandomState(1).standard_normal((batch, SIZE, SIZE, CHANNELS)).astype(np.float32)
    fns, results = {}, {}
    for engine, lib in (("kiln", kiln), ("TF", tf)):
        if lib is not None:
            forward, tensor = block(lib), lib.constant(x)
            results[engine] = forward(tensor).numpy()  # trace, and the values to compare
            fns[engine, "block forward"] = lambda f=forward, t=tensor: f(t)
    if tf is not None:
        # A bench of a wrong result is no bench: the two engines agree.
        np.testing.assert_allclose(results["kiln"], results["TF"], rtol=1e-3, atol=1e-3)
    seconds = measure_in_turns(fns, ROUNDS, repeat=3)
    rows = [{"engine": e, "call": c, "time": fmt_time(t), "seconds": t}
            for (e, c), t in seconds.items()]
    ratios = {}
    if tf is not None:
        ratios = print_ratios(seconds, [("TF / kiln (target >= 1)", ("TF", "block forward"),
                                         ("kiln", "block forward"))])
    print_table(f"ResNet basic block forward: {batch}x{SIZE}x{SIZE}x{CHANNELS}, two 3x3 convs, "
                f"batch norm, residual; threads: {threads or 'all cores'}", rows,
                [("engine", "engine"), ("call", "call"), ("time", "time")])
    if tf is None:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's block)")
    save("nn_resnet_block", rows, ratios=ratios, tensorflow=tf.__version__ if tf else None,
         threads=threads or os.cpu_count(), batch=batch)


if __name__ == "__main__":
    run(ARGS.threads, ARGS.batch)
