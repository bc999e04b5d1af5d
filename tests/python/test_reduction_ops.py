"""Reductions, scans and sorting against NumPy (the oracle).

Tolerances: integer results are exact; float results of sums, means and
products use rtol 1e-6 for float32 (kiln accumulates in float64, NumPy
pairwise in float32), 1e-12 for float64, and 1e-2 for float16.
"""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
from kiln import errors

REDUCTIONS = {
    "reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max, "reduce_min": np.min,
    "reduce_prod": np.prod,
}
NUMERIC = [np.int8, np.uint8, np.int16, np.int32, np.int64, np.uint32, np.uint64,
           np.float16, np.float32, np.float64]


def _rtol(dtype):
    real = np.finfo(dtype).dtype  # float32 for complex64
    return {2: 1e-2, 4: 1e-6}.get(real.itemsize, 1e-12)


def _values(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, 5, size=shape).astype(dtype)  # small: products stay exact
    if np.dtype(dtype).kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _np_reduce(name, x, axis, keepdims):
    fn = REDUCTIONS[name]
    if name == "reduce_mean" and x.dtype.kind in "iu":  # TF: integer mean truncates
        total = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64 if x.dtype.kind == "i"
                       else np.uint64)
        count = x.size // max(total.size, 1) if x.size else 0
        return (np.trunc(total / count) if count else np.zeros_like(total)).astype(x.dtype)
    out = fn(x, axis=axis, keepdims=keepdims)
    return np.asarray(out).astype(x.dtype)


def _check(got, want, dtype):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    if np.dtype(dtype).kind in "iub":
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=_rtol(dtype), atol=_rtol(dtype))


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize("dtype", NUMERIC)
@pytest.mark.parametrize("axis", [None, 0, -1, [0, 2], (1,), []])
def test_reductions_match_numpy(name, dtype, axis):
    x = _values(dtype, (3, 4, 5))
    for keepdims in (False, True):
        got = getattr(kiln, name)(x, axis=axis, keepdims=keepdims).numpy()
        np_axis = tuple(axis) if isinstance(axis, list) else axis
        _check(got, _np_reduce(name, x, np_axis, keepdims), dtype)


def test_namespaces_and_signatures():
    assert kiln.math.reduce_sum is kiln.reduce_sum
    for name in ["reduce_std", "reduce_variance", "cumprod", "top_k", "argmax", "cumsum"]:
        assert hasattr(kiln.math, name)
    assert kiln.nn.top_k is kiln.math.top_k
    for name in ["sort", "argsort", "argmax", "argmin", "cumsum", "reduce_logsumexp"]:
        assert hasattr(kiln, name)


def test_scalars_and_zero_size():
    assert kiln.reduce_sum(kiln.constant(3.5)).numpy() == 3.5
    z = np.zeros((0, 3), np.float32)
    np.testing.assert_array_equal(kiln.reduce_sum(z, axis=0).numpy(), np.zeros(3))
    assert kiln.reduce_sum(z, axis=1).shape == (0,)
    assert kiln.reduce_max(np.zeros(0, np.float32)).numpy() == -np.inf
    assert kiln.reduce_min(np.zeros(0, np.int16)).numpy() == np.iinfo(np.int16).max
    assert kiln.reduce_max(np.zeros(0, np.uint8)).numpy() == 0
    assert kiln.reduce_prod(np.zeros(0)).numpy() == 1
    assert np.isnan(kiln.reduce_mean(np.zeros(0, np.float32)).numpy())
    assert np.isnan(kiln.math.reduce_std(np.zeros(0, np.float32)).numpy())
    assert kiln.reduce_logsumexp(np.zeros(0, np.float32)).numpy() == -np.inf
    assert not kiln.reduce_any(np.zeros(0, bool)).numpy()
    assert kiln.reduce_all(np.zeros(0, bool)).numpy()


