import numpy as np
import pytest

import kiln
from kiln import errors


@pytest.mark.parametrize("dtype", [kiln.bool, kiln.int8, kiln.uint64, kiln.float16,
                                   kiln.bfloat16, kiln.float32, kiln.complex128],
                         ids=lambda d: d.name)
def test_zeros_and_ones_of_every_kind(dtype):
    z = kiln.zeros([2, 3], dtype=dtype)
    o = kiln.ones((2, 3), dtype)
    assert z.dtype == dtype and o.dtype == dtype
    np.testing.assert_array_equal(z.numpy(), np.zeros((2, 3), dtype.as_numpy_dtype))
    np.testing.assert_array_equal(o.numpy(), np.ones((2, 3), dtype.as_numpy_dtype))


def test_defaults_and_shape_forms():
    assert kiln.zeros([3]).dtype == kiln.float32
    assert kiln.ones(3).shape == [3]
    assert kiln.zeros(()).shape == []
    assert kiln.zeros(kiln.TensorShape([2, 2])).shape == [2, 2]
    assert kiln.zeros(kiln.constant([2, 1])).shape == [2, 1]
    assert kiln.zeros([np.int64(2)]).shape == [2]
    assert kiln.zeros([0, 4]).shape == [0, 4]


def test_fill_infers_dtype_as_constant():
    t = kiln.fill([2, 2], 7)
    assert t.dtype == kiln.int32
    np.testing.assert_array_equal(t.numpy(), np.full((2, 2), 7))
    assert kiln.fill([2], 7.5).dtype == kiln.float32
    assert kiln.fill([2], np.float64(7.5)).dtype == kiln.float64
    big = kiln.fill([2], kiln.constant(2**63 + 1, dtype=kiln.uint64))
    assert big.numpy().tolist() == [2**63 + 1] * 2


def test_like_forms():
    src = kiln.constant([[1, 2], [3, 4]])
    assert kiln.zeros_like(src).dtype == kiln.int32
    np.testing.assert_array_equal(kiln.zeros_like(src).numpy(), np.zeros((2, 2)))
    t = kiln.ones_like([1.5, 2])
    assert t.dtype == kiln.float32 and t.numpy().tolist() == [1, 1]
    assert kiln.ones_like(src, dtype=kiln.float64).dtype == kiln.float64
    assert kiln.zeros_like(np.zeros((3,), np.uint16)).dtype == kiln.uint16


@pytest.mark.parametrize("call, error, message", [
    (lambda: kiln.zeros([-1]), errors.InvalidArgumentError, "[zeros] Dimension -1 must be >= 0"),
    (lambda: kiln.ones([2, -5]), errors.InvalidArgumentError, "[ones] Dimension -5 must be >= 0"),
    (lambda: kiln.fill([2], [1, 2]), ValueError, "[fill] value must be a scalar"),
    (lambda: kiln.zeros([2.5]), TypeError, "[zeros] shape must be a list of integers"),
    (lambda: kiln.zeros(kiln.TensorShape([None])), ValueError, "needs a fully defined shape"),
    (lambda: kiln.zeros([2**40, 2**40]), errors.InvalidArgumentError, "more elements than fit"),
    # Zero-size, but NumPy could not hold the shape (its zeros count as 1 there).
    (lambda: kiln.zeros([0, 2**40, 2**40]), errors.InvalidArgumentError,
     "once its zero dimensions are counted as 1"),
    (lambda: kiln.random.uniform([0, 2**40, 2**40]), errors.InvalidArgumentError,
     "once its zero dimensions are counted as 1"),
    (lambda: kiln.reshape(kiln.zeros([0]), [0, 2**40, 2**40]), errors.InvalidArgumentError,
     "once its zero dimensions are counted as 1"),
])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_too_large_a_tensor_is_resource_exhausted_and_a_memory_error():
    with pytest.raises(errors.ResourceExhaustedError) as info:
        kiln.zeros([2**40])
    assert isinstance(info.value, MemoryError)
    assert "Out of memory: could not allocate 4398046511104 bytes" in str(info.value)
    assert kiln.zeros([4]).numpy().sum() == 0  # and the process goes on
