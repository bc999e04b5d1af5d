"""The public op wrappers build graphs too: each call below, given placeholders
inside a graph and run by a session, gives what it gives eagerly."""

import numpy as np
import pytest

import kiln

v1 = kiln.compat.v1
rng = np.random.default_rng(0)
X = rng.standard_normal((3, 4)).astype(np.float32)
Y = rng.standard_normal((3, 4)).astype(np.float32)
I = np.array([[0, 2], [1, 1], [2, 0]], np.int32)
B = X > 0

CALLS = {
    "add": lambda x, y: kiln.add(x, y),
    "operators": lambda x, y: (x + 1.0) * y - x / 2.0 + (x ** 2.0) % 3.0,
    "comparison": lambda x, y: kiln.logical_and(x > y, x >= 0.0),
    "where": lambda x, y: kiln.where(x > 0, x, y),
    "clip": lambda x, y: kiln.clip_by_value(x, -0.5, 0.5),
    "unary": lambda x, y: kiln.exp(kiln.tanh(x)) + kiln.math.abs(y),
    "softmax": lambda x, y: kiln.nn.softmax(x, axis=-1),
    "relu": lambda x, y: kiln.nn.relu(x) + kiln.nn.sigmoid(y),
    "reduce": lambda x, y: kiln.reduce_sum(x, axis=1) + kiln.reduce_max(y, axis=[1]),
    "reduce_keepdims": lambda x, y: kiln.reduce_mean(x, axis=0, keepdims=True),
    "argmax": lambda x, y: kiln.argmax(x, axis=1),
    "cumsum": lambda x, y: kiln.math.cumsum(x, axis=1),
    "sort": lambda x, y: kiln.sort(x, axis=-1),
    "top_k": lambda x, y: kiln.math.top_k(x, k=2).values,
    "matmul": lambda x, y: kiln.matmul(x, y, transpose_b=True),
    "operator_matmul": lambda x, y: x @ kiln.transpose(y),
    "einsum": lambda x, y: kiln.einsum("ij,ij->i", x, y),
    "tensordot": lambda x, y: kiln.tensordot(x, y, axes=[[1], [1]]),
    "reshape": lambda x, y: kiln.reshape(x, [2, -1]),
    "transpose": lambda x, y: kiln.transpose(x, [1, 0]),
    "expand_squeeze": lambda x, y: kiln.squeeze(kiln.expand_dims(x, 0), [0]),
    "concat": lambda x, y: kiln.concat([x, y], axis=0),
    "stack": lambda x, y: kiln.stack([x, y], axis=1),
    "split": lambda x, y: kiln.split(x, 2, axis=1)[1],
    "unstack": lambda x, y: kiln.unstack(x)[2],
    "getitem": lambda x, y: x[1:, ::2] + y[0, ::2] + x[2, 1],
    "getitem_newaxis": lambda x, y: x[kiln.newaxis, :, -1],
    "slice": lambda x, y: kiln.slice(x, [1, 0], [2, 3]),
    "tile": lambda x, y: kiln.tile(x, [2, 1]),
    "pad": lambda x, y: kiln.pad(x, [[1, 0], [0, 2]]),
    "reverse": lambda x, y: kiln.reverse(x, [1]),
    "roll": lambda x, y: kiln.roll(x, 1, 0),
    "broadcast_to": lambda x, y: kiln.broadcast_to(x[0], [2, 4]),
    "shape": lambda x, y: kiln.shape(x),
    "size_rank": lambda x, y: kiln.size(x) + kiln.rank(y),
    "cast": lambda x, y: kiln.cast(x * 10.0, kiln.int32),
    "gather": lambda x, y: kiln.gather(x, [2, 0], axis=0),
    "gather_nd": lambda x, y: kiln.gather_nd(x, [[0, 1], [2, 3]]),
    "one_hot": lambda x, y: kiln.one_hot(kiln.argmax(x, axis=1), 4),
    "zeros_like": lambda x, y: kiln.zeros_like(x) + kiln.ones_like(y),
    "fill": lambda x, y: kiln.fill([2, 3], 7.0) + kiln.zeros([2, 3]),
    "range": lambda x, y: kiln.cast(kiln.range(4), kiln.float32) + x,
    "linalg": lambda x, y: kiln.linalg.trace(x @ kiln.transpose(y)),
    "identity": lambda x, y: kiln.identity(x),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_wrapper_gives_the_same_values_in_a_graph(name):
    call = CALLS[name]
    want = np.asarray(call(kiln.constant(X), kiln.constant(Y)))
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [3, 4])
        y = v1.placeholder(kiln.float32, [3, 4])
        built = call(x, y)
    assert isinstance(built, kiln.SymbolicTensor)
    assert built.shape.is_compatible_with(want.shape)
    with v1.Session(graph=g) as sess:
        got = sess.run(built, {x: X, y: Y})
    np.testing.assert_allclose(got, want, rtol=1e-6, err_msg=name)
    assert np.asarray(got).dtype == want.dtype


def test_like_ops_of_a_partly_known_shape_read_it_when_the_graph_runs():
    g = kiln.Graph()
    with g.as_default():
        partial = v1.placeholder(kiln.float32, [None, 4])
        zeros, ones = kiln.zeros_like(partial), kiln.ones_like(partial, dtype=kiln.int32)
        unknown = kiln.zeros_like(v1.placeholder(kiln.float32, None))
    assert zeros.shape.as_list() == [None, 4] and ones.dtype == kiln.int32
    assert unknown.shape.rank is None
    with v1.Session(graph=g) as sess:
        z, o = sess.run([zeros, ones], {partial: np.ones((3, 4), np.float32)})
    assert z.shape == (3, 4) and not z.any() and o.tolist() == [[1] * 4] * 3


def test_ops_with_no_outputs_give_what_they_give_eagerly():
    g = kiln.Graph()
    with g.as_default():
        empty = v1.placeholder(kiln.float32, [0, 3])
        assert kiln.unstack(empty) == []  # as eagerly: no tensors to give
        assert kiln.split(empty, [0, 0], axis=0)[0].shape.as_list() == [0, 3]
        assert isinstance(kiln.no_op(), kiln.Operation)
    assert kiln.unstack(kiln.zeros([0, 3])) == []
    assert kiln.no_op() is None and kiln.group(kiln.ones([1])) is None
