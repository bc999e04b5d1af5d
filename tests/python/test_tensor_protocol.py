"""Formatting and type tests of tensors, compared with TF's recorded answers
(tests/python/tensor_protocol_cases.py, docs/tf-reference/tensor_protocol.json)."""

import json
import pathlib

import pytest

import kiln
import tensor_protocol_cases as cases

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "tensor_protocol.json").read_text())


@pytest.mark.parametrize("expression", cases.EAGER_CASES)
def test_eager_tensors_format_and_test_as_tf(expression):
    assert cases.evaluate(kiln, expression) == REFERENCE["eager"][expression]


@pytest.mark.parametrize("expression", cases.GRAPH_CASES)
def test_symbolic_tensors_format_and_test_as_tf(expression):
    with kiln.Graph().as_default():
        x = kiln.compat.v1.placeholder(kiln.float32)
        assert cases.evaluate(kiln, expression, x) == REFERENCE["graph"][expression]
