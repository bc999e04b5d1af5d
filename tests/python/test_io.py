"""kiln.io: .npy/.npz files that NumPy reads, and NumPy's files that kiln reads."""

import ml_dtypes
import numpy as np
import pytest

import kiln
from kiln import errors

DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
          np.uint64, np.float16, np.float32, np.float64, np.complex64, np.complex128]


def _values(dtype, shape=(2, 3)):
    return (np.arange(int(np.prod(shape))) % 7 - 3).astype(dtype).reshape(shape)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_numpy_reads_what_kiln_writes(tmp_path, dtype):
    a = _values(dtype)
    kiln.io.save_npy(tmp_path / "a.npy", kiln.constant(a))
    back = np.load(tmp_path / "a.npy")
    assert back.dtype == a.dtype
    np.testing.assert_array_equal(back, a)


@pytest.mark.parametrize("dtype", DTYPES + [">i4", ">f8", ">c16"], ids=str)
@pytest.mark.parametrize("fortran", [False, True])
def test_kiln_reads_what_numpy_writes(tmp_path, dtype, fortran):
    a = _values(dtype, (3, 4))
    if fortran:
        a = np.asfortranarray(a)
    np.save(tmp_path / "a.npy", a)
    t = kiln.io.load_npy(tmp_path / "a.npy")
    assert t.dtype == kiln.as_dtype(np.dtype(dtype))
    np.testing.assert_array_equal(t.numpy(), a)


def test_strided_tensor_is_written_by_value(tmp_path):
    a = np.arange(24.0).reshape(2, 3, 4)
    t = kiln.constant(a[:, ::-1, ::2])
    kiln.io.save_npy(tmp_path / "s.npy", t)
    np.testing.assert_array_equal(np.load(tmp_path / "s.npy"), a[:, ::-1, ::2])


def test_bfloat16_cannot_be_saved(tmp_path):
    with pytest.raises(errors.InvalidArgumentError, match="bfloat16 has no .npy type"):
        kiln.io.save_npy(tmp_path / "b.npy", kiln.constant([1.0], dtype=kiln.bfloat16))
    assert ml_dtypes.bfloat16  # NumPy itself cannot store it either without ml_dtypes


@pytest.mark.parametrize("compress", [False, True])
def test_npz_both_ways(tmp_path, compress):
    a, b = _values(np.float32), _values(np.int64, (5,))
    kiln.io.save_npz(tmp_path / "k.npz", compress=compress, a=a, b=kiln.constant(b))
    with np.load(tmp_path / "k.npz") as z:
        np.testing.assert_array_equal(z["a"], a)
        np.testing.assert_array_equal(z["b"], b)
    (np.savez_compressed if compress else np.savez)(tmp_path / "n.npz", x=a, y=b)
    loaded = kiln.io.load_npz(tmp_path / "n.npz")
    assert sorted(loaded) == ["x", "y"]
    np.testing.assert_array_equal(loaded["x"].numpy(), a)
    np.testing.assert_array_equal(loaded["y"].numpy(), b)


def test_errors_name_the_problem(tmp_path):
    with pytest.raises(errors.NotFoundError) as info:
        kiln.io.load_npy(tmp_path / "missing.npy")
    assert "missing.npy" in str(info.value)
    bad = tmp_path / "bad.npy"
    bad.write_bytes(b"not a numpy file at all")
    with pytest.raises(errors.InvalidArgumentError, match="not a .npy file"):
        kiln.io.load_npy(bad)
    np.save(tmp_path / "obj.npy", np.array([1, None], dtype=object), allow_pickle=True)
    with pytest.raises(errors.InvalidArgumentError, match="pickle"):
        kiln.io.load_npy(tmp_path / "obj.npy")
