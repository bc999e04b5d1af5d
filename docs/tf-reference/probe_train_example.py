"""Records TF's results for tests/python/train_example_cases.py (wire bytes, text
format, errors) and the descriptors of tf.train.Example's .proto files in
docs/tf-reference/train_example.json.

    .venv/bin/python docs/tf-reference/probe_train_example.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import google.protobuf  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import train_example_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__, "protobuf": google.protobuf.__version__,
          "descriptors": cases.descriptors(tf),
          "cases": {e: cases.evaluate(tf, e) for e in cases.CASES}}
path = ROOT / "docs" / "tf-reference" / "train_example.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
print(f"wrote {path}")
