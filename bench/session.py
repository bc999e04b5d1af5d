"""Per-call cost of running a graph with kiln.compat.v1.Session, against the
same ops run eagerly in kiln and in NumPy (and TensorFlow's tf.compat.v1.Session
and eager ops when tensorflow-cpu is installed: `make bench-peers`), in one run.

Two graphs of tiny tensors, so the numbers are overhead, not arithmetic:
  "1 op":    z = add(x, y), x and y float32 [4] placeholders (or two constants).
  "100 ops": a chain of 100 elementwise ops (add, multiply, maximum in turn,
             each against a constant) over one float32 [16] placeholder.
"per node" is the call's time / the graph's op count; for the 100-op graph it
includes the call's fixed cost spread over 100 nodes, so it is an upper bound on
what one more node of a cached plan costs.
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

CHAIN = 100


def chain(lib, h, consts):
    """The 100-op graph's ops, on any library with add/multiply/maximum: the same
    code builds kiln's and TF's graphs and runs the eager and NumPy versions."""
    ops = (lib.add, lib.multiply, lib.maximum)
    for i in range(CHAIN):
        h = ops[i % 3](h, consts[i % 3])
    return h


def chain_consts(rng):
    # Values near 0 / 1 / of h's scale keep the chain's results finite and varied.
    return (0.1 * rng.standard_normal(16).astype(np.float32),
            (1 + 0.01 * rng.standard_normal(16)).astype(np.float32),
            rng.standard_normal(16).astype(np.float32))


def session_cases(lib, v1, a, b, h0, consts):
    """{way: fn} for a Session of `lib` (kiln or tf) on both graphs, and the
    session to close. Every fn is checked against NumPy before it is timed."""
    g = lib.Graph()
    with g.as_default():
        x = v1.placeholder(lib.float32, [4])
        y = v1.placeholder(lib.float32, [4])
        z = lib.add(x, y)
        zc = lib.add(lib.constant(a), lib.constant(b))
        h = v1.placeholder(lib.float32, [16])
        out = chain(lib, h, [lib.constant(c) for c in consts])
    sess = v1.Session(graph=g)
    call1 = sess.make_callable(z, [x, y])
    call100 = sess.make_callable(out, [h])
    return sess, {
        ("1 op", "Session.run(feed_dict)"): lambda: sess.run(z, feed_dict={x: a, y: b}),
        ("1 op", "make_callable"): lambda: call1(a, b),
        ("1 op", "Session.run(), constants"): lambda: sess.run(zc),
        ("100 ops", "Session.run(feed_dict)"): lambda: sess.run(out, feed_dict={h: h0}),
        ("100 ops", "make_callable"): lambda: call100(h0),
    }


def eager_cases(lib, a, b, h0, consts):
    ta, tb, th = lib.constant(a), lib.constant(b), lib.constant(h0)
    tc = [lib.constant(c) for c in consts]
    return {("1 op", "eager"): lambda: lib.add(ta, tb),
            ("100 ops", "eager"): lambda: chain(lib, th, tc)}


def run():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(4).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    h0, consts = rng.standard_normal(16).astype(np.float32), chain_consts(rng)
    expected = {"1 op": np.add(a, b), "100 ops": chain(np, h0, consts)}

    engines = {"NumPy": {("1 op", "np.add"): lambda: np.add(a, b),
                         ("100 ops", "np.add/multiply/maximum"): lambda: chain(np, h0, consts)}}
    sessions = []
    for name, lib in (("kiln", kiln), ("TF", tf)):
        if lib is None:
            continue
        sess, cases = session_cases(lib, lib.compat.v1, a, b, h0, consts)
        sessions.append(sess)
        engines[name] = {**cases, **eager_cases(lib, a, b, h0, consts)}

    seconds, numpy_time, rows = {}, {}, []
    for engine, cases in engines.items():  # NumPy first: it is every row's baseline
        for (graph, way), fn in cases.items():
            # A wrong result would make the timing meaningless.
            np.testing.assert_allclose(np.asarray(fn()), expected[graph], rtol=1e-5)
            t = seconds[engine, graph, way] = measure(fn)
            numpy_time.setdefault(graph, t)
            rows.append({"graph": graph, "engine": engine, "way": way, "time": fmt_time(t),
                         "per node": fmt_time(t / (CHAIN if graph == "100 ops" else 1)),
                         "x NumPy": f"{t / numpy_time[graph]:.3g}", "seconds": t})
    for sess in sessions:
        sess.close()
    print_table("Sessions on tiny float32 graphs (x NumPy: time / NumPy's time for the same ops)",
                rows, [("graph", "graph"), ("engine", "engine"), ("way", "way"), ("time", "time"),
                       ("per node", "per node"), ("x NumPy", "x NumPy")])

    # Ratios of two times from this run: "A / B = r" means A takes r times as long as B.
    pairs = [
        ("kiln Session.run / kiln eager, 1 op",
         ("kiln", "1 op", "Session.run(feed_dict)"), ("kiln", "1 op", "eager")),
        ("kiln make_callable / kiln eager, 1 op",
         ("kiln", "1 op", "make_callable"), ("kiln", "1 op", "eager")),
        ("kiln plan per node (Session.run) / kiln eager per op, 100 ops",
         ("kiln", "100 ops", "Session.run(feed_dict)"), ("kiln", "100 ops", "eager")),
        ("kiln plan per node (make_callable) / kiln eager per op, 100 ops",
         ("kiln", "100 ops", "make_callable"), ("kiln", "100 ops", "eager")),
    ]
    if tf:
        for graph in ("1 op", "100 ops"):
            for way in ("Session.run(feed_dict)", "make_callable", "eager"):
                pairs.append((f"TF {way} / kiln {way}, {graph}",
                              ("TF", graph, way), ("kiln", graph, way)))
        pairs.append(("TF Session.run() / kiln Session.run(), constants, 1 op",
                      ("TF", "1 op", "Session.run(), constants"),
                      ("kiln", "1 op", "Session.run(), constants")))
    ratios = print_ratios(seconds, pairs)
    if not tf:
        print("  (TensorFlow not installed: `make bench-peers` adds TF's Session and eager ops)")
    save("session", rows, ratios=ratios)


if __name__ == "__main__":
    run()
