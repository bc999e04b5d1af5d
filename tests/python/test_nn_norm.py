"""Normalization (python/kiln/nn_norm_ops.py, src/ops/nn_norm_ops.cc):

- TF's recorded results for nn_norm_cases.py (docs/tf-reference/nn_norm.json):
  values within float32 rounding, errors of TF's class;
- fused batch normalization and LRN against independent NumPy references
  (float64) on shapes hypothesis draws, with their gradients, and the
  second-order batch-norm gradient against differences of the first;
- the same bits eagerly, in a kiln.function and in a compat.v1 Session;
- kiln's error messages.
"""


import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
import nn_norm_cases as cases
from kiln import _core
import recorded_statements as recorded
from test_nn_pool import HALF_RTOL, NUMBERS_ATOL, NUMBERS_RTOL

RECORD = recorded.load("nn_norm")
fbn = kiln.compat.v1.nn.fused_batch_norm


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL,
                             half_rtol=HALF_RTOL)


# ---- NumPy references (float64) ----

def ref_batch_norm(x, scale, offset, mean, variance, eps, channels_last, training, factor=1.0):
    """(y, batch_mean, batch_variance, saved_mean, saved_variance) as TF defines them."""
    axes = tuple(i for i in range(x.ndim) if i != (x.ndim - 1 if channels_last else 1))
    shape = [1] * x.ndim
    shape[x.ndim - 1 if channels_last else 1] = -1
    x = x.astype(np.float64)
    if training:
        m = x.mean(axis=axes)
        v = ((x - m.reshape(shape)) ** 2).mean(axis=axes)
        n = x.size // m.size
        unbiased = v * n / max(n - 1, 1)
        bm = m if factor == 1.0 else (1 - factor) * mean + factor * m
        bv = unbiased if factor == 1.0 else (1 - factor) * variance + factor * unbiased
    else:
        m, v, bm, bv = mean, variance, mean, variance
    y = (x - m.reshape(shape)) / np.sqrt(v.reshape(shape) + eps) * scale.reshape(shape) \
        + offset.reshape(shape)
    return y, bm, bv, m, v


def ref_batch_norm_grad(dy, x, scale, mean, variance, eps, channels_last, training):
    axes = tuple(i for i in range(x.ndim) if i != (x.ndim - 1 if channels_last else 1))
    shape = [1] * x.ndim
    shape[x.ndim - 1 if channels_last else 1] = -1
    dy, x = dy.astype(np.float64), x.astype(np.float64)
    r = 1 / np.sqrt(variance.reshape(shape) + eps)
    xh = (x - mean.reshape(shape)) * r
    dscale = (dy * xh).sum(axis=axes)
    doffset = dy.sum(axis=axes)
    if training:
        dx = scale.reshape(shape) * r * (dy - dy.mean(axis=axes, keepdims=True)
                                         - xh * (dy * xh).mean(axis=axes, keepdims=True))
    else:
        dx = dy * scale.reshape(shape) * r
    return dx, dscale, doffset


def ref_lrn(x, radius, bias, alpha, beta):
    x = x.astype(np.float64)
    c = x.shape[-1]
    sq = np.stack([(x[..., max(i - radius, 0):i + radius + 1] ** 2).sum(axis=-1) for i in range(c)],
                  axis=-1)
    return x / (bias + alpha * sq) ** beta


def ref_lrn_grad(dy, x, radius, bias, alpha, beta):
    x, dy = x.astype(np.float64), dy.astype(np.float64)
    c = x.shape[-1]
    s = bias + alpha * np.stack([(x[..., max(i - radius, 0):i + radius + 1] ** 2).sum(axis=-1)
                                 for i in range(c)], axis=-1)
    dx = dy * s ** -beta
    t = dy * x * s ** (-beta - 1)  # each channel i's term, spread over its window
    for j in range(c):
        window = t[..., max(j - radius, 0):j + radius + 1].sum(axis=-1)
        dx[..., j] -= 2 * alpha * beta * x[..., j] * window
    return dx


def _values(shape, seed, lo=-2.0, hi=2.0):
    return np.random.default_rng(seed).uniform(lo, hi, shape).astype(np.float32)


@st.composite
def batch_norm_problems(draw):
    rank = draw(st.sampled_from([4, 5]))
    shape = [draw(st.integers(1, 4)) for _ in range(rank)]
    channels_last = draw(st.booleans())
    fmt = {(4, True): "NHWC", (4, False): "NCHW", (5, True): "NDHWC", (5, False): "NCDHW"}[
        (rank, channels_last)]
    return shape, fmt, channels_last, draw(st.integers(0, 2**16))


