"""The shape ops against NumPy: values across dtypes, views that share memory,
strided inputs, scalars, zero-size and large tensors, and every error message."""

import numpy as np
import pytest

import kiln
from kiln import errors

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.int32, np.uint32, np.int64, np.uint64,
          np.float16, np.float32, np.float64, np.complex64, np.complex128]


def _shares(t, other):
    return np.shares_memory(np.asarray(t), np.asarray(other))


def _eq(t, expected):
    assert tuple(t.shape) == np.shape(expected)
    np.testing.assert_array_equal(np.asarray(t), expected)


def _strided(a):
    """A kiln tensor that views `a[::-1]` of a kiln tensor: negative strides, no copy."""
    return kiln.reverse(kiln.constant(a[::-1]), [0])


# ---- views ----

@pytest.mark.parametrize("dtype", DTYPES)
def test_views_of_every_dtype(dtype, sample):
    a = sample(dtype, (2, 3, 4))
    t = kiln.constant(a)
    for out, expected in [
        (kiln.reshape(t, [4, -1]), a.reshape(4, -1)),
        (kiln.transpose(t), a.transpose()),
        (kiln.transpose(t, [1, 0, 2]), a.transpose(1, 0, 2)),
        (kiln.expand_dims(t, -2), np.expand_dims(a, -2)),
        (kiln.squeeze(kiln.expand_dims(t, 0)), a),
        (kiln.slice(t, [0, 1, 1], [-1, 2, 2]), a[:, 1:3, 1:3]),
        (kiln.reverse(t, [0, 2]), a[::-1, :, ::-1]),
        (kiln.broadcast_to(t[:, :1], [5, 2, 3, 4]), np.broadcast_to(a[:, :1], (5, 2, 3, 4))),
        (kiln.identity(t), a),
        (kiln.unstack(t, axis=1)[2], a[:, 2]),
        (kiln.split(t, [1, -1], axis=2)[1], a[:, :, 1:]),
    ]:
        assert out.dtype == t.dtype
        _eq(out, expected)
        assert _shares(out, t)


def test_reshape_shape_arguments_and_copy_rule():
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    t = kiln.constant(a)
    _eq(kiln.reshape(t, kiln.constant([6, 4])), a.reshape(6, 4))
    _eq(kiln.reshape(t, (3, -1)), a.reshape(3, -1))
    _eq(kiln.reshape(t, np.array([-1], np.int64)), a.reshape(-1))
    _eq(kiln.reshape(kiln.constant(5), [1, 1, 1]), np.full((1, 1, 1), 5))
    _eq(kiln.reshape(t, kiln.TensorShape([4, 6])), a.reshape(4, 6))
    tt = kiln.transpose(t)  # not contiguous: merging its axes needs a copy
    flat = kiln.reshape(tt, [-1])
    _eq(flat, a.transpose().reshape(-1))
    assert not _shares(flat, t)
    split = kiln.reshape(tt, [2, 2, 3, 2])  # splitting an axis keeps a view
    _eq(split, a.transpose().reshape(2, 2, 3, 2))
    assert _shares(split, t)
    assert kiln.reshape(t, [24])._data_ptr == t._data_ptr


def test_transpose_conjugate():
    a = (np.arange(6) + 1j * np.arange(6)).astype(np.complex64).reshape(2, 3)
    _eq(kiln.transpose(a, conjugate=True), a.T.conj())
    _eq(kiln.transpose(np.ones((2, 3), np.float32), conjugate=True), np.ones((3, 2)))


def test_squeeze_expand_dims_on_scalars_and_zero_size():
    _eq(kiln.expand_dims(3.0, 0), np.array([3.0], np.float32))
    _eq(kiln.squeeze(np.zeros((1, 0, 1))), np.zeros((0,)))
    _eq(kiln.squeeze(np.zeros((1, 2, 1)), axis=[-1]), np.zeros((1, 2)))
    _eq(kiln.squeeze(np.zeros((1, 2, 1)), axis=0), np.zeros((2, 1)))


def test_broadcast_to_has_zero_strides():
    t = kiln.constant(np.arange(3, dtype=np.int64))
    b = kiln.broadcast_to(t, [4, 3])
    assert np.asarray(b).strides == (0, 8)
    assert _shares(b, t)
    _eq(b, np.broadcast_to(np.arange(3), (4, 3)))


