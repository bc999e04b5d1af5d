"""Records TensorFlow's answers for the cases in tests/python/functional_ops_cases.py
(TensorArray, map_fn, scan, foldl/foldr, vectorized_map): for each case and each
mode (eager; tf.function traced for the inputs; tf.function with the
input_signature [None, 3] / []; a TF1 graph of placeholders run by a session)
the output structure, and per output tensor its dtype, static shape, shape and
values; for the error cases the error class and whether it was raised while
building (tracing) or running; for the fact cases the Python-side answers
(element_shape, dynamic_size, dtype). Writes docs/tf-reference/functional_ops.json.

Run with TensorFlow installed (make bench-peers installs tensorflow-cpu into .venv):
    .venv/bin/python docs/tf-reference/probe_functional_ops.py
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import functional_ops_cases as cases  # noqa: E402

SIGNATURE = [tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([], tf.int32)]


def static_shape(t):
    return None if t.shape.rank is None else t.shape.as_list()


def structure(out, leaves):
    """`out` with each tensor replaced by its position in `leaves` (appended in
    the order kiln and TF flatten: dict keys sorted)."""
    if isinstance(out, dict):
        return {k: structure(out[k], leaves) for k in sorted(out)}
    if isinstance(out, (list, tuple)):
        return [structure(v, leaves) for v in out]
    leaves.append(out)
    return len(leaves) - 1


def record(out, values):
    leaves = []
    shape = structure(out, leaves)
    return {"structure": shape, "outputs": [
        {"dtype": t.dtype.name, "static_shape": static_shape(t), "shape": list(np.shape(v)),
         "data": np.asarray(v).tolist()} for t, v in zip(leaves, values)]}


def flat_values(out):
    leaves = []
    structure(out, leaves)
    return leaves


def inputs():
    return tf.constant(cases.X), tf.constant(cases.N)


def build_graph(fn):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
        n = tf.compat.v1.placeholder(tf.int32, [], name="n")
        out = fn(tf, x, n)
    return g, out, {x: cases.X, n: cases.N}


def trace(fn, mode):
    """The tf.function of a case and its concrete function (traced now)."""
    signature = SIGNATURE if mode == "signature" else None
    f = tf.function(lambda x, n: fn(tf, x, n), input_signature=signature)
    return f, f.get_concrete_function(*(SIGNATURE if signature else inputs()))


def run_mode(mode, fn):
    if mode == "eager":
        out = fn(tf, *inputs())
        return record(out, [t.numpy() for t in flat_values(out)])
    if mode == "graph":
        g, out, feeds = build_graph(fn)
        with tf.compat.v1.Session(graph=g) as sess:
            return record(out, sess.run(flat_values(out), feeds))
    f, concrete = trace(fn, mode)
    return record(concrete.structured_outputs, [t.numpy() for t in flat_values(f(*inputs()))])


def error_in_mode(mode, fn):
    """{"error": class name or None, "when": "build" or "run"}: building is
    calling eagerly, tracing a function, or adding the graph's nodes."""
    try:
        if mode == "eager":
            fn(tf, *inputs())
            return {"error": None, "when": None}
        if mode == "graph":
            g, out, feeds = build_graph(fn)
            run = lambda: tf.compat.v1.Session(graph=g).run(flat_values(out), feeds)  # noqa: E731
        else:
            f = trace(fn, mode)[0]
            run = lambda: f(*inputs())  # noqa: E731
    except Exception as e:  # noqa: BLE001 - recording what TF raises
        return {"error": type(e).__name__, "when": "build"}
    try:
        run()
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "when": "run"}
    return {"error": None, "when": None}


def facts(fn):
    out = {"eager": fn(tf, *inputs())}
    with tf.Graph().as_default():
        out["graph"] = fn(tf, tf.compat.v1.placeholder(tf.float32, [None, 3]),
                          tf.compat.v1.placeholder(tf.int32, []))
    return out


def main():
    result = {"tensorflow": tf.__version__, "cases": {}, "errors": {}, "facts": {}}
    # The error cases first: TF 2.21 crashed raising run-time session errors after
    # many other graphs in one process (probe_dynamic_shapes.py). These raised
    # cleanly after all the other cases too, when tried; first costs nothing.
    for name, fn in cases.ERROR_CASES.items():
        result["errors"][name] = {mode: error_in_mode(mode, fn) for mode in cases.MODES}
    for name, fn in cases.CASES.items():
        result["cases"][name] = {mode: run_mode(mode, fn) for mode in cases.MODES}
    for name, fn in cases.FACT_CASES.items():
        result["facts"][name] = facts(fn)
    path = ROOT / "docs" / "tf-reference" / "functional_ops.json"
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path} ({len(result['cases'])} cases, {len(result['errors'])} error cases, "
          f"{len(result['facts'])} fact cases)")


if __name__ == "__main__":
    main()
