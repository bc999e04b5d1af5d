"""Per-call time of kiln's eager ops against NumPy (and TensorFlow's eager ops
when tensorflow-cpu is installed: `make bench-peers`), measured in one run.

Ratios are NumPy time / kiln time (and TF time / kiln time): above 1.0 kiln is
faster. Inputs are float32.
"""

import gc
import os

import numpy as np

import kiln
from harness import fmt_time, measure, print_table, save

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

ELEMENTWISE_SIZES = [1, 1_000, 1_000_000, 16_000_000]
MATMUL_SIZES = [64, 512, 2048]


def cases():
    """(name, size label, numpy fn, kiln fn, tf fn or None) for every benchmark."""
    rng = np.random.default_rng(0)
    for n in ELEMENTWISE_SIZES:
        x = rng.standard_normal(n).astype(np.float32)
        y = rng.standard_normal(n).astype(np.float32)
        kx, ky = kiln.constant(x), kiln.constant(y)
        tx, ty = (tf.constant(x), tf.constant(y)) if tf else (None, None)
        label = f"{n:,}"
        yield "add", label, lambda: np.add(x, y), lambda: kiln.add(kx, ky), tf and (lambda: tf.add(tx, ty))
        yield "a + b", label, lambda: x + y, lambda: kx + ky, tf and (lambda: tx + ty)
        if hasattr(kiln, "multiply"):
            yield "multiply", label, lambda: np.multiply(x, y), lambda: kiln.multiply(kx, ky), \
                tf and (lambda: tf.multiply(tx, ty))
        if hasattr(kiln, "exp"):
            yield "exp", label, lambda: np.exp(x), lambda: kiln.exp(kx), tf and (lambda: tf.exp(tx))
        if hasattr(kiln, "tanh"):
            yield "tanh", label, lambda: np.tanh(x), lambda: kiln.tanh(kx), tf and (lambda: tf.tanh(tx))
        if hasattr(kiln, "reduce_sum"):
            yield "reduce_sum", label, lambda: np.sum(x), lambda: kiln.reduce_sum(kx), \
                tf and (lambda: tf.reduce_sum(tx))
    if hasattr(kiln, "matmul"):
        for n in MATMUL_SIZES:
            a = rng.standard_normal((n, n)).astype(np.float32)
            b = rng.standard_normal((n, n)).astype(np.float32)
            ka, kb = kiln.constant(a), kiln.constant(b)
            ta, tb = (tf.constant(a), tf.constant(b)) if tf else (None, None)
            yield "matmul", f"{n}x{n}", lambda: a @ b, lambda: kiln.matmul(ka, kb), \
                tf and (lambda: tf.matmul(ta, tb))


def run():
    rows = []
    for name, label, np_fn, kiln_fn, tf_fn in cases():
        if name == "a + b" and not hasattr(kiln.EagerTensor, "__add__"):
            continue
        big = "16,000,000" in label or "2048" in label
        repeat = 3 if big else 7
        t_np = measure(np_fn, repeat=repeat)
        t_kiln = measure(kiln_fn, repeat=repeat)
        row = {"op": name, "size": label, "numpy": fmt_time(t_np), "kiln": fmt_time(t_kiln),
               "numpy/kiln": f"{t_np / t_kiln:.2f}", "seconds": {"numpy": t_np, "kiln": t_kiln}}
        if tf_fn:
            t_tf = measure(tf_fn, repeat=repeat)
            row.update({"tf": fmt_time(t_tf), "tf/kiln": f"{t_tf / t_kiln:.2f}"})
            row["seconds"]["tf"] = t_tf
        rows.append(row)
        gc.collect()
    columns = [("op", "op"), ("size", "elements"), ("numpy", "NumPy"), ("kiln", "kiln"),
               ("numpy/kiln", "NumPy/kiln")]
    if tf:
        columns += [("tf", "TF eager"), ("tf/kiln", "TF/kiln")]
        for r in rows:
            r.setdefault("tf", "-")
            r.setdefault("tf/kiln", "-")
    print_table("Eager ops, float32 (ratio > 1: kiln is faster)", rows, columns)
    save("ops", rows)


if __name__ == "__main__":
    run()