def test_slice_and_strided_slice_match_numpy():
    a = np.arange(60, dtype=np.int16).reshape(3, 4, 5)
    t = kiln.constant(a)
    _eq(kiln.slice(t, kiln.constant([1, 0, 2]), [2, -1, 3]), a[1:3, :, 2:5])
    _eq(kiln.strided_slice(t, [0, 3], [0, 0], [1, -1], end_mask=1), a[0:, 3:0:-1])
    _eq(kiln.strided_slice(t, [1, 0], [2, 0], ellipsis_mask=2, shrink_axis_mask=1), a[1, ...])
    _eq(kiln.strided_slice(t, [0, 0, 1], [0, 0, 2], new_axis_mask=1, ellipsis_mask=2,
                           shrink_axis_mask=4), a[None, ..., 1])
    out = kiln.strided_slice(t, [0], [3], [2])
    assert _shares(out, t)


def test_split_and_unstack():
    a = np.arange(24, dtype=np.float64).reshape(4, 6)
    t = kiln.constant(a)
    for got, want in zip(kiln.split(t, 3, axis=1), np.split(a, 3, axis=1)):
        _eq(got, want)
    for got, want in zip(kiln.split(t, kiln.constant([1, 3]), axis=0), np.split(a, [1], axis=0)):
        _eq(got, want)
    parts = kiln.split(t, [2, -1, 1], axis=-1)
    assert [p.shape.as_list() for p in parts] == [[4, 2], [4, 3], [4, 1]]
    assert len(kiln.split(t, 1)) == 1
    rows = kiln.unstack(t)
    assert len(rows) == 4 and all(_shares(r, t) for r in rows)
    _eq(rows[3], a[3])
    assert kiln.unstack(np.zeros((0, 2))) == []
    assert len(kiln.unstack(t, num=6, axis=1)) == 6


def test_reverse_of_strided_and_foreign_memory():
    base = np.arange(30, dtype=np.float32)
    t = kiln.from_dlpack(base[::3])  # shares NumPy's strided memory
    _eq(kiln.reverse(t, [0]), base[::3][::-1])
    _eq(kiln.reverse(_strided(np.arange(12).reshape(3, 4)), [-1]),
        np.arange(12).reshape(3, 4)[:, ::-1])


# ---- copies ----

@pytest.mark.parametrize("dtype", DTYPES)
def test_copies_of_every_dtype(dtype, sample):
    a = sample(dtype, (3, 4))
    b = sample(dtype, (3, 2), seed=1)
    t, u = kiln.constant(a), kiln.constant(b)
    _eq(kiln.concat([t, u], 1), np.concatenate([a, b], 1))
    _eq(kiln.stack([t, t[:, ::-1]], axis=1), np.stack([a, a[:, ::-1]], 1))
    _eq(kiln.tile(t, [2, 3]), np.tile(a, (2, 3)))
    _eq(kiln.pad(t, [[1, 2], [0, 3]]), np.pad(a, [[1, 2], [0, 3]]))
    _eq(kiln.pad(t, [[2, 1], [3, 0]], "REFLECT"), np.pad(a, [[2, 1], [3, 0]], "reflect"))
    _eq(kiln.pad(t, [[3, 1], [4, 2]], "symmetric"), np.pad(a, [[3, 1], [4, 2]], "symmetric"))
    _eq(kiln.roll(t, [1, -5], [0, 1]), np.roll(a, (1, -5), (0, 1)))


def test_copies_of_strided_inputs():
    a = np.arange(48, dtype=np.float32).reshape(6, 8)
    t = kiln.transpose(kiln.constant(a))[::2, 1::-1]  # (4, 2) with odd strides
    want = a.T[::2, 1::-1]
    _eq(kiln.concat([t, t], 0), np.concatenate([want, want], 0))
    _eq(kiln.stack([t, t], -1), np.stack([want, want], -1))
    _eq(kiln.tile(t, [3, 1]), np.tile(want, (3, 1)))
    _eq(kiln.pad(t, [[1, 1], [1, 1]], "SYMMETRIC"), np.pad(want, 1, "symmetric"))
    _eq(kiln.roll(t, 3, 0), np.roll(want, 3, 0))
    _eq(kiln.reshape(t, [-1]), want.reshape(-1))


