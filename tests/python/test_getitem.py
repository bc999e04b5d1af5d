"""EagerTensor.__getitem__: NumPy's basic indexing as views (NumPy is the oracle)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kiln
from kiln import errors


def _shares(t, base):
    return np.shares_memory(np.asarray(t), np.asarray(base))


KEYS = [
    0, -1, 2, slice(None), slice(1, None), slice(None, None, -1), slice(-2, None, -2),
    (1, 2), (slice(None), 1), (Ellipsis, 0), (None, 1), (1, None, Ellipsis, None),
    (slice(3, 0, -1), Ellipsis, slice(None, None, 2)), (slice(-100, 100),), (slice(5, 1),),
    (Ellipsis,), (), (None,), (-3, -4, -5), (0, slice(None, None, -3), None),
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_matches_numpy_and_is_a_view(key):
    a = np.arange(60, dtype=np.float32).reshape(3, 4, 5)
    t = kiln.constant(a)
    out = t[key]
    expected = a[key]
    assert out.shape == expected.shape
    np.testing.assert_array_equal(np.asarray(out), expected)
    np.testing.assert_array_equal(out.numpy(), expected)
    if expected.size > 1:
        assert _shares(out, t)


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.int64, np.float16,
                                   np.float64, np.complex64])
def test_every_dtype(dtype, sample):
    a = sample(dtype, (4, 3))
    t = kiln.constant(a)
    np.testing.assert_array_equal(np.asarray(t[::-2, 1:]), a[::-2, 1:])
    np.testing.assert_array_equal(np.asarray(t[1]), a[1])
    assert t[1, 2].shape == ()


def test_bfloat16():
    t = kiln.constant([[1.5, 2.5], [3.5, 4.5]], dtype=kiln.bfloat16)
    assert t[::-1, 1].dtype == kiln.bfloat16
    np.testing.assert_array_equal(t[::-1, 1].numpy().astype(np.float32), [4.5, 2.5])


def test_scalar_and_zero_size():
    s = kiln.constant(3.0)
    assert s[...].shape == ()
    assert s[None].shape == (1,)
    assert float(s[()]) == 3.0
    z = kiln.zeros([0, 3])
    assert z[:, 1].shape == (0,)
    assert z[::-1].shape == (0, 3)


def test_integer_scalar_tensors_and_numpy_integers_as_indices():
    a = np.arange(12).reshape(3, 4)
    t = kiln.constant(a)
    i = kiln.constant(2)
    np.testing.assert_array_equal(np.asarray(t[i]), a[2])
    np.testing.assert_array_equal(np.asarray(t[kiln.constant(1, kiln.int64):, np.int32(-1)]),
                                  a[1:, -1])
    np.testing.assert_array_equal(np.asarray(t[:, ::kiln.constant(-2)]), a[:, ::-2])


def test_indexing_a_strided_tensor_composes_views():
    base = np.arange(120, dtype=np.int64).reshape(6, 20)
    t = kiln.constant(base)
    view = t[::-2, 3::3]  # negative and positive steps
    twice = view[1:, ::-1][..., 1]
    np.testing.assert_array_equal(np.asarray(twice), base[::-2, 3::3][1:, ::-1][..., 1])
    assert _shares(twice, t)
    strided = kiln.from_dlpack(np.arange(40, dtype=np.float64)[::2])  # foreign strided memory
    np.testing.assert_array_equal(np.asarray(strided[::-3]), np.arange(40.0)[::2][::-3])


def test_the_view_keeps_its_buffer_alive():
    t = kiln.constant(np.arange(1000, dtype=np.float64))
    v = t[500:]
    del t
    assert float(v[0]) == 500.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-8, 8)),
                          st.one_of(st.none(), st.integers(-8, 8)),
                          st.one_of(st.none(), st.integers(-4, 4).filter(bool))),
                min_size=0, max_size=3),
       st.booleans())
def test_random_slices_match_numpy(slices, with_int):
    a = np.arange(5 * 6 * 7, dtype=np.int32).reshape(5, 6, 7)
    key = tuple(slice(*s) for s in slices)
    if with_int and len(key) < 3:
        key = key + (-2,)
    t = kiln.constant(a)
    np.testing.assert_array_equal(np.asarray(t[key]), a[key])


def test_errors():
    t = kiln.constant(np.zeros((3, 4), np.float32))
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"index 5 is out of bounds for axis 0 with size 3"):
        t[5]
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"index -5 is out of bounds for axis 1 with size 4"):
        t[0, -5]
    with pytest.raises(errors.InvalidArgumentError, match=r"too many indices"):
        t[0, 0, 0]
    with pytest.raises(errors.InvalidArgumentError, match=r"more than one ellipsis"):
        t[..., ...]
    with pytest.raises(ValueError, match=r"slice step cannot be zero"):
        t[::0]
    with pytest.raises(TypeError, match=r"kiln.gather"):
        t[[0, 1]]
    with pytest.raises(TypeError, match=r"kiln.boolean_mask"):
        t[np.array([True, False, True])]
    with pytest.raises(TypeError, match=r"basic indexing"):
        t[kiln.constant([0, 1])]
    with pytest.raises(TypeError, match=r"basic indexing"):
        t[True]
    with pytest.raises(TypeError, match=r"basic indexing"):
        t[kiln.constant(True)]
    with pytest.raises(TypeError, match=r"basic indexing"):
        t[1.5]
    with pytest.raises(TypeError, match=r"Only integer tensors"):
        t[kiln.constant(1.0)]
    with pytest.raises(TypeError, match=r"slice start must be an integer"):
        t["a":]
    with pytest.raises(errors.InvalidArgumentError, match=r"index 9223372036854775807 is out"):
        t[2 ** 80]
