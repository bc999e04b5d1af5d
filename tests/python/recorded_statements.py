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


def statement_tests(cases, record, rtol, atol, relative_to="each", half_rtol=None,
                    known_differences=None):
    """The three tests of a recorded case module, to assign at module level:

        kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \\
            recorded.statement_tests(cases, RECORD, rtol, atol)

    kiln_results evaluates the cases once per module; each case's result must
    match TF's (assert_matches), with half_rtol for float16 results when given;
    known_differences maps a case to the result kiln gives instead (asserted
    to differ from TF's, so the entry goes when TF changes)."""
    import pytest

    import kiln
    known_differences = known_differences or {}

    @pytest.fixture(scope="module")
    def kiln_results():
        return cases.evaluate_all(kiln)

    def test_the_record_is_of_these_cases():
        assert [case for case, _ in record] == cases.CASES

    @pytest.mark.parametrize("index", range(len(cases.CASES)), ids=[c[:80] for c in cases.CASES])
    def test_kiln_gives_tfs_result(kiln_results, index):
        case, expected = record[index]
        if case in known_differences:
            assert expected != known_differences[case]  # still a difference worth recording
            expected = known_differences[case]
        tol = half_rtol if half_rtol is not None and "float16" in expected else rtol
        assert_matches(kiln_results[index][1], expected, tol, atol, relative_to)

    return kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result