def test_strided_tensors_are_read_in_place():
    base = np.arange(4 * 6 * 5, dtype=np.float64).reshape(4, 6, 5)
    t = kiln.from_dlpack(base[:, ::2, ::-1])  # shares strided memory
    want = base[:, ::2, ::-1]
    np.testing.assert_allclose(kiln.reduce_sum(t, axis=[0, 2]).numpy(), want.sum(axis=(0, 2)))
    np.testing.assert_array_equal(kiln.reduce_max(t, axis=1).numpy(), want.max(axis=1))
    np.testing.assert_array_equal(kiln.argmin(t, axis=2).numpy(), want.argmin(axis=2))
    np.testing.assert_array_equal(kiln.cumsum(t, axis=1).numpy(), want.cumsum(axis=1))
    np.testing.assert_array_equal(kiln.sort(t, axis=0).numpy(), np.sort(want, axis=0))
    rows = [kiln.reduce_sum(row).numpy() for row in kiln.constant(base)]  # row views
    np.testing.assert_allclose(rows, base.sum(axis=(1, 2)))


def test_integer_rules_as_tf():
    assert kiln.reduce_sum(np.array([100, 100], np.int8)).numpy() == -56
    assert kiln.reduce_mean(np.array([100, 100, 100], np.int8)).numpy() == 100
    assert kiln.reduce_mean(np.array([-100, -100, -1], np.int8)).numpy() == -67
    assert kiln.reduce_mean(np.array([200, 100], np.uint8)).numpy() == 150
    assert kiln.reduce_mean([1, 2]).dtype == kiln.int32


def test_nan_handling():
    x = np.array([1.0, np.nan, 2.0], np.float32)
    assert np.isnan(kiln.reduce_max(x).numpy()) and np.isnan(kiln.reduce_min(x).numpy())
    assert kiln.argmax(x).numpy() == np.argmax(x) == 1
    assert np.isnan(kiln.reduce_logsumexp(x).numpy())
    assert kiln.reduce_logsumexp(np.array([np.inf, 1.0], np.float32)).numpy() == np.inf
    assert kiln.reduce_logsumexp(np.array([-np.inf, -np.inf])).numpy() == -np.inf


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_a_nan_anywhere_makes_max_and_min_nan(dtype):
    # A NaN inside a full SIMD vector was once lost (the lanes' NaN test was an
    # ordered compare); every length up to a few vectors, the NaN at each place.
    for n in range(1, 40):
        for at in range(n):
            x = np.arange(n, dtype=dtype)
            x[at] = np.nan
            assert np.isnan(kiln.reduce_max(x).numpy()), (n, at)
            assert np.isnan(kiln.reduce_min(x).numpy()), (n, at)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_logsumexp_std_variance(dtype):
    x = _values(dtype, (4, 7), seed=3) * 30
    wide = x.astype(np.float64)
    lse = np.log(np.sum(np.exp(wide - wide.max(axis=1, keepdims=True)), axis=1)) + wide.max(axis=1)
    np.testing.assert_allclose(kiln.reduce_logsumexp(x, axis=1).numpy(), lse, rtol=_rtol(dtype))
    np.testing.assert_allclose(kiln.math.reduce_variance(x, axis=0).numpy(), wide.var(axis=0),
                               rtol=_rtol(dtype) * 10)
    np.testing.assert_allclose(kiln.math.reduce_std(x, keepdims=True).numpy(),
                               wide.std(keepdims=True), rtol=_rtol(dtype) * 10)


def test_complex_reductions():
    x = _values(np.complex128, (3, 4))
    np.testing.assert_allclose(kiln.reduce_sum(x, axis=0).numpy(), x.sum(axis=0))
    np.testing.assert_allclose(kiln.reduce_prod(x, axis=1).numpy(), x.prod(axis=1))
    np.testing.assert_allclose(kiln.reduce_mean(x).numpy(), x.mean())
    var = kiln.math.reduce_variance(x.astype(np.complex64))
    assert var.dtype == kiln.float32
    np.testing.assert_allclose(var.numpy(), x.var(), rtol=1e-5)


