"""kiln.nn ops that TF composes from other ops (python/kiln/nn_ops.py):
values against NumPy, the same bits in a traced function, and the errors.
TF's results for one call of each are in docs/tf-reference/top100.json."""

import numpy as np
import pytest

import kiln

RNG = np.random.default_rng(7)


def log_softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def test_dropout_keeps_or_zeroes_and_scales_by_the_keep_probability():
    x = np.arange(1, 2001, dtype=np.float32)
    out = np.asarray(kiln.nn.dropout(x, rate=0.25, seed=3))
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / 0.75, rtol=2 ** -22)
    assert 0.70 < kept.mean() < 0.80  # 2000 draws: 5 standard errors of 0.75
    assert np.array_equal(np.asarray(kiln.nn.dropout(x, rate=0.0)), x)
    shared = np.asarray(kiln.nn.dropout(np.ones((50, 4), np.float32), 0.5, noise_shape=[50, 1]))
    assert all(len(set(row)) == 1 for row in shared)  # one draw per row


def test_dropout_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"in the range \[0, 1\). Received: rate=1"):
        kiln.nn.dropout([1.0], rate=1)
    with pytest.raises(ValueError, match="has to be a floating point tensor"):
        kiln.nn.dropout([1, 2], rate=0.5)


def test_embedding_lookup_of_a_tensor_and_of_shards():
    params = RNG.standard_normal((7, 3)).astype(np.float32)
    ids = np.array([[6, 0], [3, 3]])
    np.testing.assert_array_equal(kiln.nn.embedding_lookup(params, ids), params[ids])
    shards = [params[:3], params[3:5], params[5:]]  # "div": consecutive rows per shard
    np.testing.assert_array_equal(kiln.nn.embedding_lookup(shards, ids), params[ids])
    clipped = np.asarray(kiln.nn.embedding_lookup(params * 10, ids, max_norm=1.0))
    np.testing.assert_allclose(np.linalg.norm(clipped, axis=-1), 1.0, rtol=1e-6)
    with pytest.raises(TypeError, match="ids must be an integer tensor"):
        kiln.nn.embedding_lookup(params, [0.5])
    with pytest.raises(ValueError, match="Need at least one param"):
        kiln.nn.embedding_lookup([], [0])


def test_cross_entropies_match_numpy():
    logits = RNG.standard_normal((5, 4))
    labels = RNG.integers(0, 4, 5)
    onehot = np.eye(4)[labels]
    expected = -(onehot * log_softmax(logits)).sum(-1)
    np.testing.assert_allclose(
        kiln.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=logits), expected, rtol=1e-12)
    np.testing.assert_allclose(
        kiln.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits), expected,
        rtol=1e-12)

    @kiln.function
    def loss(y, z):
        return kiln.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z)
    np.testing.assert_array_equal(loss(labels, logits), kiln.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits))


def test_cross_entropy_errors_say_what_fits():
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match=r"label value of 4 which is outside the valid range of \[0, 4\)"):
        kiln.nn.sparse_softmax_cross_entropy_with_logits(labels=[4], logits=[[1.0, 2.0, 3.0, 4.0]])
    with pytest.raises(ValueError, match="must equal `logits.shape.rank - 1`"):
        kiln.nn.sparse_softmax_cross_entropy_with_logits(labels=[[1]], logits=[[1.0, 2.0]])
    with pytest.raises(ValueError, match="labels must be int32 or int64"):
        kiln.nn.sparse_softmax_cross_entropy_with_logits(labels=[1.0], logits=[[1.0, 2.0]])
    with pytest.raises(ValueError, match="`labels.shape` must equal `logits.shape`"):
        kiln.nn.softmax_cross_entropy_with_logits(labels=[[1.0, 0.0, 0.0]], logits=[[1.0, 2.0]])


def test_stop_gradient_is_its_own_node_with_the_inputs_value():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None])
        y = kiln.stop_gradient(x * 2)
    assert y.op.type == "StopGradient"
    with kiln.compat.v1.Session(graph=g) as sess:
        assert sess.run(y, {x: [1.0, 2.0]}).tolist() == [2.0, 4.0]
