"""kiln.experimental.numpy's names that are not array functions (dtypes,
constants, dtype queries: python/kiln/_np/_misc.py), NumPy's own functions of
those names on symbolic tensors, and the error messages of the products,
sorting and misc functions (_linalg.py, _sorting.py, _misc.py)."""

import numpy as np
import pytest

import kiln

tnp = kiln.experimental.numpy


def _placeholder(dtype, shape):
    graph = kiln.Graph()
    with graph.as_default():
        return kiln.compat.v1.placeholder(dtype, shape)


def test_dtype_names_are_numpys_types():
    assert tnp.float32 is np.float32 and tnp.int_ is np.int64 and tnp.bool_ is np.bool_
    assert tnp.complex_ is np.complex128 and tnp.float_ is np.float64
    assert tnp.ndarray is kiln.Tensor
    assert isinstance(kiln.constant([1.0]), tnp.ndarray)
    assert tnp.newaxis is None and tnp.pi == np.pi and tnp.e == np.e and tnp.inf == np.inf


def test_finfo_iinfo_accept_kiln_dtypes_and_tensors():
    assert tnp.finfo(kiln.float16).eps == np.finfo(np.float16).eps
    assert tnp.finfo(kiln.constant([1.0], kiln.float64)).bits == 64
    assert tnp.iinfo(kiln.int8).min == -128
    assert tnp.iinfo(np.uint16).max == 65535
    with pytest.raises(ValueError):
        tnp.iinfo(kiln.float32)


def test_issubdtype_and_promote_types():
    assert tnp.issubdtype(kiln.float32, np.floating)
    assert not tnp.issubdtype(kiln.int32, tnp.inexact)
    assert tnp.promote_types(kiln.int32, kiln.float32) == np.float64
    assert tnp.promote_types("uint8", np.int8) == np.int16


def test_result_type_follows_numpy_with_weak_scalars():
    x32 = kiln.constant([1.0], kiln.float32)
    i32 = kiln.constant([1], kiln.int32)
    assert tnp.result_type(x32, 1.0) == kiln.float32
    assert tnp.result_type(i32, 1.0) == kiln.float64
    assert tnp.result_type(i32, 7) == kiln.int32
    assert tnp.result_type(i32, x32) == kiln.float64
    assert tnp.result_type(np.int8, np.uint8) == kiln.int16
    assert isinstance(tnp.result_type(i32), kiln.DType)


def test_result_type_of_symbolic_tensors_through_numpy():
    p = _placeholder(kiln.int32, [None, 3])
    assert np.result_type(p, 1.5) == np.float64
    assert np.iscomplexobj(p) is False and np.isrealobj(p) is True


def test_isscalar_iscomplexobj_isrealobj():
    assert tnp.isscalar(1.0) and tnp.isscalar(np.int32(3)) and tnp.isscalar("a")
    assert tnp.isscalar(kiln.constant(1.0))  # TF's tnp: a rank-0 tensor is a scalar
    assert not tnp.isscalar(kiln.constant([1.0])) and not tnp.isscalar([1.0])
    assert tnp.iscomplexobj(kiln.constant([1j])) and tnp.iscomplexobj(1j)
    assert not tnp.iscomplexobj(kiln.constant([1.0])) and tnp.isrealobj([1, 2])


def test_matmul_through_numpys_ufunc_on_placeholders():
    graph = kiln.Graph()
    with graph.as_default():
        a = kiln.compat.v1.placeholder(kiln.int32, [None, 3])
        b = kiln.compat.v1.placeholder(kiln.int64, [3])
        product = np.matmul(a, b)
        assert product.dtype == kiln.int64 and product.shape.as_list() == [None]
        with kiln.compat.v1.Session(graph=graph) as session:
            value = session.run(product, {a: np.ones((2, 3), np.int32), b: np.arange(3)})
    np.testing.assert_array_equal(value, [3, 3])


def test_product_errors():
    a = kiln.ones([2, 3])
    with pytest.raises(ValueError, match="contracted dimensions differ"):
        tnp.matmul(a, a)
    with pytest.raises(ValueError, match="scalar operand has no dimension"):
        tnp.matmul(a, 2.0)
    with pytest.raises(kiln.errors.InvalidArgumentError, match="contracted axes must have equal sizes"):
        tnp.dot(a, a)
    with pytest.raises(ValueError, match="same length"):
        tnp.tensordot(a, a, axes=([0, 1], [1]))
    with pytest.raises(ValueError, match="between 0 and the smaller rank"):
        tnp.tensordot(a, a, axes=3)
    with pytest.raises(TypeError, match="interleaved"):
        tnp.einsum(a, [0, 1])
    with pytest.raises(kiln.errors.FailedPreconditionError, match="dimension must be 2 or 3"):
        tnp.cross(kiln.ones([4]), kiln.ones([4]))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="at least 2 dimensions"):
        tnp.trace(kiln.ones([3]))
    with pytest.raises(ValueError, match="cannot be the same"):
        tnp.trace(a, axis1=1, axis2=-1)
    with pytest.raises(np.exceptions.AxisError, match="axis2 3 is out of bounds"):
        tnp.trace(a, axis2=3)
    with pytest.raises(ValueError, match="needs the rank"):
        tnp.dot(_placeholder(kiln.float32, None), a)


def test_sorting_errors():
    i = kiln.constant([[3, 1], [2, 0]])
    with pytest.raises(ValueError, match="structured arrays by field"):
        tnp.sort(i, order="a")
    with pytest.raises(ValueError, match="kind must be one of"):
        tnp.argsort(i, kind="bogus")
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds"):
        tnp.sort(i, axis=2)
    with pytest.raises(np.exceptions.AxisError, match="use axis=None"):
        tnp.argsort(kiln.constant(3.0))
    with pytest.raises(TypeError, match="either a_min or min"):
        tnp.clip(i, 0, 1, min=0)
    with pytest.raises(TypeError, match="cannot write into a kiln tensor"):
        tnp.round(i, out=i)
    with pytest.raises(ValueError, match="needs the ranks"):
        tnp.array_equal(_placeholder(kiln.float32, None), i)


def test_array_equal_with_unknown_dimensions_compares_shapes_when_run():
    graph = kiln.Graph()
    with graph.as_default():
        a = kiln.compat.v1.placeholder(kiln.int32, [None])
        b = kiln.compat.v1.placeholder(kiln.int32, [None])
        same = tnp.array_equal(a, b)
        with kiln.compat.v1.Session(graph=graph) as session:
            assert session.run(same, {a: [1, 2], b: [1, 2]})
            assert not session.run(same, {a: [1, 1], b: [1]})


def test_misc_errors():
    with pytest.raises(ValueError, match="Arguments to gcd must be integers"):
        tnp.gcd(kiln.constant([1.0]), 2)
    with pytest.raises(ValueError, match="Arguments to lcm must be integers"):
        tnp.lcm(3, 2.5)
    with pytest.raises(TypeError, match="np.gcd has no loop"):
        np.gcd(_placeholder(kiln.float32, [2]), 2)
    with pytest.raises(TypeError, match="not defined for complex"):
        tnp.isposinf(kiln.constant([1j]))
    with pytest.raises(ValueError, match="coefficient array whose length is known"):
        tnp.polyval(_placeholder(kiln.float32, [None]), 2.0)