@settings(max_examples=40, deadline=None)
@given(problem=batch_norm_problems(), training=st.booleans(),
       factor=st.sampled_from([1.0, 0.25]), eps=st.sampled_from([1e-3, 0.1]))
def test_fused_batch_norm_matches_a_numpy_reference(problem, training, factor, eps):
    shape, fmt, last, seed = problem
    c = shape[-1] if last else shape[1]
    x = _values(shape, seed)
    scale, offset = _values([c], seed + 1), _values([c], seed + 2)
    mean, variance = _values([c], seed + 3), _values([c], seed + 4, 0.5, 2.0)
    ref = ref_batch_norm(x, scale, offset, mean, variance, eps, last, training, factor)
    xt = kiln.constant(x)
    s, o = kiln.constant(scale), kiln.constant(offset)
    with kiln.GradientTape() as tape:
        tape.watch([xt, s, o])
        got = fbn(xt, s, o, mean, variance, epsilon=eps, data_format=fmt, is_training=training,
                  exponential_avg_factor=factor)
        dy = _values(shape, seed + 5)
        loss = kiln.reduce_sum(got[0] * dy)
    # float32: within rtol of the magnitudes involved
    np.testing.assert_allclose(got[0].numpy(), ref[0], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(got[1].numpy(), ref[1], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got[2].numpy(), ref[2], rtol=1e-4, atol=1e-5)
    grads = tape.gradient(loss, [xt, s, o])
    want = ref_batch_norm_grad(dy, x, scale, ref[3], ref[4], eps, last, training)
    for g, w in zip(grads, want):
        np.testing.assert_allclose(g.numpy(), w, rtol=1e-3, atol=1e-3 * max(1.0, np.abs(w).max()))


def test_running_statistics_are_tfs():
    # biased variance for y, Bessel-corrected in the running statistics
    x = _values([2, 3, 4, 2], 1)
    y, bm, bv = fbn(x, [1.0, 1.0], [0.0, 0.0])
    n = 2 * 3 * 4
    np.testing.assert_allclose(bv.numpy(), x.reshape(-1, 2).var(axis=0) * n / (n - 1), rtol=1e-5)
    np.testing.assert_allclose(y.numpy().reshape(-1, 2).var(axis=0), [1, 1], rtol=1e-2)
    # one value per channel: variance 0 (not NaN), y = offset
    y, bm, bv = fbn(x[:1, :1, :1], [1.0, 2.0], [0.5, -0.5])
    np.testing.assert_array_equal(bv.numpy(), [0, 0])
    np.testing.assert_array_equal(y.numpy().reshape(-1), [0.5, -0.5])
    # no values per channel: NaN statistics, as TF's
    y, bm, bv = fbn(x[:0], [1.0, 1.0], [0.0, 0.0])
    assert y.shape == (0, 3, 4, 2) and np.isnan(bm.numpy()).all() and np.isnan(bv.numpy()).all()


@settings(max_examples=30, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=3, max_size=3), channels=st.integers(1, 9),
       radius=st.integers(0, 6), bias=st.sampled_from([0.5, 1.0, 2.0]),
       alpha=st.sampled_from([1e-3, 0.2, 1.0]), beta=st.sampled_from([0.5, 0.75, 1.3]),
       seed=st.integers(0, 2**16))
