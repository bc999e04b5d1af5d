"""Independent branches run at once (src/runtime/plan_schedule.cc).

The schedule pass groups branches of pure steps that do not read each
other's values into a kParallel step; the executor runs them on the pool,
each with its own buffers, and releases a value two branches read only when
both are done. Values must come out bit for bit as in eager mode, with any
number of branches at once, and an error must be the same every run.
"""
import os

import numpy as np
import pytest

import kiln
from kiln import _core
from kiln.compat import v1

SEED = int(os.environ.get("KILN_FUZZ_SEED", "20261208"))
GRAPHS = 80

UNARY = [kiln.tanh, kiln.sin, kiln.abs, kiln.square, kiln.nn.relu, kiln.exp]
REDUCE = [kiln.reduce_sum, kiln.reduce_max, kiln.reduce_min, kiln.reduce_mean]


@pytest.fixture
def small_branches(monkeypatch):
    """Branches of any size go parallel (the default wants 16,384 elements of work)."""
    monkeypatch.setenv("KILN_PLAN_MIN_BRANCH_WORK", "0")
    yield
    kiln.config.threading.set_inter_op_parallelism_threads(0)


def plan_of(graph, fetches, feeds):
    """The plan a Session runs for these fetches and feeds (the C++ Session's)."""
    return _core.Session(graph._c).plan([(t._op._id, t._index) for t in fetches],
                                        [(t._op._id, t._index) for t in feeds], [])


def build(rng, x_values):
    """A random graph of several towers over shared inputs that join at the end:
    towers read the inputs and, now and then, each other's results (a join)."""
    values = list(x_values)
    towers = []
    for _ in range(int(rng.integers(2, 6))):
        v = values[int(rng.integers(len(values)))]
        if towers and rng.random() < 0.3:
            v = v + towers[int(rng.integers(len(towers)))]  # reads another tower
        for _ in range(int(rng.integers(1, 4))):
            if rng.random() < 0.3:
                v = REDUCE[int(rng.integers(len(REDUCE)))](v, axis=-1, keepdims=True) * v
            else:
                v = UNARY[int(rng.integers(len(UNARY)))](v)
        towers.append(v)
    out = towers[0]
    for t in towers[1:]:
        out = out + t
    return out, towers


def bits(a):
    a = np.ascontiguousarray(a)
    return a.view(f"u{a.dtype.itemsize}")


@pytest.mark.parametrize("case", range(GRAPHS))
def test_parallel_branches_match_eager_bit_for_bit(case, small_branches):
    rng = np.random.default_rng([SEED, case])
    shape = (int(rng.choice([1, 3])), int(rng.choice([1, 5, 300, 9000])))
    inputs = [rng.standard_normal(shape).astype(np.float32) for _ in range(int(rng.integers(1, 4)))]
    eager_out, eager_towers = build(np.random.default_rng([SEED, case, 1]),
                                    [kiln.constant(x) for x in inputs])
    want = [eager_out.numpy()] + [t.numpy() for t in eager_towers]
    g = kiln.Graph()
    with g.as_default():
        feeds = [v1.placeholder(kiln.float32, shape) for _ in inputs]
        out, towers = build(np.random.default_rng([SEED, case, 1]), feeds)
    fetches = [out] + towers
    plan = plan_of(g, fetches, feeds)
    fed = [kiln.constant(x) for x in inputs]
    for inter_op in (0, 1, 2):
        kiln.config.threading.set_inter_op_parallelism_threads(inter_op)
        for _ in range(2):  # a second run reuses the buffers the first left
            got = plan.run(fed)
            for w, r in zip(want, got):
                np.testing.assert_array_equal(bits(r), bits(w), err_msg=plan.describe())
    for x, t in zip(inputs, fed):
        np.testing.assert_array_equal(bits(t.numpy()), bits(x))  # fed values are never written


