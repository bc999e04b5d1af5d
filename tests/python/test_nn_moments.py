"""The kiln.nn composites of python/kiln/nn_moments.py (bias_add, moments,
l2_normalize, batch_normalization, sigmoid cross-entropies, l2_loss, silu)
against TF's recorded results (nn_composite_cases.py,
docs/tf-reference/nn_composites.json): the same values within float32
rounding (NUMBERS_RTOL: reductions sum in another order), and errors of
TF's class."""

import pytest

import kiln
import nn_composite_cases as cases
import recorded_statements as recorded

RECORD = recorded.load("nn_composites")
NUMBERS_RTOL, NUMBERS_ATOL = 1e-5, 1e-6


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL)


def test_error_messages_name_the_problem():
    with pytest.raises(kiln.errors.InvalidArgumentError, match="bias has 2 elements but value "
                                                               "has 3 channels"):
        kiln.nn.bias_add(kiln.zeros([2, 3]), [1.0, 2.0])
    with pytest.raises(kiln.errors.InvalidArgumentError, match="bias must be a vector"):
        kiln.nn.bias_add(kiln.zeros([2, 3]), [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="Both labels and logits must be provided"):
        kiln.nn.sigmoid_cross_entropy_with_logits(logits=[1.0])
