"""Index ops against NumPy: gather, gather_nd, scatter_nd, tensor_scatter_nd_update,
boolean_mask, where_indices, one_hot, sequence_mask. Integer-exact: these ops move values."""

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
from kiln import errors
from kiln._ops import execute, op

DTYPES = [np.bool_, np.int8, np.uint16, np.int32, np.int64, np.float16, ml_dtypes.bfloat16,
          np.float32, np.float64, np.complex64, np.complex128]


def _values(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.integers(-100, 100, size=shape) % (2 if dtype == np.bool_ else 1000)).astype(dtype)


def _strided(a):
    """A kiln tensor sharing NumPy memory with steps (strided in place)."""
    return kiln.from_dlpack(a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_gather_every_dtype(dtype):
    p = _values(dtype, (5, 3))
    idx = np.array([[4, 0], [2, 2]], np.int64)
    np.testing.assert_array_equal(kiln.gather(p, idx).numpy(), np.take(p, idx, axis=0))
    np.testing.assert_array_equal(kiln.gather(p, [2, 0], axis=1).numpy(), np.take(p, [2, 0], axis=1))
    np.testing.assert_array_equal(kiln.gather(p, 3).numpy(), p[3])


@pytest.mark.parametrize("idx_dtype", [np.int8, np.uint8, np.int16, np.int32, np.int64, np.uint32])
def test_gather_index_dtypes(idx_dtype):
    p = np.arange(10.0)
    np.testing.assert_array_equal(kiln.gather(p, np.array([9, 0, 3], idx_dtype)).numpy(), [9, 0, 3])


def test_gather_batch_dims_and_axes():
    p = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    i = np.array([[0, 3, 1], [2, 2, 0]])
    want = np.stack([np.take(p[b], i[b], axis=1) for b in range(2)])
    np.testing.assert_array_equal(kiln.gather(p, i, axis=2, batch_dims=1).numpy(), want)
    np.testing.assert_array_equal(kiln.gather(p, i, axis=-1, batch_dims=-1).numpy(), want)
    want0 = np.stack([np.take(p[b], [1, 0], axis=0) for b in range(2)])
    np.testing.assert_array_equal(kiln.gather(p, [[1, 0], [1, 0]], batch_dims=1).numpy(), want0)


def test_gather_strided_and_zero_size():
    base = np.arange(60, dtype=np.float64).reshape(6, 10)
    view = base[::2, ::3]  # strided in place
    idx = np.array([2, 0, 1])
    np.testing.assert_array_equal(kiln.gather(_strided(view), idx).numpy(), view[idx])
    np.testing.assert_array_equal(kiln.gather(_strided(view), idx, axis=1).numpy(), view[:, idx])
    strided_idx = np.array([0, 9, 1, 9, 2, 9])[::2]
    np.testing.assert_array_equal(kiln.gather(view, _strided(strided_idx)).numpy(), view[[0, 1, 2]])
    assert kiln.gather(np.zeros((0, 3)), np.zeros((2, 0), np.int32), axis=1).shape == (0, 2, 0)
    assert kiln.gather([1.0, 2.0], []).shape == (0,)


def test_gather_large_parallel_path():
    rng = np.random.default_rng(1)
    p = rng.standard_normal(200_000).astype(np.float32)
    idx = rng.integers(0, p.size, 300_000)
    np.testing.assert_array_equal(kiln.gather(p, idx).numpy(), p[idx])
    rows = rng.standard_normal((1000, 64))
    np.testing.assert_array_equal(kiln.gather(rows, idx[:5000] % 1000).numpy(), rows[idx[:5000] % 1000])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(0, 2), st.data())
def test_gather_matches_numpy_take(shape, axis, data):
    axis = axis % len(shape)
    p = np.arange(np.prod(shape), dtype=np.int32).reshape(shape)
    idx = np.array(data.draw(st.lists(st.integers(0, shape[axis] - 1), max_size=5)), np.int64)
    np.testing.assert_array_equal(kiln.gather(p, idx, axis=axis).numpy(), np.take(p, idx, axis=axis))


