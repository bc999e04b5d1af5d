"""Asking for more memory than the machine has raises ResourceExhaustedError
(also a MemoryError) wherever the request is made — an eager op, a constant
from a NumPy view, a session's plan, a traced function — frees whatever the
failed run had allocated, and leaves everything usable. (kiln.zeros([2**40])
itself is tested in test_fill.py.)"""

import numpy as np
import pytest

import kiln
from kiln import errors

v1 = kiln.compat.v1

HUGE = 2**21  # a HUGE x HUGE float32 tensor is 16 TiB


def _raises_out_of_memory(call):
    with pytest.raises(errors.ResourceExhaustedError) as info:
        call()
    assert isinstance(info.value, MemoryError)
    assert "Out of memory: could not allocate" in str(info.value)
    assert "use a smaller shape or free memory" in str(info.value)
    return info.value


def test_an_op_whose_result_does_not_fit(allocated):
    column = kiln.ones([HUGE, 1])
    row = kiln.transpose(column)
    before = allocated()
    _raises_out_of_memory(lambda: kiln.matmul(column, row))
    assert allocated() == before


def test_a_constant_from_a_huge_broadcast_view():
    # NumPy holds it as a 0-stride view of one element; a tensor needs the real bytes.
    view = np.broadcast_to(np.float32(1), (HUGE, HUGE))
    _raises_out_of_memory(lambda: kiln.constant(view))


def _outer(x):
    """x[i] * x[j]: a small intermediate (2x) alive when the huge product fails."""
    doubled = x * 2.0
    return doubled[:, None] * doubled[None, :]


def test_a_plan_whose_buffers_cannot_be_allocated(allocated):
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [None])
        y = _outer(x)
    huge = np.ones(HUGE, np.float32)
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(y, {x: [1.0, 2.0]}), [[4, 8], [8, 16]])
        before = allocated()
        error = _raises_out_of_memory(lambda: sess.run(y, {x: huge}))
        assert "while running node" in str(error)
        assert allocated() == before  # the run's intermediates were released
        np.testing.assert_array_equal(sess.run(y, {x: [1.0, 3.0]}), [[4, 12], [12, 36]])


def test_a_traced_function_that_asks_for_too_much(allocated):
    # One trace for every length: the failing call compiles nothing new.
    outer = kiln.function(_outer, input_signature=[kiln.TensorSpec([None], kiln.float32)])
    small = kiln.constant([1.0, 2.0])
    np.testing.assert_array_equal(outer(small).numpy(), [[4, 8], [8, 16]])
    huge = kiln.ones([HUGE])
    before = allocated()
    _raises_out_of_memory(lambda: outer(huge))
    assert allocated() == before
    np.testing.assert_array_equal(outer(small).numpy(), [[4, 8], [8, 16]])
