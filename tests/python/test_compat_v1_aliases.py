"""TF1 names in kiln.compat.v1, compared with TF's recorded results
(tests/python/compat_v1_cases.py, docs/tf-reference/compat_v1.json)."""

import json
import pathlib

import pytest

import compat_v1_cases as cases
import kiln

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "compat_v1.json").read_text())["cases"]


@pytest.mark.parametrize("expression", cases.CASES)
def test_tf1_names_give_tf1_results(expression):
    assert cases.evaluate(kiln, expression) == REFERENCE[expression]


def test_tf1_reduction_argument_errors_say_which():
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'reduction_indices'"):
        kiln.compat.v1.reduce_sum([[1, 2]], axis=0, reduction_indices=0)
    with pytest.raises(ValueError, match="Cannot specify both 'keepdims' and 'keep_dims'"):
        kiln.compat.v1.reduce_sum([[1, 2]], keepdims=True, keep_dims=True)


def test_add_n_and_device_errors_say_what_to_do():
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"add_n does not broadcast.*Use kiln.add"):
        kiln.add_n([kiln.constant([1, 2]), kiln.constant([1, 2, 3])])
    with pytest.raises(ValueError, match="non-empty list"):
        kiln.add_n([])
    with pytest.raises(ValueError, match="'cpu zero' is not a device: use TF's spelling"):
        with kiln.device("cpu zero"):
            pass
