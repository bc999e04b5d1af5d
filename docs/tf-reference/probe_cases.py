"""Records TF's results for a case module of tests/python (one whose CASES are
expressions and whose evaluate(tf, expression) records a result) in
docs/tf-reference/<name>.json.

    .venv/bin/python docs/tf-reference/probe_cases.py compat_v1 data_ops   (after make bench-peers)

probe_compat_v1.py and probe_data_ops.py run it for one module each.
"""
import importlib
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def record(name):
    """Evaluates tests/python/<name>_cases.py under TF; writes docs/tf-reference/<name>.json."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    sys.path.insert(0, str(ROOT / "tests" / "python"))
    cases = importlib.import_module(f"{name}_cases")
    result = {"tensorflow": tf.__version__, "cases": {e: cases.evaluate(tf, e) for e in cases.CASES}}
    path = ROOT / "docs" / "tf-reference" / f"{name}.json"
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    for module in sys.argv[1:]:
        record(module)
