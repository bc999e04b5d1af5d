"""Conversion between kiln tensors and NumPy (DESIGN.md, "Conversion to NumPy").

numpy() copies; np.asarray / memoryview / __array__ are read-only views with no
copy; NumPy 2's copy= rules hold; constant/convert_to_tensor adopt only
read-only, C-contiguous, 64-byte-aligned arrays and copy everything else.
"""

import ctypes
import gc

import ml_dtypes
import numpy as np
import pytest

import kiln

BF16 = np.dtype(ml_dtypes.bfloat16)
DTYPES = [np.dtype(d) for d in (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, BF16, np.float32, np.float64, np.complex64, np.complex128)]
BUFFER_DTYPES = [d for d in DTYPES if d != BF16]  # bfloat16 has no PEP 3118 format
SHAPES = [(), (5,), (2, 3), (0,), (2, 0, 3)]
ids = str


def tensor_of(values):
    """A kiln tensor holding `values` (a fresh array: copied, never adopted)."""
    t = kiln.constant(values)
    assert t.dtype.as_numpy_dtype == values.dtype
    return t


def data_ptr(array):
    return array.__array_interface__["data"][0]


def get_buffer(obj, flags):
    """Calls PyObject_GetBuffer(obj, flags) directly, so a BufferError is not swallowed."""
    get = ctypes.pythonapi.PyObject_GetBuffer
    get.argtypes = [ctypes.py_object, ctypes.c_void_p, ctypes.c_int]
    get.restype = ctypes.c_int
    view = ctypes.create_string_buffer(256)  # larger than a Py_buffer
    get(obj, view, flags)
    release = ctypes.pythonapi.PyBuffer_Release
    release.argtypes = [ctypes.c_void_p]
    release(view)


# --- EagerTensor.numpy(): a writable copy --------------------------------------------------

@pytest.mark.parametrize("shape", [s for s in SHAPES if s], ids=ids)
@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_numpy_returns_equal_values_dtype_and_shape(dtype, shape, sample):
    src = sample(dtype, shape)
    out = tensor_of(src).numpy()
    assert isinstance(out, np.ndarray)
    assert out.dtype == dtype and out.shape == shape
    assert np.array_equal(out, src)


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_numpy_of_rank0_is_numpy_scalar_of_dtype(dtype, sample):
    src = sample(dtype, ())
    out = tensor_of(src).numpy()
    assert type(out) is dtype.type
    assert out == src[()]


def test_numpy_of_int32_scalar_is_np_int32():
    out = kiln.constant(7, dtype=kiln.int32).numpy()
    assert type(out) is np.int32 and out == 7


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_numpy_is_writable_and_separate_from_tensor(dtype, sample):
    t = tensor_of(sample(dtype, (4, 3)))
    out = t.numpy()
    assert out.flags.writeable and out.flags.owndata
    assert not np.shares_memory(out, np.asarray(t))
    assert data_ptr(out) != t._data_ptr


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_writing_numpy_result_leaves_tensor_unchanged(dtype, sample):
    src = sample(dtype, (4, 3))
    t = tensor_of(src)
    out = t.numpy()
    out.view(np.uint8)[...] ^= 0xFF  # every byte changes
    assert np.asarray(t).tobytes() == src.tobytes()
    assert t.numpy().tobytes() == src.tobytes()


@pytest.mark.parametrize("shape", [(0,), (2, 0, 3)], ids=ids)
@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_numpy_of_zero_size_tensor_keeps_shape_and_dtype(dtype, shape, sample):
    out = tensor_of(sample(dtype, shape)).numpy()
    assert out.shape == shape and out.dtype == dtype and out.size == 0
    assert out.flags.writeable


def test_numpy_of_bfloat16_is_ml_dtypes_bfloat16(sample):
    src = sample(BF16, (3,))
    out = tensor_of(src).numpy()
    assert out.dtype == np.dtype(ml_dtypes.bfloat16)
    assert np.array_equal(out.astype(np.float32), src.astype(np.float32))


# --- np.asarray / __array__ / memoryview: read-only views, no copy ------------------------

@pytest.mark.parametrize("shape", SHAPES, ids=ids)
@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_asarray_has_dtype_shape_and_values(dtype, shape, sample):
    src = sample(dtype, shape)
    view = np.asarray(tensor_of(src))
    assert view.dtype == dtype and view.shape == shape
    assert np.array_equal(view, src)


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_asarray_is_read_only(dtype, sample):
    view = np.asarray(tensor_of(sample(dtype, (2, 3))))
    assert view.flags.writeable is False
    with pytest.raises(ValueError, match="read-only"):
        view[0, 0] = view[1, 1]


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_asarray_shares_tensor_memory(dtype, sample):
    t = tensor_of(sample(dtype, (2, 3)))
    first, second = np.asarray(t), np.asarray(t)
    assert first.ctypes.data == t._data_ptr
    assert data_ptr(second) == t._data_ptr
    assert np.shares_memory(first, second)


