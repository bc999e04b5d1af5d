"""kiln.nn's convolutions (python/kiln/nn_conv_ops.py, src/ops/nn_conv_ops.cc):
TF's recorded results (nn_conv_cases.py, docs/tf-reference/nn_conv.json);
an independent NumPy reference (direct loops) on shapes hypothesis draws, in
float32 and float64, both layouts, grouped and depthwise, and the two
gradients; what TF's CPU kernels refuse and kiln runs (NCHW, dilated conv3d
and transposed convolutions, grouped gradients); eager, kiln.function and
compat.v1 sessions giving the same bits; the error messages."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
import nn_conv_cases as cases
import recorded_statements as recorded
from kiln import _core

RECORD = recorded.load("nn_conv")
# float32 sums of up to ~100 products in another order, printed to 6 digits:
# the error scales with the largest term of a result, not each number.
RTOL, ATOL = 1e-6, 2e-6


# ---- TF's recorded results ----

kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, RTOL, ATOL, relative_to="largest")


# ---- an independent reference: direct loops ----

def reference_conv(x, w, strides, pads, dilations, groups):
    """Cross-correlation of channels-last x (N, spatial..., C) with w
    (k..., C / groups, O); pads: (before, after) per spatial axis. float64."""
    x, w = np.asarray(x, np.float64), np.asarray(w, np.float64)
    n = x.ndim - 2
    x = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    k = w.shape[:n]
    out_sizes = [(x.shape[1 + i] - (k[i] - 1) * dilations[i] - 1) // strides[i] + 1
                 for i in range(n)]
    ipg, o = w.shape[n], w.shape[n + 1]
    opg = o // groups
    out = np.zeros((x.shape[0], *out_sizes, o))
    for pos in np.ndindex(*out_sizes):
        for tap in np.ndindex(*k):
            index = tuple(p * s + t * d for p, s, t, d in zip(pos, strides, tap, dilations))
            pixel = x[(slice(None),) + index]  # (N, C)
            for g in range(groups):
                out[(slice(None),) + pos + (slice(g * opg, (g + 1) * opg),)] += (
                    pixel[:, g * ipg:(g + 1) * ipg] @ w[tap][:, g * opg:(g + 1) * opg])
    return out


def same_pads(size, k, s, d):
    out = -(-size // s)
    need = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
    return need // 2, need - need // 2


@st.composite
def convolutions(draw, spatial=2, depthwise=False):
    n_spatial = spatial
    batch = draw(st.integers(1, 2))
    sizes = [draw(st.integers(1, 7)) for _ in range(n_spatial)]
    kernel = [draw(st.integers(1, 3)) for _ in range(n_spatial)]
    strides = [draw(st.integers(1, 3)) for _ in range(n_spatial)]
    dilations = [draw(st.integers(1, 2)) for _ in range(n_spatial)]
    padding = draw(st.sampled_from(["SAME", "VALID", "EXPLICIT"]))
    if depthwise:
        channels, multiplier = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        groups, ipg, out_c = channels, 1, channels * multiplier
        filter_shape = (*kernel, channels, multiplier)
    else:
        groups = draw(st.sampled_from([1, 1, 2, 3]))
        ipg, opg = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        channels, out_c = groups * ipg, groups * opg
        filter_shape = (*kernel, ipg, out_c)
    if padding == "EXPLICIT":
        pads = [(draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(n_spatial)]
    elif padding == "SAME":
        pads = [same_pads(*a) for a in zip(sizes, kernel, strides, dilations)]
    else:
        pads = [(0, 0)] * n_spatial
    if any(s + a + b < (k - 1) * d + 1 for s, (a, b), k, d in zip(sizes, pads, kernel, dilations)):
        sizes = [(k - 1) * d + 1 for k, d in zip(kernel, dilations)]  # keep the output non-empty
        if padding == "SAME":
            pads = [same_pads(*a) for a in zip(sizes, kernel, strides, dilations)]
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    channels_last = draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.uniform(-1, 1, (batch, *sizes, channels)).astype(dtype)
    w = rng.uniform(-1, 1, filter_shape).astype(dtype)
    return dict(x=x, w=w, strides=strides, dilations=dilations, padding=padding, pads=pads,
                groups=groups, channels_last=channels_last, spatial=n_spatial, depthwise=depthwise,
                out_c=out_c)


def _attrs(c):
    """(strides, padding, explicit_paddings, data_format, dilations) of the op."""
    n = c["spatial"]
    if c["channels_last"]:
        full = lambda v: [1, *v, 1]  # noqa: E731
        explicit = [0, 0] + [p for pair in c["pads"] for p in pair] + [0, 0]
        fmt = "NHWC" if n == 2 else "NDHWC"
    else:
        full = lambda v: [1, 1, *v]  # noqa: E731
        explicit = [0, 0, 0, 0] + [p for pair in c["pads"] for p in pair]
        fmt = "NCHW" if n == 2 else "NCDHW"
    return (full(c["strides"]), c["padding"], explicit if c["padding"] == "EXPLICIT" else [], fmt,
            full(c["dilations"]))


def _to_layout(a, channels_last):
    return a if channels_last else np.moveaxis(a, -1, 1)


def _from_layout(a, channels_last):
    return a if channels_last else np.moveaxis(a, 1, -1)


def _op(c, role):
    base = "depthwise_conv2d_native" if c["depthwise"] else ("conv2d" if c["spatial"] == 2
                                                              else "conv3d")
    suffix = {"forward": "", "input": "_backprop_input", "filter": "_backprop_filter"}[role]
    if c["spatial"] == 3 and role != "forward":
        suffix += "_v2"
    return _core.op_names().index(base + suffix)


def _tolerance(c, terms):
    """float32: 1e-5 relative to the sum of |terms| (bounded by the count of terms)."""
    return (1e-5 if c["x"].dtype == np.float32 else 1e-12) * terms


def _check_case(c):
    x, w, cl = c["x"], c["w"], c["channels_last"]
    w_grouped = w.reshape(*w.shape[:-2], 1, -1) if c["depthwise"] else w
    expected = reference_conv(x, w_grouped, c["strides"], c["pads"], c["dilations"], c["groups"])
    attrs = _attrs(c)
    got = _from_layout(np.asarray(_core.execute(_op(c, "forward"),
                                                (kiln.constant(_to_layout(x, cl)),
                                                 kiln.constant(w)), attrs)), cl)
    assert got.dtype == x.dtype and got.shape == expected.shape
    taps = np.prod(w.shape[:-1])
    np.testing.assert_allclose(got, expected, rtol=0, atol=_tolerance(c, taps))

    # The gradients, for an upstream gradient dy: sum(dy * conv(x, w)) is
    # linear in each of x and w, so its gradient is the reference's
    # transpose, checked through the same direct loops.
    rng = np.random.default_rng(1)
    dy = rng.uniform(-1, 1, expected.shape).astype(x.dtype)
    dx = _from_layout(np.asarray(_core.execute(
        _op(c, "input"), (kiln.constant(w), kiln.constant(_to_layout(dy, cl))),
        (list(_to_layout(x, cl).shape),) + attrs)), cl)
    dw = np.asarray(_core.execute(
        _op(c, "filter"), (kiln.constant(_to_layout(x, cl)), kiln.constant(_to_layout(dy, cl))),
        (list(w.shape),) + attrs))
    # <dy, conv(x', w)> = <dx, x'> and <dy, conv(x, w')> = <dw, w'> for probes x', w'.
    for _ in range(2):
        px = rng.uniform(-1, 1, x.shape)
        pw = rng.uniform(-1, 1, w.shape)
        lhs_x = np.sum(dy * reference_conv(px, w_grouped, c["strides"], c["pads"],
                                           c["dilations"], c["groups"]))
        pw_grouped = pw.reshape(w_grouped.shape)
        lhs_w = np.sum(dy * reference_conv(x, pw_grouped, c["strides"], c["pads"],
                                           c["dilations"], c["groups"]))
        scale = np.abs(dy).sum() * taps
        np.testing.assert_allclose(np.sum(dx * px), lhs_x, rtol=0, atol=_tolerance(c, scale))
        np.testing.assert_allclose(np.sum(dw * pw), lhs_w, rtol=0, atol=_tolerance(c, scale))


@settings(max_examples=40, deadline=None)
@given(convolutions(spatial=2))
def test_conv2d_and_its_gradients_match_direct_loops(c):
    _check_case(c)


@settings(max_examples=25, deadline=None)
@given(convolutions(spatial=2, depthwise=True))
def test_depthwise_conv2d_and_its_gradients_match_direct_loops(c):
    _check_case(c)


@settings(max_examples=15, deadline=None)
@given(convolutions(spatial=3))
def test_conv3d_and_its_gradients_match_direct_loops(c):
    _check_case(c)


# ---- what TF's CPU kernels refuse ----

RNG = np.random.default_rng(3)
X = RNG.uniform(-1, 1, (2, 5, 6, 4)).astype(np.float32)
W = RNG.uniform(-1, 1, (3, 3, 4, 3)).astype(np.float32)


def test_nchw_gives_nhwcs_values_transposed():
    nhwc = kiln.nn.conv2d(X, W, [1, 2], [[0, 0], [1, 0], [2, 1], [0, 0]], dilations=[2, 1])
    nchw = kiln.nn.conv2d(np.transpose(X, [0, 3, 1, 2]), W, [1, 2],
                          [[0, 0], [0, 0], [1, 0], [2, 1]], data_format="NCHW", dilations=[2, 1])
    np.testing.assert_allclose(np.transpose(nchw, [0, 2, 3, 1]), nhwc, rtol=1e-6, atol=1e-6)
    x1 = X[:, 0]  # (2, 6, 4)
    w1 = W[0]
    np.testing.assert_allclose(
        np.transpose(kiln.nn.conv1d(np.transpose(x1, [0, 2, 1]), w1, 2, "SAME", data_format="NCW"),
                     [0, 2, 1]), kiln.nn.conv1d(x1, w1, 2, "SAME"), rtol=1e-6, atol=1e-6)
    x3 = RNG.uniform(-1, 1, (1, 3, 4, 5, 2))
    w3 = RNG.uniform(-1, 1, (2, 2, 2, 2, 3))
    ncdhw = kiln.nn.conv3d(np.moveaxis(x3, -1, 1), w3, [1, 1, 1, 2, 1], "SAME",
                           data_format="NCDHW", dilations=[1, 1, 2, 1, 1])
    np.testing.assert_allclose(
        np.moveaxis(np.asarray(ncdhw), 1, -1),
        reference_conv(x3, w3, [1, 2, 1], [same_pads(3, 2, 1, 2), same_pads(4, 2, 2, 1),
                                          same_pads(5, 2, 1, 1)], [2, 1, 1], 1), atol=1e-12)


def test_dilated_transposed_convolution_is_the_gradient_of_the_dilated_one():
    y = RNG.uniform(-1, 1, (2, 5, 6, 3)).astype(np.float32)
    got = kiln.nn.conv2d_transpose(y, W, [2, 5, 6, 4], 1, "SAME", dilations=2)
    x = kiln.constant(X)
    with kiln.GradientTape() as tape:
        tape.watch(x)
        out = kiln.nn.conv2d(x, W, 1, "SAME", dilations=2)
    np.testing.assert_allclose(got, tape.gradient(out, x, output_gradients=y), rtol=1e-6)


def test_float16_and_bfloat16_round_the_float32_result():
    want = np.asarray(kiln.nn.conv2d(X, W, 1, "SAME"))
    for dtype in (kiln.float16, kiln.bfloat16):
        got = kiln.nn.conv2d(kiln.cast(X, dtype), kiln.cast(W, dtype), 1, "SAME")
        assert got.dtype == dtype
        rtol = 1e-2 if dtype == kiln.float16 else 4e-2
        np.testing.assert_allclose(np.asarray(kiln.cast(got, kiln.float32)), want, rtol=rtol,
                                   atol=rtol * np.abs(want).max())


# ---- eager, traced and graph runs agree ----

def test_eager_traced_and_session_runs_give_the_same_bits():
    def model(x, w):
        y = kiln.nn.conv2d(x, w, 2, "SAME")
        z = kiln.nn.depthwise_conv2d(x, kiln.ones([2, 2, 4, 2]), [1, 1, 1, 1], "VALID")
        t = kiln.nn.conv2d_transpose(y, w, kiln.shape(x), 2, "SAME")
        return y, z, t
    eager = [np.asarray(v) for v in model(X, W)]
    traced = kiln.function(model)(kiln.constant(X), kiln.constant(W))
    for e, t in zip(eager, traced):
        np.testing.assert_array_equal(e, np.asarray(t))
    g = kiln.Graph()
    with g.as_default():
        px = kiln.compat.v1.placeholder(kiln.float32, [None, 5, 6, 4])
        pw = kiln.compat.v1.placeholder(kiln.float32, [3, 3, 4, 3])
        built = model(px, pw)
    with kiln.compat.v1.Session(graph=g) as sess:
        for e, v in zip(eager, sess.run(list(built), {px: X, pw: W})):
            np.testing.assert_array_equal(e, v)


def test_conv_ops_are_graph_nodes_of_tfs_types():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None, 5, 6, 4])
        y = kiln.nn.conv2d(x, W, 1, "SAME")
        d = kiln.nn.depthwise_conv2d(x, kiln.ones([1, 1, 4, 2]), [1, 1, 1, 1], "SAME")
        t = kiln.nn.conv3d_transpose(kiln.ones([1, 2, 2, 2, 3]), kiln.ones([2, 2, 2, 4, 3]),
                                     [1, 4, 4, 4, 4], 2)
    assert y.op.type == "Conv2D"
    assert d.op.type == "DepthwiseConv2dNative"
    assert t.op.type == "Conv3DBackpropInputV2"


def test_input_sizes_fed_at_run_time():
    y = np.asarray(kiln.nn.conv2d(X, W, 2, "SAME"))
    g = kiln.Graph()
    with g.as_default():
        sizes = kiln.compat.v1.placeholder(kiln.int32, [4])
        py = kiln.compat.v1.placeholder(kiln.float32, [2, 3, 3, 3])
        t = kiln.nn.conv2d_transpose(py, W, sizes, 2, "SAME")
        assert t.shape.as_list() == [None, None, None, None]
    with kiln.compat.v1.Session(graph=g) as sess:
        got = sess.run(t, {sizes: [2, 5, 6, 4], py: y})
    np.testing.assert_array_equal(got, kiln.nn.conv2d_transpose(y, W, [2, 5, 6, 4], 2, "SAME"))


# ---- errors ----

def test_errors_say_what_is_wrong_and_the_fix():
    err = kiln.errors
    cases_ = [
        (lambda: kiln.nn.conv2d(X, W, 1, "FOO"), err.InvalidArgumentError,
         r"\[conv2d\] Value for attr 'padding' of \"FOO\" is not in the list of allowed values"),
        (lambda: kiln.nn.conv2d(X, np.ones((3, 3, 3, 5), np.float32), 1, "SAME"),
         err.InvalidArgumentError, "input depth must be evenly divisible by filter depth: 4 vs 3"),
        (lambda: kiln.nn.conv2d(X, np.ones((3, 3, 2, 3), np.float32), 1, "SAME"),
         err.InvalidArgumentError, "output depth must be evenly divisible by number of groups: "
                                   "3 vs 2"),
        (lambda: kiln.nn.conv2d(X, W, [2, 1, 1, 1], "SAME"), err.UnimplementedError,
         "does not yet support strides in the batch and depth dimensions.*give 1"),
        (lambda: kiln.nn.conv2d(X, W, 1, "SAME", dilations=[1, 1, 1, 2]), err.UnimplementedError,
         "does not yet support dilations in the batch and depth dimensions"),
        (lambda: kiln.nn.conv2d(X[0], W, 1, "SAME"), err.InvalidArgumentError,
         r"input must be 4-dimensional, got shape \(5, 6, 4\)"),
        (lambda: kiln.nn.conv2d(X, W[0], 1, "SAME"), err.InvalidArgumentError,
         "filter must be 4-dimensional"),
        (lambda: kiln.nn.conv2d(X, W, 0, "SAME"), err.InvalidArgumentError,
         "Row and column strides should be larger than 0"),
        (lambda: kiln.nn.conv2d(X, W, 1, "SAME", dilations=0), err.InvalidArgumentError,
         "Dilated rates should be larger than 0"),
        (lambda: kiln.nn.conv2d(X, np.ones((7, 3, 4, 5), np.float32), 1, "VALID"),
         err.InvalidArgumentError, r"Computed output size would be negative: -1 \[input_size: 5, "
                                   r"effective_filter_size: 7, stride: 1\]"),
        (lambda: kiln.nn.conv2d(X, W, 1, [[0, 0], [1, 1], [1, 1], [1, 0]]),
         err.InvalidArgumentError, "Nonzero explicit padding in the batch or depth dimensions"),
        (lambda: kiln.nn.conv2d(X, W, 1, [[0, 0], [1, -1], [1, 1], [0, 0]]),
         err.InvalidArgumentError, "All elements of explicit_paddings must be nonnegative"),
        (lambda: kiln.nn.conv2d(X, W.astype(np.float64), 1, "SAME"), err.InvalidArgumentError,
         "filter is float64 but input is float32; both must have one dtype"),
        (lambda: kiln.nn.conv2d(X.astype(np.int32), W.astype(np.int32), 1, "SAME"),
         err.InvalidArgumentError, "supports float16, bfloat16, float32 and float64; cast"),
        (lambda: kiln.nn.conv2d(X, np.ones((0, 3, 4, 3), np.float32), 1, "SAME"),
         err.InvalidArgumentError, "filter must not have zero elements"),
        (lambda: kiln.nn.conv2d(X, np.ones((3, 3, 0, 3), np.float32), 1, "SAME"),
         err.InvalidArgumentError, "filter depth must be strictly positive"),
        (lambda: kiln.nn.conv2d(X, W, 1, "SAME", data_format="NCWH"), err.InvalidArgumentError,
         "Value for attr 'data_format' of \"NCWH\" is not in the list of allowed values: "
         "\"NHWC\", \"NCHW\""),
        (lambda: kiln.nn.conv2d(X, W, 2 ** 40, "SAME"), err.InvalidArgumentError,
         "beyond 2\\^31 - 1"),
        (lambda: kiln.nn.conv2d(X, W, 1, "SAME", dilations=2 ** 30), err.InvalidArgumentError,
         "spans more than 2\\^31 - 1 elements"),
        (lambda: kiln.nn.conv2d(X, W, 1, [[0, 0], [2 ** 40, 0], [0, 0], [0, 0]]),
         err.InvalidArgumentError, "padding beyond 2\\^31 - 1"),
        (lambda: kiln.nn.depthwise_conv2d(X, np.ones((3, 3, 3, 2), np.float32), [1, 1, 1, 1],
                                          "SAME"),
         err.InvalidArgumentError, "input and filter must have the same depth: 4 vs 3"),
        (lambda: kiln.nn.conv2d_transpose(np.ones((2, 3, 3, 3), np.float32), W, [2, 9, 9, 4], 2),
         err.InvalidArgumentError, "Size of out_backprop doesn't match computed: actual = 3, "
                                   "computed = 5 spatial_dim: 1 input: 9"),
        (lambda: kiln.nn.conv2d_transpose(np.ones((2, 3, 3, 2), np.float32), W, [2, 5, 6, 4], 2),
         err.InvalidArgumentError, "filter and out_backprop must have the same out_depth"),
        (lambda: kiln.compat.v1.nn.conv2d_backprop_input([2, 5, 6], W, np.ones((2, 5, 6, 3),
                                                                               np.float32),
                                                         [1, 1, 1, 1], "SAME"),
         err.InvalidArgumentError, "input_sizes must contain 4 values or 2 values, but got: 3"),
        (lambda: kiln.compat.v1.nn.conv2d_backprop_input([2, 5, -6, 4], W, np.ones((2, 5, 6, 3),
                                                                                   np.float32),
                                                         [1, 1, 1, 1], "SAME"),
         err.InvalidArgumentError, "Dimension -6 must be >= 0"),
        (lambda: kiln.compat.v1.nn.conv2d_backprop_filter(X, [3, 3, 4, 3], np.ones((1, 5, 6, 3),
                                                                                   np.float32),
                                                          [1, 1, 1, 1], "SAME"),
         err.InvalidArgumentError, "input and out_backprop must have the same batch size: 2 vs 1"),
        (lambda: kiln.nn.depthwise_conv2d_backprop_input([2, 5, 6, 4], np.ones((3, 3, 4, 2),
                                                                               np.float32),
                                                         np.ones((2, 5, 6, 3), np.float32),
                                                         [1, 1, 1, 1], "SAME"),
         err.InvalidArgumentError, "depth_multiplier \\* in_depth not equal to out_depth"),
        (lambda: kiln.compat.v1.nn.conv3d_backprop_filter_v2(
            np.ones((1, 4, 4, 4, 2), np.float32), [2, 2, 2, 3], np.ones((1, 4, 4, 4, 3),
                                                                        np.float32),
            [1, 1, 1, 1, 1], "SAME"),
         err.InvalidArgumentError, "filter_sizes must contain 5 values, but got: 4"),
        (lambda: kiln.nn.conv3d(np.ones((1, 4, 4, 4, 2), np.float32),
                                np.ones((2, 2, 2, 2, 3), np.float32), [1, 1, 1, 1, 0], "SAME"),
         err.UnimplementedError, "strides in the batch and depth dimensions"),
        (lambda: kiln.nn.conv3d(np.ones((1, 4, 4, 4, 2), np.float32),
                                np.ones((2, 2, 2, 2, 3), np.float32), [1, 0, 1, 1, 1], "SAME"),
         err.InvalidArgumentError, "Spatial strides should be larger than 0"),
        (lambda: kiln.nn.conv2d(X, W, 1, "SAME", dilations=[1, 1, 1]), ValueError,
         "dilations should be of length 1, 2 or 4"),
        (lambda: _core.execute(_core.op_names().index("conv2d"), (kiln.constant(X),
                                                                 kiln.constant(W)),
                               ([1, 1, 1], "SAME", [], "NHWC", [1, 1, 1, 1])),
         err.InvalidArgumentError, "Sliding window strides field must specify 4 dimensions"),
        (lambda: _core.execute(_core.op_names().index("conv2d"), (kiln.constant(X),
                                                                 kiln.constant(W)),
                               ([1, 1, 1, 1], "SAME", [], "NHWC", [1, 1])),
         err.InvalidArgumentError, "Sliding window dilations field must specify 4 dimensions"),
        (lambda: _core.execute(_core.op_names().index("conv2d"), (kiln.constant(X),
                                                                 kiln.constant(W)),
                               ([1, 1, 1, 1], "SAME", [0] * 8, "NHWC", [1, 1, 1, 1])),
         err.InvalidArgumentError, "explicit_paddings attribute must be empty if the padding "
                                   "attribute is not EXPLICIT"),
        (lambda: _core.execute(_core.op_names().index("conv2d"), (kiln.constant(X),
                                                                 kiln.constant(W)),
                               ([1, 1, 1, 1], "EXPLICIT", [0] * 4, "NHWC", [1, 1, 1, 1])),
         err.InvalidArgumentError, "explicit_paddings attribute must contain 8 values, but got: 4"),
        (lambda: kiln.nn.atrous_conv2d_transpose(X, np.ones((3, 3, 2, 3), np.float32),
                                                 [2, 5, 6, 2], 2, "SAME"),
         ValueError, "`value` channel count must be compatible"),
        (lambda: kiln.nn.atrous_conv2d_transpose(X, np.ones((3, 3, 2, 4), np.float32),
                                                 [2, 5, 6, 2], 0, "SAME"),
         ValueError, "`rate` cannot be less than one"),
        (lambda: kiln.nn.convolution(kiln.ones([2, 3]), kiln.ones([2])), ValueError,
         "`num_spatial_dims` must be 1, 2, or 3"),
        (lambda: kiln.nn.conv2d(X, W, ["a"], "SAME"), TypeError, "Expected int for argument"),
    ]
    for call, error, message in cases_:
        with pytest.raises(error, match=message):
            call()


def test_a_graph_refuses_what_it_can_while_building():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None, None, None, 4])
        with pytest.raises(kiln.errors.InvalidArgumentError, match="evenly divisible"):
            kiln.nn.conv2d(x, np.ones((3, 3, 3, 5), np.float32), 1, "SAME")
        unknown = kiln.compat.v1.placeholder(kiln.float32)
        y = kiln.nn.conv2d(unknown, W, 1, "SAME")
        assert y.shape.as_list() == [None, None, None, 3]
        z = kiln.nn.conv2d(x, kiln.compat.v1.placeholder(kiln.float32), 1, "SAME")
        assert z.shape.rank == 4


def test_argument_errors_of_the_python_wrappers():
    x1 = np.ones((1, 8, 2), np.float32)
    cases_ = [
        (lambda: kiln.nn.conv2d(X, W, 1, [[0, 0], 1, [1, 1], [0, 0]]), ValueError,
         "each element of `padding` must be a list/tuple of size 2.*of type"),
        (lambda: kiln.nn.conv3d(np.ones((1, 2, 2, 2, 1)), np.ones((1, 1, 1, 1, 1)), [1] * 5,
                                [[0, 0]] * 5), TypeError,
         "Expected string for argument 'padding' of 'conv3d' Op"),
        (lambda: kiln.nn.conv_transpose(x1, np.ones((2, 3, 2), np.float32), 8, 2), ValueError,
         "`output_shape` must be a tensor or sized collection"),
        (lambda: kiln.nn.separable_conv2d(X, np.ones((3, 3, 4, 2), np.float32),
                                          np.ones((1, 8, 3), np.float32), [1, 1, 1, 1], "SAME"),
         ValueError, "must have rank 4"),
        (lambda: kiln.compat.v1.nn.conv2d(X, filter=W, filters=W, strides=1, padding="SAME"),
         ValueError, "Cannot specify both 'filter' and 'filters'."),
        (lambda: kiln.nn.conv1d_transpose(x1, np.ones((2, 3, 2), np.float32), [1, 16, 3], 2,
                                          data_format="NHC"),
         ValueError, "`data_format` must be 'NWC' or 'NCW'"),
    ]
    for call, error, message in cases_:
        with pytest.raises(error, match=message):
            call()
    g = kiln.Graph()
    with g.as_default():
        unknown = kiln.compat.v1.placeholder(kiln.float32)
        with pytest.raises(ValueError, match="one of `input.shape.rank` or `filters.shape.rank` "
                                             "must be known"):
            kiln.nn.convolution(unknown, kiln.compat.v1.placeholder(kiln.float32))
        with pytest.raises(kiln.errors.InvalidArgumentError,
                           match="in_channels \\* channel_multiplier overflows int64"):
            kiln.nn.depthwise_conv2d(kiln.compat.v1.placeholder(kiln.float32, [1, 5, 5, 2**62]),
                                     kiln.compat.v1.placeholder(kiln.float32, [3, 3, 2**62, 4]),
                                     [1, 1, 1, 1], "SAME")


def test_float64_gradients_match_finite_differences_through_the_python_api():
    rng = np.random.default_rng(9)
    x = rng.uniform(-1, 1, (1, 5, 4, 4))
    w = rng.uniform(-1, 1, (3, 2, 2, 4))  # 2 groups: TF's CPU has no gradient for these

    def f(x, w):
        return kiln.nn.conv2d(x, w, [2, 1], "SAME", dilations=[1, 2])
    theoretical, numerical = kiln.test.compute_gradient(f, [x, w], delta=1e-6)
    for t, n in zip(theoretical, numerical):
        np.testing.assert_allclose(t, n, rtol=1e-6, atol=1e-7)


def test_strided_dilated_depthwise_warns_as_tf_does():
    dw = np.ones((2, 2, 4, 1), np.float32)
    with pytest.warns(UserWarning, match="all values of strides must be 1.*TF's space_to_batch"):
        got = kiln.nn.depthwise_conv2d(X, dw, [1, 2, 2, 1], "VALID", dilations=[2, 2])
    # kiln's value: the dilated convolution at every second position.
    full = np.asarray(kiln.nn.depthwise_conv2d(X, dw, [1, 1, 1, 1], "VALID", dilations=[2, 2]))
    np.testing.assert_allclose(got, full[:, ::2, ::2], rtol=1e-6)