def test_lrn_matches_a_numpy_reference(shape, channels, radius, bias, alpha, beta, seed):
    x = _values([*shape, channels], seed)
    xt = kiln.constant(x)
    with kiln.GradientTape() as tape:
        tape.watch(xt)
        y = kiln.nn.lrn(xt, radius, bias, alpha, beta)
        dy = _values(x.shape, seed + 1)
        loss = kiln.reduce_sum(y * dy)
    np.testing.assert_allclose(y.numpy(), ref_lrn(x, radius, bias, alpha, beta), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tape.gradient(loss, xt).numpy(),
                               ref_lrn_grad(dy, x, radius, bias, alpha, beta), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("channels, radius", [(5, 0), (1, 0), (1, 3), (16, 0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_lrn_gradient_over_a_window_of_one_channel(channels, radius, dtype):
    """A window of one (radius 0, or one channel) is elementwise; oneDNN 2.6's AVX-512
    backward kernel crashed the process while it was built for it (the fuzzer found it)."""
    x = _values([2, 2, 6, channels], 7).astype(dtype)
    dy = _values(x.shape, 8).astype(dtype)
    xt = kiln.constant(x)
    with kiln.GradientTape() as tape:
        tape.watch(xt)
        loss = kiln.reduce_sum(kiln.nn.lrn(xt, radius, 0.5, 0.2, 0.75) * dy)
    got = tape.gradient(loss, xt).numpy()
    assert got.dtype == dtype
    want = ref_lrn_grad(dy.astype(np.float64), x.astype(np.float64), radius, 0.5, 0.2, 0.75)
    tol = 1e-5 if dtype == np.float32 else 2e-3
    np.testing.assert_allclose(got.astype(np.float64), want, rtol=tol, atol=tol)


@pytest.mark.parametrize("fmt", ["NHWC", "NCHW"])
@pytest.mark.parametrize("training", [True, False])
def test_second_order_batch_norm_gradient_matches_differences_of_the_first(fmt, training):
    """d/dtheta <A, dx> + <B, dscale> + <E, doffset> by central differences
    of the float64 NumPy first-order gradient."""
    shape = [2, 3, 2, 3] if fmt == "NHWC" else [2, 3, 3, 2]
    last = fmt == "NHWC"
    x, dy = _values(shape, 1), _values(shape, 2)
    scale, offset = np.array([1.0, 2.0, 0.5], np.float32), np.array([0.1, -0.2, 0.3], np.float32)
    mean, variance = np.array([0.1, 0.2, 0.3], np.float32), np.array([1.0, 2.0, 3.0], np.float32)
    a, b, e = _values(shape, 3), _values([3], 4), _values([3], 5)
    eps = 1e-3

    def objective(dy_, x_, scale_):
        if training:
            axes = tuple(i for i in range(4) if i != (3 if last else 1))
            m_, v_ = x_.mean(axis=axes), x_.var(axis=axes)
        else:
            m_, v_ = mean.astype(np.float64), variance.astype(np.float64)
        gx, gs, go = ref_batch_norm_grad(dy_, x_, scale_, m_, v_, eps, last, training)
        return (a * gx).sum() + (b * gs).sum() + (e * go).sum()

    args = [dy.astype(np.float64), x.astype(np.float64), scale.astype(np.float64)]
    numeric = []
    for k, arg in enumerate(args):
        d = np.zeros_like(arg)
        for i in np.ndindex(arg.shape):
            h = 1e-6
            plus, minus = [list(args) for _ in range(2)]
            plus[k] = arg.copy()
            plus[k][i] += h
            minus[k] = arg.copy()
            minus[k][i] -= h
            d[i] = (objective(*plus) - objective(*minus)) / (2 * h)
        numeric.append(d)

    ts = [kiln.constant(v) for v in (dy, x, scale)]
    with kiln.GradientTape() as outer:
        outer.watch(ts)
        with kiln.GradientTape() as inner:
            inner.watch(ts[1:])
            y, _, _ = fbn(ts[1], ts[2], offset, mean, variance, epsilon=eps, data_format=fmt,
                          is_training=training)
            loss = kiln.reduce_sum(y * ts[0])
        gx, gs = inner.gradient(loss, ts[1:])
        z = kiln.reduce_sum(gx * a) + kiln.reduce_sum(gs * b)
        # doffset = sum(dy) does not depend on x or scale: its term enters through dy only
        z = z + kiln.reduce_sum(kiln.reduce_sum(ts[0], axis=[0, 1, 2] if last else [0, 2, 3]) * e)
    got = outer.gradient(z, ts)
    for g, n in zip(got, numeric):
        np.testing.assert_allclose(g.numpy(), n, rtol=2e-3, atol=2e-3 * max(1.0, np.abs(n).max()))


# ---- graphs and traced functions ----

CALLS = [
    lambda t: fbn(t, [1.0, 2.0, 0.5], [0.1, 0.0, -0.1])[0],
    lambda t: fbn(t, [1.0, 2.0, 0.5], [0.1, 0.0, -0.1], [0.0, 0.1, 0.2], [1.0, 1.5, 2.0],
                  is_training=False)[0],
    lambda t: fbn(t, [1.0, 2.0, 0.5], [0.1, 0.0, -0.1], [0.0, 0.1, 0.2], [1.0, 1.5, 2.0],
                  exponential_avg_factor=0.5)[2],
    lambda t: kiln.nn.lrn(t, 1, 1.0, 0.5, 0.75),
]


@pytest.mark.parametrize("call", CALLS)
def test_the_same_bits_eagerly_in_a_function_and_in_a_session(call):
    x = _values([2, 4, 5, 3], 7)
    eager = call(kiln.constant(x)).numpy()
    traced = kiln.function(call, input_signature=[kiln.TensorSpec([None, 4, 5, 3], kiln.float32)])
    np.testing.assert_array_equal(traced(x).numpy(), eager)
    with kiln.Graph().as_default() as g:
        p = kiln.compat.v1.placeholder(kiln.float32, [None, None, None, 3])
        out = call(p)
    with kiln.compat.v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(out, {p: x}), eager)


def test_strided_inputs_are_read_correctly():
    x = _values([2, 4, 6, 3], 8)
    view = kiln.constant(x)[:, ::2, 1:, :]  # a view, not contiguous
    np.testing.assert_allclose(fbn(view, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0])[0].numpy(),
                               fbn(np.ascontiguousarray(x[:, ::2, 1:, :]), [1.0, 1.0, 1.0],
                                   [0.0, 0.0, 0.0])[0].numpy(), rtol=0, atol=0)
    np.testing.assert_array_equal(kiln.nn.lrn(view, 2).numpy(),
                                  kiln.nn.lrn(np.ascontiguousarray(x[:, ::2, 1:, :]), 2).numpy())


# ---- errors ----

X = np.zeros((2, 4, 5, 3), np.float32)
S = np.ones(3, np.float32)
ERRORS = [
    (lambda: fbn(X, S[:2], S), kiln.errors.InvalidArgumentError,
     "scale must have the same number of elements as the channels of x, got 2 and 3"),
    (lambda: fbn(X, S, S[:2]), kiln.errors.InvalidArgumentError,
     "offset must have the same number of elements as the channels of x, got 2 and 3"),
    (lambda: fbn(X, S, S, S[:2], S, is_training=False), kiln.errors.InvalidArgumentError,
     "When is_training=false, mean must have the same number of elements as the channels of x, got 2 "
     "and 3"),
    (lambda: fbn(X, S, S, S, S[:1], exponential_avg_factor=0.5), kiln.errors.InvalidArgumentError,
     "When exponential_avg_factor != 1, variance must have the same number"),
    (lambda: fbn(X[0], S, S), kiln.errors.InvalidArgumentError, "input must be 4 or 5-dimensional"),
    (lambda: fbn(X, [S], S), kiln.errors.InvalidArgumentError, "scale must be 1-dimensional"),
    (lambda: fbn(X, S, S, data_format="XYZ"), kiln.errors.InvalidArgumentError,
     "Value for attr 'data_format' of \"XYZ\" is not in the list of allowed values"),
    (lambda: fbn(X, S, S, data_format="NDHWC"), kiln.errors.InvalidArgumentError,
     "data_format is for 5-D input"),
    (lambda: fbn(X.astype(np.float64), S, S), kiln.errors.InvalidArgumentError,
     "Value for attr 'T' of double is not in the list of allowed values: half, bfloat16, float"),
    (lambda: fbn(X.astype(np.float16), S.astype(np.float16), S), kiln.errors.InvalidArgumentError,
     "Value for attr 'U' of half"),
    (lambda: fbn(X, S, S, is_training=False), ValueError,
     "Both `mean` and `variance` must be a 1D tensor when `is_training` is False"),
    (lambda: kiln.nn.lrn(X, -1), kiln.errors.InvalidArgumentError, "depth_radius = -1 larger than int max"),
    (lambda: kiln.nn.lrn(X[0], 1), kiln.errors.InvalidArgumentError, "in must be 4-dimensional"),
    (lambda: kiln.nn.lrn(X.astype(np.float64), 1), kiln.errors.InvalidArgumentError,
     "Value for attr 'T' of double"),
]


@pytest.mark.parametrize("call,error,words", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors_say_what_tf_says(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


FBN_GRAD = _core.op_names().index("fused_batch_norm_grad")
LRN_GRAD = _core.op_names().index("lrn_grad")


def test_gradient_ops_check_their_inputs():
    x, s = kiln.constant(X), kiln.constant(S)
    empty = kiln.constant(np.zeros(0, np.float32))
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match=r"x and y_backprop must have same shape, but x has shape \(2, 4, 5, 3\)"):
        _core.execute(FBN_GRAD, (x[:1], x, s, s, s, empty), (1e-3, "NHWC", True))
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match="reserve_space_1 must have the same number of elements"):
        _core.execute(FBN_GRAD, (x, x, s, s[:2], s, empty), (1e-3, "NHWC", True))
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match="input_grads, input_image, and out_image should have the same shape"):
        _core.execute(LRN_GRAD, (x[:1], x, x), (1, 1.0, 1.0, 0.5))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="inputs must be 4-dimensional"):
        _core.execute(LRN_GRAD, (x[0], x[0], x[0]), (1, 1.0, 1.0, 0.5))


