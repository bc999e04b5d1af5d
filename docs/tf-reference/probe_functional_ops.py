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



def record(out, values):
    leaves = []
    shape = cases.structure(out, leaves)
    return {"structure": shape, "outputs": [
        {"dtype": t.dtype.name, "static_shape": cases.static_shape(t), "shape": list(np.shape(v)),
         "data": np.asarray(v).tolist()} for t, v in zip(leaves, values)]}


def run_mode(mode, fn):
    if mode == "eager":
        out = fn(tf, *cases.inputs(tf))
        return record(out, [t.numpy() for t in cases.flat_values(out)])
    if mode == "graph":
        g, out, feeds = cases.build_graph(tf, fn)
        with tf.compat.v1.Session(graph=g) as sess:
            return record(out, sess.run(cases.flat_values(out), feeds))
    f, concrete = cases.trace(tf, fn, mode)
    return record(concrete.structured_outputs, [t.numpy() for t in cases.flat_values(f(*cases.inputs(tf)))])


def error_in_mode(mode, fn):
    """{"error": class name or None, "when": "build" or "run"}: building is
    calling eagerly, tracing a function, or adding the graph's nodes."""
    try:
        if mode == "eager":
            fn(tf, *cases.inputs(tf))
            return {"error": None, "when": None}
        if mode == "graph":
            g, out, feeds = cases.build_graph(tf, fn)
            run = lambda: tf.compat.v1.Session(graph=g).run(cases.flat_values(out), feeds)  # noqa: E731
        else:
            f = cases.trace(tf, fn, mode)[0]
            run = lambda: f(*cases.inputs(tf))  # noqa: E731
    except Exception as e:  # noqa: BLE001 - recording what TF raises
        return {"error": type(e).__name__, "when": "build"}
    try:
        run()
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "when": "run"}
    return {"error": None, "when": None}


def facts(fn):
    out = {"eager": fn(tf, *cases.inputs(tf))}
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
