"""Records TensorFlow's answers for the dynamic-shape cases in
tests/python/dynamic_shape_cases.py: for each expression, the static shape and
dtype in a TF1 graph and in a tf.function traced with an input_signature of
[None, 3], the partial static value, the values fed with each batch size, and,
for the error cases, the error class. Writes docs/tf-reference/dynamic_shapes.json.

Run with TensorFlow installed (make bench-peers installs tensorflow-cpu into .venv):
    .venv/bin/python docs/tf-reference/probe_dynamic_shapes.py
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
import dynamic_shape_cases as cases  # noqa: E402


def static_shape(t):
    return None if t.shape.rank is None else t.shape.as_list()


def partial_value(t):
    if t.dtype not in (tf.int32, tf.int64):
        return None
    value = tf.get_static_value(t, partial=True)
    return None if value is None else np.asarray(value, dtype=object).tolist()


def feed_dict(ph, values):
    return {ph[name]: values[name] for name in ph}


def graph_case(expression, feeds, random):
    g = tf.Graph()
    with g.as_default():
        ph = cases.make_placeholders(tf)
        t = cases.evaluate(tf, expression, **ph)
        out = {"static_shape": static_shape(t), "dtype": t.dtype.name,
               "partial_value": partial_value(t), "values": {}}
        with tf.compat.v1.Session(graph=g) as sess:
            for b in cases.BATCHES:
                value = sess.run(t, feed_dict(ph, cases.feed_values(feeds, b)))
                out["values"][str(b)] = ({"shape": list(value.shape)} if random else
                                         {"shape": list(value.shape), "data": value.tolist()})
    return out


def function_shape(expression):
    f = tf.function(lambda x, s, p, k: cases.evaluate(tf, expression, x, s, p, k),
                    input_signature=cases.signature(tf))
    return static_shape(f.get_concrete_function().structured_outputs)


def error_case(expression, feeds):
    g = tf.Graph()
    with g.as_default():
        ph = cases.make_placeholders(tf)
        try:
            t = cases.evaluate(tf, expression, **ph)
        except Exception as e:  # noqa: BLE001 - recording what TF raises
            return {"when": "build", "error": type(e).__name__}
        with tf.compat.v1.Session(graph=g) as sess:
            try:
                sess.run(t, feed_dict(ph, cases.feed_values(feeds, 2)))
            except Exception as e:  # noqa: BLE001
                return {"when": "run", "error": type(e).__name__, "message": str(e).splitlines()[0]}
    return {"when": None, "error": None}


def misc_cases():
    out = {}
    # The run-time errors first: TF 2.21 crashed (SIGSEGV) raising this one after
    # the static cases had run in the same process, and raises it cleanly before.
    for name, expression in cases.MISC_RUN_ERRORS:
        g = tf.Graph()
        with g.as_default():
            ph = cases.make_placeholders(tf)
            t = cases.evaluate(tf, expression, **ph)
        with tf.compat.v1.Session(graph=g) as sess:
            try:
                # Only x: TF 2.21 crashes formatting this error when unused
                # placeholders are fed too.
                sess.run(t, {ph["x"]: cases.x_value(2)})
                out[name] = "no error"
            except Exception as e:  # noqa: BLE001
                out[name] = f"error: {type(e).__name__}"
    for name, expression in cases.MISC_CASES:
        with tf.Graph().as_default():
            out[name] = cases.evaluate_misc(tf, expression, **cases.make_placeholders(tf))
    return out


def main():
    result = {"tensorflow": tf.__version__, "misc": misc_cases(), "cases": {}, "errors": {}}
    for name, expression, feeds, random in cases.CASES:
        entry = graph_case(expression, feeds, random)
        entry["function_static_shape"] = function_shape(expression)
        result["cases"][name] = entry
    for name, expression, feeds in cases.ERROR_CASES:
        result["errors"][name] = error_case(expression, feeds)
    path = ROOT / "docs" / "tf-reference" / "dynamic_shapes.json"
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path} ({len(result['cases'])} cases, {len(result['errors'])} error cases)")


if __name__ == "__main__":
    main()
