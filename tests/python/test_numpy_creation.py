"""kiln.experimental.numpy's creation functions: the default float dtype under
prefer_float32, empty's zeros, and the errors (classes and advice)."""

import numpy as np
import pytest

import kiln
from kiln._np import _arrays

tnp = kiln.experimental.numpy


@pytest.fixture
def prefer_float32():
    before = _arrays.prefer_float32()
    _arrays.set_prefer_float32(True)
    yield
    _arrays.set_prefer_float32(before)


def test_prefer_float32_makes_python_floats_float32(prefer_float32):
    """As TF (docs/tf-reference/numpy_api_behavior.json): Python floats and the spacing
    functions' default become float32; the dtype `float`, the default of ones, zeros, eye and
    tri, stays float64."""
    for result in (tnp.arange(0.0, 1, 0.25), tnp.linspace(0, 1, 3), tnp.geomspace(1, 8, 4),
                   tnp.asarray([1.5]), tnp.full(2, 0.5), tnp.add(1.5, 2.0)):
        assert result.dtype == kiln.float32, result
    for result in (tnp.ones(3), tnp.zeros((2, 2)), tnp.eye(2), tnp.tri(2)):
        assert result.dtype == kiln.float64, result
    assert tnp.arange(3).dtype == kiln.int64


def test_empty_gives_zeros():
    assert tnp.empty((2, 3)).numpy().tolist() == [[0.0] * 3] * 2
    assert tnp.empty_like(kiln.constant([1, 2])).numpy().tolist() == [0, 0]


def test_errors_say_what_to_do():
    with pytest.raises(ValueError, match="Number of samples, -1, must be non-negative"):
        tnp.linspace(0, 1, -1)
    with pytest.raises(ValueError, match="step must not be zero"):
        tnp.arange(0, 5, 0)
    with pytest.raises(ValueError, match="must be 1- or 2-d.*kiln.linalg.diag"):
        tnp.diag(kiln.zeros([2, 2, 2]))
    with pytest.raises(ValueError, match="one-dimensional"):
        tnp.vander(kiln.zeros([2, 2]))
    with pytest.raises(ValueError, match="indexing must be 'xy' or 'ij'"):
        tnp.meshgrid(kiln.constant([1, 2]), indexing="ab")
    with pytest.raises(ValueError, match="Unable to avoid copy.*copy=None"):
        tnp.array([1, 2], copy=False)
    with pytest.raises(TypeError, match="scalar base.*tnp.power"):
        tnp.logspace(0, 1, 3, base=kiln.constant([2.0, 3.0]))
    with pytest.raises(ValueError, match="Cross index must be 1 dimensional"):
        tnp.ix_(kiln.zeros([2, 2], kiln.int32))
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds"):
        tnp.linspace(0, 1, 3, axis=2)


def test_like_forms_keep_unknown_dimensions():
    graph = kiln.Graph()
    with graph.as_default():
        p = kiln.compat.v1.placeholder(kiln.int32, (None, 2))
        results = [np.zeros_like(p), np.full_like(p, 2.5), np.ones_like(p, dtype=float)]
        assert results[0].shape.as_list() == [None, 2]
        with kiln.compat.v1.Session(graph=graph) as session:
            got = session.run(results, {p: np.ones((3, 2), np.int32)})
    assert [g.dtype for g in got] == [np.int32, np.int32, np.float64]
    assert got[1].tolist() == [[2, 2]] * 3
