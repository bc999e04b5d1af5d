"""Distributions of the random samplers (shuffle, categorical, gamma, poisson,
truncated normal, the stateless ops), reproducibility with the same seeds
(eagerly, in a Session, in kiln.function) and their error messages.

Statistical bounds: with n draws, a sample mean is within 5 standard errors
(sd / sqrt(n)) of the true mean except with probability < 1e-6, and the
seeds are fixed, so each test either always passes or always fails."""

import math

import numpy as np
import pytest

import kiln
from kiln import errors

v1 = kiln.compat.v1
N = 100_000


@pytest.fixture(autouse=True)
def _clear_seed():
    kiln.random.set_seed(None)
    yield
    kiln.random.set_seed(None)


def within(sample_mean, mean, sd, n, sds=5):
    return abs(sample_mean - mean) <= sds * sd / math.sqrt(n)


def test_shuffle_is_a_permutation_of_rows_each_position_uniform():
    rows = kiln.random.shuffle(kiln.reshape(kiln.range(40), [20, 2]), seed=1).numpy()
    assert sorted(map(tuple, rows)) == [(2 * i, 2 * i + 1) for i in range(20)]
    kiln.random.set_seed(3)
    firsts = np.array([kiln.random.shuffle(kiln.range(10)).numpy() for _ in range(4000)])
    assert (np.sort(firsts, axis=1) == np.arange(10)).all()
    # P(position j holds 0) = 1/10: 4000 draws, sd of a count sqrt(4000 * 0.09) = 19.
    counts = (firsts == 0).sum(axis=0)
    assert (np.abs(counts - 400) <= 5 * 19).all(), counts


def test_shuffle_of_large_strided_and_scalar_inputs():
    x = kiln.transpose(kiln.reshape(kiln.range(200_000), [2, 100_000]))  # strided rows
    out = kiln.random.shuffle(x, seed=4).numpy()
    assert out.shape == (100_000, 2) and (out[:, 1] - out[:, 0] == 100_000).all()
    assert sorted(out[:, 0].tolist()) == list(range(100_000))
    assert kiln.random.shuffle(7).numpy() == 7


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("stateless", [False, True])
def test_categorical_frequencies_follow_softmax(stateless):
    logits = np.array([[0.0, 1.0, 2.0], [-np.inf, 0.0, 0.0], [5.0, -5.0, 0.0]], np.float32)
    if stateless:
        draws = kiln.random.stateless_categorical(logits, N, seed=[7, 8]).numpy()
    else:
        draws = kiln.random.categorical(logits, N, seed=7).numpy()
    assert draws.shape == (3, N) and draws.dtype == np.int64
    p = softmax(np.where(np.isfinite(logits), logits, -np.inf))
    for row in range(3):
        freq = np.bincount(draws[row], minlength=3) / N
        for k in range(3):
            assert within(freq[k], p[row, k], math.sqrt(p[row, k] * (1 - p[row, k])), N), (row, k)
    assert (draws[1] != 0).all()  # a -inf logit is never drawn


def test_categorical_of_all_infinite_logits_gives_num_classes_as_tf():
    assert kiln.random.categorical([[-np.inf, -np.inf]], 3, seed=1).numpy().tolist() == [[2, 2, 2]]


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.5, 10.0])
@pytest.mark.parametrize("dtype", [kiln.float32, kiln.float64], ids=lambda d: d.name)
def test_gamma_moments(alpha, dtype):
    beta = 2.0
    x = kiln.random.gamma([N], alpha, beta=beta, dtype=dtype, seed=5).numpy().astype(np.float64)
    assert (x > 0).all()
    mean, var = alpha / beta, alpha / beta**2
    assert within(x.mean(), mean, math.sqrt(var), N)
    # The sample variance's standard error: var * sqrt((2 + excess kurtosis 6/alpha) / n).
    assert abs(x.var() - var) <= 5 * var * math.sqrt((2 + 6 / alpha) / N)


