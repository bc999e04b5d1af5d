"""Records TF's results for tests/python/data_ops_cases.py in
docs/tf-reference/data_ops.json.

    .venv/bin/python docs/tf-reference/probe_data_ops.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import data_ops_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__, "cases": {e: cases.evaluate(tf, e) for e in cases.CASES}}
path = ROOT / "docs" / "tf-reference" / "data_ops.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True, allow_nan=True) + "\n")
print(f"wrote {path}")
