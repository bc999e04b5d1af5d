"""kiln.experimental.numpy.random (python/kiln/_np/_random.py): NumPy's dtypes
and sizes, reseeding repeats the values, the ranges hold, the moments are
the distributions' (bounds of 6 standard errors over 20,000 draws: a false
failure has odds below 1e-8), and the errors. TF's dtypes and shapes:
test_numpy_api_random_tf.py."""

import numpy as np
import pytest

import kiln

r = kiln.experimental.numpy.random
N = 20_000


def test_reseeding_repeats_the_values():
    r.seed(11)
    first = [r.rand(4).numpy(), r.randint(0, 100, size=4).numpy(), r.standard_normal(3).numpy()]
    r.seed(11)
    again = [r.rand(4).numpy(), r.randint(0, 100, size=4).numpy(), r.standard_normal(3).numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)


def _within(sample, mean, std):
    assert abs(float(np.mean(sample)) - mean) < 6 * std / np.sqrt(len(sample))


def test_ranges_and_moments():
    r.seed(5)
    u = r.uniform(-2.0, 3.0, size=N).numpy()
    assert u.dtype == np.float64 and u.min() >= -2.0 and u.max() < 3.0
    _within(u, 0.5, 5 / np.sqrt(12))
    z = r.randn(N).numpy()
    _within(z, 0.0, 1.0)
    assert abs(z.std() - 1.0) < 0.05
    k = r.randint(-3, 4, size=N).numpy()
    assert k.dtype == np.int64 and set(np.unique(k)) == set(range(-3, 4))
    p = r.poisson(4.0, size=N).numpy()
    assert p.dtype == np.int64 and p.min() >= 0
    _within(p, 4.0, 2.0)


def test_sizes_and_dtypes():
    assert r.rand().shape == () and r.rand(2, 3).shape == (2, 3)
    assert r.random(4).shape == (4,) and r.random((2, 2)).shape == (2, 2)
    assert r.randint(5, size=(2,), dtype=np.int32).dtype == kiln.int32
    with kiln.experimental.numpy.numpy_behavior(prefer_float32=True):
        assert r.rand(2).dtype == kiln.float32


@pytest.mark.parametrize("call, error, message", [
    (lambda: r.randint(5, 2), ValueError, r"low >= high \(5 >= 2\)"),
    (lambda: r.randint(0), ValueError, r"low >= high \(0 >= 0\)"),
    (lambda: r.randint(0, 5, dtype=np.float32), TypeError, "dtype must be int32 or int64"),
    (lambda: r.rand(-1), ValueError, "negative dimensions"),
    (lambda: r.random(size="big"), TypeError, "size must be None, an int or a tuple of ints"),
])
def test_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_is_a_module_of_the_namespace():
    import kiln.experimental.numpy.random as imported
    assert imported is r
    assert sorted(n for n in vars(r) if not n.startswith("_")) == sorted(
        ["seed", "rand", "randn", "randint", "random", "standard_normal", "uniform", "poisson"])
