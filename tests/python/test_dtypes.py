import pickle

import ml_dtypes
import numpy as np
import pytest

import kiln

ALL = [kiln.bool, kiln.int8, kiln.int16, kiln.int32, kiln.int64, kiln.uint8, kiln.uint16,
       kiln.uint32, kiln.uint64, kiln.float16, kiln.bfloat16, kiln.float32, kiln.float64,
       kiln.complex64, kiln.complex128]


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
def test_name_numpy_type_and_size(dtype):
    np_dtype = np.dtype(dtype.as_numpy_dtype)
    assert dtype.size == np_dtype.itemsize
    assert kiln.as_dtype(dtype.name) is dtype
    assert kiln.as_dtype(np_dtype) is dtype
    assert kiln.as_dtype(dtype.as_numpy_dtype) is dtype
    assert repr(dtype) == f"kiln.{dtype.name}"
    assert str(dtype) == f"<dtype: '{dtype.name}'>"
    assert pickle.loads(pickle.dumps(dtype)) is dtype


def test_bfloat16_is_ml_dtypes():
    assert kiln.bfloat16.as_numpy_dtype is ml_dtypes.bfloat16


def test_predicates():
    assert kiln.float32.is_floating and not kiln.float32.is_integer
    assert kiln.bfloat16.is_floating
    assert kiln.uint8.is_integer and kiln.uint8.is_unsigned
    assert kiln.int8.is_integer and not kiln.int8.is_unsigned
    assert kiln.complex64.is_complex and kiln.complex64.real_dtype == kiln.float32
    assert kiln.bool.is_bool and not kiln.bool.is_integer
    assert kiln.int8.min == -128 and kiln.int8.max == 127
    assert kiln.float16.max == 65504
    assert kiln.float32.as_datatype_enum == 1  # TF's DataType enum


def test_aliases_and_python_types():
    assert kiln.as_dtype("float") is kiln.float32
    assert kiln.as_dtype("double") is kiln.float64
    assert kiln.as_dtype("half") is kiln.float16
    assert kiln.as_dtype(float) is kiln.float32
    assert kiln.as_dtype(complex) is kiln.complex128
    assert kiln.as_dtype(bool) is kiln.bool
    assert kiln.as_dtype(np.dtype(">i4")) is kiln.int32
    assert kiln.half is kiln.float16 and kiln.double is kiln.float64


def test_equality_with_names_and_numpy_types():
    assert kiln.float32 == np.float32
    assert kiln.float32 == "float32"
    assert kiln.float32 != kiln.float64
    assert kiln.float32 != 3
    assert kiln.float32 != "not a dtype"
    assert len({kiln.float32, kiln.as_dtype("float32")}) == 1


def test_python_int_has_no_dtype_as_in_tf():
    with pytest.raises(TypeError, match="Use kiln.int32 or kiln.int64"):
        kiln.as_dtype(int)


@pytest.mark.parametrize("bad", ["foo", None, "U10", object, [1]])
def test_as_dtype_rejects_unknown_types_with_the_choices(bad):
    with pytest.raises(TypeError) as info:
        kiln.as_dtype(bad)
    assert "to a kiln DType" in str(info.value)
    assert "kiln.float32" in str(info.value)


def test_min_max_of_bool_is_an_error():
    with pytest.raises(TypeError, match="Cannot find minimum or maximum value of dtype bool"):
        kiln.bool.max
