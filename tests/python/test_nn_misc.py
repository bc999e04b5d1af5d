"""tf.nn's remaining composites (python/kiln/_nn_misc.py) against TF 2.21's
recorded results (nn_misc_cases.py, docs/tf-reference/nn_misc.json), then
against NumPy references where TF's CPU kernels stop (NCHW space_to_depth)
and kiln's own error messages."""


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kiln
import nn_misc_cases as cases
import recorded_statements as recorded

RECORD = recorded.load("nn_misc")
NUMBERS_RTOL, NUMBERS_ATOL = 1e-5, 2e-6


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL)


def _space_to_depth(x, b):
    """NumPy: out[n, i, j, (r * b + c) * C + k] = x[n, i * b + r, j * b + c, k]."""
    n, h, w, c = x.shape
    out = np.empty((n, h // b, w // b, b * b * c), x.dtype)
    for i in range(h // b):
        for j in range(w // b):
            for r in range(b):
                for cc in range(b):
                    out[:, i, j, (r * b + cc) * c:(r * b + cc + 1) * c] = x[:, i * b + r, j * b + cc]
    return out


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2))
def test_space_to_depth_and_back_in_both_layouts(b, hb, wb, c, n):
    x = np.arange(n * hb * b * wb * b * c).reshape(n, hb * b, wb * b, c)
    want = _space_to_depth(x, b)
    np.testing.assert_array_equal(kiln.nn.space_to_depth(x, b), want)
    np.testing.assert_array_equal(kiln.nn.depth_to_space(want, b), x)
    # NCHW (TF has it on GPU only): the NHWC result with channels moved first.
    nchw = x.transpose(0, 3, 1, 2)
    np.testing.assert_array_equal(kiln.nn.space_to_depth(nchw, b, data_format="NCHW"),
                                  want.transpose(0, 3, 1, 2))
    np.testing.assert_array_equal(kiln.nn.depth_to_space(want.transpose(0, 3, 1, 2), b, "NCHW"),
                                  nchw)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(-1, 7), st.integers(0, 2**31 - 1))
def test_in_top_k_counts_strictly_greater_predictions(batch, classes, k, seed):
    rng = np.random.default_rng(seed)
    pred = rng.integers(0, 3, (batch, classes)).astype(np.float32)  # many ties
    targets = rng.integers(-1, classes + 1, batch)
    want = [0 <= t < classes and int(np.sum(row > row[t])) < k for row, t in zip(pred, targets)]
    np.testing.assert_array_equal(kiln.nn.in_top_k(targets, pred, k), want)
    np.testing.assert_array_equal(kiln.compat.v1.nn.in_top_k(pred, targets, k), want)


def test_dilation_matches_a_direct_loop_and_erosion_is_its_dual():
    rng = np.random.default_rng(4)
    x = rng.uniform(-1, 1, (2, 5, 6, 2))
    f = rng.uniform(-1, 1, (2, 3, 2))
    got = np.asarray(kiln.nn.dilation2d(x, f, [1, 2, 1, 1], "SAME", "NHWC", [1, 1, 2, 1]))
    # SAME: out 3 x 6; effective filter 2 x 5, padding (0, 1) rows and (2, 2) columns.
    want = np.full((2, 3, 6, 2), -np.inf)
    for i in range(3):
        for j in range(6):
            for a in range(2):
                for b in range(3):
                    y, xx = i * 2 + a, j + b * 2 - 2
                    if 0 <= y < 5 and 0 <= xx < 6:
                        want[:, i, j] = np.maximum(want[:, i, j], x[:, y, xx] + f[a, b])
    np.testing.assert_allclose(got, want, rtol=1e-12)
    eroded = kiln.nn.erosion2d(x, f, [1, 2, 1, 1], "SAME", "NHWC", [1, 1, 2, 1])
    np.testing.assert_allclose(eroded, -np.asarray(kiln.nn.dilation2d(
        -x, f[::-1, ::-1], [1, 2, 1, 1], "SAME", "NHWC", [1, 1, 2, 1])), rtol=1e-12)


def test_sufficient_statistics_with_unknown_dims_count_at_run_time():
    g = kiln.Graph()
    with g.as_default():
        p = kiln.compat.v1.placeholder(kiln.float32, [None, 3])
        counts, m, v, _ = kiln.nn.sufficient_statistics(p, [0, -1])
        mean, var = kiln.nn.normalize_moments(counts, m, v, None)
    values = np.arange(12, dtype=np.float32).reshape(4, 3)
    with kiln.compat.v1.Session(graph=g) as sess:
        c, mu, sigma2 = sess.run([counts, mean, var], {p: values})
    assert c == 12
    np.testing.assert_allclose([mu, sigma2], [values.mean(), values.var()], rtol=1e-6)


def test_errors_name_the_problem():
    with pytest.raises(kiln.errors.InvalidArgumentError, match="takes \"NHWC\" or \"NCHW\""):
        kiln.nn.space_to_depth(kiln.zeros([1, 2, 2, 1]), 2, data_format="NCHW_VECT_C")
    with pytest.raises(kiln.errors.InvalidArgumentError, match="must be at least minimum 2"):
        kiln.nn.depth_to_space(kiln.zeros([1, 2, 2, 4]), 0)
    with pytest.raises(kiln.errors.UnimplementedError, match="Only support strides across space"):
        kiln.nn.dilation2d(kiln.zeros([1, 3, 3, 1]), kiln.zeros([2, 2, 1]), [2, 1, 1, 1], "SAME",
                           "NHWC", [1, 1, 1, 1])
    with pytest.raises(kiln.errors.OutOfRangeError, match="rates is out of range"):
        kiln.nn.dilation2d(kiln.zeros([1, 3, 3, 1]), kiln.zeros([2, 2, 1]), [1, 1, 1, 1], "SAME",
                           "NHWC", [1, 0, 1, 1])
    with pytest.raises(ValueError, match="global_batch_size must be scalar"):
        kiln.nn.compute_average_loss([1.0], global_batch_size=[1, 2])
    with pytest.raises(ValueError, match="height and width known"):
        @kiln.function(input_signature=[kiln.TensorSpec([1, None, 3, 1], kiln.float32)])
        def f(a):
            return kiln.nn.dilation2d(a, kiln.zeros([2, 2, 1]), [1, 1, 1, 1], "SAME", "NHWC",
                                      [1, 1, 1, 1])
        f(kiln.zeros([1, 3, 3, 1]))
    with pytest.raises(TypeError, match="ids must be an integer tensor"):
        kiln.compat.v1.nn.embedding_lookup([kiln.zeros([2, 1]), kiln.zeros([1, 1])], [0.5])


def test_tf1_names_live_only_in_compat_v1():
    v1 = kiln.compat.v1
    assert v1.nn.in_top_k is not kiln.nn.in_top_k and v1.math.in_top_k is v1.nn.in_top_k
    assert kiln.math.in_top_k is kiln.nn.in_top_k
    assert v1.space_to_depth is v1.nn.space_to_depth
    assert not hasattr(kiln, "space_to_depth")
