"""kiln.experimental.numpy's reductions: the errors (classes and advice), NumPy's
AxisError that is also TF's InvalidArgumentError, and reductions on placeholders
whose dimensions are unknown until Session.run."""

import numpy as np
import pytest

import kiln

tnp = kiln.experimental.numpy
X = kiln.constant([[1.5, -2.25, 0.5], [3.0, 0.0, -0.75]])


def test_bad_axis_is_numpys_axis_error_and_tfs_invalid_argument():
    for catch in (np.exceptions.AxisError, ValueError, IndexError,
                  kiln.errors.InvalidArgumentError):
        with pytest.raises(catch, match=r"axis 2 is out of bounds .* use an axis in \[-2, 2\)"):
            tnp.sum(X, axis=2)
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        tnp.mean(X, axis=(1, -1))


def test_empty_extremum_raises_unless_initial():
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum.*initial="):
        tnp.max(kiln.zeros([0, 3]))
    assert tnp.max(kiln.zeros([0, 3]), axis=0, initial=-1.0).numpy().tolist() == [-1.0] * 3
    with pytest.raises(ValueError, match="argmin of an empty sequence"):
        tnp.argmin(kiln.zeros([2, 0]), axis=1)


def test_unsupported_arguments_say_what_to_do():
    with pytest.raises(TypeError, match="out=.*use the returned tensor"):
        tnp.sum(X, out=X)
    with pytest.raises(TypeError, match="where=mask.*select the elements first"):
        tnp.mean(X, where=X > 0)
    with pytest.raises(TypeError, match="mean="):
        tnp.var(X, mean=tnp.mean(X))
    with pytest.raises(TypeError, match="boolean subtract.*cast"):
        tnp.ptp(kiln.constant([True, False]))
    with pytest.raises(ValueError, match="order must be non-negative"):
        tnp.diff(X, n=-1)
    with pytest.raises(TypeError, match="pass axis="):
        tnp.average(X, weights=kiln.constant([1.0, 2.0, 3.0]))


def test_correction_is_ddof():
    np.testing.assert_allclose(tnp.var(X, correction=1).numpy(),
                               np.var(X.numpy(), ddof=1), rtol=1e-6)


def test_unknown_dimensions_through_session_run():
    graph = kiln.Graph()
    with graph.as_default():
        p = kiln.compat.v1.placeholder(kiln.float32, (None, None))
        results = [np.var(p, axis=0, ddof=1), np.std(p, ddof=1), np.average(p, returned=True)[1],
                   np.diff(p, axis=0, prepend=0.0), np.argmax(p, keepdims=True)]
        value = np.arange(12, dtype=np.float32).reshape(4, 3) ** 1.5
        with kiln.compat.v1.Session(graph=graph) as session:
            got = session.run(results, {p: value})
    want = [np.var(value, axis=0, ddof=1), np.std(value, ddof=1), np.float32(12.0),
            np.diff(value, axis=0, prepend=0.0), np.argmax(value, keepdims=True)]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-5)
        assert np.asarray(g).dtype == np.asarray(w).dtype