@pytest.mark.parametrize("args, kwargs, message", [
    (([1, 2, 3, 4, 5], [1, 7]), {}, "[gather] indices[1] = 7 is not in [0, 5)"),
    (([1, 2, 3], [[0, 1], [1, -1]]), {}, "[gather] indices[1,1] = -1 is not in [0, 3)"),
    (([1, 2, 3], [0.5]), {}, "[gather] indices must be an integer tensor"),
    ((1.0, [0]), {}, "params must be at least 1-dimensional"),
    (([1, 2], [0]), {"axis": 1}, "[gather] axis 1 is out of range for a tensor of rank 1"),
    (([[1, 2], [3, 4]], [[1], [0], [0]]), {"axis": 1, "batch_dims": 1},
     "params.shape[0] = 2 does not match indices.shape[0] = 3"),
    (([[1, 2], [3, 4]], [[1], [0]]), {"batch_dims": 2}, "batch_dims (2) must be less than the rank of params (2)"),
    (([[1, 2], [3, 4]], [[1], [0]]), {"batch_dims": 3}, "batch_dims 3 is out of range for indices of rank 2"),
    (([[1, 2], [3, 4]], [[1], [0]]), {"axis": 0, "batch_dims": 1}, "axis 0 is a batch axis"),
])
def test_gather_errors(args, kwargs, message):
    with pytest.raises(errors.InvalidArgumentError) as info:
        kiln.gather(*args, **kwargs)
    assert message in str(info.value)


def test_gather_nd():
    p = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    idx = np.array([[1, 2], [0, 0], [1, 0]])
    np.testing.assert_array_equal(kiln.gather_nd(p, idx).numpy(), p[idx[:, 0], idx[:, 1]])
    full = np.array([[[1, 2, 3]], [[0, 1, 0]]])
    np.testing.assert_array_equal(kiln.gather_nd(p, full).numpy(), p[tuple(np.moveaxis(full, -1, 0))])
    np.testing.assert_array_equal(kiln.gather_nd(p, [[2], [0]], batch_dims=1).numpy(), np.stack([p[0, 2], p[1, 0]]))
    np.testing.assert_array_equal(kiln.gather_nd(_strided(p[:, ::2, ::-1]), [[1, 1]]).numpy(), [p[1, 2, ::-1]])
    assert kiln.gather_nd(p, np.zeros((5, 0), np.int32)).shape == (5, 2, 3, 4)
    for message, idx in [("[gather_nd] indices[1] = [5, 0] does not index into params of shape (2, 3, 4)",
                          [[0, 1], [5, 0]]),
                         ("index tuples have length 4", [[0, 0, 0, 0]]),
                         ("indices must be at least 1-dimensional", 0)]:
        with pytest.raises(errors.InvalidArgumentError, match=None) as info:
            kiln.gather_nd(p, idx)
        assert message in str(info.value)


@pytest.mark.parametrize("dtype", DTYPES)
def test_scatter_nd_sums_duplicates(dtype):
    idx = np.array([[1], [3], [1], [0]])
    upd = _values(dtype, (4, 2), seed=3)
    want = np.zeros((5, 2), dtype)
    if dtype == np.bool_:
        np.logical_or.at(want, idx[:, 0], upd)
    else:
        np.add.at(want, idx[:, 0], upd)
    got = kiln.scatter_nd(idx, upd, [5, 2]).numpy()
    np.testing.assert_array_equal(got, want)
    assert got.dtype == want.dtype


def test_scatter_nd_tuples_strided_and_large():
    upd = np.arange(12, dtype=np.float64).reshape(4, 3)
    idx = np.array([[0, 1], [2, 0], [0, 1], [1, 1]])
    want = np.zeros((3, 2, 3))
    np.add.at(want, (idx[:, 0], idx[:, 1]), upd)
    np.testing.assert_array_equal(kiln.scatter_nd(idx, upd, kiln.constant([3, 2, 3])).numpy(), want)
    strided = upd[::-1, ::2]
    want = np.zeros((3, 2, 2))
    np.add.at(want, (idx[:, 0], idx[:, 1]), strided)
    np.testing.assert_array_equal(kiln.scatter_nd(idx, _strided(strided), (3, 2, 2)).numpy(), want)
    rng = np.random.default_rng(2)
    big_idx = rng.integers(0, 1000, (100_000, 1))
    vals = rng.integers(-5, 5, 100_000).astype(np.int64)
    want = np.zeros(1000, np.int64)
    np.add.at(want, big_idx[:, 0], vals)
    np.testing.assert_array_equal(kiln.scatter_nd(big_idx, vals, [1000]).numpy(), want)


def test_tensor_scatter_nd_update_last_write_wins():
    t = np.arange(6, dtype=np.int32).reshape(3, 2)
    got = kiln.tensor_scatter_nd_update(t, [[1], [1], [2]], [[7, 7], [8, 9], [1, 1]]).numpy()
    np.testing.assert_array_equal(got, [[0, 1], [8, 9], [1, 1]])
    got = kiln.tensor_scatter_nd_update(t, [[0, 1]], [5]).numpy()  # Python values take t's dtype
    np.testing.assert_array_equal(got, [[0, 5], [2, 3], [4, 5]])
    np.testing.assert_array_equal(t, np.arange(6).reshape(3, 2))  # the input is not written


