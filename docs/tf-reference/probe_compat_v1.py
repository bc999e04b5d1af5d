"""Records TF's results for tests/python/compat_v1_cases.py in
docs/tf-reference/compat_v1.json.

    .venv/bin/python docs/tf-reference/probe_compat_v1.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import compat_v1_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__, "cases": {e: cases.evaluate(tf, e) for e in cases.CASES}}
path = ROOT / "docs" / "tf-reference" / "compat_v1.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
print(f"wrote {path}")