def test_concat_stack_details():
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    t = kiln.constant(a)
    _eq(kiln.concat([t, [[7, 8, 9]]], 0), np.concatenate([a, [[7, 8, 9]]], 0))  # lists adopt int32
    assert kiln.concat([t], 0)._data_ptr == t._data_ptr  # one input: the input itself
    _eq(kiln.concat(t, -1), a)
    _eq(kiln.concat([np.zeros((0, 3), np.int32), t], 0), a)
    _eq(kiln.stack([1.0, 2.0]), np.array([1.0, 2.0], np.float32))
    _eq(kiln.stack([t, t], axis=-1), np.stack([a, a], -1))


def test_pad_details():
    _eq(kiln.pad(np.arange(3.0), [[2, 1]], constant_values=-1.5),
        np.pad(np.arange(3.0), (2, 1), constant_values=-1.5))
    _eq(kiln.pad(kiln.constant(2), []), np.array(2))
    _eq(kiln.pad(np.zeros((0, 2), np.int8), [[1, 1], [0, 0]], constant_values=5),
        np.full((2, 2), 5, np.int8))
    _eq(kiln.pad(np.arange(4), kiln.constant([[1, 1]]), "Reflect"),
        np.pad(np.arange(4), 1, "reflect"))


def test_roll_details():
    a = np.arange(10)
    _eq(kiln.roll(a, 13, 0), np.roll(a, 13))
    _eq(kiln.roll(a, [2, 3], [0, 0]), np.roll(a, 5))
    _eq(kiln.roll(np.zeros((0, 3)), 1, 1), np.zeros((0, 3)))
    _eq(kiln.roll(np.arange(6).reshape(2, 3), kiln.constant([1]), kiln.constant([1])),
        np.roll(np.arange(6).reshape(2, 3), 1, 1))


def test_large_inputs_take_the_parallel_path():
    a = np.random.default_rng(0).standard_normal((400, 300)).astype(np.float32)
    t = kiln.constant(a)
    _eq(kiln.concat([t, kiln.transpose(kiln.transpose(t))], 0), np.concatenate([a, a], 0))
    _eq(kiln.tile(t, [1, 2]), np.tile(a, (1, 2)))
    _eq(kiln.pad(t, [[3, 3], [5, 5]], "REFLECT"), np.pad(a, [[3, 3], [5, 5]], "reflect"))
    _eq(kiln.roll(t, [7, -11], [0, 1]), np.roll(a, (7, -11), (0, 1)))
    _eq(kiln.reshape(kiln.transpose(t), [-1]), a.T.reshape(-1))
    _eq(kiln.stack([t, t], 1), np.stack([a, a], 1))


# ---- shape queries ----

def test_shape_size_rank():
    t = kiln.zeros([2, 0, 5])
    s = kiln.shape(t)
    assert s.dtype == kiln.int32
    _eq(s, np.array([2, 0, 5], np.int32))
    assert kiln.shape(t, out_type=kiln.int64).dtype == kiln.int64
    _eq(kiln.shape(3.0), np.zeros((0,), np.int32))
    assert int(kiln.size(kiln.zeros([3, 4]))) == 12
    assert kiln.size(t, kiln.int64).dtype == kiln.int64
    r = kiln.rank(t)
    assert r.dtype == kiln.int32 and int(r) == 3
    assert int(kiln.rank(1.0)) == 0


# ---- errors ----

def _raises(error, text, fn, *args, **kwargs):
    with pytest.raises(error) as info:
        fn(*args, **kwargs)
    assert text in str(info.value), str(info.value)


