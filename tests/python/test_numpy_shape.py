"""kiln.experimental.numpy's shape and indexing functions beyond the NumPy
table (numpy_table_shape.py): nested lists holding tensors (stack_nested),
flatten (NumPy has it only as a method), shapes of placeholders with a None
batch, and the errors' messages."""

import numpy as np
import pytest

import kiln
from kiln._np import _arrays

tnp = kiln.experimental.numpy
X = np.arange(12, dtype=np.float32).reshape(3, 4)


def _run(build, *feeds):
    """build(placeholders) in a TF1 graph, fed `feeds` (arrays; None batch) through Session.run."""
    graph = kiln.Graph()
    with graph.as_default():
        ps = [kiln.compat.v1.placeholder(kiln.as_dtype(a.dtype), (None,) + a.shape[1:])
              for a in feeds]
        out = build(*ps)
        with kiln.compat.v1.Session(graph=graph) as session:
            return out, session.run([o for o in (out if isinstance(out, (list, tuple)) else [out])
                                     if kiln.is_tensor(o)], dict(zip(ps, feeds)))


# ---- nested lists holding tensors ----

def test_nested_list_of_tensors_stacks_in_the_common_dtype():
    t = kiln.constant([1, 2], kiln.int32)
    got = _arrays.asarray([t, [3, 4]])
    assert got.dtype == kiln.int32  # Python ints are weak next to an int32 tensor, as in TF
    np.testing.assert_array_equal(got.numpy(), [[1, 2], [3, 4]])
    got = _arrays.asarray([[t, kiln.constant([0.5, 1.5], kiln.float64)]])
    assert got.dtype == kiln.float64 and got.shape == (1, 2, 2)
    assert _arrays.asarray([t, t], "float32").dtype == kiln.float32


def test_nested_list_of_placeholders_keeps_the_none_batch():
    out, (value,) = _run(lambda p: _arrays.asarray([p, p]), X)
    assert out.shape.as_list() == [2, None, 4]
    np.testing.assert_array_equal(value, np.stack([X, X]))


def test_ragged_nested_list_is_refused():
    with pytest.raises(ValueError, match="must be rectangular"):
        _arrays.asarray([kiln.constant([1.0]), kiln.constant([1.0, 2.0])])


# ---- flatten, shapes of placeholders ----

@pytest.mark.parametrize("order", ["C", "F"])
def test_flatten_is_ndarray_flatten(order):
    got = tnp.flatten(kiln.constant(X), order)
    np.testing.assert_array_equal(got.numpy(), X.flatten(order))


def test_shape_of_a_placeholder_keeps_unknown_dims_as_tensors():
    (n, d), (value,) = _run(lambda p: np.shape(p), X)
    assert d == 4 and kiln.is_tensor(n) and n.dtype == kiln.int64 and value == 3


def test_ndim_and_static_size_of_a_placeholder_are_python_ints():
    graph = kiln.Graph()
    with graph.as_default():
        p = kiln.compat.v1.placeholder(kiln.float32, (2, 5))
        assert np.ndim(p) == 2 and type(np.ndim(p)) is int
        assert np.size(p) == 10 and np.size(p, -1) == 5


def test_reshape_of_a_placeholder_by_its_dynamic_shape():
    def build(p):
        n, d = np.shape(p)
        return np.reshape(p, kiln.stack([n * d]))
    _, (value,) = _run(build, X)
    np.testing.assert_array_equal(value, X.reshape(-1))


# ---- errors ----

@pytest.mark.parametrize("call, error, match", [
    (lambda x: tnp.reshape(x, (4, 3), order="Z"), ValueError, "order must be one of"),
    (lambda x: tnp.reshape(x, (4, 3), shape=(4, 3)), TypeError, "given twice"),
    (lambda x: tnp.transpose(x, (0,)), ValueError, "give a permutation"),
    (lambda x: tnp.swapaxes(x, 0, 5), np.exceptions.AxisError, "axis2 5 is out of bounds"),
    (lambda x: tnp.moveaxis(x, (0, 1), 0), ValueError, "same number of elements"),
    (lambda x: tnp.expand_dims(x, (0, 0)), ValueError, "repeated axis"),
    (lambda x: tnp.squeeze(x, 0), ValueError, "size is 3, not 1"),
    (lambda x: tnp.concatenate([x[0, 0], x[0, 0]]), ValueError, "zero-dimensional"),
    (lambda x: tnp.concatenate([x, x[0]]), ValueError, "same number of dimensions"),
    (lambda x: tnp.concatenate([x, x], dtype="int32"), TypeError, "casting='unsafe'"),
    (lambda x: tnp.stack([]), ValueError, "at least one array"),
    (lambda x: tnp.split(x, 0), ValueError, "larger than 0"),
    (lambda x: tnp.vsplit(x[0], 2), ValueError, "2 or more dimensions"),
    (lambda x: tnp.repeat(x, -1), ValueError, "negative repeat"),
    (lambda x: tnp.repeat(x, 1.5), TypeError, "must be integers"),
    (lambda x: tnp.repeat(x, [1, 2], axis=0), ValueError, "one count per element"),
    (lambda x: tnp.rot90(x, axes=(0, 0)), ValueError, "axes must be different"),
    (lambda x: tnp.roll(x, (1, 2, 3), (0, 1)), ValueError, "must broadcast together"),
    (lambda x: tnp.pad(x, 1, mode="edge"), ValueError, "'constant', 'reflect' and 'symmetric'"),
    (lambda x: tnp.pad(x, 1, mode="reflect", constant_values=1), ValueError, "unsupported keyword"),
    (lambda x: tnp.pad(x, -1), ValueError, "negative"),
    (lambda x: tnp.take(x, [0.5]), TypeError, "indices must be integers"),
    (lambda x: tnp.take(x, [0], mode="nearest"), ValueError, "'raise', 'wrap' or 'clip'"),
    (lambda x: tnp.take(x, [0], out=x), TypeError, "immutable"),
    (lambda x: tnp.where(x > 1, x), ValueError, "both or neither"),
    (lambda x: tnp.nonzero(x[0, 0]), ValueError, "0-d arrays"),
    (lambda x: tnp.select([x > 1], []), ValueError, "same length"),
    (lambda x: tnp.select([], []), ValueError, "empty condition list"),
    (lambda x: tnp.select([x], [x]), TypeError, "should be a boolean array"),
    (lambda x: tnp.compress([True] * 5, x, axis=0), IndexError, "one entry per element"),
    (lambda x: tnp.compress(x > 1, x), ValueError, "1-d array"),
    (lambda x: tnp.tril(x[0, 0]), ValueError, "at least 1-d"),
    (lambda x: tnp.diagonal(x, 0, 1, -1), ValueError, "cannot be the same"),
    (lambda x: tnp.broadcast_arrays(x, x[:2]), ValueError, "do not broadcast"),
])
def test_errors_say_what_to_do(call, error, match):
    with pytest.raises(error, match=match):
        call(kiln.constant(X))


def test_unknown_rank_is_refused_clearly():
    graph = kiln.Graph()
    with graph.as_default():
        p = kiln.compat.v1.placeholder(kiln.float32, None)
        with pytest.raises(ValueError, match="rank of .* is unknown"):
            np.transpose(p)
