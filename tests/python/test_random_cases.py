"""kiln against TF's recorded shapes, dtypes, error classes and get_seed pairs for
the calls in random_cases.py (docs/tf-reference/random.json)."""

import json
import pathlib

import pytest

import kiln
import random_cases as cases

RECORDED = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference"
                       / "random.json").read_text())["cases"]

# Where kiln knowingly differs from TF (docs/semantics.md, "Random numbers").
DIFFERENCES = {
    # TF accepts a float global seed and uses it as is; kiln refuses it at set_seed.
    "(tf.random.set_seed(1.5), v1.get_seed(4))[1]": "error: TypeError",
}


def test_every_case_was_recorded():
    assert sorted(RECORDED) == sorted(cases.CASES)


@pytest.mark.parametrize("expression", cases.CASES)
def test_matches_tf(expression):
    want = DIFFERENCES.get(expression, RECORDED[expression])
    assert cases.evaluate(kiln, expression) == want