def test_the_random_graphs_reach_parallel_steps(small_branches):
    """The fuzz above reaches what it is for: kParallel steps, some with values two
    branches read (released after the group), and in-place writes inside branches."""
    parallel = shared = in_place = 0
    for case in range(GRAPHS):
        rng = np.random.default_rng([SEED, case])
        shape = (int(rng.choice([1, 3])), int(rng.choice([1, 5, 300, 9000])))
        n = int(rng.integers(1, 4))
        g = kiln.Graph()
        with g.as_default():
            feeds = [v1.placeholder(kiln.float32, shape) for _ in range(n)]
            out, towers = build(np.random.default_rng([SEED, case, 1]), feeds)
        text = plan_of(g, [out] + towers, feeds).describe()
        parallel += text.count("parallel ")
        shared += text.count("; then, release")
        in_place += text.count("in place of")
    assert parallel >= GRAPHS // 2, parallel
    assert shared >= 10, shared
    assert in_place >= 10, in_place


def towers_graph(n, size):
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [4, size])
        outs = [kiln.reduce_sum(kiln.sin(x * float(k + 1)), axis=1) for k in range(n)]
        total = kiln.add_n(outs)
    return g, x, total


def test_default_threshold_keeps_small_graphs_sequential():
    g, x, total = towers_graph(3, 100)  # 400 elements a branch
    assert "parallel" not in plan_of(g, [total], [x]).describe()
    g, x, total = towers_graph(3, 4096)  # 16,384 elements read and written a branch, and more
    text = plan_of(g, [total], [x]).describe()
    assert "parallel 3 branches" in text, text


def test_unknown_shapes_stay_sequential():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [None, 4096])
        total = kiln.reduce_sum(kiln.sin(x), axis=1) + kiln.reduce_max(kiln.cos(x), axis=1)
    assert "parallel" not in plan_of(g, [total], [x]).describe()


def test_the_first_branchs_error_is_raised_every_time(small_branches):
    g = kiln.Graph()
    with g.as_default():
        a = v1.placeholder(kiln.int32, [3])
        b = v1.placeholder(kiln.int32, [3])
        first = kiln.reduce_sum(kiln.math.floordiv(a, b))   # raises: b holds a zero
        second = kiln.reduce_sum(kiln.math.floormod(b, a))  # raises: a holds a zero
        total = first + second
    plan = plan_of(g, [total], [a, b])
    assert "parallel 2 branches" in plan.describe()
    for _ in range(20):
        with pytest.raises(kiln.errors.InvalidArgumentError, match=r"node 'FloorDiv'"):
            plan.run([kiln.constant([1, 0, 2]), kiln.constant([0, 1, 1])])


def test_sessions_and_functions_schedule_branches():
    """Session.run and kiln.function compile through the same passes."""
    g, x, total = towers_graph(2, 8192)
    value = np.linspace(-1, 1, 4 * 8192, dtype=np.float32).reshape(4, 8192)
    want = sum(np.sin(value * (k + 1)).sum(axis=1, dtype=np.float64) for k in range(2))
    with v1.Session(graph=g) as sess:
        np.testing.assert_allclose(sess.run(total, {x: value}), want, rtol=1e-5)

    @kiln.function
    def f(v):
        return kiln.reduce_sum(kiln.sin(v), axis=1) + kiln.reduce_sum(kiln.sin(v * 2.0), axis=1)

    np.testing.assert_allclose(f(value).numpy(), want, rtol=1e-5)


def test_inter_op_setting_is_checked_and_kept():
    threading = kiln.config.threading
    try:
        threading.set_inter_op_parallelism_threads(1)
        assert threading.get_inter_op_parallelism_threads() == 1
        with pytest.raises(ValueError, match="0 .one per core. or a positive number"):
            threading.set_inter_op_parallelism_threads(-2)
        with pytest.raises(TypeError, match="must be an integer number of threads"):
            threading.set_inter_op_parallelism_threads(1.5)
    finally:
        threading.set_inter_op_parallelism_threads(0)
