"""Records TF's results for tests/python/top100_cases.py (one call per symbol
of docs/tf-usage-top100.txt) in docs/tf-reference/top100.json.

    .venv/bin/python docs/tf-reference/probe_top100.py   (after make bench-peers)
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import top100_cases as cases  # noqa: E402

result = {"tensorflow": tf.__version__,
          "cases": {symbol: cases.run(tf, symbol) for symbol in cases.CASES}}
path = ROOT / "docs" / "tf-reference" / "top100.json"
path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
print(f"wrote {path}")