def test_any_all():
    x = np.array([[True, False], [False, False]])
    np.testing.assert_array_equal(kiln.reduce_any(x, axis=1).numpy(), x.any(axis=1))
    np.testing.assert_array_equal(kiln.reduce_all(~x, axis=0).numpy(), (~x).all(axis=0))
    assert kiln.reduce_any([False, True]).numpy()


def test_large_parallel_paths_are_deterministic():
    x = _values(np.float32, (300, 700), seed=7)  # 210K elements: the parallel path
    for axis in (None, 0, 1):
        first = kiln.reduce_sum(x, axis=axis).numpy()
        np.testing.assert_allclose(first, x.astype(np.float64).sum(axis=axis), rtol=1e-6, atol=1e-4)
        for _ in range(3):
            np.testing.assert_array_equal(kiln.reduce_sum(x, axis=axis).numpy(), first)
    np.testing.assert_array_equal(kiln.reduce_max(x, axis=0).numpy(), x.max(axis=0))
    np.testing.assert_array_equal(kiln.argmax(x, axis=1).numpy(), x.argmax(axis=1))
    np.testing.assert_allclose(kiln.cumsum(x, axis=1).numpy(), np.cumsum(x.astype(np.float64),
                               axis=1), rtol=1e-5, atol=1e-4)
    i = np.arange(200_000, dtype=np.int64)
    assert kiln.reduce_sum(i).numpy() == i.sum()


def test_float32_sum_of_16m_elements_is_accurate():
    x = np.random.default_rng(1).random(1 << 24, dtype=np.float32)
    exact = x.sum(dtype=np.float64)
    got = kiln.reduce_sum(x).numpy()
    assert abs(got - exact) <= 1e-7 * exact  # float32 rounding of the float64 sum
    assert abs(kiln.reduce_mean(x).numpy() - exact / x.size) <= 1e-7
    assert kiln.reduce_sum(x).numpy() == got  # bitwise, run to run


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.float16, np.float32, np.float64, bool])
def test_argmax_argmin(dtype):
    x = _values(dtype, (5, 6), seed=2) if dtype is not bool else np.eye(5, 6, dtype=bool)
    for axis in (None, 0, 1, -1):
        np_axis = 0 if axis is None else axis
        got = kiln.argmax(x, axis=axis)
        assert got.dtype == kiln.int64
        np.testing.assert_array_equal(got.numpy(), np.argmax(x, axis=np_axis))
        np.testing.assert_array_equal(kiln.math.argmin(x, axis, output_type=kiln.int32).numpy(),
                                      np.argmin(x, axis=np_axis))
    assert kiln.argmax(x, 1, output_type=kiln.int32).dtype == kiln.int32
    assert kiln.argmax(kiln.constant([[1, 2]]), axis=kiln.constant(1)).numpy().tolist() == [1]


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.float32, np.float64,
                                   np.complex64])
@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumsum_cumprod(dtype, exclusive, reverse):
    x = _values(dtype, (3, 5), seed=4)
    for axis in (0, 1, -1):
        for name, fn, identity in (("cumsum", np.cumsum, 0), ("cumprod", np.cumprod, 1)):
            y = np.flip(x, axis) if reverse else x
            want = fn(y, axis=axis).astype(dtype)
            if exclusive:
                want = np.concatenate([np.full_like(np.take(want, [0], axis), identity),
                                       np.delete(want, -1, axis)], axis)
            want = np.flip(want, axis) if reverse else want
            got = getattr(kiln.math, name)(x, axis, exclusive=exclusive, reverse=reverse).numpy()
            _check(got, want, dtype)


@pytest.mark.parametrize("dtype", [np.int8, np.uint32, np.int64, np.float16, np.float32,
                                   np.float64])
