"""Per-call cost of kiln.function (a traced, compiled plan) against the same ops
run eagerly in kiln and in NumPy (and TensorFlow's tf.function and eager ops
when tensorflow-cpu is installed: `make bench-peers`), in one run.

Three cases of tiny tensors, so the numbers are overhead, not arithmetic:
  "1 op":       add(x, y), x and y float32 [4] eager tensors.
  "20 ops":     a chain of 20 elementwise ops (add, multiply, maximum in turn,
                each against a constant) over one float32 [16] eager tensor.
  "while_loop": while_loop(i < n, (i + 1, s + i)) from (0, 0) with n = 10000
                (int32 scalars), all 10,000 iterations in every way; traced, n is
                the function's argument, so the whole loop runs inside the plan.
                Its baseline is the same loop over Python ints.
Every traced function is called (so traced) and checked before it is timed, and
must still have traced exactly once afterwards. "per op/iter" is the call's time
/ its op count (20 ops) or iteration count (while_loop): an upper bound on what
one more op or iteration costs.
"""

import os

import numpy as np

import kiln
from harness import fmt_time, measure, print_ratios, print_table, save

try:  # optional peer
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

CHAIN = 20
ITERATIONS = 10_000
PER = {"1 op": 1, "20 ops": CHAIN, "while_loop": ITERATIONS}


def chain(lib, h, consts):
    """The 20-op case on any library with add/multiply/maximum: the same code is
    traced by kiln and TF and runs eagerly and in NumPy."""
    ops = (lib.add, lib.multiply, lib.maximum)
    for i in range(CHAIN):
        h = ops[i % 3](h, consts[i % 3])
    return h


def loop(lib, n):
    """sum(range(n)) as a while_loop; returns [i, s]."""
    return lib.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i),
                          [lib.constant(0), lib.constant(0)])


def python_loop(n):
    i = s = 0
    while i < n:
        i, s = i + 1, s + i
    return [i, s]


def cases(lib, a, b, h0, consts):
    """{(case, way): fn} for `lib` (kiln or tf), and its traced functions (to
    check afterwards that timing never retraced them)."""
    ta, tb, th = lib.constant(a), lib.constant(b), lib.constant(h0)
    tc = [lib.constant(c) for c in consts]
    tn = lib.constant(ITERATIONS)
    add_fn = lib.function(lambda x, y: lib.add(x, y))
    chain_fn = lib.function(lambda h: chain(lib, h, tc))  # constants captured at trace time
    loop_fn = lib.function(lambda n: loop(lib, n))
    return [add_fn, chain_fn, loop_fn], {
        ("1 op", "function call"): lambda: add_fn(ta, tb),
        ("1 op", "eager"): lambda: lib.add(ta, tb),
        ("20 ops", "function call"): lambda: chain_fn(th),
        ("20 ops", "eager"): lambda: chain(lib, th, tc),
        ("while_loop", "function call"): lambda: loop_fn(tn),
        ("while_loop", "eager"): lambda: loop(lib, tn),
    }


def run():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(4).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    h0 = rng.standard_normal(16).astype(np.float32)
    # Values near 0 / 1 / of h's scale keep the chain's results finite and varied.
    consts = (0.1 * rng.standard_normal(16).astype(np.float32),
              (1 + 0.01 * rng.standard_normal(16)).astype(np.float32),
              rng.standard_normal(16).astype(np.float32))
    expected = {"1 op": np.add(a, b), "20 ops": chain(np, h0, consts),
                "while_loop": [ITERATIONS, sum(range(ITERATIONS))]}

    engines = {"NumPy": {("1 op", "np.add"): lambda: np.add(a, b),
                         ("20 ops", "np.add/multiply/maximum"): lambda: chain(np, h0, consts),
                         ("while_loop", "Python int loop"): lambda: python_loop(ITERATIONS)}}
    traced = {}
    for name, lib in (("kiln", kiln), ("TF", tf)):
        if lib is not None:
            traced[name], engines[name] = cases(lib, a, b, h0, consts)

    seconds, base_time, rows = {}, {}, []
    for engine, fns in engines.items():  # NumPy first: it is every row's baseline
        for (case, way), fn in fns.items():
            # A wrong result would make the timing meaningless (this call also traces).
            np.testing.assert_allclose(np.asarray(fn()), expected[case], rtol=1e-5)
            t = seconds[engine, case, way] = measure(fn)
            base_time.setdefault(case, t)
            rows.append({"case": case, "engine": engine, "way": way, "time": fmt_time(t),
                         "per op/iter": fmt_time(t / PER[case]),
                         "x baseline": f"{t / base_time[case]:.3g}", "seconds": t})
    for name, fns in traced.items():
        # A retrace during timing would have timed tracing, not calls.
        assert all(f.experimental_get_tracing_count() == 1 for f in fns), name
    print_table("Traced functions on tiny tensors (x baseline: time / NumPy's time for the same "
                "ops, or a Python int loop's for while_loop)",
                rows, [("case", "case"), ("engine", "engine"), ("way", "way"), ("time", "time"),
                       ("per op/iter", "per op/iter"), ("x baseline", "x baseline")])

    # Ratios of two times from this run: "A / B = r" means A takes r times as long as B.
    pairs = [(f"kiln function call / kiln eager ({case})",
              ("kiln", case, "function call"), ("kiln", case, "eager")) for case in PER]
    if tf:
        for case in PER:
            pairs.append((f"TF tf.function call / kiln function call ({case})",
                          ("TF", case, "function call"), ("kiln", case, "function call")))
            pairs.append((f"TF eager / kiln eager ({case})",
                          ("TF", case, "eager"), ("kiln", case, "eager")))
    ratios = print_ratios(seconds, pairs)
    if not tf:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's tf.function and eager ops)")
    save("function", rows, ratios=ratios)


if __name__ == "__main__":
    run()