def test_second_derivative_of_lrn_is_tfs_lookup_error():
    x = kiln.constant(_values([1, 2, 2, 3], 9))
    with kiln.GradientTape() as outer:
        outer.watch(x)
        with kiln.GradientTape() as inner:
            inner.watch(x)
            loss = kiln.reduce_sum(kiln.nn.lrn(x, 1) ** 2)
        g = inner.gradient(loss, x)
        z = kiln.reduce_sum(g * g)
    with pytest.raises(LookupError, match="No gradient defined for operation 'lrn_grad'"):
        outer.gradient(z, x)


def _first_and_second_order(x, scale, w, v, fmt, training):
    """(dx, dscale, d/dx <dx, v>) of sum(fused_batch_norm(x) * w), and dx of sum(lrn(x) * w)."""
    with kiln.GradientTape() as outer:
        outer.watch(x)
        with kiln.GradientTape() as inner:
            inner.watch([x, scale])
            y = fbn(x, scale, [0.1, -0.2, 0.3], [0.0, 0.1, 0.2], [1.0, 1.5, 2.0], data_format=fmt,
                    is_training=training)[0]
            loss = kiln.reduce_sum(y * w)
        dx, ds = inner.gradient(loss, [x, scale])
        z = kiln.reduce_sum(dx * v)
    with kiln.GradientTape() as tape:
        tape.watch(x)
        lrn_loss = kiln.reduce_sum(kiln.nn.lrn(x, 1) * w)
    return dx, ds, outer.gradient(z, x), tape.gradient(lrn_loss, x)


