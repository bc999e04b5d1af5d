"""Records TF's results for tests/python/variable_cases.py in
docs/tf-reference/variables.json.

    .venv/bin/python docs/tf-reference/probe_variables.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import variable_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__,
          "cases": {case.__name__: cases.run(tf, case) for case in cases.CASES}}
path = ROOT / "docs" / "tf-reference" / "variables.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
print(f"wrote {path}")
