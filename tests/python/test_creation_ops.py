import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
from kiln import errors


def test_fill_uses_the_registry_op():
    assert "fill" in kiln._ops.registered_ops()
    t = kiln.fill([2, 3], kiln.constant(7, kiln.int16))
    assert t.dtype == kiln.int16 and t.numpy().tolist() == [[7] * 3] * 2
    np.testing.assert_array_equal(kiln.fill([200_000], 1.5).numpy(), np.full(200_000, 1.5, np.float32))
    assert kiln.fill([], True).numpy() == np.True_
    with pytest.raises(errors.InvalidArgumentError, match=r"\[fill\] Dimension -2 must be >= 0"):
        kiln.fill([3, -2], 1)


@pytest.mark.parametrize("args, dtype, expected", [
    ((5,), None, np.arange(5, dtype=np.int32)),
    ((3, 10.5), None, np.arange(3, 10.5, dtype=np.float32)),
    ((1, 2, 0.3), None, np.arange(1, 2, 0.3, dtype=np.float32)),
    ((10, 1, -3), None, np.arange(10, 1, -3, dtype=np.int32)),
    ((5, 1), None, np.zeros(0, np.int32)),
    ((5,), kiln.float64, np.arange(5, dtype=np.float64)),
    ((np.float64(1), 4), None, np.arange(1, 4, dtype=np.float64)),
    ((2, 7, 2), kiln.int64, np.arange(2, 7, 2, dtype=np.int64)),
    ((0, 3), kiln.float16, np.arange(0, 3, dtype=np.float16)),
    ((0, 3), kiln.bfloat16, np.arange(0, 3).astype(ml_dtypes.bfloat16)),
])
def test_range_matches_numpy(args, dtype, expected):
    out = kiln.range(*args, dtype=dtype).numpy()
    assert out.dtype == expected.dtype
    np.testing.assert_allclose(out.astype(np.float64), expected.astype(np.float64), rtol=1e-6)


def test_range_dtype_inference_from_tensors():
    assert kiln.range(kiln.constant(1, kiln.int64), 5).dtype == kiln.int64
    assert kiln.range(kiln.constant(1, kiln.int64), 5.0).dtype == kiln.float32
    assert kiln.range(kiln.constant(1.0, kiln.float16), 5).dtype == kiln.float16
    assert kiln.range(limit=3, start=1).numpy().tolist() == [1, 2]
    big = kiln.range(0, 150_000)
    np.testing.assert_array_equal(big.numpy(), np.arange(150_000, dtype=np.int32))


@settings(max_examples=40, deadline=None)
@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-7, 7).filter(bool))
def test_range_integers_match_numpy(start, limit, delta):
    np.testing.assert_array_equal(kiln.range(start, limit, delta).numpy(),
                                  np.arange(start, limit, delta, dtype=np.int32))


def test_range_errors():
    with pytest.raises(errors.InvalidArgumentError, match=r"\[range\] delta must not be 0"):
        kiln.range(0, 5, 0)
    with pytest.raises(TypeError, match=r"\[range\] arguments of dtype int8 are not supported"):
        kiln.range(kiln.constant(1, kiln.int8), 5)
    with pytest.raises(TypeError):
        kiln.range(1, 2, 0.3, dtype=kiln.int32)  # 0.3 is not an int32 (as TF)
    with pytest.raises(errors.InvalidArgumentError, match="must be finite"):
        kiln.range(0.0, float("inf"))


@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16, np.float32, np.float64],
                         ids=lambda d: np.dtype(d).name)
def test_linspace_matches_numpy_with_exact_endpoints(dtype):
    start, stop = np.array(0.1, dtype), np.array(0.7, dtype)
    out = kiln.linspace(start, stop, 7).numpy()
    assert out.dtype == np.dtype(dtype)
    assert out[0] == start and out[-1] == stop
    want = np.linspace(np.float64(start), np.float64(stop), 7).astype(dtype)
    np.testing.assert_allclose(out.astype(np.float64), want.astype(np.float64), rtol=1e-2 if
                               np.dtype(dtype).itemsize == 2 else 1e-6)


def test_linspace_shapes_axes_and_dtypes():
    out = kiln.linspace([0.0, 1.0], [10.0, 20.0], 3, axis=1).numpy()
    np.testing.assert_allclose(out, np.linspace([0.0, 1.0], [10.0, 20.0], 3, axis=1))
    out = kiln.linspace(np.zeros((2, 1)), np.ones(3), 4, axis=-1).numpy()
    np.testing.assert_allclose(out, np.linspace(np.zeros((2, 1)), np.ones(3), 4, axis=-1))
    assert kiln.linspace(0, 10, 5).dtype == kiln.float64  # as TF
    assert kiln.linspace(kiln.constant(0.0, kiln.float16), 1.0, 3).dtype == kiln.float16
    assert kiln.linspace(0.0, 10.0, 1).numpy().tolist() == [0.0]
    assert kiln.linspace(0.0, 10.0, 0).shape == [0]
    assert kiln.linspace(0.0, 1.0, kiln.constant(3)).shape == [3]
    big = kiln.linspace(-1.0, 1.0, 100_001).numpy()
    np.testing.assert_allclose(big, np.linspace(-1, 1, 100_001, dtype=np.float32), atol=1e-6)
    strided = kiln.from_dlpack(np.arange(8.0)[::2])
    np.testing.assert_allclose(kiln.linspace(strided, 10.0, 3, axis=1).numpy(),
                               np.linspace(np.arange(8.0)[::2], 10.0, 3, axis=1))


def test_linspace_errors():
    with pytest.raises(errors.InvalidArgumentError, match=r"\[linspace\] num must be >= 0, got -1"):
        kiln.linspace(0.0, 1.0, -1)
    with pytest.raises(errors.InvalidArgumentError, match=r"\[linspace\] axis 2 is out of range"):
        kiln.linspace(0.0, 1.0, 3, axis=2)
    with pytest.raises(errors.InvalidArgumentError, match=r"\[linspace\] Incompatible shapes"):
        kiln.linspace([0.0, 1.0], [1.0, 2.0, 3.0], 3)
    with pytest.raises(errors.InvalidArgumentError, match="both must have one float dtype"):
        kiln.linspace(kiln.constant(0j), kiln.constant(1j), 3)
    with pytest.raises(TypeError, match=r"\[linspace\] num must be an integer"):
        kiln.linspace(0.0, 1.0, 2.5)
