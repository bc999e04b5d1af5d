"""DLPack exchange: ``t.__dlpack__``, ``t.__dlpack_device__`` and ``kiln.from_dlpack``.

DLPack means sharing: no copy when the memory is contiguous, in both directions.
"""

import ctypes

import ml_dtypes
import numpy as np
import pytest

import kiln

# The dtypes NumPy can exchange through DLPack (not bfloat16).
NUMPY_DLPACK_DTYPES = [np.dtype(d) for d in (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64, np.complex64, np.complex128)]
ids = str
MB = 1 << 20


def capsule_name(capsule):
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.argtypes = [ctypes.py_object]
    get_name.restype = ctypes.c_char_p
    return get_name(capsule).decode()


# --- kiln -> NumPy ------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", NUMPY_DLPACK_DTYPES, ids=ids)
def test_np_from_dlpack_shares_tensor_memory(dtype, sample):
    src = sample(dtype, (3, 4))
    t = kiln.constant(src)
    out = np.from_dlpack(t)
    assert out.ctypes.data == t._data_ptr
    assert out.dtype == dtype and out.shape == (3, 4)
    assert np.array_equal(out, src)


def test_np_from_dlpack_of_tensor_is_read_only(sample):
    out = np.from_dlpack(kiln.constant(sample(np.float32, (3,))))
    assert out.flags.writeable is False
    with pytest.raises(ValueError, match="read-only"):
        out[0] = 1.0


@pytest.mark.parametrize("shape", [(), (0,), (2, 0, 3)], ids=ids)
def test_np_from_dlpack_of_rank0_and_zero_size(shape, sample):
    src = sample(np.float64, shape)
    out = np.from_dlpack(kiln.constant(src))
    assert out.shape == shape and np.array_equal(out, src)


# --- NumPy -> kiln ------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", NUMPY_DLPACK_DTYPES, ids=ids)
def test_from_dlpack_of_numpy_shares_memory(dtype, sample):
    src = sample(dtype, (3, 4))
    t = kiln.from_dlpack(src)
    assert t._data_ptr == src.ctypes.data
    assert t.dtype.as_numpy_dtype == dtype
    assert np.array_equal(np.asarray(t), src)


def test_from_dlpack_sees_later_writes_to_numpy_array():
    array = np.arange(6, dtype=np.int64)
    t = kiln.from_dlpack(array)
    array[0] = 99
    assert t.numpy().tolist() == [99, 1, 2, 3, 4, 5]


def test_from_dlpack_docstring_says_it_shares_memory():
    doc = kiln.from_dlpack.__doc__.lower()
    assert "share" in doc and "copy" in doc


@pytest.mark.parametrize("make", [lambda a: a[::2], lambda a: a.T, lambda a: a[::-1]],
                         ids=["step", "transpose", "reversed"])
@pytest.mark.parametrize("dtype", [np.int8, np.float32, np.complex128], ids=ids)
def test_from_dlpack_of_non_contiguous_numpy_has_right_values(make, dtype, sample):
    array = make(sample(dtype, (6, 4)))
    try:
        t = kiln.from_dlpack(array)
    except BufferError:  # NumPy may refuse to export negative strides
        pytest.skip("NumPy does not export this layout through DLPack")
    assert t.shape.as_list() == list(array.shape)
    assert np.array_equal(t.numpy(), array)
    assert np.array_equal(np.asarray(t), array)


@pytest.mark.parametrize("shape", [(), (0,), (2, 0, 3)], ids=ids)
def test_from_dlpack_of_rank0_and_zero_size_numpy(shape, sample):
    src = sample(np.int32, shape)
    t = kiln.from_dlpack(src)
    assert t.shape.as_list() == list(shape)
    assert np.array_equal(t.numpy(), src)


def test_from_dlpack_accepts_a_capsule(sample):
    src = sample(np.float32, (5,))
    t = kiln.from_dlpack(src.__dlpack__())
    assert t._data_ptr == src.ctypes.data and np.array_equal(t.numpy(), src)


# --- __dlpack__ / __dlpack_device__ -------------------------------------------------------

