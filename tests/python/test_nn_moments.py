"""The kiln.nn composites of python/kiln/nn_moments.py (bias_add, moments,
l2_normalize, batch_normalization, sigmoid cross-entropies, l2_loss, silu)
against TF's recorded results (nn_composite_cases.py,
docs/tf-reference/nn_composites.json): the same values within float32
rounding (NUMBERS_RTOL: reductions sum in another order), and errors of
TF's class."""

import json
import pathlib
import re

import pytest

import kiln
import nn_composite_cases as cases

RECORD = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                     "nn_composites.json").read_text())["cases"]
NUMBERS_RTOL = 1e-5
_NUMBER = re.compile(r"-?\d+\.?\d*(?:e[-+]?\d+)?")


@pytest.fixture(scope="module")
def kiln_results():
    return cases.evaluate_all(kiln)


def test_the_record_is_of_these_cases():
    assert [case for case, _ in RECORD] == cases.CASES


def _close(got, expected):
    """The same text but for numbers, which agree within NUMBERS_RTOL (and the
    spaces NumPy pads columns with)."""
    def skeleton(text):
        return [re.sub(r"\s+", " ", part) for part in _NUMBER.split(text)]
    if skeleton(got) != skeleton(expected):
        return False
    pairs = zip(_NUMBER.findall(got), _NUMBER.findall(expected))
    return all(abs(float(a) - float(b)) <= NUMBERS_RTOL * max(abs(float(b)), 1e-6) + 1e-6
               for a, b in pairs)


@pytest.mark.parametrize("index", range(len(cases.CASES)), ids=cases.CASES)
def test_kiln_gives_tfs_result(kiln_results, index):
    case, expected = RECORD[index]
    got = kiln_results[index][1]
    if expected.startswith("error:"):
        assert got.split(":")[:2] == expected.split(":")[:2], got  # kiln's message says more
        return
    assert got == expected or _close(got, expected), got


def test_error_messages_name_the_problem():
    with pytest.raises(kiln.errors.InvalidArgumentError, match="bias has 2 elements but value "
                                                               "has 3 channels"):
        kiln.nn.bias_add(kiln.zeros([2, 3]), [1.0, 2.0])
    with pytest.raises(kiln.errors.InvalidArgumentError, match="bias must be a vector"):
        kiln.nn.bias_add(kiln.zeros([2, 3]), [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="Both labels and logits must be provided"):
        kiln.nn.sigmoid_cross_entropy_with_logits(logits=[1.0])