def test_errors():
    t = kiln.zeros([2, 3])
    E = errors.InvalidArgumentError
    _raises(E, "[reshape] cannot reshape a tensor of 6 elements (shape (2, 3)) into shape (4,)",
            kiln.reshape, t, [4])
    _raises(E, "[reshape] shape (-1, -1) has more than one -1", kiln.reshape, t, [-1, -1])
    _raises(TypeError, "[reshape] shape must be", kiln.reshape, t, [1.5])
    _raises(E, "[transpose] perm (1,) has 1 entries, but the tensor has rank 2",
            kiln.transpose, t, [1])
    _raises(E, "[transpose] axis 1 is given twice", kiln.transpose, t, [1, 1])
    _raises(E, "[expand_dims] axis 3 is out of range for a tensor of rank 3", kiln.expand_dims, t, 3)
    _raises(E, "[squeeze] cannot squeeze axis 0 of shape (2, 3): its size is 2, not 1",
            kiln.squeeze, t, 0)
    _raises(E, "[concat] all inputs must have the same dtype, but input 0 (float32, shape (2, 3)) "
               "and input 1 (int32, shape (2, 3)) differ", kiln.concat,
            [t, kiln.zeros([2, 3], kiln.int32)], 0)
    _raises(E, "[concat] the shapes of the inputs must match except along axis 1, but input 1 "
               "(float32, shape (1, 3)) has size 1 on axis 0", kiln.concat, [t, kiln.zeros([1, 3])], 1)
    _raises(ValueError, "[concat] needs at least one tensor", kiln.concat, [], 0)
    _raises(E, "[stack] all inputs must have the same shape", kiln.stack, [t, kiln.zeros([3, 2])])
    _raises(E, "[unstack] num = 3, but axis 0 of shape (2, 3) has 2 elements", kiln.unstack, t, 3)
    _raises(E, "[split] cannot split axis 1 (size 3) of shape (2, 3) into 2 equal pieces",
            kiln.split, t, 2, 1)
    _raises(E, "[split] size_splits (1, 1) add up to 2, but axis 1 (size 3)", kiln.split, t, [1, 1], 1)
    _raises(E, "[split] num_or_size_splits is an empty list", kiln.split, t, [])
    _raises(E, "[slice] size[1] = 4 with begin 0 does not fit axis 1 (size 3)",
            kiln.slice, t, [0, 0], [1, 4])
    _raises(E, "[strided_slice] strides[0] is 0; a stride must be nonzero", kiln.strided_slice, t, [0], [1], [0])
    _raises(E, "[tile] multiples (2, -1) has the negative entry -1", kiln.tile, t, [2, -1])
    _raises(E, "[tile] multiples (2,) has 1 entries, but the input has shape (2, 3)", kiln.tile, t, [2])
    _raises(E, "[pad] paddings must have shape (2, 2), one [before, after] pair per axis of the "
               "input (shape (2, 3)); got shape (1, 2)", kiln.pad, t, [[1, 1]])
    _raises(E, "[pad] paddings (0, 3) on axis 1 of shape (2, 3) are too large for REFLECT mode: "
               "each must be <= 2 (the axis size - 1)", kiln.pad, t, [[0, 0], [0, 3]], "REFLECT")
    _raises(E, "too large for SYMMETRIC mode: each must be <= 2 (the axis size)",
            kiln.pad, t, [[3, 0], [0, 0]], "SYMMETRIC")
    _raises(E, "[pad] paddings (0, 0, -1, 0) has the negative entry -1", kiln.pad, t, [[0, 0], [-1, 0]])
    _raises(E, "[pad] mode 'WRAP' is not one of 'CONSTANT', 'REFLECT' or 'SYMMETRIC'",
            kiln.pad, t, [[0, 0], [0, 0]], "WRAP")
    _raises(E, "[pad] constant_values is int32 but the tensor is float32", kiln.pad, t,
            [[0, 0], [0, 0]], constant_values=kiln.constant(1))
    _raises(E, "[broadcast_to] cannot broadcast a tensor of shape (2, 3) to shape (4, 3): axis 0 "
               "has size 2, which is neither 1 nor 4", kiln.broadcast_to, t, [4, 3])
    _raises(E, "[reverse] axis 2 is out of range for a tensor of rank 2", kiln.reverse, t, [2])
    _raises(E, "[roll] shift (1, 2) and axis (0,) must have the same length", kiln.roll, t, [1, 2], [0])
    _raises(TypeError, "[shape] out_type must be int32 or int64, got float32", kiln.shape, t,
            kiln.float32)
