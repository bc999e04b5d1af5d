"""Input pipelines, kiln.data beside tf.data in the same run: 1M float32 rows
through ``from_tensor_slices(x).map(f, AUTOTUNE).batch(256).prefetch(2)``,
drained by ``as_numpy_iterator()``, with

- a cheap elementwise f (``v * 2 + 1``): kiln runs it once per batch (its map
  vectorization; TF's default pipeline runs it per element);
- the same f per element (kiln: ``experimental_optimization.map_vectorization
  = False``), so that both engines pay per-element map calls;
- a per-row f that is not elementwise (``reduce_sum(v * v)`` over rows of 16),
  with 1 and 2 threads of parallel map: the scaling of kiln's parallel stage.

TF is an optional peer (`make bench-peers`, or run this file with a Python
that has TensorFlow and kiln's package on its path). `--rows N` changes the
row count (default 1M).
"""

import argparse
import os
import time

import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()

import kiln  # noqa: E402
from harness import fmt_time, print_table, save  # noqa: E402

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None


def cheap(lib):
    return lambda v: v * 2.0 + 1.0


def per_row(lib):
    return lambda v: lib.reduce_sum(v * v)


def pipeline(lib, x, f, threads, vectorize=True):
    ds = lib.data.Dataset.from_tensor_slices(x)
    ds = ds.map(f, num_parallel_calls=lib.data.AUTOTUNE if threads != 0 else None)
    ds = ds.batch(256).prefetch(2)
    if lib is kiln and not vectorize:
        options = kiln.data.Options()
        options.experimental_optimization.map_vectorization = False
        ds = ds.with_options(options)
    if lib is tf and threads:
        options = tf.data.Options()
        options.threading.private_threadpool_size = threads
        ds = ds.with_options(options)
    return ds


def drain(ds):
    total = 0
    for batch in ds.as_numpy_iterator():
        total += batch.shape[0]
    return total


def timed(make, rounds):
    """Median seconds of draining a freshly built pipeline (building included)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        drain(make())
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def run(rows=1_000_000, rounds=3):
    rng = np.random.default_rng(0)
    scalars = rng.standard_normal(rows).astype(np.float32)
    vectors = rng.standard_normal((rows, 16)).astype(np.float32)
    cases = [  # (label, data, f, threads, kiln vectorizes)
        ("v*2+1, AUTOTUNE", scalars, cheap, None, True),
        ("v*2+1 per element, AUTOTUNE", scalars, cheap, None, False),
        ("sum(v*v) rows of 16, 1 thread", vectors, per_row, 1, True),
        ("sum(v*v) rows of 16, 2 threads", vectors, per_row, 2, True),
    ]
    seconds, rows_out = {}, []
    for label, data, f, threads, vectorize in cases:
        for engine, lib in (("kiln", kiln), ("TF", tf)):
            if lib is None or (engine == "TF" and not vectorize):
                continue
            if engine == "kiln" and threads:
                kiln.config.threading.set_intra_op_parallelism_threads(threads)
            t = timed(lambda: pipeline(lib, data, f(lib), threads, vectorize), rounds)
            if engine == "kiln" and threads:
                kiln.config.threading.set_intra_op_parallelism_threads(0)
            seconds[engine, label] = t
            rows_out.append({"engine": engine, "case": label, "time": fmt_time(t),
                             "per row": fmt_time(t / rows), "seconds": t})
    print_table(f"kiln.data vs tf.data: {rows:,} float32 rows, map -> batch(256) -> prefetch(2), "
                f"drained by as_numpy_iterator", rows_out,
                [("engine", "engine"), ("case", "case"), ("time", "time"), ("per row", "per row")])
    ratios = {}
    for label, *_ in cases:
        if ("TF", label) in seconds:
            ratios[f"TF / kiln, {label}"] = seconds["TF", label] / seconds["kiln", label]
    if tf is not None:
        ratios["TF / kiln, v*2+1 TF per element vs kiln per element"] = (
            seconds["TF", "v*2+1, AUTOTUNE"] / seconds["kiln", "v*2+1 per element, AUTOTUNE"])
    one, two = ("kiln", "sum(v*v) rows of 16, 1 thread"), ("kiln", "sum(v*v) rows of 16, 2 threads")
    ratios["kiln parallel map, 1 -> 2 threads"] = seconds[one] / seconds[two]
    for name, r in ratios.items():
        print(f"  {name}: {r:.2f}x")
    if tf is None:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's times)")
    save("data_pipeline", rows_out, ratios=ratios, tensorflow=tf.__version__ if tf else None,
         row_count=rows)


if __name__ == "__main__":
    run(ARGS.rows, ARGS.rounds)
