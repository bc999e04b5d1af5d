import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
from kiln import errors

ALL = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
       np.float16, ml_dtypes.bfloat16, np.float32, np.float64, np.complex64, np.complex128]


def _expected(x, to):
    """NumPy's cast with kiln's (TF's) rules where NumPy differs: complex -> real keeps the real part."""
    if np.iscomplexobj(x) and not np.issubdtype(np.dtype(to), np.complexfloating):
        x = x.real
    return x.astype(to)


@pytest.mark.parametrize("src", ALL, ids=lambda d: np.dtype(d).name)
def test_every_pair_matches_numpy_on_in_range_values(src):
    x = np.array([[0, 1, 2, 7], [3, 100, 5, 0]]).astype(src)  # representable in every dtype
    t = kiln.constant(x)
    for to in ALL:
        out = kiln.cast(t, to).numpy()
        assert out.dtype == np.dtype(to)
        np.testing.assert_array_equal(out, _expected(x, to), err_msg=f"{np.dtype(src)} -> {np.dtype(to)}")


def test_float_to_int_truncates_toward_zero_and_saturates():
    x = kiln.constant([2.7, -2.7, 3e9, -3e9, np.nan, np.inf, 0.5], dtype=kiln.float32)
    assert kiln.cast(x, kiln.int32).numpy().tolist() == [2, -2, 2**31 - 1, -2**31, 0, 2**31 - 1, 0]
    assert kiln.cast(x, kiln.uint8).numpy().tolist() == [2, 0, 255, 0, 0, 255, 0]
    assert kiln.cast(x, kiln.bool).numpy().tolist() == [True] * 6 + [True]
    assert kiln.cast(kiln.constant([0.0, -0.0]), kiln.bool).numpy().tolist() == [False, False]


def test_complex_bool_and_wrapping_integers():
    assert kiln.cast(kiln.constant([1.5 + 2j, 3j]), kiln.float32).numpy().tolist() == [1.5, 0.0]
    assert kiln.cast(kiln.constant([True, False]), kiln.float64).numpy().tolist() == [1.0, 0.0]
    assert kiln.cast(kiln.constant([300, -1]), kiln.uint8).numpy().tolist() == [44, 255]


def test_half_and_bfloat16_round_to_nearest_even():
    x = np.array([1 + 2**-11, 1 + 3 * 2**-11, 70000, 1 + 2**-8, 1 + 3 * 2**-8], np.float32)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(kiln.cast(x, kiln.float16).numpy(), x.astype(np.float16))
    np.testing.assert_array_equal(kiln.cast(x, kiln.bfloat16).numpy(), x.astype(ml_dtypes.bfloat16))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, width=32), max_size=50))
def test_float32_casts_match_numpy(values):
    x = np.array(values, np.float32)
    for to in (np.float64, np.float16, np.int32, np.int64, ml_dtypes.bfloat16):
        with np.errstate(over="ignore"):  # float16 overflows to inf in both
            np.testing.assert_array_equal(kiln.cast(x, to).numpy(), x.astype(to))
    np.testing.assert_array_equal(kiln.cast(x.astype(np.float64), kiln.float32).numpy(), x)


def test_large_inputs_take_the_parallel_simd_path():
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(200_001) * 1e4).astype(np.float32)
    for to in (np.float64, np.int32, np.float16):
        np.testing.assert_array_equal(kiln.cast(x, to).numpy(), x.astype(to))
    i = rng.integers(-2**31, 2**31, 150_000, dtype=np.int32)
    np.testing.assert_array_equal(kiln.cast(i, kiln.float32).numpy(), i.astype(np.float32))
    np.testing.assert_array_equal(kiln.cast(i, kiln.float64).numpy(), i.astype(np.float64))
    d = rng.standard_normal(150_000) * 1e12
    np.testing.assert_array_equal(kiln.cast(d, kiln.float32).numpy(), d.astype(np.float32))


def test_strided_tensors_rank0_and_zero_size():
    a = np.arange(24, dtype=np.float64).reshape(4, 6) * 1.5
    strided = kiln.from_dlpack(a[:, ::2])
    assert not strided._is_c_contiguous
    np.testing.assert_array_equal(kiln.cast(strided, kiln.int16).numpy(), a[:, ::2].astype(np.int16))
    rows = [kiln.cast(row, kiln.float32).numpy() for row in kiln.constant(a.T)]
    np.testing.assert_array_equal(np.stack(rows), a.T.astype(np.float32))
    assert kiln.cast(2.5, kiln.int32).numpy() == 2
    assert kiln.cast(np.zeros((0, 3)), kiln.int8).shape == [0, 3]


def test_same_dtype_returns_the_input_itself():
    t = kiln.constant([1.0, 2.0])
    assert kiln.cast(t, kiln.float32) is t
    assert kiln.cast(t, "float32") is t
    assert kiln.saturate_cast(t, np.float32) is t


def test_saturate_cast_clamps():
    assert kiln.saturate_cast(kiln.constant([300, -5, 7]), kiln.uint8).numpy().tolist() == [255, 0, 7]
    out = kiln.saturate_cast(kiln.constant([1e300, -np.inf, np.nan], kiln.float64), kiln.float32).numpy()
    assert out[0] == np.finfo(np.float32).max and out[1] == -np.finfo(np.float32).max and np.isnan(out[2])
    assert kiln.saturate_cast(kiln.constant([2**64 - 1], kiln.uint64), kiln.int64).numpy()[0] == 2**63 - 1
    assert kiln.saturate_cast(kiln.constant([1e6]), kiln.float16).numpy()[0] == 65504
    assert kiln.saturate_cast(kiln.constant([300 - 1j], kiln.complex64), kiln.uint8).numpy()[0] == 255
    assert kiln.saturate_cast(kiln.constant([3e9, np.nan]), kiln.int32).numpy().tolist() == [2**31 - 1, 0]
    big = np.arange(100_000, dtype=np.int64) * 50_000 - 2**31
    np.testing.assert_array_equal(kiln.saturate_cast(big, kiln.int32).numpy(),
                                  np.clip(big, -2**31, 2**31 - 1).astype(np.int32))


def test_exports():
    assert kiln.dtypes.cast is kiln.cast
    assert kiln.dtypes.saturate_cast is kiln.saturate_cast


def test_bad_dtype_is_a_type_error():
    with pytest.raises(TypeError, match="Cannot convert 'float8' to a kiln DType"):
        kiln.cast(kiln.constant([1.0]), "float8")
    with pytest.raises(TypeError, match="Cannot convert"):
        kiln.saturate_cast(kiln.constant([1.0]), 7)
    assert issubclass(errors.InvalidArgumentError, Exception)