def test_sort_argsort(dtype):
    x = _values(dtype, (4, 9), seed=5)
    for axis in (-1, 0):
        np.testing.assert_array_equal(kiln.sort(x, axis=axis).numpy(), np.sort(x, axis=axis))
        np.testing.assert_array_equal(kiln.sort(x, axis, "DESCENDING").numpy(),
                                      np.flip(np.sort(x, axis=axis), axis))
        idx = kiln.argsort(x, axis=axis, stable=True)
        assert idx.dtype == kiln.int32
        np.testing.assert_array_equal(idx.numpy(), np.argsort(x, axis=axis, kind="stable"))
    desc = kiln.argsort(x.astype(np.float64), direction="DESCENDING").numpy()
    np.testing.assert_array_equal(desc, np.argsort(-x.astype(np.float64), axis=-1, kind="stable"))


def test_sort_nan_order():
    x = np.array([np.nan, 3.0, np.nan, 1.0, 5.0])
    np.testing.assert_array_equal(kiln.sort(x).numpy(), np.sort(x))
    np.testing.assert_array_equal(kiln.argsort(x).numpy(), np.argsort(x, kind="stable"))
    np.testing.assert_array_equal(kiln.sort(x, direction="DESCENDING").numpy(),
                                  [np.nan, np.nan, 5.0, 3.0, 1.0])


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.float32, np.float64])
def test_top_k(dtype):
    x = _values(dtype, (3, 10), seed=6)
    for k in (0, 1, 4, 10):
        result = kiln.math.top_k(x, k=k)
        values, indices = result
        assert result.values is values and result.indices is indices
        order = np.argsort(-x.astype(np.float64), axis=-1, kind="stable")[:, :k]
        np.testing.assert_array_equal(indices.numpy(), order)
        np.testing.assert_array_equal(values.numpy(), np.take_along_axis(x, order, -1))
        assert indices.dtype == kiln.int32
    assert kiln.math.top_k(x, 2, index_type=kiln.int64).indices.dtype == kiln.int64
    nan = kiln.math.top_k(np.array([1.0, np.nan, 2.0]), k=2)
    assert np.isnan(nan.values.numpy()[0]) and nan.indices.numpy().tolist() == [1, 2]


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(0, 4), min_size=0, max_size=4), data=st.data())
def test_property_reduce_any_axes(shape, data):
    rank = len(shape)
    axes = data.draw(st.lists(st.integers(-rank, rank - 1), unique_by=lambda a: a % rank,
                              max_size=rank)) if rank else []
    keepdims = data.draw(st.booleans())
    x = np.random.default_rng(len(shape)).integers(-9, 9, size=shape).astype(np.int64)
    got = kiln.reduce_sum(x, axis=axes, keepdims=keepdims).numpy()
    np.testing.assert_array_equal(got, np.sum(x, axis=tuple(axes), keepdims=keepdims))
    fx = x.astype(np.float64)
    np.testing.assert_array_equal(kiln.reduce_max(fx, axis=axes, keepdims=keepdims).numpy(),
                                  np.max(fx, axis=tuple(axes), keepdims=keepdims,
                                         initial=-np.inf))


