"""EagerTensor's Python protocol: repr, str, scalars, len, iteration — as TF's."""

import copy
import pickle

import numpy as np
import pytest

import kiln


def test_repr_matches_tf():
    assert repr(kiln.constant(3.5)) == "<kiln.Tensor: shape=(), dtype=float32, numpy=3.5>"
    assert repr(kiln.constant([True, False])) == \
        "<kiln.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>"
    assert repr(kiln.constant([[1, 2], [3, 4]])) == (
        "<kiln.Tensor: shape=(2, 2), dtype=int32, numpy=\n"
        "array([[1, 2],\n       [3, 4]], dtype=int32)>")
    assert repr(kiln.zeros([2, 0])) == \
        "<kiln.Tensor: shape=(2, 0), dtype=float32, numpy=array([], shape=(2, 0), dtype=float32)>"
    # As TF, the numpy= part is NumPy's own repr (which spells ml_dtypes'
    # bfloat16 "dtype=bfloat16" or, from NumPy 2.4, "dtype=dtype(bfloat16)").
    b = kiln.constant([1.0, 2.0], dtype=kiln.bfloat16)
    assert repr(b) == f"<kiln.Tensor: shape=(2,), dtype=bfloat16, numpy={b.numpy()!r}>"
    assert repr(b.numpy()).startswith("array([1, 2], dtype=")


def test_str_matches_tf():
    assert str(kiln.constant(3)) == "kiln.Tensor(3, shape=(), dtype=int32)"
    assert str(kiln.constant([[1, 2], [3, 4]])) == \
        "kiln.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)"


def test_properties():
    t = kiln.constant(np.zeros((2, 3, 4), np.float64))
    assert t.ndim == 3
    assert t.dtype == kiln.float64
    assert t.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert len(t) == 2
    assert isinstance(t, kiln.Tensor) and type(t) is kiln.EagerTensor
    assert type(t).__name__ == "EagerTensor"


def test_len_of_scalar_raises():
    with pytest.raises(TypeError, match="Scalar tensor has no `len\\(\\)`"):
        len(kiln.constant(3))


def test_scalar_conversions():
    assert int(kiln.constant(3.7)) == 3
    assert float(kiln.constant(2)) == 2.0
    assert complex(kiln.constant(1 + 2j)) == 1 + 2j
    assert bool(kiln.constant(0.0)) is False
    assert bool(kiln.constant([1])) is True  # one element, as NumPy
    assert [10, 20, 30][kiln.constant(1)] == 20
    assert [10, 20, 30][kiln.constant(np.int64(2))] == 30


@pytest.mark.parametrize("call, error, message", [
    (lambda: int(kiln.constant([3])), TypeError, "Only a scalar tensor (shape ()) converts to a Python int"),
    (lambda: float(kiln.constant([[2]])), TypeError, "this one has shape (1, 1)"),
    (lambda: bool(kiln.constant([1, 2])), ValueError, "The truth value of a tensor with 2 elements"),
    (lambda: bool(kiln.zeros([0])), ValueError, "is ambiguous"),
    (lambda: [1, 2][kiln.constant(1.0)], TypeError, "Only integer tensors can be used as an index"),
    (lambda: list(kiln.constant(3)), TypeError, "Cannot iterate over a scalar tensor."),
])
def test_scalar_conversion_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_iteration_yields_views_of_rows():
    t = kiln.constant([[1, 2], [3, 4], [5, 6]])
    rows = list(t)
    assert len(rows) == 3
    assert all(isinstance(r, kiln.EagerTensor) and r.shape == [2] for r in rows)
    np.testing.assert_array_equal(rows[2].numpy(), [5, 6])
    assert rows[1]._data_ptr == t._data_ptr + 2 * 4  # a view, not a copy
    assert list(kiln.zeros([0, 2])) == []


def test_copy_and_pickle():
    t = kiln.constant([1.5, 2.5])
    assert copy.copy(t) is t and copy.deepcopy(t) is t
    back = pickle.loads(pickle.dumps(t))
    assert back.dtype == kiln.float32
    np.testing.assert_array_equal(back.numpy(), t.numpy())
