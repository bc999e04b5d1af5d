"""tf.image.resize on a batch of images, kiln beside TensorFlow in the same
run: bilinear upsampling 32 x 112 x 112 x 3 -> 224 x 224 and antialiased
bilinear downsampling 32 x 224 x 224 x 3 -> 112 x 112 (TF's ScaleAndTranslate
with the triangle kernel), float32, eager calls.

TF is an optional peer, imported in this process as bench/training.py does:
`make bench-peers`, or run this file with a Python that has TensorFlow and
kiln's package on its path (PYTHONPATH=python /path/to/tf/python
bench/image_resize.py). `--threads N` runs both engines on N threads.
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

import kiln  # noqa: E402
from harness import fmt_time, measure_in_turns, print_ratios, print_table, save  # noqa: E402

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

ROUNDS = 5
# (label, input shape, output size, antialias)
CASES = [("bilinear 112 -> 224", (32, 112, 112, 3), (224, 224), False),
         ("bilinear antialias 224 -> 112", (32, 224, 224, 3), (112, 112), True)]


def set_threads(n):
    kiln.config.threading.set_intra_op_parallelism_threads(n)
    if tf is not None:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)


def run(threads=None):
    if threads:
        set_threads(threads)
    rng = np.random.default_rng(0)
    fns, checks = {}, []
    for label, shape, size, antialias in CASES:
        images = rng.uniform(0, 1, shape).astype(np.float32)
        for engine, lib in (("kiln", kiln), ("TF", tf)):
            if lib is None:
                continue
            x = lib.constant(images)
            fns[engine, label] = (lambda lib=lib, x=x, size=size, aa=antialias:
                                  lib.image.resize(x, size, antialias=aa))
        if tf is not None:  # the two engines agree before they are timed
            diff = np.max(np.abs(np.asarray(fns["kiln", label]()) - fns["TF", label]().numpy()))
            checks.append(f"{label}: max |kiln - TF| = {diff:.2g}")
    seconds = measure_in_turns(fns, ROUNDS, repeat=5)
    rows = [{"engine": e, "case": c, "time": fmt_time(t), "seconds": t}
            for (e, c), t in seconds.items()]
    ratios = {}
    if tf is not None:
        ratios = print_ratios(seconds, [(f"TF / kiln, {label}", ("TF", label), ("kiln", label))
                                        for label, *_ in CASES])
        print("\n".join(checks))
    print_table(f"tf.image.resize, float32, eager; threads: {threads or 'all cores'}", rows,
                [("engine", "engine"), ("case", "case"), ("time", "time")])
    if tf is None:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's times)")
    save("image_resize", rows, ratios=ratios, tensorflow=tf.__version__ if tf else None,
         threads=threads or os.cpu_count())


if __name__ == "__main__":
    run(ARGS.threads)