@pytest.mark.parametrize("fmt", ["NHWC", "NCHW"])
@pytest.mark.parametrize("training", [True, False])
def test_gradients_in_a_graph_and_a_function_are_eagers(fmt, training):
    shape = [2, 4, 3, 3] if fmt == "NHWC" else [2, 3, 4, 3]
    x, w, v = _values(shape, 11), _values(shape, 12), _values(shape, 13)
    scale = np.array([1.0, 2.0, 0.5], np.float32)
    eager = [t.numpy() for t in _first_and_second_order(kiln.constant(x), kiln.constant(scale), w, v,
                                                        fmt, training)]
    traced = kiln.function(lambda a, b: _first_and_second_order(a, b, w, v, fmt, training))
    for got, want in zip(traced(x, scale), eager):
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-6)
    with kiln.Graph().as_default() as g:
        p = kiln.compat.v1.placeholder(kiln.float32, [None] + shape[1:])
        s = kiln.compat.v1.placeholder(kiln.float32, [3])
        y = fbn(p, s, [0.1, -0.2, 0.3], [0.0, 0.1, 0.2], [1.0, 1.5, 2.0], data_format=fmt,
                is_training=training)[0]
        dx, ds = kiln.gradients(kiln.reduce_sum(y * w), [p, s])
        (ddx,) = kiln.gradients(kiln.reduce_sum(dx * v), [p])
        (dlrn,) = kiln.gradients(kiln.reduce_sum(kiln.nn.lrn(p, 1) * w), [p])
    with kiln.compat.v1.Session(graph=g) as sess:
        got = sess.run([dx, ds, ddx, dlrn], {p: x, s: scale})
    for have, want in zip(got, eager):
        np.testing.assert_allclose(have, want, rtol=1e-5, atol=1e-6)


def test_cached_primitives_run_from_many_threads_at_once():
    """A primitive made on one thread runs on others, concurrently (each
    execution has its own scratchpad)."""
    import threading
    x = _values([4, 6, 5, 8], 21)
    scale, offset = np.ones(8, np.float32), np.zeros(8, np.float32)

    def compute():
        y, m, v = fbn(x, scale, offset)
        return [y.numpy(), m.numpy(), v.numpy(), kiln.nn.lrn(x, 2).numpy(),
                kiln.nn.max_pool2d(x, 3, 2, "SAME").numpy()]

    want = compute()
    results, errors = [], []

    def worker():
        try:
            for _ in range(20):
                results.append(compute())
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 80
    for got in results:
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
