"""Records TF's results for tests/python/linalg_lapack_cases.py in
docs/tf-reference/linalg_lapack.json.

    .venv/bin/python docs/tf-reference/probe_linalg_lapack.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import linalg_lapack_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__,
          "cases": {cases.expression(c): cases.evaluate(tf, c) for c in cases.CASES}}
path = ROOT / "docs" / "tf-reference" / "linalg_lapack.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
print(f"wrote {path}")