@pytest.mark.parametrize("call, message", [
    (lambda: kiln.scatter_nd([[1], [7]], [1.0, 2.0], [5]),
     "[scatter_nd] indices[1] = [7] does not index into the output of shape (5,): 7 is not in [0, 5)"),
    (lambda: kiln.scatter_nd([[1], [1]], [1, 2, 3], [3]), "[scatter_nd] updates has shape (3,); updates must"),
    (lambda: kiln.scatter_nd([[1]], [1], [-3]), "[scatter_nd] Dimension -3 must be >= 0"),
    (lambda: kiln.tensor_scatter_nd_update([1, 2, 3], [[1], [4]], [7, 8]),
     "[tensor_scatter_nd_update] indices[1] = [4] does not index into tensor of shape (3,)"),
    (lambda: kiln.tensor_scatter_nd_update([1, 2], [[0]], kiln.constant([1.0])),
     "tensor is int32 but updates is float32"),
    (lambda: execute(op("scatter_nd"), (kiln.constant([[0]]), kiln.constant([1.0])), ([None],)),
     "[scatter_nd] shape (None,) must be fully known to compute a value"),
])
def test_scatter_errors(call, message):
    with pytest.raises(errors.InvalidArgumentError) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("dtype", DTYPES)
def test_boolean_mask(dtype):
    t = _values(dtype, (4, 3, 2))
    m = np.array([True, False, True, True])
    np.testing.assert_array_equal(kiln.boolean_mask(t, m).numpy(), t[m])
    m2 = np.array([[True, False, True]] * 4)
    m2[1, 0] = False
    np.testing.assert_array_equal(kiln.boolean_mask(t, m2).numpy(), t[m2])
    np.testing.assert_array_equal(kiln.boolean_mask(t, [False, True, True], axis=1).numpy(), t[:, [1, 2]])


def test_boolean_mask_strided_numeric_large():
    t = np.arange(40, dtype=np.float32).reshape(8, 5)[::2, ::-1]
    m = np.array([1, 0, 2, 0, 0, 0, 1, 1])[::2]  # numeric, strided: non-zero is true
    np.testing.assert_array_equal(kiln.boolean_mask(_strided(t), _strided(m)).numpy(), t[m != 0])
    big = np.random.default_rng(4).standard_normal(150_000)
    np.testing.assert_array_equal(kiln.boolean_mask(big, big > 0).numpy(), big[big > 0])
    assert kiln.boolean_mask(np.zeros((3, 0)), [True, False, True]).shape == (2, 0)


def test_boolean_mask_errors():
    with pytest.raises(ValueError, match=r"\[boolean_mask\] mask cannot be a scalar"):
        kiln.boolean_mask([1, 2, 3], True)
    with pytest.raises(ValueError, match=r"mask shape \(2,\) is incompatible with tensor.shape\[0:1\] = \(3,\)"):
        kiln.boolean_mask([1, 2, 3], [True, False])
    with pytest.raises(ValueError, match="a mask of rank 2 at axis 0 needs a tensor of rank >= 2"):
        kiln.boolean_mask([1, 2, 3], [[True]])


def test_where_indices():
    where = op("where_indices")
    cond = np.array([[True, False, True], [False, False, True]])
    got = execute(where, (kiln.constant(cond),), ()).numpy()
    np.testing.assert_array_equal(got, np.argwhere(cond))
    assert got.dtype == np.int64
    f = np.array([0.0, np.nan, -1.0, 0.0])
    np.testing.assert_array_equal(execute(where, (kiln.constant(f),), ()).numpy(), np.argwhere(f))
    big = np.random.default_rng(5).integers(0, 2, (300, 400)).astype(np.bool_)
    np.testing.assert_array_equal(execute(where, (kiln.constant(big),), ()).numpy(), np.argwhere(big))
    s = _strided(cond[:, ::2])
    np.testing.assert_array_equal(execute(where, (s,), ()).numpy(), np.argwhere(cond[:, ::2]))
    assert execute(where, (kiln.zeros([0, 3]),), ()).shape == (0, 2)


def _np_one_hot(idx, depth, axis, on=1, off=0, dtype=np.float32):
    idx = np.asarray(idx)
    out = np.where(idx[..., None] == np.arange(depth), on, off).astype(dtype)
    return np.moveaxis(out, -1, axis if axis != -1 else -1)


