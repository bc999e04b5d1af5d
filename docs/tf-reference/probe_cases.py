"""Records TF's results for a case module of tests/python (one whose CASES are
expressions, names or functions and whose evaluate(tf, case) records a
result) in docs/tf-reference/<name>.json, keyed by the case (a function by
its name).

    .venv/bin/python docs/tf-reference/probe_cases.py compat_v1 data_ops   (after make bench-peers)

probe_<name>.py runs it for one module.
"""
import importlib
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def record(name, output=None):
    """Evaluates tests/python/<name>_cases.py under TF; writes docs/tf-reference/<output or name>.json."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    sys.path.insert(0, str(ROOT / "tests" / "python"))
    cases = importlib.import_module(f"{name}_cases")
    result = {"tensorflow": tf.__version__,
              "cases": {getattr(e, "__name__", e): cases.evaluate(tf, e) for e in cases.CASES}}
    path = ROOT / "docs" / "tf-reference" / f"{output or name}.json"
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path}")


def record_all(name, output=None):
    """For case modules of statements run in order in one namespace: their
    evaluate_all(tf) gives [case, result] pairs, written as a list."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    sys.path.insert(0, str(ROOT / "tests" / "python"))
    cases = importlib.import_module(f"{name}_cases")
    result = {"tensorflow": tf.__version__, "cases": cases.evaluate_all(tf)}
    path = ROOT / "docs" / "tf-reference" / f"{output or name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    for module in sys.argv[1:]:
        record(module)
