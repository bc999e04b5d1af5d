"""Records TF's results for tests/python/nn_composite_cases.py in
docs/tf-reference/nn_composites.json.

    .venv/bin/python docs/tf-reference/probe_nn_composites.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import nn_composite_cases as cases  # noqa: E402
from tape_cases import evaluate_all  # noqa: E402

result = {"tensorflow": tf.__version__, "cases": evaluate_all(tf, cases.CASES)}
path = ROOT / "docs" / "tf-reference" / "nn_composites.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