def test_dlpack_device_is_cpu():
    assert kiln.constant([1.0]).__dlpack_device__() == (1, 0)


def test_dlpack_without_max_version_is_legacy_capsule():
    assert capsule_name(kiln.constant([1.0, 2.0]).__dlpack__()) == "dltensor"


def test_dlpack_with_max_version_1_is_versioned_capsule():
    capsule = kiln.constant([1.0, 2.0]).__dlpack__(max_version=(1, 0))
    assert capsule_name(capsule) == "dltensor_versioned"


@pytest.mark.parametrize("max_version", [None, (1, 0)], ids=["legacy", "versioned"])
def test_dlpack_capsule_shares_tensor_memory(max_version, sample):
    t = kiln.constant(sample(np.float32, (4,)))
    back = kiln.from_dlpack(t.__dlpack__(max_version=max_version))
    assert back._data_ptr == t._data_ptr
    assert np.array_equal(back.numpy(), t.numpy())


def test_dlpack_copy_true_exports_separate_memory(sample):
    src = sample(np.float64, (3, 4))
    t = kiln.constant(src)
    back = kiln.from_dlpack(t.__dlpack__(copy=True))
    assert back._data_ptr != t._data_ptr
    assert np.array_equal(back.numpy(), src)


def test_dlpack_to_other_device_raises_buffer_error():
    with pytest.raises(BufferError):
        kiln.constant([1.0]).__dlpack__(dl_device=(2, 0))


def test_dlpack_to_cpu_device_is_accepted():
    t = kiln.constant([1.0, 2.0])
    assert kiln.from_dlpack(t.__dlpack__(dl_device=(1, 0)))._data_ptr == t._data_ptr


def test_bfloat16_round_trips_through_kiln_dlpack(sample):
    src = sample(ml_dtypes.bfloat16, (2, 3))
    t = kiln.constant(src)
    back = kiln.from_dlpack(t)
    assert back.dtype == kiln.bfloat16 and back._data_ptr == t._data_ptr
    assert np.array_equal(np.asarray(back), src)


@pytest.mark.parametrize("shape", [(), (0,), (2, 0, 3)], ids=ids)
def test_kiln_round_trip_of_rank0_and_zero_size(shape, sample):
    src = sample(np.complex64, shape)
    back = kiln.from_dlpack(kiln.constant(src))
    assert back.shape.as_list() == list(shape)
    assert np.array_equal(back.numpy(), src)


@pytest.mark.parametrize("kwargs", [{}, {"max_version": (1, 0)}, {"copy": True}],
                         ids=["legacy", "versioned", "copy"])
def test_unconsumed_capsules_free_their_memory(kwargs, allocated):
    kiln.zeros([1])  # warms kiln's cache of fill scalars, which stays allocated
    base = allocated()
    capsules = [kiln.zeros([2 ** 21]).__dlpack__(**kwargs) for _ in range(20)]
    assert allocated() >= base + 20 * 8 * MB  # the capsules hold the memory...
    del capsules
    assert allocated() == base  # ...and give it back when dropped unconsumed


def test_consumed_capsule_frees_memory_with_its_tensor(allocated):
    kiln.zeros([1])
    base = allocated()
    t = kiln.from_dlpack(kiln.zeros([2 ** 21]).__dlpack__())
    assert allocated() == base + 8 * MB
    del t
    assert allocated() == base


# --- PyTorch ------------------------------------------------------------------------------

def test_torch_round_trip_shares_memory(sample):
    torch = pytest.importorskip("torch")
    src = sample(np.float32, (3, 4))
    t = kiln.constant(src)
    pt = torch.from_dlpack(t)
    assert pt.data_ptr() == t._data_ptr
    assert np.array_equal(pt.numpy(), src)
    back = kiln.from_dlpack(torch.arange(6, dtype=torch.int64))
    assert back.numpy().tolist() == list(range(6))
    source = torch.ones(4, dtype=torch.float64)
    assert kiln.from_dlpack(source)._data_ptr == source.data_ptr()