def test_asarray_of_bfloat16_is_ml_dtypes_array(sample):
    src = sample(BF16, (2, 3))
    t = tensor_of(src)
    view = np.asarray(t)
    assert view.dtype == BF16
    assert view.ctypes.data == t._data_ptr and not view.flags.writeable
    assert np.array_equal(view, src)


def test_array_dunder_default_is_read_only_view(sample):
    t = tensor_of(sample(np.float32, (2, 3)))
    view = t.__array__(dtype=None, copy=None)
    assert not view.flags.writeable and view.ctypes.data == t._data_ptr
    assert np.shares_memory(view, np.asarray(t))


@pytest.mark.parametrize("dtype", BUFFER_DTYPES, ids=ids)
def test_memoryview_matches_numpy_buffer_description(dtype, sample):
    src = sample(dtype, (2, 3))
    view = memoryview(tensor_of(src))
    oracle = memoryview(src)
    assert view.readonly
    assert view.format == oracle.format
    assert view.itemsize == dtype.itemsize
    assert view.shape == (2, 3) and view.strides == oracle.strides
    assert view.nbytes == src.nbytes
    assert view.c_contiguous


@pytest.mark.parametrize("dtype", BUFFER_DTYPES, ids=ids)
def test_memoryview_is_zero_copy_with_equal_values(dtype, sample):
    src = sample(dtype, (2, 3))
    t = tensor_of(src)
    through = np.asarray(memoryview(t))
    assert through.ctypes.data == t._data_ptr
    assert through.dtype == dtype and np.array_equal(through, src)


def test_memoryview_of_rank0_and_zero_size(sample):
    assert memoryview(tensor_of(sample(np.float64, ()))).shape == ()
    empty = memoryview(tensor_of(sample(np.int16, (2, 0, 3))))
    assert empty.shape == (2, 0, 3) and empty.nbytes == 0


def test_memoryview_cannot_be_written():
    view = memoryview(kiln.constant(np.arange(3, dtype=np.float32)))
    with pytest.raises(TypeError, match="read-only"):
        view[0] = 1.0


def test_memoryview_of_bfloat16_raises_buffer_error_naming_bfloat16(sample):
    t = tensor_of(sample(BF16, (3,)))
    with pytest.raises(BufferError, match="bfloat16"):
        memoryview(t)


def test_writable_buffer_request_says_tensors_are_immutable():
    t = kiln.constant(np.arange(3, dtype=np.float32))
    pybuf_writable = 0x0001
    with pytest.raises(BufferError, match="immutable"):
        get_buffer(t, pybuf_writable)


def test_read_only_buffer_request_succeeds():
    pybuf_records_ro = 0x0004 | 0x0008 | 0x0010  # FORMAT | ND | STRIDES, not WRITABLE
    get_buffer(kiln.constant(np.arange(3, dtype=np.float32)), pybuf_records_ro)


# --- NumPy 2 copy= rules -----------------------------------------------------------------

def test_np_array_copy_false_is_a_view(sample):
    t = tensor_of(sample(np.float32, (2, 3)))
    view = np.array(t, copy=False)
    assert view.ctypes.data == t._data_ptr and not view.flags.writeable


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_np_array_copy_true_is_writable_copy(dtype, sample):
    src = sample(dtype, (2, 3))
    t = tensor_of(src)
    out = np.array(t, copy=True)
    assert out.flags.writeable and out.ctypes.data != t._data_ptr
    assert out.dtype == dtype and np.array_equal(out, src)


def test_asarray_with_other_dtype_is_converted_copy(sample):
    src = sample(np.float32, (2, 3))
    t = tensor_of(src)
    out = np.asarray(t, dtype=np.float64)
    assert out.dtype == np.float64
    assert not np.shares_memory(out, np.asarray(t))
    assert np.array_equal(out, src.astype(np.float64))


def test_np_array_with_cast_and_copy_false_raises(sample):
    t = tensor_of(sample(np.float32, (2, 3)))
    with pytest.raises(ValueError):
        np.array(t, dtype=np.float64, copy=False)


def test_array_dunder_cast_with_copy_false_explains(sample):
    t = tensor_of(sample(np.float32, (2, 3)))
    with pytest.raises(ValueError, match="Unable to avoid copy") as info:
        t.__array__(dtype=np.float64, copy=False)
    message = str(info.value)
    assert "float32" in message and "float64" in message and "kiln.cast" in message


def test_array_dunder_same_dtype_copy_false_is_view(sample):
    t = tensor_of(sample(np.float32, (2, 3)))
    view = t.__array__(dtype=np.float32, copy=False)
    assert view.ctypes.data == t._data_ptr and not view.flags.writeable


