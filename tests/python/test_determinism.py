"""The same computation on the same inputs gives the same bits, every time.

Reductions, matmul and elementwise ops large enough that kiln splits them over
its thread pool (src/core/parallel.cc: above kParallelThreshold = 2**16
elements, in fixed chunks), run after run, eagerly, in a session and in a
traced function (the same kernels, so the same bits across the three), and in
a fresh process, with one thread or all of them. Seeded random ops repeat
their values after the same `kiln.random.set_seed`. Each result is also
checked against NumPy, so "the same" is the right answer too.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import kiln

v1 = kiln.compat.v1

RUNS = 10
ROWS, COLS = 1536, 1031  # 1.6M elements: well past the parallel threshold, uneven chunks


def data(shape=(ROWS, COLS), seed=0, dtype=np.float32):
    rng = np.random.default_rng(seed)
    # Mixed magnitudes: the order of a float sum changes its last bits.
    return (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, size=shape)).astype(dtype)


def bits(value):
    a = np.asarray(value)
    return a.dtype, a.shape, a.tobytes()


def assert_same_bits_every_run(compute, runs=RUNS):
    first = bits(compute())
    for _ in range(runs - 1):
        assert bits(compute()) == first
    return np.frombuffer(first[2], first[0]).reshape(first[1])


REDUCTIONS = {
    "sum_axis0": (lambda x: kiln.reduce_sum(x, axis=0), lambda a: a.sum(axis=0, dtype=np.float64)),
    "sum_axis1": (lambda x: kiln.reduce_sum(x, axis=1), lambda a: a.sum(axis=1, dtype=np.float64)),
    "sum_all": (lambda x: kiln.reduce_sum(x), lambda a: a.sum(dtype=np.float64)),
    "mean_axis0": (lambda x: kiln.reduce_mean(x, axis=0),
                   lambda a: a.mean(axis=0, dtype=np.float64)),
    "mean_all": (lambda x: kiln.reduce_mean(x), lambda a: a.mean(dtype=np.float64)),
    "max_axis1": (lambda x: kiln.reduce_max(x, axis=1), lambda a: a.max(axis=1)),
    "max_all": (lambda x: kiln.reduce_max(x), lambda a: a.max()),
}


def check_reduction(got, a, want_fn, sum_like):
    want = want_fn(a)
    if sum_like:  # a float32 sum of a float64 oracle: off by rounding, relative to the magnitudes
        assert np.all(np.abs(got - want) <= 1e-5 * want_fn(np.abs(a)))
    else:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", REDUCTIONS)
def test_large_reductions_give_the_same_bits_every_run(name):
    a = data()
    op, want = REDUCTIONS[name]
    x = kiln.constant(a)
    got = assert_same_bits_every_run(lambda: op(x))
    check_reduction(got, a, want, sum_like=not name.startswith("max"))
    # A transposed (non-contiguous) view of the same values reduces deterministically too.
    xt = kiln.transpose(x)
    got_t = assert_same_bits_every_run(lambda: op(xt))
    check_reduction(got_t, a.T, want, sum_like=not name.startswith("max"))


@pytest.mark.parametrize("name", REDUCTIONS)
def test_eager_session_and_function_reductions_give_the_same_bits(name):
    a = data(seed=1)
    op, _ = REDUCTIONS[name]
    eager = bits(op(kiln.constant(a)))
    g = kiln.Graph()
    with g.as_default():
        p = v1.placeholder(kiln.float32, [None, COLS])
        fetched = op(p)
    with v1.Session(graph=g) as sess:
        run = sess.make_callable(fetched, [p])
        for _ in range(3):
            assert bits(sess.run(fetched, {p: a})) == eager
            assert bits(run(a)) == eager
    f = kiln.function(op)
    g_sig = kiln.function(op, input_signature=[kiln.TensorSpec([None, COLS], kiln.float32)])
    for _ in range(3):
        assert bits(f(kiln.constant(a))) == eager
        assert bits(f(a)) == eager  # a borrowed NumPy argument
        assert bits(g_sig(a)) == eager


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matmul_gives_the_same_bits_every_run_and_everywhere(dtype):
    a, b = data((384, 512), seed=2, dtype=dtype), data((512, 448), seed=3, dtype=dtype)
    x, y = kiln.constant(a), kiln.constant(b)
    got = assert_same_bits_every_run(lambda: kiln.matmul(x, y))
    want = a.astype(np.float64) @ b.astype(np.float64)
    tol = (1e-5 if dtype == np.float32 else 1e-13) * (np.abs(a) @ np.abs(b))
    assert np.all(np.abs(got - want) <= tol)
    f = kiln.function(lambda p, q: kiln.matmul(p, q))
    g = kiln.Graph()
    with g.as_default():
        p, q = v1.placeholder(x.dtype, a.shape), v1.placeholder(y.dtype, b.shape)
        product = kiln.matmul(p, q)
    sess = v1.Session(graph=g)  # not entered: inside, f would add its ops to g
    for _ in range(3):
        assert bits(f(x, y)) == bits(got)
        assert bits(sess.run(product, {p: a, q: b})) == bits(got)
    sess.close()


ELEMENTWISE = {
    "exp": (kiln.exp, np.exp),
    "tanh": (kiln.tanh, np.tanh),
    "sigmoid": (kiln.sigmoid, lambda v: 1 / (1 + np.exp(-v))),
    "mul_add_broadcast": (lambda v: v * kiln.constant(np.float32(0.5)) + kiln.reduce_max(v, axis=0),
                          lambda v: v * np.float32(0.5) + v.max(axis=0)),
    "softmax": (kiln.nn.softmax, lambda v: np.exp(v - v.max(-1, keepdims=True))
                / np.exp(v - v.max(-1, keepdims=True)).sum(-1, keepdims=True)),
}


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_large_elementwise_ops_give_the_same_bits_every_run(name):
    a = np.random.default_rng(4).standard_normal((ROWS, COLS)).astype(np.float32) * 3
    op, want = ELEMENTWISE[name]
    x = kiln.constant(a)
    got = assert_same_bits_every_run(lambda: op(x))
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(got, want(a.astype(np.float64)), rtol=2e-6, atol=1e-7)
    f = kiln.function(op)
    assert bits(f(x)) == bits(got)
    assert bits(f(x)) == bits(got)


def test_a_session_run_of_a_whole_graph_gives_the_same_bits_every_run():
    a = data((512, 1024), seed=5)
    w = data((1024, 256), seed=6) * np.float32(0.01)
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [None, 1024])
        h = kiln.nn.relu(kiln.matmul(x, kiln.constant(w)))
        out = {"logits": kiln.nn.log_softmax(h), "total": kiln.reduce_sum(h),
               "top": kiln.reduce_max(h, axis=1)}
    with v1.Session(graph=g) as sess:
        first = sess.run(out, {x: a})
        for _ in range(RUNS - 1):
            again = sess.run(out, {x: a})
            assert all(bits(again[k]) == bits(first[k]) for k in first)
    want_h = np.maximum(a.astype(np.float64) @ w.astype(np.float64), 0)
    np.testing.assert_allclose(first["top"], want_h.max(axis=1), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(first["total"], want_h.sum(), rtol=1e-4)


def test_a_traced_function_gives_the_same_bits_every_run():
    a = data((512, 1024), seed=7)

    @kiln.function
    def f(x):
        def body(i, acc):
            return i + 1, acc + kiln.reduce_sum(x * kiln.cast(i, kiln.float32), axis=0)
        start = [kiln.constant(0), kiln.zeros([1024])]
        return kiln.while_loop(lambda i, acc: i < 5, body, start)[1]

    got = assert_same_bits_every_run(lambda: f(a))
    want = a.astype(np.float64).sum(axis=0) * (0 + 1 + 2 + 3 + 4)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-2)
    assert f.experimental_get_tracing_count() == 1


@pytest.fixture
def unseeded_afterwards():
    yield
    kiln.random.set_seed(None)


def seeded_draws():
    kiln.random.set_seed(1234)
    return [kiln.random.uniform([1 << 20], seed=5), kiln.random.uniform([1 << 20], seed=5),
            kiln.random.normal([1000, 1001], seed=6), kiln.random.normal([7]),
            kiln.random.uniform([300, 301], minval=-5, maxval=9, dtype=kiln.int32, seed=8)]


def test_seeded_random_ops_repeat_after_set_seed(unseeded_afterwards):
    first = [bits(t) for t in seeded_draws()]
    assert first[0] != first[1]  # the same op seed continues its stream...
    for _ in range(3):
        assert [bits(t) for t in seeded_draws()] == first  # ...and set_seed restarts it
    u = np.frombuffer(first[0][2], np.float32)
    assert (u >= 0).all() and (u < 1).all() and abs(u.mean() - 0.5) < 0.01


def test_seeded_random_ops_in_graphs_and_functions_repeat_after_set_seed(unseeded_afterwards):
    def graph_runs():
        g = kiln.Graph()
        with g.as_default():
            kiln.random.set_seed(99)  # as TF, a graph has its own seed
            r = [kiln.random.uniform([1 << 18], seed=1), kiln.random.normal([3, 5])]
        with v1.Session(graph=g) as sess:
            return [[bits(v) for v in sess.run(r)] for _ in range(3)]

    def function_calls():
        kiln.random.set_seed(99)
        f = kiln.function(lambda: kiln.random.uniform([1 << 18], seed=1) * 2.0)
        return [bits(f()) for _ in range(3)]

    runs, calls = graph_runs(), function_calls()
    assert runs[0] != runs[1]  # every run draws a new part of the stream
    assert calls[0] != calls[1]
    assert graph_runs() == runs and function_calls() == calls


# The same computations in a fresh process (a new seeding state, a new thread
# pool), once with every CPU and once pinned to one CPU (one thread): the bits
# must be the ones this process computes. kiln's own kernels split work in
# fixed blocks whose results combine in an order that does not depend on the
# thread count (float sums: docs/semantics.md); float matmul is OpenBLAS's,
# whose bits depend on the number of threads it uses.
DEPENDS_ON_THREAD_COUNT = {"matmul"}
FRESH_PROCESS = r"""
import json, os, sys
cpus = json.loads(sys.argv[1])
if cpus is not None:
    os.sched_setaffinity(0, cpus)  # before kiln starts its thread pool
