"""The op fuzzer's value check: registry ops that NumPy can compute, called with
random dtypes, shapes (scalars, zero-size, broadcasting), axes, permutations,
indices and attributes, either give NumPy's values or raise a kiln error.

Integer and bool results must match exactly (integer arithmetic wraps, as in
NumPy and TF). Float results are compared with a reference computed in float64
(complex128) from the same inputs and rounded to the result's dtype, within a
few units in the last place of that dtype; NaNs and infinities must be where
the reference has them. Where TF's semantics differ from NumPy's, the
reference follows TF and says so. A graph run by a session and a traced
function give eager's bits (test_op_fuzz.py), so they match NumPy too.

The references live beside this file, one module a family: oracle_elementwise.py,
oracle_axes.py (reductions, scans, sorting), oracle_shapes.py (shape ops, indexing,
matmul); oracle_common.py compares. Each entry says how to draw the call and what
NumPy says, in a few lines; an op without one is still fuzzed for crashes by
test_op_fuzz.py.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kiln
from kiln import _core
from oracle_axes import axis_calls, reduction_calls
from oracle_common import EXPECTED, MUST_RAISE, OP_INDEX, assert_matches
from oracle_elementwise import elementwise_calls
from oracle_shapes import join_calls, shape_calls

CALLS = st.one_of(elementwise_calls(), reduction_calls(), axis_calls(), shape_calls(),
                  join_calls())


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's overflow/NaN notes in references
@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(CALLS)
def test_every_op_gives_numpys_values_or_raises_a_kiln_error(call):
    name, inputs, attrs, reference, scale = call
    try:
        got = _core.execute(OP_INDEX[name], tuple(kiln.constant(x) for x in inputs), attrs)
    except EXPECTED as e:
        assert str(e), f"{name}: an error without a message"
        return  # refusing is always allowed; accepting is checked below
    try:
        want = reference()
    except (ValueError, IndexError, TypeError, np.exceptions.AxisError):
        want = MUST_RAISE  # NumPy itself refuses the call
    assert want is not MUST_RAISE, \
        f"{name}{tuple(x.shape for x in inputs)} {attrs}: kiln gave {got!r}, TF refuses the call"
    if want is None:
        return  # outside this oracle (said where it returns None)
    assert_matches(name, np.asarray(got), want, scale)