@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_array_dunder_copy_true_is_writable_and_separate(dtype, sample):
    src = sample(dtype, (2, 3))
    t = tensor_of(src)
    out = t.__array__(copy=True)
    assert out.flags.writeable
    assert not np.shares_memory(out, np.asarray(t))
    out.view(np.uint8)[...] ^= 0xFF
    assert np.asarray(t).tobytes() == src.tobytes()


def test_array_dunder_cast_with_copy_none_converts(sample):
    src = sample(np.int32, (2, 3))
    out = tensor_of(src).__array__(dtype=np.float64)
    assert out.dtype == np.float64 and np.array_equal(out, src.astype(np.float64))


# --- constant / convert_to_tensor from ndarrays: adopt or copy -----------------------------

@pytest.mark.parametrize("convert", [kiln.constant, kiln.convert_to_tensor],
                         ids=["constant", "convert_to_tensor"])
@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_read_only_aligned_contiguous_array_is_adopted(convert, dtype, sample, aligned):
    array = aligned(sample(dtype, (4, 5)))
    t = convert(array)
    assert t._adopted
    assert t._data_ptr == array.ctypes.data
    assert np.array_equal(np.asarray(t), array)


def test_adopted_tensor_keeps_array_alive(sample, aligned):
    src = sample(np.float64, (64,))
    array = aligned(src)
    t = kiln.constant(array)
    assert t._adopted
    del array
    gc.collect()
    junk = [np.full(64, -1.0) for _ in range(100)]  # reuse freed memory, if any
    del junk
    assert np.array_equal(t.numpy(), src)


@pytest.mark.parametrize("convert", [kiln.constant, kiln.convert_to_tensor],
                         ids=["constant", "convert_to_tensor"])
@pytest.mark.parametrize("dtype", DTYPES, ids=ids)
def test_writable_array_is_copied(convert, dtype, sample, aligned):
    src = sample(dtype, (4, 5))
    array = aligned(src, readonly=False)
    t = convert(array)
    assert not t._adopted
    assert t._data_ptr != array.ctypes.data
    array.view(np.uint8)[...] ^= 0xFF
    assert np.asarray(t).tobytes() == src.tobytes()


@pytest.mark.parametrize("make", [lambda a: a[:, ::2], lambda a: a.T],
                         ids=["step-slice", "transpose"])
@pytest.mark.parametrize("dtype", [np.int16, np.float32, np.complex128, BF16], ids=ids)
def test_non_contiguous_read_only_array_is_copied(make, dtype, sample, aligned):
    array = make(aligned(sample(dtype, (4, 6))))
    assert not array.flags.writeable and not array.flags.c_contiguous
    t = kiln.constant(array)
    assert not t._adopted and t._is_c_contiguous
    assert t.shape.as_list() == list(array.shape)
    assert np.array_equal(np.asarray(t), array)


@pytest.mark.parametrize("dtype", [np.int32, np.float32, np.float64], ids=ids)
def test_unaligned_read_only_array_is_copied(dtype, sample, aligned):
    src = sample(dtype, (16,))
    array = aligned(src, offset=4)
    assert array.ctypes.data % 64 == 4 and not array.flags.writeable
    t = kiln.constant(array)
    assert not t._adopted
    assert t._data_ptr != array.ctypes.data and t._data_ptr % 64 == 0
    assert np.array_equal(np.asarray(t), src)


@pytest.mark.parametrize("dtype", [">f4", ">i8", ">c16", ">u2"])
def test_byte_swapped_read_only_array_is_copied_with_right_values(dtype, sample):
    src = sample(np.dtype(dtype).newbyteorder("="), (2, 3))
    array = src.astype(dtype)
    array.flags.writeable = False
    t = kiln.constant(array)
    assert t.dtype.as_numpy_dtype == src.dtype
    assert t._data_ptr != array.ctypes.data  # a native-order copy
    assert np.array_equal(np.asarray(t), src)


def test_bool_array_with_non_bool_bytes_is_copied_and_normalised(aligned):
    raw = aligned(np.array([2, 0, 1, 255, 0, 7], np.uint8))
    flags = raw.view(np.bool_)
    assert not flags.flags.writeable
    t = kiln.constant(flags)
    assert not t._adopted and t._data_ptr != flags.ctypes.data
    assert np.asarray(t).view(np.uint8).tolist() == [1, 0, 1, 1, 0, 1]
    assert t.numpy().tolist() == [True, False, True, True, False, True]


def test_bool_array_of_zeros_and_ones_is_adopted(aligned):
    flags = aligned(np.array([1, 0, 1, 1], np.uint8)).view(np.bool_)
    t = kiln.constant(flags)
    assert t._adopted and t._data_ptr == flags.ctypes.data