import numpy as np
import kiln
sys.path.insert(0, sys.argv[3])
from test_determinism import computations
np.savez(sys.argv[2], **{k: np.asarray(v) for k, v in computations().items()})
"""


def computations():
    """Results that must not depend on the process or its thread count."""
    a = data(seed=10)
    x = kiln.constant(a)
    out = {name: op(x) for name, (op, _) in REDUCTIONS.items()}
    out["matmul"] = kiln.matmul(x[:256], kiln.transpose(x[:300]))
    out["tanh"] = kiln.tanh(x)
    out["cumsum"] = kiln.cumsum(x, axis=0)
    f = kiln.function(lambda t: kiln.reduce_sum(kiln.exp(t * 1e-3), axis=1))
    out["function"] = f(x)
    kiln.random.set_seed(2024)
    out["uniform"] = kiln.random.uniform([1 << 20], seed=3)
    out["normal"] = kiln.random.normal([1 << 19], seed=4)
    kiln.random.set_seed(None)
    return out


@pytest.mark.parametrize("cpus", ["all", "one"])
def test_a_fresh_process_computes_the_same_bits(cpus, tmp_path):
    if cpus == "one" and not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this platform")
    pinned = None if cpus == "all" else [sorted(os.sched_getaffinity(0))[0]]
    path = tmp_path / "fresh.npz"
    subprocess.run([sys.executable, "-c", FRESH_PROCESS, json.dumps(pinned), str(path),
                    os.path.dirname(__file__)], check=True, timeout=300)
    here = {k: bits(v) for k, v in computations().items()}
    with np.load(path) as there:
        assert sorted(there.files) == sorted(here)
        for k in here:
            if cpus == "one" and k in DEPENDS_ON_THREAD_COUNT:  # the same up to rounding
                a = np.abs(data(seed=10)).astype(np.float64)
                ours = np.frombuffer(here[k][2], here[k][0]).reshape(here[k][1])
                assert np.all(np.abs(there[k] - ours) <= 1e-6 * (a[:256] @ a[:300].T)), k
                continue
            assert bits(there[k]) == here[k], k
