"""Pooling (python/kiln/nn_pool_ops.py, src/ops/nn_pool_ops.cc):

- TF's recorded results for nn_pool_cases.py (docs/tf-reference/nn_pool.json):
  values within float32 rounding, errors of TF's class;
- channels-first layouts (which TF's CPU kernels refuse) against the
  channels-last results, forward and backward;
- an independent NumPy loop reference on shapes, windows, strides and
  paddings hypothesis draws, for values, gradients and argmax indices;
- the same bits eagerly, in a kiln.function and in a compat.v1 Session;
- kiln's error messages (TF's key words, and what to do).
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
import nn_pool_cases as cases
import recorded_statements as recorded
from kiln import _core

RECORD = recorded.load("nn_pool")
# float32 results printed to 6 digits: sums in another order differ in the last one.
NUMBERS_RTOL, NUMBERS_ATOL = 1e-5, 2e-6
HALF_RTOL = 2e-3  # float16 / bfloat16 results: one unit in the last place


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL,
                             half_rtol=HALF_RTOL)


# ---- channels first, against channels last ----

def _x(shape, dtype=np.float32, seed=0):
    """Distinct values (no ties between window elements) in random order."""
    n = int(np.prod(shape))
    rng = np.random.default_rng(seed)
    return (rng.permutation(n) / n - 0.5).reshape(shape).astype(dtype)


def _to_first(a):
    return np.moveaxis(a, -1, 1)


def _to_last(a):
    return np.moveaxis(a, 1, -1)


LAYOUT_CASES = [
    ("max_pool2d", (2, 7, 6, 3), dict(ksize=3, strides=2, padding="SAME")),
    ("max_pool2d", (2, 7, 6, 3), dict(ksize=[2, 3], strides=[1, 2], padding="VALID")),
    ("max_pool2d", (1, 5, 5, 2), dict(ksize=2, strides=1, padding=[[0, 0], [1, 0], [0, 1], [0, 0]])),
    ("max_pool2d", (2, 3, 2, 6), dict(ksize=[1, 1, 1, 3], strides=[1, 1, 1, 3], padding="VALID")),
    ("avg_pool2d", (2, 7, 6, 3), dict(ksize=3, strides=2, padding="SAME")),
    ("avg_pool2d", (2, 7, 6, 3), dict(ksize=[3, 2], strides=[2, 1], padding="VALID")),
    ("max_pool3d", (2, 4, 5, 3, 2), dict(ksize=2, strides=[1, 2, 2], padding="SAME")),
    ("avg_pool3d", (2, 4, 5, 3, 2), dict(ksize=[2, 3, 2], strides=1, padding="SAME")),
    ("max_pool1d", (2, 9, 3), dict(ksize=3, strides=2, padding="SAME")),
    ("avg_pool1d", (2, 9, 3), dict(ksize=2, strides=2, padding="VALID")),
]
FIRST = {4: "NCHW", 5: "NCDHW", 3: "NCW"}


def _with_first_layout(kwargs, rank):
    """The same call for channels-first data: explicit paddings and
    full-length windows move their channel entry."""
    k = dict(kwargs)
    for key in ("ksize", "strides", "padding"):
        v = k[key]
        if isinstance(v, list) and len(v) == rank:
            k[key] = [v[0], v[-1]] + list(v[1:-1])
    k["data_format"] = FIRST[rank]
    return k


@pytest.mark.parametrize("fn,shape,kwargs", LAYOUT_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(LAYOUT_CASES)])
def test_channels_first_is_channels_last_transposed(fn, shape, kwargs):
    op = getattr(kiln.nn, fn)
    x = _x(shape)
    last = op(x, **kwargs)
    first_in = kiln.constant(_to_first(x))
    w = _x(last.shape, seed=1)
    with kiln.GradientTape() as first_tape:
        first_tape.watch(first_in)
        first = op(first_in, **_with_first_layout(kwargs, len(shape)))
        first_loss = kiln.reduce_sum(first * _to_first(w))
    np.testing.assert_allclose(_to_last(first.numpy()), last.numpy(), rtol=1e-6, atol=1e-7)
    if isinstance(kwargs["ksize"], list) and kwargs["ksize"][-1] > 1:
        return  # pooling across channels has no gradient (TF's neither)
    xl = kiln.constant(x)
    with kiln.GradientTape() as tape:
        tape.watch(xl)
        loss = kiln.reduce_sum(op(xl, **kwargs) * w)
    grad_first = first_tape.gradient(first_loss, first_in)
    np.testing.assert_allclose(_to_last(grad_first.numpy()), tape.gradient(loss, xl).numpy(),
                               rtol=1e-6, atol=1e-7)


def test_second_order_max_pool_gradient_in_both_layouts():
    x = _x((2, 6, 5, 3))
    xl, xf = kiln.constant(x), kiln.constant(_to_first(x))
    results = []
    for t, fmt in ((xl, "NHWC"), (xf, "NCHW")):
        w = kiln.constant(_x((2, 3, 3, 3), seed=2) if fmt == "NHWC"
                          else _to_first(_x((2, 3, 3, 3), seed=2)))
        v = kiln.constant(_x(x.shape, seed=3) if fmt == "NHWC" else _to_first(_x(x.shape, seed=3)))
        with kiln.GradientTape() as outer:
            outer.watch(w)
            with kiln.GradientTape() as inner:
                inner.watch(t)
                y = kiln.reduce_sum(kiln.nn.max_pool2d(t, 3, 2, "SAME", data_format=fmt) * w)
            g = inner.gradient(y, t)
            z = kiln.reduce_sum(g * v)
        gg = outer.gradient(z, w).numpy()
        results.append(gg if fmt == "NHWC" else _to_last(gg))
    np.testing.assert_array_equal(results[0], results[1])
    # max_pool_grad_grad reads v at each window's maximum
    np.testing.assert_array_equal(results[0], _ref_max_pool_grad_grad(x, _x(x.shape, seed=3), (3, 3),
                                                                      (2, 2), "SAME"))


# ---- an independent NumPy reference ----

def _pads(n, k, s, padding):
    """(out, before) along one axis, as TF defines SAME and VALID, or explicit."""
    if padding == "SAME":
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        return out, total // 2
    if padding == "VALID":
        return (n - k + s) // s, 0
    before, after = padding
    return (n + before + after - k + s) // s, before


def _windows(shape, ksize, strides, padding):
    """For channels-last x of `shape`: the output's spatial shape and, per
    output position, the in-bounds input positions of its window."""
    spatial = shape[1:-1]
    axes = []
    for i, n in enumerate(spatial):
        p = padding if isinstance(padding, str) else padding[i]
        out, before = _pads(n, ksize[i], strides[i], p)
        axes.append([range(max(o * strides[i] - before, 0), min(o * strides[i] - before + ksize[i], n))
                     for o in range(out)])
    out_shape = tuple(len(a) for a in axes)
    return out_shape, {pos: list(itertools.product(*[axes[i][o] for i, o in enumerate(pos)]))
                       for pos in itertools.product(*[range(n) for n in out_shape])}


def ref_pool(x, ksize, strides, padding, kind):
    """Max or mean of each window, by loops; float64 sums for means."""
    out_shape, windows = _windows(x.shape, ksize, strides, padding)
    y = np.zeros((x.shape[0], *out_shape, x.shape[-1]), dtype=x.dtype)
    for b in range(x.shape[0]):
        for pos, taps in windows.items():
            vals = np.array([x[(b, *t)] for t in taps])
            y[(b, *pos)] = vals.max(axis=0) if kind == "max" else vals.astype(np.float64).mean(axis=0)
    return y


def ref_max_pool_grad(x, dy, ksize, strides, padding):
    out_shape, windows = _windows(x.shape, ksize, strides, padding)
    dx = np.zeros(x.shape, dtype=np.float64)
    for b in range(x.shape[0]):
        for pos, taps in windows.items():
            for c in range(x.shape[-1]):
                vals = [x[(b, *t, c)] for t in taps]
                dx[(b, *taps[int(np.argmax(vals))], c)] += dy[(b, *pos, c)]
    return dx


def ref_avg_pool_grad(shape, dy, ksize, strides, padding):
    out_shape, windows = _windows(shape, ksize, strides, padding)
    dx = np.zeros(shape, dtype=np.float64)
    for b in range(shape[0]):
        for pos, taps in windows.items():
            for t in taps:
                dx[(b, *t)] += dy[(b, *pos)] / len(taps)
    return dx


def _ref_max_pool_grad_grad(x, ddx, ksize, strides, padding):
    out_shape, windows = _windows(x.shape, ksize, strides, padding)
    out = np.zeros((x.shape[0], *out_shape, x.shape[-1]), dtype=x.dtype)
    for b in range(x.shape[0]):
        for pos, taps in windows.items():
            for c in range(x.shape[-1]):
                vals = [x[(b, *t, c)] for t in taps]
                out[(b, *pos, c)] = ddx[(b, *taps[int(np.argmax(vals))], c)]
    return out


@st.composite
def problems(draw, spatial):
    """A channels-last pooling problem of `spatial` dimensions."""
    dims = [draw(st.integers(1, 7)) for _ in range(spatial)]
    shape = (draw(st.integers(1, 2)), *dims, draw(st.integers(1, 3)))
    ksize = [draw(st.integers(1, d + 1)) for d in dims]
    strides = [draw(st.integers(1, 3)) for _ in dims]
    kind = draw(st.sampled_from(["SAME", "VALID", "EXPLICIT"] if spatial == 2 else ["SAME", "VALID"]))
    if kind == "EXPLICIT":
        padding = [(draw(st.integers(0, k - 1)), draw(st.integers(0, k - 1))) for k in ksize]
    else:
        padding = kind
    if kind == "VALID" or kind == "EXPLICIT":
        pads = [0] * spatial if kind == "VALID" else [a + b for a, b in padding]
        ksize = [min(k, d + p) for k, d, p in zip(ksize, dims, pads)]
    return shape, ksize, strides, padding


def _tf_padding(padding, spatial):
    if isinstance(padding, str):
        return padding
    return [[0, 0]] + [list(p) for p in padding] + [[0, 0]]


def _pool_fn(kind, spatial):
    return getattr(kiln.nn, f"{kind}_pool{'3d' if spatial == 3 else '2d'}")


@pytest.mark.parametrize("spatial", [2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_pooling_matches_a_numpy_loop_reference(spatial, dtype, data):
    shape, ksize, strides, padding = data.draw(problems(spatial))
    x = _x(shape, dtype, seed=data.draw(st.integers(0, 1000)))
    tfpad = _tf_padding(padding, spatial)
    for kind in ("max", "avg"):
        if kind == "avg" and not isinstance(padding, str):
            continue  # TF's avg_pool has no explicit padding
        want = ref_pool(x, ksize, strides, padding, kind)
        xt = kiln.constant(x)
        with kiln.GradientTape() as tape:
            tape.watch(xt)
            got = _pool_fn(kind, spatial)(xt, ksize, strides, tfpad)
            dy = _x(got.shape, dtype, seed=5) if got.shape.num_elements() else np.zeros(got.shape, dtype)
            loss = kiln.reduce_sum(got * dy)
        assert got.dtype == dtype and tuple(got.shape) == want.shape
        # float32: each mean is within rtol of the sum of |terms| it divides
        tol = 1e-6 if dtype == np.float32 else 1e-13
        np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol)
        grad = tape.gradient(loss, xt).numpy()
        if kind == "max":
            ref = ref_max_pool_grad(x, dy, ksize, strides, padding)
        else:
            ref = ref_avg_pool_grad(x.shape, dy, ksize, strides, padding)
        np.testing.assert_allclose(grad, ref, rtol=10 * tol, atol=10 * tol)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_integer_max_pooling_matches_the_reference(data):
    shape, ksize, strides, padding = data.draw(problems(2))
    dtype = data.draw(st.sampled_from([np.int8, np.int32, np.int64, np.uint8, np.uint16]))
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    got = kiln.nn.max_pool2d(x, ksize, strides, _tf_padding(padding, 2))
    np.testing.assert_array_equal(got.numpy(), ref_pool(x, ksize, strides, padding, "max"))


@settings(max_examples=25, deadline=None)
@given(data=st.data(), include_batch=st.booleans(), index_dtype=st.sampled_from([kiln.int32, kiln.int64]))
def test_argmax_indices_are_tfs_flattened_positions(data, include_batch, index_dtype):
    shape, ksize, strides, padding = data.draw(problems(2))
    padding = padding if isinstance(padding, str) else "SAME"
    x = _x(shape)
    out, argmax = kiln.nn.max_pool_with_argmax(x, ksize, strides, padding, output_dtype=index_dtype,
                                               include_batch_in_index=include_batch)
    assert argmax.dtype == index_dtype
    flat = x.reshape(-1)
    index = argmax.numpy().astype(np.int64)
    if not include_batch:
        index = index + (np.arange(shape[0]) * np.prod(shape[1:])).reshape(-1, 1, 1, 1)
    np.testing.assert_array_equal(flat[index], out.numpy())
    np.testing.assert_array_equal(out.numpy(), ref_pool(x, ksize, strides, padding, "max"))
    # its gradient scatters dy to the indices
    xt = kiln.constant(x)
    with kiln.GradientTape() as tape:
        tape.watch(xt)
        o, _ = kiln.nn.max_pool_with_argmax(xt, ksize, strides, padding,
                                            include_batch_in_index=include_batch)
        dy = _x(o.shape, seed=4)
        loss = kiln.reduce_sum(o * dy)
    want = np.zeros(flat.shape)
    np.add.at(want, index.reshape(-1), dy.reshape(-1))
    np.testing.assert_allclose(tape.gradient(loss, xt).numpy().reshape(-1), want, rtol=1e-6, atol=1e-6)


def test_half_precision_pooling_goes_through_float32():
    x = _x((2, 6, 5, 3))
    for dtype in (kiln.float16, kiln.bfloat16):
        xh = kiln.cast(x, dtype)
        exact = kiln.cast(kiln.nn.max_pool2d(kiln.cast(xh, kiln.float32), 3, 2, "SAME"), dtype)
        got = kiln.nn.max_pool2d(xh, 3, 2, "SAME")
        assert got.dtype == dtype
        np.testing.assert_array_equal(np.asarray(got, np.float32), np.asarray(exact, np.float32))
        avg = kiln.nn.avg_pool3d(kiln.reshape(xh, [2, 6, 5, 3, 1]), 2, 1, "SAME")
        ref = ref_pool(np.asarray(xh, np.float32).reshape(2, 6, 5, 3, 1), [2, 2, 2], [1, 1, 1], "SAME",
                       "avg")
        np.testing.assert_allclose(np.asarray(avg, np.float32), ref, rtol=1e-2, atol=1e-3)


def test_windows_larger_than_the_input_are_cheap_and_exact():
    # TF accepts windows up to 2^31 - 1 with SAME padding: every output then
    # sees the whole input (kiln clips the window instead of visiting it).
    x = _x((2, 4, 5, 3))
    big = kiln.nn.max_pool2d(x, 2**31 - 1, 1, "SAME")
    np.testing.assert_array_equal(big.numpy(), np.broadcast_to(x.max(axis=(1, 2), keepdims=True), x.shape))
    avg = kiln.nn.avg_pool2d(x, [2**31 - 1, 1], 1, "SAME")
    np.testing.assert_allclose(avg.numpy(), np.broadcast_to(x.mean(axis=1, keepdims=True), x.shape),
                               rtol=1e-6, atol=1e-7)


# ---- graphs and traced functions ----

GRAPH_CALLS = [
    lambda t: kiln.nn.max_pool2d(t, 3, 2, "SAME"),
    lambda t: kiln.nn.avg_pool2d(t, [2, 3], [1, 2], "VALID"),
    lambda t: kiln.nn.max_pool2d(t, 2, 1, [[0, 0], [1, 0], [0, 1], [0, 0]]),
    lambda t: kiln.nn.max_pool_with_argmax(t, 2, 2, "SAME")[1],
    lambda t: kiln.nn.max_pool3d(kiln.expand_dims(t, 1), [1, 2, 2], 1, "VALID"),
    lambda t: kiln.nn.avg_pool(t, 2, 2, "SAME", data_format="NCHW"),
]


@pytest.mark.parametrize("call", GRAPH_CALLS)
def test_the_same_bits_eagerly_in_a_function_and_in_a_session(call):
    x = _x((2, 6, 5, 4))
    eager = call(kiln.constant(x)).numpy()
    traced = kiln.function(call, input_signature=[kiln.TensorSpec([None, 6, 5, 4], kiln.float32)])
    np.testing.assert_array_equal(traced(x).numpy(), eager)
    with kiln.Graph().as_default() as g:
        p = kiln.compat.v1.placeholder(kiln.float32, [None, None, None, 4])
        out = call(p)
    with kiln.compat.v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(out, {p: x}), eager)


def test_gradients_in_a_graph_with_an_unknown_batch():
    x = _x((3, 6, 5, 2))
    with kiln.Graph().as_default() as g:
        p = kiln.compat.v1.placeholder(kiln.float32, [None, 6, 5, 2])
        y = kiln.nn.avg_pool2d(p, 3, 2, "SAME") * 2.0 + kiln.nn.max_pool2d(p, 2, 2, "VALID")[:, :1, :1]
        (dx,) = kiln.gradients(kiln.reduce_sum(y), [p])
    with kiln.compat.v1.Session(graph=g) as sess:
        got = sess.run(dx, {p: x})
    xt = kiln.constant(x)
    with kiln.GradientTape() as tape:
        tape.watch(xt)
        y = kiln.nn.avg_pool2d(xt, 3, 2, "SAME") * 2.0 + kiln.nn.max_pool2d(xt, 2, 2, "VALID")[:, :1, :1]
        loss = kiln.reduce_sum(y)
    np.testing.assert_allclose(got, tape.gradient(loss, xt).numpy(), rtol=1e-6)


# ---- errors: TF's words, and what to do ----

X = np.zeros((2, 6, 7, 3), np.float32)
ERRORS = [
    (lambda: kiln.nn.max_pool2d(X, [2, 2, 2, 1], 1, "VALID"), kiln.errors.UnimplementedError,
     "Pooling is not yet supported on the batch dimension"),
    (lambda: kiln.nn.max_pool2d(X, [1, 2, 2, 3], 1, "VALID"), kiln.errors.UnimplementedError,
     "exactly one of pooling across depth or pooling across width/height"),
    (lambda: kiln.nn.max_pool2d(np.zeros((1, 2, 2, 6)), [1, 1, 1, 4], [1, 1, 1, 4], "VALID"),
     kiln.errors.UnimplementedError, "depth window to evenly divide the input depth"),
    (lambda: kiln.nn.max_pool2d(np.zeros((1, 2, 2, 6)), [1, 1, 1, 3], 1, "VALID"),
     kiln.errors.UnimplementedError, "depth window to equal the depth stride"),
    (lambda: kiln.nn.max_pool2d(np.zeros((1, 2, 2, 6)), [1, 1, 1, 3], [1, 1, 1, 3],
                                [[0, 0], [0, 0], [0, 0], [0, 0]]),
     kiln.errors.UnimplementedError, "Depthwise max pooling does not support explicit padding"),
    (lambda: kiln.nn.avg_pool2d(np.zeros((1, 2, 2, 6)), [1, 1, 1, 3], [1, 1, 1, 3], "VALID"),
     kiln.errors.UnimplementedError, "Non-spatial pooling is not yet supported"),
    (lambda: kiln.nn.max_pool3d(np.zeros((1, 2, 2, 2, 4), np.float32), [1, 1, 1, 1, 2], 1, "VALID"),
     kiln.errors.UnimplementedError, "not yet supported on the depth dimension"),
    (lambda: kiln.nn.max_pool2d(X, 0, 1, "VALID"), kiln.errors.InvalidArgumentError,
     "Sliding window ksize must be positive"),
    (lambda: kiln.nn.max_pool2d(X, 2, 0, "VALID"), kiln.errors.InvalidArgumentError,
     "Stride must be > 0, but got 0"),
    (lambda: kiln.nn.max_pool2d(X, 2**31, 1, "VALID"), kiln.errors.InvalidArgumentError,
     "out of range for an int32"),
    (lambda: kiln.nn.max_pool2d(X, [9, 2], 1, "VALID"), kiln.errors.InvalidArgumentError,
     "Computed output size would be negative: -2 [input_size: 6, effective_filter_size: 9, stride: 1]"),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, "same"), kiln.errors.InvalidArgumentError,
     "Value for attr 'padding' of \"same\" is not in the list of allowed values"),
    (lambda: kiln.nn.avg_pool2d(X, 2, 1, "EXPLICIT"), kiln.errors.InvalidArgumentError,
     "allowed values: \"SAME\", \"VALID\"."),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, "VALID", data_format="NHCW"), kiln.errors.InvalidArgumentError,
     "Value for attr 'data_format' of \"NHCW\""),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, [[0, 0], [2, 1], [1, 1], [0, 0]]),
     kiln.errors.InvalidArgumentError, "Top padding 2 needs to be smaller than the window size 2"),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, [[0, 0], [0, 0], [0, 3], [0, 0]]),
     kiln.errors.InvalidArgumentError, "Right padding 3 needs to be smaller than the window size 2"),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, [[1, 0], [0, 0], [0, 0], [0, 0]]),
     kiln.errors.InvalidArgumentError, "Nonzero explicit padding in the batch or depth dimensions"),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, [[0, 0], [-1, 0], [0, 0], [0, 0]]),
     kiln.errors.InvalidArgumentError, "All elements of explicit_paddings must be nonnegative"),
    (lambda: kiln.nn.max_pool2d(X[0], 2, 1, "VALID"), kiln.errors.InvalidArgumentError,
     "input must be 4-dimensional"),
    (lambda: kiln.nn.max_pool3d(X, 2, 1, "VALID"), kiln.errors.InvalidArgumentError,
     "input must be 5-dimensional"),
    (lambda: kiln.nn.avg_pool2d(X.astype(np.int32), 2, 1, "VALID"), kiln.errors.InvalidArgumentError,
     "Value for attr 'T' of int32 is not in the list of allowed values: half, bfloat16, float, double"),
    (lambda: kiln.nn.max_pool2d(X.astype(np.complex64), 2, 1, "VALID"), kiln.errors.InvalidArgumentError,
     "Value for attr 'T' of complex64"),
    (lambda: kiln.nn.max_pool_with_argmax(X, 2, 2, "SAME", output_dtype=kiln.int16),
     kiln.errors.InvalidArgumentError, "Value for attr 'Targmax' of int16"),
    (lambda: kiln.nn.max_pool_with_argmax(np.zeros((1, 2, 2, 6), np.float32), [1, 1, 1, 3],
                                          [1, 1, 1, 3], "VALID"),
     kiln.errors.UnimplementedError, "does not pool across channels"),
    (lambda: kiln.nn.max_pool2d(X, [1, 2, 2], 1, "VALID"), ValueError,
     "ksize should be of length 1, 2 or 4. Received: ksize=[1, 2, 2] of length 3"),
    (lambda: kiln.nn.max_pool2d(X, 2, 1, "EXPLICIT"), ValueError,
     "'EXPLICIT' is not a valid value for `padding`"),
    (lambda: kiln.nn.avg_pool2d(X, 2, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]), TypeError,
     "Expected string for argument 'padding'"),
    (lambda: kiln.nn.pool(X, [2, 2], "MAX", padding="SAME", dilations=[2, 1]), ValueError,
     "pooling with 'SAME' padding is not implemented for `dilation_rate` > 1"),
    (lambda: kiln.nn.max_pool_with_argmax(X, 2, 2, "SAME", data_format="NCHW"), ValueError,
     "`data_format` values other  than 'NHWC' are not supported"),
]


@pytest.mark.parametrize("call,error,words", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors_say_what_tf_says(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


MAX_POOL_GRAD = _core.op_names().index("max_pool_grad")
AVG_POOL_GRAD = _core.op_names().index("avg_pool_grad")
GRAD_WITH_ARGMAX = _core.op_names().index("max_pool_grad_with_argmax")
GRAD_GRAD = _core.op_names().index("max_pool_grad_grad")


def test_gradient_ops_check_their_shapes():
    x = _x((2, 6, 7, 3))
    y = kiln.nn.max_pool2d(x, 2, 2, "SAME")
    attrs = ((1, 2, 2, 1), (1, 2, 2, 1), "SAME", (), "NHWC")
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match=r"Expected grad shape to be \[2,3,4,3\], but got \[1,3,4,3\]"):
        _core.execute(MAX_POOL_GRAD, (kiln.constant(x), y, y[:1]), attrs)
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"Expected orig_output shape"):
        _core.execute(MAX_POOL_GRAD, (kiln.constant(x), y[:1], y), attrs)
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"Expected grad shape to be \[2,6,7,3\]"):
        _core.execute(GRAD_GRAD, (kiln.constant(x), y, y), attrs)
    with pytest.raises(kiln.errors.InvalidArgumentError, match="grad is float64 but orig_input is float32"):
        _core.execute(MAX_POOL_GRAD, (kiln.constant(x), y, kiln.cast(y, kiln.float64)), attrs)
    with pytest.raises(kiln.errors.UnimplementedError,
                       match="MaxPoolingGrad is not yet supported on the depth dimension"):
        x6 = kiln.constant(_x((1, 2, 2, 6)))
        y6 = kiln.nn.max_pool2d(x6, [1, 1, 1, 3], [1, 1, 1, 3], "VALID")
        _core.execute(MAX_POOL_GRAD, (x6, y6, y6), ((1, 1, 1, 3), (1, 1, 1, 3), "VALID", (), "NHWC"))
    # avg_pool_grad: the original shape must pool to grad's (TF does not check; kiln must not read
    # beyond grad)
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"Expected grad shape to be \[2,4,4,3\]"):
        _core.execute(AVG_POOL_GRAD, (y,), ((2, 8, 7, 3), (1, 2, 2, 1), (1, 2, 2, 1), "SAME", "NHWC"))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="Expected a non-negative size, got -6"):
        _core.execute(AVG_POOL_GRAD, (y,), ((2, 6, 7, -6), (1, 2, 2, 1), (1, 2, 2, 1), "SAME", "NHWC"))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="orig_input_shape must be 1-dimensional and 4"):
        _core.execute(AVG_POOL_GRAD, (y,), ((2, 6, 7), (1, 2, 2, 1), (1, 2, 2, 1), "SAME", "NHWC"))


def test_a_wrong_argmax_is_an_error_not_a_crash():
    # TF's kernel aborts the process on such an index; kiln raises.
    x = kiln.constant(_x((2, 4, 4, 3)))
    out, argmax = kiln.nn.max_pool_with_argmax(x, 2, 2, "SAME")
    attrs = ((1, 2, 2, 1), (1, 2, 2, 1), "SAME", False)
    for bad in (argmax + 1000, argmax - 1000):
        with pytest.raises(kiln.errors.InvalidArgumentError, match="argmax holds the index .* outside"):
            _core.execute(GRAD_WITH_ARGMAX, (x, out, bad), attrs)
    # with the batch in the index, an index of another image is refused too
    _, batched = kiln.nn.max_pool_with_argmax(x, 2, 2, "SAME", include_batch_in_index=True)
    with pytest.raises(kiln.errors.InvalidArgumentError, match="for image 0"):
        _core.execute(GRAD_WITH_ARGMAX, (x, out, batched + 48), attrs[:3] + (True,))


def test_second_derivative_of_argmax_pooling_is_tfs_lookup_error():
    x = kiln.constant(_x((1, 4, 4, 2)))
    with kiln.GradientTape() as outer:
        outer.watch(x)
        with kiln.GradientTape() as inner:
            inner.watch(x)
            o, _ = kiln.nn.max_pool_with_argmax(x, 2, 2, "SAME")
            loss = kiln.reduce_sum(o * o)
        g = inner.gradient(loss, x)
        z = kiln.reduce_sum(g * g)
    with pytest.raises(LookupError, match="No gradient defined for operation 'max_pool_grad_with_argmax'"):
        outer.gradient(z, x)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_random_attributes_never_crash(data):
    """Any ksize, strides, paddings and shapes: a value or a kiln error."""
    name = data.draw(st.sampled_from(["max_pool", "avg_pool", "max_pool3d", "avg_pool3d",
                                      "max_pool_with_argmax"]))
    rank = 5 if name.endswith("3d") else 4
    shape = data.draw(st.lists(st.integers(0, 4), min_size=rank - 1, max_size=rank + 1))
    ints = st.one_of(st.integers(-2, 5), st.sampled_from([2**31 - 1, 2**31, 2**40]))
    ksize = data.draw(st.lists(ints, min_size=rank - 1, max_size=rank + 1))
    strides = data.draw(st.lists(ints, min_size=rank - 1, max_size=rank + 1))
    padding = data.draw(st.sampled_from(["SAME", "VALID", "EXPLICIT", "bogus"]))
    fmt = data.draw(st.sampled_from(["NHWC", "NCHW", "NDHWC", "NCDHW", "X"]))
    x = kiln.zeros(shape, data.draw(st.sampled_from([kiln.float32, kiln.float64, kiln.int32, kiln.float16])))
    op = _core.op_names().index(name)
    if name == "max_pool":
        attrs = (ksize, strides, padding, data.draw(st.lists(ints, max_size=9)), fmt)
    elif name == "max_pool_with_argmax":
        attrs = (ksize, strides, kiln.int64._code, padding, data.draw(st.booleans()))
    else:
        attrs = (ksize, strides, padding, fmt)
    try:
        out = _core.execute(op, (x,), attrs)
    except (kiln.errors.OpError, ValueError, TypeError):
        return
    for t in out if isinstance(out, tuple) else (out,):
        np.asarray(t)