def test_gamma_broadcasts_alpha_and_beta_per_column():
    alpha = np.array([[1.0], [4.0]], np.float32)
    beta = np.array([1.0, 2.0, 4.0], np.float32)
    x = kiln.random.gamma([20_000], alpha, beta=beta, seed=2).numpy()
    assert x.shape == (20_000, 2, 3)
    means = x.mean(axis=0)
    want = alpha / beta
    sd = np.sqrt(alpha) / beta
    assert (np.abs(means - want) <= 5 * sd / math.sqrt(20_000)).all(), means


def test_gamma_edge_parameters():
    x = kiln.random.gamma([4], [-1.0, 0.0, np.nan, np.inf], seed=1).numpy()
    assert np.isnan(x[:, 0]).all() and np.isnan(x[:, 2]).all()
    assert (x[:, 1] == np.finfo(np.float32).tiny).all()  # TF's floor for alpha == 0
    assert np.isinf(x[:, 3]).all()


@pytest.mark.parametrize("lam", [0.5, 3.0, 30.0, 1000.0])
@pytest.mark.parametrize("dtype", [kiln.float32, kiln.int64], ids=lambda d: d.name)
def test_poisson_moments(lam, dtype):
    x = kiln.random.poisson([N], lam, dtype=dtype, seed=6).numpy().astype(np.float64)
    assert (x >= 0).all() and (x == np.round(x)).all()
    assert within(x.mean(), lam, math.sqrt(lam), N)
    # Sample variance's standard error: lam * sqrt((2 + 1/lam) / n).
    assert abs(x.var() - lam) <= 5 * lam * math.sqrt((2 + 1 / lam) / N)


def test_poisson_edge_rates():
    x = kiln.random.poisson([3], [-1.0, 0.0, np.nan, np.inf], seed=1).numpy()
    assert (x[:, :2] == 0).all() and np.isnan(x[:, 2]).all() and np.isinf(x[:, 3]).all()
    big = kiln.random.poisson([3], 1e30, dtype=kiln.int64, seed=1).numpy()
    assert (big == np.iinfo(np.int64).max).all()  # integer counts saturate


@pytest.mark.parametrize("stateless", [False, True])
def test_truncated_normal_range_and_moments(stateless):
    if stateless:
        x = kiln.random.stateless_truncated_normal([N], [1, 2], mean=3.0, stddev=2.0)
    else:
        x = kiln.random.truncated_normal([N], mean=3.0, stddev=2.0, seed=3)
    x = x.numpy().astype(np.float64)
    assert (np.abs(x - 3.0) <= 4.0).all()
    # The standard normal truncated to [-2, 2] has sd 0.8796 (1 - 4 phi(2) / (2 Phi(2) - 1)).
    sd = 2.0 * math.sqrt(1 - 4 * math.exp(-2) / math.sqrt(2 * math.pi) / math.erf(2 / math.sqrt(2)))
    assert within(x.mean(), 3.0, sd, N)
    assert abs(x.std() - sd) < 0.01


def test_stateful_samplers_repeat_after_set_seed_and_continue_their_stream():
    def draws():
        kiln.random.set_seed(42)
        return [kiln.random.shuffle(kiln.range(50)), kiln.random.categorical([[0.0, 1.0]], 20),
                kiln.random.gamma([30], 2.0, seed=1), kiln.random.gamma([30], 2.0, seed=1),
                kiln.random.poisson([30], 4.0), kiln.random.truncated_normal([30])]
    first = [t.numpy() for t in draws()]
    assert not np.array_equal(first[2], first[3])  # the same op seed continues its stream
    for a, b in zip(first, draws()):
        np.testing.assert_array_equal(a, b)


STATELESS = [
    lambda s: kiln.random.stateless_uniform([50], s),
    lambda s: kiln.random.stateless_uniform([50], s, minval=-5, maxval=5, dtype=kiln.int64),
    lambda s: kiln.random.stateless_uniform([50], s, minval=None, maxval=None, dtype=kiln.uint32),
    lambda s: kiln.random.stateless_normal([50], s),
    lambda s: kiln.random.stateless_truncated_normal([50], s),
    lambda s: kiln.random.stateless_categorical([[0.0, 1.0, 2.0]], 50, s),
    lambda s: kiln.random.stateless_gamma([50, 2], s, alpha=[1.0, 3.0]),
    lambda s: kiln.random.stateless_poisson([50], s, lam=3.0),
]


