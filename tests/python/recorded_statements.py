"""What the tests of recorded statement cases share (the *_cases.py modules
whose TF answers docs/tf-reference/probe_cases.py's record_all writes): TF's
record of a case module, and the comparison of kiln's printed result with
TF's."""

import json
import pathlib
import re

RECORDS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference"
NUMBER = re.compile(r"-?\d+\.?\d*(?:e[-+]?\d+)?")


def load(name):
    """[[case, TF's result], ...] of docs/tf-reference/<name>.json."""
    return json.loads((RECORDS / f"{name}.json").read_text())["cases"]


def numbers_close(got, expected, rtol, atol, relative_to="each"):
    """The same text but for the numbers and the spaces NumPy pads columns
    with (they depend on the digits printed), and numbers within rtol of each
    expected number (relative_to="each") or of the largest one of the result
    ("largest": for sums whose rounding error scales with the terms, not the
    result), plus atol."""
    a, b = NUMBER.findall(got), NUMBER.findall(expected)
    if len(a) != len(b) or NUMBER.sub("", got).split() != NUMBER.sub("", expected).split():
        return False
    largest = max((abs(float(v)) for v in b), default=0.0)
    return all(abs(float(x) - float(y)) <=
               rtol * (largest if relative_to == "largest" else abs(float(y))) + atol
               for x, y in zip(a, b))


def assert_matches(got, expected, rtol, atol, relative_to="each"):
    """kiln's result is TF's: an error of TF's class (kiln's message may say
    more), or the same text with numbers_close numbers."""
    if expected.startswith("error:"):
        assert got.split(":")[:2] == expected.split(":")[:2], got
        return
    assert got == expected or numbers_close(got, expected, rtol, atol, relative_to), got