@pytest.mark.parametrize("call, error, message", [
    (lambda: kiln.reduce_sum(kiln.zeros([2, 3]), axis=2), errors.InvalidArgumentError,
     "[reduce_sum] axis 2 is out of range for a tensor of rank 2"),
    (lambda: kiln.reduce_sum(kiln.zeros([2, 3]), axis=[0, -2]), errors.InvalidArgumentError,
     "[reduce_sum] axis -2 is given twice"),
    (lambda: kiln.reduce_sum(kiln.constant(1.0), axis=0), errors.InvalidArgumentError,
     "for a tensor of rank 0"),
    (lambda: kiln.reduce_sum([True]), errors.InvalidArgumentError,
     "[reduce_sum] does not accept bool tensors"),
    (lambda: kiln.reduce_mean([True]), errors.InvalidArgumentError,
     "[reduce_mean] does not accept bool tensors"),
    (lambda: kiln.reduce_max(kiln.constant([1j])), errors.InvalidArgumentError,
     "[reduce_max] does not accept complex128 tensors"),
    (lambda: kiln.reduce_min([True]), errors.InvalidArgumentError,
     "Use kiln.reduce_any / kiln.reduce_all for bool tensors"),
    (lambda: kiln.reduce_any([1, 0]), errors.InvalidArgumentError,
     "[reduce_any] does not accept int32 tensors; it needs a bool tensor"),
    (lambda: kiln.reduce_all(kiln.constant([1.0])), errors.InvalidArgumentError,
     "[reduce_all] does not accept float32 tensors"),
    (lambda: kiln.reduce_logsumexp([1, 2]), errors.InvalidArgumentError,
     "[reduce_logsumexp] does not accept int32 tensors; it needs a floating dtype"),
    (lambda: kiln.math.reduce_std([1, 2]), errors.InvalidArgumentError,
     "[reduce_std] does not accept int32 tensors; it needs a floating or complex dtype"),
    (lambda: kiln.math.reduce_variance([1, 2]), errors.InvalidArgumentError,
     "[reduce_variance] does not accept int32"),
    (lambda: kiln.reduce_sum([1.0], axis=0.5), TypeError, "axis must be an int"),
    (lambda: kiln.reduce_sum([1.0], axis=True), TypeError, "axis must be an int, got a bool"),
    (lambda: kiln.argmax(kiln.zeros([0])), errors.InvalidArgumentError,
     "[argmax] Reduction axis 0 is empty in shape (0,)"),
    (lambda: kiln.argmin(kiln.constant(1.0)), errors.InvalidArgumentError,
     "[argmin] needs a tensor of rank >= 1, got a scalar"),
    (lambda: kiln.argmax([1.0], axis=1), errors.InvalidArgumentError,
     "[argmax] axis 1 is out of range for a tensor of rank 1"),
    (lambda: kiln.argmax([1.0], output_type=kiln.uint8), errors.InvalidArgumentError,
     "[argmax] output_type must be int16, uint16, int32 or int64, got uint8"),
    (lambda: kiln.argmax(kiln.zeros([40000]), output_type=kiln.int16),
     errors.InvalidArgumentError, "is too long for output_type int16; use output_type=kiln.int64"),
    (lambda: kiln.argmax(kiln.constant([1j])), errors.InvalidArgumentError,
     "[argmax] does not accept complex128 tensors"),
    (lambda: kiln.cumsum([True]), errors.InvalidArgumentError, "[cumsum] does not accept bool"),
    (lambda: kiln.math.cumprod(kiln.constant(2.0)), errors.InvalidArgumentError,
     "[cumprod] needs a tensor of rank >= 1"),
    (lambda: kiln.cumsum([[1]], axis=2), errors.InvalidArgumentError,
     "[cumsum] axis 2 is out of range for a tensor of rank 2"),
    (lambda: kiln.sort([1.0], direction="UP"), ValueError,
     "Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction=UP"),
    (lambda: kiln.argsort([1.0], direction=None), ValueError, "Received: direction=None"),
    (lambda: kiln.sort([True]), errors.InvalidArgumentError, "[sort] does not accept bool"),
    (lambda: kiln.argsort(kiln.constant([1j])), errors.InvalidArgumentError,
     "[argsort] does not accept complex128"),
    (lambda: kiln.sort(kiln.constant(1.0)), errors.InvalidArgumentError,
     "[sort] needs a tensor of rank >= 1"),
    (lambda: kiln.math.top_k([1, 3], k=3), errors.InvalidArgumentError,
     "[top_k] input must have at least k columns. Had 2, needed 3"),
    (lambda: kiln.math.top_k([1, 3], k=-1), errors.InvalidArgumentError,
     "[top_k] Need k >= 0, got -1"),
    (lambda: kiln.math.top_k(kiln.constant(1.0)), errors.InvalidArgumentError,
     "[top_k] needs a tensor of rank >= 1"),
    (lambda: kiln.math.top_k([1.0], index_type=kiln.int16), errors.InvalidArgumentError,
     "[top_k] index_type must be int32 or int64, got int16"),
    (lambda: kiln.math.top_k([True]), errors.InvalidArgumentError,
     "[top_k] does not accept bool"),
])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