@pytest.mark.parametrize("i", range(len(STATELESS)))
def test_stateless_same_seed_same_values_eagerly_in_a_session_and_in_a_function(i):
    make = STATELESS[i]
    eager = make([3, 4]).numpy()
    np.testing.assert_array_equal(make([3, 4]).numpy(), eager)
    np.testing.assert_array_equal(make(kiln.constant([3, 4], kiln.int64)).numpy(), eager)
    assert not np.array_equal(make([3, 5]).numpy(), eager)
    g = kiln.Graph()
    with g.as_default():
        seed = v1.placeholder(kiln.int32, [2])
        fed, fixed = make(seed), make([3, 4])
    with v1.Session(graph=g) as sess:
        for _ in range(2):  # stateless: every run gives the same values
            a, b = sess.run([fed, fixed], {seed: [3, 4]})
            np.testing.assert_array_equal(a, eager)
            np.testing.assert_array_equal(b, eager)
    f = kiln.function(make)
    np.testing.assert_array_equal(f(kiln.constant([3, 4])).numpy(), eager)
    np.testing.assert_array_equal(f(kiln.constant([3, 4])).numpy(), eager)


def test_stateless_uniform_ranges():
    u = kiln.random.stateless_uniform([N], [1, 2], minval=-1.0, maxval=3.0).numpy()
    assert u.min() >= -1 and u.max() < 3 and within(u.mean(), 1.0, 4 / math.sqrt(12), N)
    k = kiln.random.stateless_uniform([N], [1, 2], minval=-3, maxval=4, dtype=kiln.int32).numpy()
    counts = np.bincount(k + 3, minlength=7)
    assert counts.size == 7 and (np.abs(counts / N - 1 / 7) <= 5 * math.sqrt(1 / 7 * 6 / 7 / N)).all()
    for dtype, info in [(kiln.int32, np.iinfo(np.int32)), (kiln.uint64, np.iinfo(np.uint64))]:
        full = kiln.random.stateless_uniform([N], [1, 2], minval=None, maxval=None,
                                             dtype=dtype).numpy()
        # Both halves of the range are hit about equally often.
        assert within((full > info.max // 2 + info.min // 2).mean(), 0.5, 0.5, N)


def test_stateless_normal_with_tensor_parameters_broadcasts():
    x = kiln.random.stateless_normal([N, 2], [5, 6], mean=[1.0, -1.0], stddev=[1.0, 3.0]).numpy()
    assert within(x[:, 0].mean(), 1.0, 1.0, N) and within(x[:, 1].mean(), -1.0, 3.0, N)
    assert abs(x[:, 1].std() - 3.0) < 0.05


def test_seed_errors():
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"\[random.stateless_uniform\] seed must have shape \[2\], not \[3\]"):
        kiln.random.stateless_uniform([2], seed=[1, 2, 3])
    with pytest.raises(errors.InvalidArgumentError, match=r"seed must have shape \[2\], not \[\]"):
        kiln.random.stateless_normal([2], seed=5)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"seed has dtype float32, which is not in the list of allowed values: "
                             r"int32, int64"):
        kiln.random.stateless_uniform([2], seed=[1.0, 2.0])
    with pytest.raises(TypeError, match=r"\[random.set_seed\] seed must be an integer or None, "
                                        r"got 1.5"):
        kiln.random.set_seed(1.5)
    with pytest.raises(TypeError, match=r"\[random.set_seed\] seed must be an integer"):
        v1.set_random_seed("x")
    kiln.random.set_seed(2**70)  # any integer: TF reduces it modulo 2**31 - 1
    assert v1.get_seed(1) == (2**70 % (2**31 - 1), 1)
    assert kiln.random.uniform([2], seed=-2**80).shape == [2]
    g = kiln.Graph()
    with g.as_default():
        with pytest.raises(errors.InvalidArgumentError, match=r"seed must have shape \[2\], not \[3\]"):
            kiln.random.stateless_uniform([2], seed=v1.placeholder(kiln.int64, [3]))


