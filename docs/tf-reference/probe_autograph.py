"""Records TensorFlow's results for the AutoGraph cases in
tests/python/autograph_cases.py: each function traced by tf.function (with its
input_signature where the case gives one) and called, its value and dtype, or
for the error cases the error class and the message's last line. Writes
docs/tf-reference/autograph.json.

    .venv/bin/python docs/tf-reference/probe_autograph.py   (after make bench-peers)
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
import autograph_cases as cases  # noqa: E402


def traced(fn, signature):
    return tf.function(fn, input_signature=None if signature is None else signature())


def main():
    cases.bind(tf)
    result = {"tensorflow": tf.__version__, "cases": {}, "errors": {}}
    for name, (fn, args, signature) in cases.CASES.items():
        value = traced(fn, signature)(*args())
        flat = value if isinstance(value, (list, tuple)) else [value]
        result["cases"][name] = {"value": cases.to_python(value),
                                 "dtypes": [np.asarray(v).dtype.name for v in flat]}
    for name, (fn, args, signature) in cases.ERROR_CASES.items():
        try:
            traced(fn, signature)(*args())
            result["errors"][name] = {"error": None}
        except Exception as e:  # noqa: BLE001 - recording what TF raises
            lines = [line.strip() for line in str(e).splitlines() if line.strip()]
            result["errors"][name] = {"error": type(e).__name__, "message": lines[-1] if lines else ""}
    path = ROOT / "docs" / "tf-reference" / "autograph.json"
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path} ({len(result['cases'])} cases, {len(result['errors'])} error cases)")


if __name__ == "__main__":
    main()
