"""Records TF's answers for tests/python/tensor_protocol_cases.py in
docs/tf-reference/tensor_protocol.json.

    .venv/bin/python docs/tf-reference/probe_tensor_protocol.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import tensor_protocol_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__,
          "eager": {e: cases.evaluate(tf, e) for e in cases.EAGER_CASES}, "graph": {}}
with tf.Graph().as_default():
    x = tf.compat.v1.placeholder(tf.float32)
    result["graph"] = {e: cases.evaluate(tf, e, x) for e in cases.GRAPH_CASES}
path = ROOT / "docs" / "tf-reference" / "tensor_protocol.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
print(f"wrote {path}")
