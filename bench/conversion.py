"""Cost of handing a kiln tensor to NumPy, against NumPy copying the same data.

np.asarray(t) is a view (no copy): its cost must not grow with the size.
t.numpy() is a copy (a writable array, as TF): it should cost what NumPy's own
np.array(x, copy=True) costs.
"""

import gc

import numpy as np

import kiln
from harness import fmt_time, measure, print_table, save

SIZES = [("1 KB", 1 << 10), ("1 MB", 1 << 20), ("256 MB", 1 << 28)]


def run():
    rows = []
    for label, nbytes in SIZES:
        x = np.ones(nbytes // 4, dtype=np.float32)
        t = kiln.constant(x)
        numpy_copy = measure(lambda: np.array(x, copy=True), repeat=5 if nbytes < 1 << 28 else 3)
        asarray = measure(lambda: np.asarray(t))
        to_numpy = measure(lambda: t.numpy(), repeat=5 if nbytes < 1 << 28 else 3)
        rows.append({
            "size": label, "bytes": nbytes,
            "np.array(x, copy=True)": fmt_time(numpy_copy),
            "np.asarray(t)": fmt_time(asarray),
            "t.numpy()": fmt_time(to_numpy),
            "copy/asarray": f"{numpy_copy / asarray:.3g}x",
            "copy/numpy()": f"{numpy_copy / to_numpy:.3g}x",
            "seconds": {"numpy_copy": numpy_copy, "asarray": asarray, "numpy": to_numpy},
        })
        del x, t
        gc.collect()
    print_table("kiln -> NumPy (ratios > 1: kiln is faster than NumPy's copy)", rows, [
        ("size", "size"), ("np.array(x, copy=True)", "np.array(x, copy=True)"),
        ("np.asarray(t)", "np.asarray(t)"), ("copy/asarray", "ratio"),
        ("t.numpy()", "t.numpy()"), ("copy/numpy()", "ratio")])
    small, large = rows[0]["seconds"]["asarray"], rows[-1]["seconds"]["asarray"]
    print(f"np.asarray(t) 256 MB / 1 KB time: {large / small:.2f} (1.0 = independent of size)")
    save("conversion", rows)


if __name__ == "__main__":
    run()
