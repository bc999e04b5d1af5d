"""Every op of the registry declares a gradient or that it has none, and every
declared gradient matches central differences in float64 (gradient_cases.py)
eagerly, in a graph (kiln.gradients in a Session) and in a traced function
(a GradientTape inside kiln.function), on values hypothesis draws."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln as tf
from kiln import _core

from gradient_cases import CASES, ELSEWHERE, draw_inputs

STATUS = _core.op_gradient_status()


def test_every_op_declares_a_gradient_or_none():
    undeclared = sorted(op for op, s in STATUS.items() if s == "undeclared")
    assert undeclared == [], f"ops with neither a gradient nor set_no_gradient: {undeclared}"


def test_every_gradient_has_a_case():
    with_gradient = {op for op, s in STATUS.items() if s == "gradient"}
    missing = sorted(with_gradient - set(CASES) - set(ELSEWHERE))
    assert missing == [], f"gradients with no case in gradient_cases.py: {missing}"
    stale = sorted(set(CASES) - with_gradient)
    assert stale == [], f"cases for ops without a gradient: {stale}"


def _jacobians(c, xs):
    theoretical, numerical = tf.test.compute_gradient(c["fn"], xs, delta=1e-5)
    for i, (t, n) in enumerate(zip(theoretical, numerical)):
        np.testing.assert_allclose(t, n, rtol=c["rtol"], atol=c["atol"] + 1e-5 * np.abs(n).max(),
                                   err_msg=f"input {i}")
    return theoretical


def _vjp_expected(theoretical, w):
    return [(j.T @ w.reshape(-1)) for j in theoretical]


SEEDS = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=3, deadline=None)
@given(seed=SEEDS)
def test_gradient_matches_finite_differences(name, seed):
    c = CASES[name]
    xs = draw_inputs(c, seed)
    theoretical = _jacobians(c, xs)
    y = np.asarray(c["fn"](*[tf.constant(x) for x in xs]))
    w = np.random.default_rng(seed + 1).uniform(-1, 1, y.shape)
    expected = _vjp_expected(theoretical, w)

    # In a graph, through kiln.gradients, run by a Session.
    with tf.Graph().as_default():
        ph = [tf.compat.v1.placeholder(tf.float64, x.shape) for x in xs]
        out = c["fn"](*ph)
        seed_ph = tf.compat.v1.placeholder(tf.float64, y.shape)
        grads = tf.gradients(out, ph, grad_ys=seed_ph)
        with tf.compat.v1.Session() as sess:
            got = sess.run(grads, {**dict(zip(ph, xs)), seed_ph: w})
    for i, (g, e) in enumerate(zip(got, expected)):
        np.testing.assert_allclose(np.reshape(g, -1), e, rtol=c["vjp_rtol"], atol=1e-9,
                                   err_msg=f"graph, input {i}")

    # In a traced function, through a tape.
    @tf.function
    def traced(args, weights):
        with tf.GradientTape() as tape:
            tape.watch(args)
            result = c["fn"](*args)
        return tape.gradient(result, args, output_gradients=weights)

    got = traced([tf.constant(x) for x in xs], tf.constant(w))
    for i, (g, e) in enumerate(zip(got, expected)):
        np.testing.assert_allclose(np.reshape(g.numpy(), -1), e, rtol=c["vjp_rtol"], atol=1e-9,
                                   err_msg=f"function, input {i}")
