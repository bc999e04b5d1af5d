"""The Array API standard's part that kiln has (python/kiln/_np/_array_api.py;
docs/array-api.md lists what it lacks): the namespace an eager tensor, a TF1
placeholder and a traced function's argument give, its version and info,
the array object's mT, device and to_device, immutability with its message,
in-place operators that rebind, isdtype and can_cast against NumPy 2's, and
array-API code run eagerly, in a traced function and in a Session. The
values of the new functions are test_numpy_table.py's (numpy_table_array_api.py)."""

import numpy as np
import pytest

import kiln

tnp = kiln.experimental.numpy


def standardize(x):
    """Array-API code: it finds its namespace from its argument."""
    xp = x.__array_namespace__()
    centred = x - xp.mean(x, axis=0, keepdims=True)
    return xp.concat([centred, xp.matrix_transpose(centred).mT], axis=0), xp.unique_values(
        xp.astype(x > 0, xp.int32))


def test_every_tensor_gives_the_namespace():
    eager = kiln.constant([1.0])
    assert eager.__array_namespace__() is tnp
    assert eager.__array_namespace__(api_version="2024.12") is tnp
    with kiln.Graph().as_default():
        assert kiln.compat.v1.placeholder(kiln.float32, [None]).__array_namespace__() is tnp
    seen = []

    @kiln.function
    def f(x):
        seen.append(x.__array_namespace__())
        return x
    f(eager)
    assert seen == [tnp]
    assert tnp.__array_api_version__ == "2024.12"


def test_array_api_code_runs_eagerly_traced_and_in_a_session():
    a = np.array([[1.0, -2.0], [3.0, 4.0], [-5.0, 0.5]], np.float32)
    centred = a - a.mean(axis=0, keepdims=True)
    want = np.concatenate([centred, centred]), np.array([0, 1], np.int32)
    eager = [r.numpy() for r in standardize(kiln.constant(a))]
    traced = [r.numpy() for r in kiln.function(standardize)(kiln.constant(a))]
    graph = kiln.Graph()
    with graph.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None, 2])
        out = standardize(x)
        assert out[0].shape.as_list() == [None, 2] and out[1].shape.as_list() == [None]
        with kiln.compat.v1.Session() as session:
            fed = session.run(list(out), {x: a})
    for got in (eager, traced, fed):
        np.testing.assert_allclose(got[0], want[0], rtol=1e-6)
        np.testing.assert_array_equal(got[1], want[1])


def test_info():
    info = tnp.__array_namespace_info__()
    assert info.default_device() == "cpu" and info.devices() == ["cpu"]
    assert info.default_dtypes() == {"real floating": kiln.float64,
                                     "complex floating": kiln.complex128,
                                     "integral": kiln.int64, "indexing": kiln.int64}
    assert set(info.dtypes(kind="unsigned integer")) == {"uint8", "uint16", "uint32", "uint64"}
    assert len(info.dtypes()) == 13
    assert info.capabilities()["data-dependent shapes"] is True


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "float32", "float64", "complex64"])
@pytest.mark.parametrize("kind", ["bool", "signed integer", "unsigned integer", "integral",
                                  "real floating", "complex floating", "numeric",
                                  ("integral", "bool")])
def test_isdtype_is_numpys(dtype, kind):
    assert tnp.isdtype(kiln.as_dtype(dtype), kind) == np.isdtype(np.dtype(dtype), kind)


@pytest.mark.parametrize("source, target", [("int8", "int32"), ("int32", "int16"),
                                            ("int32", "float64"), ("float64", "float32"),
                                            ("bool", "int8"), ("uint8", "int8")])
def test_can_cast_is_numpys(source, target):
    assert tnp.can_cast(kiln.as_dtype(source), kiln.as_dtype(target)) == bool(
        np.can_cast(np.dtype(source), np.dtype(target)))
    assert tnp.can_cast(kiln.zeros([2], kiln.as_dtype(source)), kiln.as_dtype(target)) == bool(
        np.can_cast(np.dtype(source), np.dtype(target)))


def test_the_array_object():
    x = kiln.constant(np.arange(6.0, dtype=np.float32).reshape(1, 2, 3))
    assert x.mT.shape == (1, 3, 2)
    assert x.to_device("cpu") is x and x.to_device(x.device) is x
    y = x
    y += 1  # immutable: += makes a new tensor and rebinds, as in JAX
    assert y is not x and float(y[0, 0, 0]) == 1.0 and float(x[0, 0, 0]) == 0.0


@pytest.mark.parametrize("call, error, message", [
    (lambda x: x.__setitem__(0, 1.0), TypeError,
     r"immutable .* xp\.where\(mask, v, x\), or kiln\.tensor_scatter_nd_update"),
    (lambda x: x.__array_namespace__(api_version="2099.01"), ValueError,
     r"api_version '2099.01' is not one kiln implements"),
    (lambda x: x.to_device("cuda:0"), ValueError, r"device 'cuda:0' does not exist.*'cpu'"),
    (lambda x: x.to_device("cpu", stream=1), ValueError, "no streams"),
    (lambda x: tnp.astype(x, tnp.int32, device="gpu"), ValueError, "device 'gpu' does not exist"),
    (lambda x: tnp.matrix_transpose(x[0, 0]), ValueError, "at least 2 dimensions"),
    (lambda x: tnp.cumulative_sum(x), ValueError, "axis must be given for an array of 3"),
    (lambda x: tnp.unique_values(kiln.constant([1j])), TypeError, "complex values"),
    (lambda x: tnp.__array_namespace_info__().dtypes(device="tpu"), ValueError,
     "device 'tpu' does not exist"),
])
def test_errors_say_what_to_do(call, error, message):
    x = kiln.zeros([1, 2, 3])
    with pytest.raises(error, match=message):
        call(x)
    with kiln.Graph().as_default():  # the same on a symbolic tensor
        p = kiln.compat.v1.placeholder(kiln.float32, [1, 2, 3])
        with pytest.raises(error, match=message):
            call(p)