def test_one_hot():
    idx = np.array([[0, 3, -1], [2, 1, 1]])
    for axis in (-1, 0, 1, 2):
        np.testing.assert_array_equal(kiln.one_hot(idx, 3, axis=axis).numpy(), _np_one_hot(idx, 3, axis))
    got = kiln.one_hot([0, 2], 3, on_value=5, off_value=1)
    assert got.dtype == kiln.int32
    np.testing.assert_array_equal(got.numpy(), [[5, 1, 1], [1, 1, 5]])
    assert kiln.one_hot([0, 2], 3, on_value=5).dtype == kiln.int32
    assert kiln.one_hot([0], 3, on_value=5, dtype=kiln.float64).dtype == kiln.float64
    np.testing.assert_array_equal(kiln.one_hot([1], 2, dtype=kiln.bool).numpy(), [[False, True]])
    np.testing.assert_array_equal(kiln.one_hot(np.array([1], np.uint8), kiln.constant(2)).numpy(), [[0, 1]])
    big = np.random.default_rng(6).integers(-1, 10, 100_000)
    np.testing.assert_array_equal(kiln.one_hot(big, 10, axis=0).numpy(), _np_one_hot(big, 10, 0))
    assert kiln.one_hot(np.zeros((0,), np.int32), 4).shape == (0, 4)
    assert kiln.one_hot(3, 4).shape == (4,)


def test_one_hot_errors():
    with pytest.raises(TypeError, match=r"\[one_hot\] on_value is int32 but off_value is float32"):
        kiln.one_hot([0, 2], 3, on_value=5, off_value=1.0)
    with pytest.raises(errors.InvalidArgumentError, match="depth must be non-negative, got -1"):
        kiln.one_hot([0, 2], -1)
    with pytest.raises(errors.InvalidArgumentError, match=r"axis -2 is out of range .* use -1"):
        kiln.one_hot([0, 2], 3, axis=-2)
    with pytest.raises(errors.InvalidArgumentError, match="indices must be an integer tensor"):
        kiln.one_hot([0.0, 2.0], 3)


def test_sequence_mask():
    lengths = np.array([1, 3, 0, 2])
    np.testing.assert_array_equal(kiln.sequence_mask(lengths, 5).numpy(), np.arange(5) < lengths[:, None])
    np.testing.assert_array_equal(kiln.sequence_mask(lengths).numpy(), np.arange(3) < lengths[:, None])
    got = kiln.sequence_mask([[1, 3], [2, -1]], dtype=kiln.float32)
    assert got.dtype == kiln.float32
    np.testing.assert_array_equal(got.numpy(), np.arange(3) < np.array([[1, 3], [2, -1]])[..., None])
    np.testing.assert_array_equal(kiln.sequence_mask([1.5, 0.2]).numpy(),  # maxlen: ceil(1.5)
                                  np.arange(2) < np.array([1.5, 0.2])[:, None])
    np.testing.assert_array_equal(kiln.sequence_mask(2, kiln.constant(4, kiln.int64)).numpy(),
                                  [True, True, False, False])
    big = np.random.default_rng(7).integers(0, 50, 20_000)
    np.testing.assert_array_equal(kiln.sequence_mask(_strided(big[::2]), 50).numpy(),
                                  np.arange(50) < big[::2, None])
    with pytest.raises(errors.InvalidArgumentError, match=r"\[sequence_mask\] maxlen must be non-negative, got -1"):
        kiln.sequence_mask([1, 3], -1)
    with pytest.raises(ValueError, match=r"\[sequence_mask\] maxlen must be a scalar"):
        kiln.sequence_mask([1, 3], [4])
    with pytest.raises(errors.InvalidArgumentError, match="lengths must be an integer or float tensor, got bool"):
        kiln.sequence_mask([True])


def test_exported_names():
    for name in ["gather", "gather_nd", "scatter_nd", "tensor_scatter_nd_update", "boolean_mask",
                 "one_hot", "sequence_mask"]:
        assert callable(getattr(kiln, name))


def test_empty_index_tuples_in_any_number_cost_nothing():
    # indices of shape (2**40, 0): no bytes, 2**40 empty tuples (found by the op fuzzer,
    # which spent minutes in the index check). The outputs are empty and come back at once.
    many = np.empty((2 ** 40, 0), np.int64)
    out = kiln.gather_nd(np.zeros((0,), np.float32), many)
    assert out.shape == (2 ** 40, 0)
    base = kiln.zeros([0])
    assert kiln.tensor_scatter_nd_update(base, many, np.empty((2 ** 40, 0), np.float32)).shape == (0,)
