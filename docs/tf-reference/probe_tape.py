"""Records TF's results for tests/python/tape_cases.py in
docs/tf-reference/tape.json.

    .venv/bin/python docs/tf-reference/probe_tape.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import tape_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__, "cases": cases.evaluate_all(tf)}
path = ROOT / "docs" / "tf-reference" / "tape.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