def test_sampler_errors():
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"\[multinomial\] logits should be a matrix, got shape \(2,\)"):
        kiln.random.categorical([0.0, 1.0], 5)
    with pytest.raises(errors.InvalidArgumentError, match="num_samples should be non-negative, got -1"):
        kiln.random.categorical([[0.0, 1.0]], -1)
    with pytest.raises(errors.InvalidArgumentError, match="num_classes should be positive, got 0"):
        kiln.random.categorical(kiln.zeros([2, 0]), 3)
    with pytest.raises(errors.InvalidArgumentError, match="logits must be float16, bfloat16, float32 or "
                                                          "float64, got int32"):
        kiln.random.categorical([[1, 2]], 3)
    with pytest.raises(ValueError, match=r"Argument `dtype` got invalid value .*float32.*Accepted "
                                         r"dtypes are \(tf.int32, tf.int64\)"):
        kiln.random.categorical([[0.0, 1.0]], 5, dtype=kiln.float32)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"\[random_poisson\] dtype int8 is not supported; use float16, float32, "
                             r"float64, int32 or int64"):
        kiln.random.poisson([3], 2.0, dtype=kiln.int8)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"\[random_gamma\] alpha has dtype bfloat16, which is not supported"):
        kiln.random.gamma([3], 1.0, dtype=kiln.bfloat16)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"Shape passed in must end with broadcasted shape: shape \[3\] does not "
                             r"end with the parameters' shape \[2\]"):
        kiln.random.stateless_gamma([3], [1, 2], alpha=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"`minval` and `maxval` must be both None or not None"):
        kiln.random.stateless_uniform([2], [1, 2], dtype=kiln.int32)
    with pytest.raises(ValueError, match="Please don't use unsigned integers"):
        kiln.random.stateless_uniform([2], [1, 2], minval=0, maxval=3, dtype=kiln.uint32)
    with pytest.raises(errors.InvalidArgumentError, match="minval must be 0-D, got shape \\[2\\]"):
        kiln.random.stateless_uniform([2], [1, 2], minval=[0, 1], maxval=[5, 6], dtype=kiln.int32)
    with pytest.raises(errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 3"):
        kiln.random.stateless_uniform([2], [1, 2], minval=5, maxval=3, dtype=kiln.int64)


def test_graph_seeds_follow_tf():
    # A graph's own seed (set_seed while building), op seeds 0, 1, ... for ops without one;
    # two ops with the same seeds start the same stream, and each run advances it.
    g = kiln.Graph()
    with g.as_default():
        kiln.random.set_seed(5)
        a, b = kiln.random.gamma([4], 2.0, seed=1), kiln.random.gamma([4], 2.0, seed=1)
    with v1.Session(graph=g) as sess:
        r1, r2 = sess.run([a, b]), sess.run([a, b])
    np.testing.assert_array_equal(r1[0], r1[1])
    assert not np.array_equal(r1[0], r2[0])
    assert g.seed == 5 and kiln.compat.v1.get_seed(None) == (None, None)  # eager: still unset


def test_values_do_not_depend_on_how_many_threads_computed_them():
    # Element i draws from its own substream: a prefix of a large (parallel) result
    # equals the small (serial) one.
    seed = [9, 10]
    for make in (lambda n: kiln.random.stateless_gamma([n], seed, alpha=0.7),
                 lambda n: kiln.random.stateless_poisson([n], seed, lam=40.0),
                 lambda n: kiln.random.stateless_truncated_normal([n], seed)):
        np.testing.assert_array_equal(make(300_000).numpy()[:50], make(50).numpy())
    logits = np.zeros([40_000, 4], np.float32)
    big = kiln.random.stateless_categorical(logits, 8, seed).numpy()
    np.testing.assert_array_equal(big[:3], kiln.random.stateless_categorical(logits[:3], 8, seed))
