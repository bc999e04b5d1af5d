"""kiln.constant / convert_to_tensor: TF 2.x's dtype inference and its errors.

The expected behaviour was read off TensorFlow 2.21 (docs/tf-reference/probe_constant.txt);
where kiln deliberately differs, docs/semantics.md says why.
"""

import ml_dtypes
import numpy as np
import pytest

import kiln
from kiln import errors


@pytest.mark.parametrize("value, dtype", [
    (1, kiln.int32),
    (-2**31, kiln.int32),
    (2**31, kiln.int64),  # TF promotes a Python int that overflows int32
    (-2**63, kiln.int64),
    ([1, 2**40], kiln.int64),
    (1.5, kiln.float32),
    ([1, 2.5], kiln.float32),
    ([[1, 2], [3, 4.0]], kiln.float32),
    (True, kiln.bool),
    ([True, False], kiln.bool),
    (1 + 2j, kiln.complex128),
    ([1, 2j], kiln.complex128),
    ([], kiln.float32),
    ([[]], kiln.float32),
    ([np.int64(1), 2], kiln.int32),  # NumPy scalars in lists count as Python numbers
    ([1, np.float64(2)], kiln.float32),
    (np.float64(2.5), kiln.float64),  # a NumPy scalar keeps its dtype
    (np.float32(2.5), kiln.float32),
    (np.arange(6, dtype=np.uint8).reshape(2, 3), kiln.uint8),
    (np.array(2.5), kiln.float64),
])
def test_dtype_inference_follows_tf(value, dtype):
    t = kiln.constant(value)
    assert t.dtype == dtype
    expected = np.asarray(value, dtype=dtype.as_numpy_dtype)
    assert t.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(t.numpy(), expected)


@pytest.mark.parametrize("value, dtype, expected", [
    ([1, 2], kiln.float32, np.array([1, 2], np.float32)),
    (3, kiln.float64, np.float64(3)),
    (True, kiln.int32, np.int32(1)),
    ([1.5], kiln.complex64, np.array([1.5], np.complex64)),
    (2**31, kiln.int64, np.int64(2**31)),
    (2**63 + 5, kiln.uint64, np.uint64(2**63 + 5)),
    ([1.0, 2.0], kiln.bfloat16, np.array([1, 2], ml_dtypes.bfloat16)),
    ([1.0, 2.0], kiln.float16, np.array([1, 2], np.float16)),
    ([[1, 2], [3, 4]], "uint64", np.array([[1, 2], [3, 4]], np.uint64)),
    ([1, 2], np.float32, np.array([1, 2], np.float32)),
    (np.array([1.5, -2.5]), kiln.int32, np.array([1, -2], np.int32)),  # NumPy input: a NumPy cast
    (np.array([1, 2], np.int64), kiln.int32, np.array([1, 2], np.int32)),
])
def test_requested_dtype(value, dtype, expected):
    t = kiln.constant(value, dtype=dtype)
    assert t.dtype == kiln.as_dtype(dtype)
    out = t.numpy()
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("value, dtype, error, message", [
    (1.5, kiln.int32, TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    ([1.0], kiln.int32, TypeError, "Cannot convert [1.0] to EagerTensor of dtype int32"),
    (float("nan"), kiln.int32, TypeError, "Cannot convert nan to EagerTensor of dtype int32"),
    (3.0, kiln.int64, TypeError, "dtype int64"),
    (1, kiln.bool, TypeError, "Cannot convert 1 to EagerTensor of dtype bool"),
    (1 + 2j, kiln.float32, TypeError, "Cannot convert (1+2j) to EagerTensor of dtype float32"),
    # Stricter than TF, which wraps 300 to 44 silently (docs/semantics.md).
    (300, kiln.uint8, TypeError, "the values must lie in [0, 255]"),
    (-1, kiln.uint8, TypeError, "the values must lie in [0, 255]"),
    ([1, 2**31], kiln.int32, TypeError, "[-2147483648, 2147483647]"),
    (70000.0, kiln.float16, ValueError, "out of range for float16"),
])
def test_values_that_do_not_fit_the_dtype_raise(value, dtype, error, message):
    with pytest.raises(error) as info:
        kiln.constant(value, dtype=dtype)
    assert message in str(info.value)


@pytest.mark.parametrize("value, error, message", [
    (2**63, ValueError, "Can't convert Python sequence with out-of-range integer to Tensor"),
    ([2**64], ValueError, "out-of-range integer"),
    (1e40, ValueError, "out of range for float32"),
    ([True, 1], ValueError, "Can't convert Python sequence with mixed types to Tensor"),
    ([[1, 2], [3]], ValueError, "Can't convert non-rectangular Python sequence to Tensor"),
    ([[1, 2], 3], ValueError, "non-rectangular"),
    ([[[1], [2]], [[3], [4, 5]]], ValueError, "non-rectangular"),
    ("abc", TypeError, "holds strings"),
    ([1, "a"], TypeError, "holds strings"),
    (b"x", TypeError, "strings"),
    (np.array(["a"]), TypeError, "NumPy arrays of strings have no kiln dtype"),
    (np.array([1, 2], dtype=object), TypeError, "NumPy arrays of Python objects"),
    (None, ValueError, "Attempt to convert a value (None) with an unsupported type"),
    (object(), ValueError, "with an unsupported type (<class 'object'>)"),
    ([1, None], ValueError, "Attempt to convert a value (None)"),
    ({"a": 1}, ValueError, "unsupported type (<class 'dict'>)"),
])
def test_unconvertible_values_raise_clear_errors(value, error, message):
    with pytest.raises(error) as info:
        kiln.constant(value)
    assert message in str(info.value)


def test_shape_argument_reshapes_or_fills():
    np.testing.assert_array_equal(kiln.constant([1, 2, 3], shape=[3, 1]).numpy(), [[1], [2], [3]])
    np.testing.assert_array_equal(kiln.constant(7, shape=[2, 3]).numpy(), np.full((2, 3), 7))
    assert kiln.constant(7, shape=[2, 3]).dtype == kiln.int32
    np.testing.assert_array_equal(kiln.constant(np.arange(4.0), shape=(2, 2)).numpy(),
                                  np.arange(4.0).reshape(2, 2))
    t = kiln.constant([1, 2])
    assert kiln.constant(t, shape=[2, 1]).shape.as_list() == [2, 1]


@pytest.mark.parametrize("value, shape", [([1, 2, 3], [2, 2]), ([1, 2], [4])])
def test_shape_argument_that_does_not_fit_raises(value, shape):
    with pytest.raises(TypeError) as info:
        kiln.constant(value, shape=shape)
    assert "Eager execution of kiln.constant with unsupported shape" in str(info.value)
    assert f"has {len(value)} elements, but got `shape`" in str(info.value)


def test_tensor_input_passes_through_or_complains_about_its_dtype():
    t = kiln.constant([1, 2])
    assert kiln.convert_to_tensor(t) is t
    assert kiln.constant(t) is t
    assert kiln.convert_to_tensor(t, dtype=kiln.int32) is t
    with pytest.raises(ValueError) as info:
        kiln.convert_to_tensor(t, dtype=kiln.float32)
    assert "Tensor conversion requested dtype float32 for Tensor with dtype int32" in str(info.value)
    with pytest.raises(TypeError) as info:
        kiln.constant(t, dtype=kiln.float32)
    assert "Expected tensor [1 2] with dtype kiln.float32, but got dtype kiln.int32" in str(info.value)


def test_convert_to_tensor_dtype_hint_is_only_a_hint():
    assert kiln.convert_to_tensor(1, dtype_hint=kiln.float32).dtype == kiln.float32
    assert kiln.convert_to_tensor(1.5, dtype_hint=kiln.int32).dtype == kiln.float32


def test_nested_tensors_and_arrays_are_packed():
    t = kiln.constant([kiln.constant([1, 2]), kiln.constant([3, 4])])
    np.testing.assert_array_equal(t.numpy(), [[1, 2], [3, 4]])
    assert t.dtype == kiln.int32


def test_other_array_likes_convert():
    t = kiln.constant(memoryview(np.arange(3, dtype=np.int16)))
    assert t.dtype == kiln.int16
    np.testing.assert_array_equal(t.numpy(), [0, 1, 2])


def test_big_endian_and_strided_arrays_convert_by_value():
    a = np.arange(12, dtype=">f8").reshape(3, 4)
    t = kiln.constant(a[:, ::2])
    assert t.dtype == kiln.float64
    np.testing.assert_array_equal(t.numpy(), a[:, ::2])


def test_constant_of_every_dtype_round_trips():
    for dtype in [kiln.bool, kiln.int8, kiln.int16, kiln.int32, kiln.int64, kiln.uint8,
                  kiln.uint16, kiln.uint32, kiln.uint64, kiln.float16, kiln.bfloat16,
                  kiln.float32, kiln.float64, kiln.complex64, kiln.complex128]:
        a = (np.arange(6) % 2).astype(dtype.as_numpy_dtype).reshape(2, 3)
        t = kiln.constant(a)
        assert t.dtype == dtype
        np.testing.assert_array_equal(t.numpy(), a)


def test_errors_are_kiln_errors_for_core_failures():
    with pytest.raises(errors.InvalidArgumentError) as info:
        kiln.zeros([-1])
    assert "[zeros] Dimension -1 must be >= 0" in str(info.value)
    assert isinstance(info.value, errors.OpError)


def test_empty_lists_take_the_requested_dtype():
    assert kiln.constant([], dtype=kiln.int32).dtype == kiln.int32
    assert kiln.convert_to_tensor([], dtype_hint=kiln.int64).dtype == kiln.int64
    assert kiln.constant([[], []], dtype=kiln.bool).shape == [2, 0]
