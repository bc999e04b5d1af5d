"""kiln.compat.v1.Session: fetch structures, feeds, pruning, the plan cache,
zero-copy results, errors (TF 2.21's types and wording), threads, lifetimes."""

import collections
import gc

import numpy as np
import pytest

import kiln
from kiln import errors

v1 = kiln.compat.v1


@pytest.fixture
def graph():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, shape=[2], name="x")
        y = v1.placeholder(kiln.float32, shape=[None, 3], name="y")
        c = kiln.add(x, 1.0)
        d = kiln.multiply(c, 2.0)
        m = kiln.matmul(y, kiln.ones([3, 2]))
    return g, x, y, c, d, m


def test_the_seed_graph_gives_a_writable_ndarray():
    g = kiln.Graph()
    with g.as_default():
        a = kiln.constant([[1, 2], [3, 4]], dtype=kiln.int32)
        b = kiln.constant([[5, 6], [7, 8]], dtype=kiln.int32)
        c = kiln.add(a, b)
    with v1.Session(graph=g) as sess:
        result = sess.run(c)
    assert type(result) is np.ndarray and result.dtype == np.int32 and result.flags.writeable
    np.testing.assert_array_equal(result, [[6, 8], [10, 12]])


def test_nested_fetch_structures_keep_their_shape(graph):
    g, x, y, c, d, m = graph
    Pair = collections.namedtuple("Pair", "first second")
    feed = {x: [1.0, 2.0], y: np.ones((1, 3), np.float32)}
    with v1.Session(graph=g) as sess:
        out = sess.run({"a": c, "b": [d, c.op], "p": Pair(m, (c,)),
                        "o": collections.OrderedDict(z=d)}, feed_dict=feed)
    assert list(out) == ["a", "b", "p", "o"]
    np.testing.assert_array_equal(out["a"], [2.0, 3.0])
    assert isinstance(out["b"], list) and out["b"][1] is None
    np.testing.assert_array_equal(out["b"][0], [4.0, 6.0])
    assert isinstance(out["p"], Pair) and isinstance(out["p"].second, tuple)
    np.testing.assert_array_equal(out["p"].first, [[3.0, 3.0]])
    assert isinstance(out["o"], collections.OrderedDict)


def test_fetch_and_feed_by_name(graph):
    g, x, _, c, _, _ = graph
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run("Add:0", feed_dict={"x:0": [0.0, 1.0]}), [1.0, 2.0])
        assert sess.run("Add", feed_dict={x: [0.0, 1.0]}) is None  # an operation gives None


def test_feeds_are_converted_with_the_tensors_dtype(graph):
    g, x, _, c, _, _ = graph
    eager = kiln.constant([3.0, 4.0])  # (inside the block below, constants join the graph)
    with v1.Session(graph=g) as sess:
        got = sess.run(c, feed_dict={x: np.array([1, 2], np.float64)})
        assert got.dtype == np.float32
        np.testing.assert_array_equal(sess.run(c, feed_dict={x: [1.5, 2]}), [2.5, 3.0])
        np.testing.assert_array_equal(sess.run(c, feed_dict={x: eager}), [4.0, 5.0])
        scalar = sess.run(kiln.reduce_sum(c), feed_dict={x: [1.0, 1.0]})
    assert type(scalar) is np.float32 and scalar == 4.0


def test_feeding_an_intermediate_skips_what_computes_it(graph):
    g, x, _, c, d, _ = graph
    with v1.Session(graph=g) as sess:
        # x has no feed, but nothing needs it once c is fed.
        np.testing.assert_array_equal(sess.run(d, feed_dict={c: [7.0, 8.0]}), [14.0, 16.0])
        np.testing.assert_array_equal(sess.run(c, feed_dict={c: [7.0, 8.0]}), [7.0, 8.0])


def test_a_missing_feed_names_every_placeholder_and_the_fetch_that_needs_it(graph):
    g, _, _, _, d, m = graph
    with v1.Session(graph=g) as sess:
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run([d, m])
    message = str(info.value)
    assert "You must feed a value for placeholder tensor" in message
    assert "'x' (float32 and shape (2,)), needed by Mul:0" in message
    assert "'y' (float32 and shape (None, 3)), needed by MatMul:0" in message
    assert "feed_dict={placeholder: value}" in message


def test_only_the_needed_subgraph_runs(graph):
    g, x, _, c, _, _ = graph
    with g.as_default():
        zero = v1.placeholder(kiln.int32, [], name="zero")
        failing = kiln.math.floordiv(kiln.constant(1), zero)  # integer division by zero
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(c, {x: [1.0, 1.0], zero: 0}), [2.0, 2.0])
        with pytest.raises(errors.InvalidArgumentError, match="while running node 'FloorDiv'"):
            sess.run(failing, {zero: 0})


def test_feed_shape_and_dtype_errors(graph):
    g, x, y, c, _, m = graph
    ints = kiln.constant([1, 2])
    with v1.Session(graph=g) as sess:
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape \(3,\) for Tensor x:0, "
                                             r"which has shape \(2,\)$"):
            sess.run(c, feed_dict={x: [1, 2, 3]})
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 4\) for Tensor "
                                             r"y:0, which has shape \(None, 3\)"):
            sess.run(m, feed_dict={y: np.ones((2, 4))})
        with pytest.raises(ValueError, match="Cannot feed str value for Tensor x:0 of dtype float32"):
            sess.run(c, feed_dict={x: "abc"})
        with pytest.raises(TypeError, match="Cannot feed a int32 tensor for Tensor x:0"):
            sess.run(c, feed_dict={x: ints})
        with pytest.raises(TypeError, match="The value of a feed cannot be a symbolic tensor"):
            sess.run(c, feed_dict={x: c})
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: The name "
                                            "'nope:0' refers to a Tensor which does not exist"):
            sess.run(c, feed_dict={"nope:0": 1})


def test_fetch_errors(graph):
    g, *_ = graph
    other = kiln.Graph()
    with other.as_default():
        foreign = kiln.constant(1.0)
    with v1.Session(graph=g) as sess:
        with pytest.raises(TypeError, match='Argument `fetch` = None has invalid type "NoneType"'):
            sess.run(None)
        with pytest.raises(TypeError, match=r'Argument `fetch` = 3 has invalid type "int" must be '
                                            r"a string or Tensor"):
            sess.run(3)
        with pytest.raises(ValueError, match=r"Argument `fetch` = Tensor\(\"Const:0\", shape=\(\), "
                                             r"dtype=float32\) cannot be interpreted as a Tensor. "
                                             r"\(Tensor Tensor\(\"Const:0\".*is not an element of "
                                             r"this graph.\)"):
            sess.run(foreign)
        with pytest.raises(KeyError, match="The operation, 'nope', does not exist in the graph"):
            sess.run("nope:0")
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: Tensor "
                                            "Tensor\\(\"Const:0\".*is not an element of this graph"):
            sess.run("Add:0", feed_dict={foreign: 1.0})


def test_closed_and_empty_sessions():
    empty = v1.Session(graph=kiln.Graph())
    with pytest.raises(RuntimeError, match="The Session graph is empty. Add operations to the "
                                           "graph before calling run\\(\\)."):
        empty.run([])
    g = kiln.Graph()
    with g.as_default():
        t = kiln.constant(2.0)
    sess = v1.Session(graph=g)
    assert sess.run(t) == 2.0
    assert sess.run([]) == [] and sess.run(()) == () and sess.run({}) == {}  # as TF
    sess.close()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session"):
        sess.run(t)
    with pytest.raises(errors.UnimplementedError, match="target='grpc://x' is not supported"):
        v1.Session("grpc://x", graph=g)


def test_a_repeated_run_reuses_its_plan(graph):
    g, x, _, c, d, _ = graph
    with v1.Session(graph=g) as sess:
        for i in range(5):
            sess.run(d, feed_dict={x: [i, i]})
        assert sess._plans_compiled == 1
        sess.run([c, d], feed_dict={x: [1, 1]})
        assert sess._plans_compiled == 2
        sess.run(c, feed_dict={x: [1, 1]})  # other fetches: another plan
        assert sess._plans_compiled == 3


def test_make_callable(graph):
    g, x, y, c, d, m = graph
    with v1.Session(graph=g) as sess:
        run = sess.make_callable([c, d], feed_list=[x])
        for i in range(3):
            got_c, got_d = run(np.array([i, i + 1], np.float32))
            np.testing.assert_array_equal(got_d, 2 * (np.array([i, i + 1]) + 1))
        with pytest.raises(TypeError, match="takes 1 feed values"):
            run()
        run_m = sess.make_callable(m, [y])
        np.testing.assert_array_equal(run_m(np.ones((4, 3))), np.full((4, 2), 3.0))


def test_results_are_zero_copy_only_when_nobody_else_holds_them(graph):
    g, x, _, c, _, _ = graph
    with g.as_default():
        const = kiln.constant(np.arange(1000, dtype=np.float32))
        computed = kiln.add(v1.placeholder_with_default(const, [1000]), 1.0)
    with v1.Session(graph=g) as sess:
        fed = np.zeros(2, np.float32)
        same = sess.run(x, feed_dict={x: fed})  # the fed value comes back: copied, not aliased
        assert not np.shares_memory(same, fed)
        same[0] = 5
        assert fed[0] == 0
        a = sess.run(const)  # a constant lives in the graph: copied
        a[0] = 42
        assert sess.run(const)[0] == 0
        b = sess.run(computed)  # computed for this run only: handed over, writable
        b[0] = 42
        np.testing.assert_array_equal(sess.run(computed)[:3], [1.0, 2.0, 3.0])
        first, second = sess.run([computed, computed])  # one buffer fetched twice: copies
        assert not np.shares_memory(first, second)


def test_results_and_views_outlive_the_session_and_graph():
    g = kiln.Graph()
    with g.as_default():
        big = kiln.add(kiln.constant(np.arange(10000, dtype=np.float64)), 1.0)
    sess = v1.Session(graph=g)
    result = sess.run(big)
    del sess, g, big
    gc.collect()
    np.testing.assert_array_equal(result[:3], [1.0, 2.0, 3.0])
    assert result.sum() == sum(range(1, 10001))


def test_default_session_eval_and_operation_run(graph):
    g, x, _, c, _, _ = graph
    assert v1.get_default_session() is None
    with pytest.raises(ValueError, match=r"Cannot evaluate Add:0 using `eval\(\)`: no default "
                                         r"session is registered"):
        c.eval(feed_dict={x: [1, 2]})
    with v1.Session(graph=g) as sess:
        assert v1.get_default_session() is sess
        np.testing.assert_array_equal(c.eval(feed_dict={x: [1, 2]}), [2.0, 3.0])
        assert c.op.run(feed_dict={x: [1, 2]}) is None
    other = v1.Session(graph=kiln.Graph())
    with pytest.raises(ValueError, match="graph is different from the session's graph"):
        c.eval(feed_dict={x: [1, 2]}, session=other)
    interactive = v1.InteractiveSession(graph=g)
    assert v1.get_default_session() is interactive
    np.testing.assert_array_equal(c.eval({x: [0, 0]}), [1.0, 1.0])
    interactive.close()
    assert v1.get_default_session() is None


def test_placeholder_with_default_and_group():
    g = kiln.Graph()
    with g.as_default():
        p = v1.placeholder_with_default(kiln.constant([1.0, 2.0]), shape=[None])
        doubled = p * 2.0
        with pytest.raises(errors.InvalidArgumentError, match="does not fit the shape \\(3,\\)"):
            v1.placeholder_with_default(kiln.constant([1.0, 2.0]), shape=[3])
        step = kiln.group(doubled)
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(doubled), [2.0, 4.0])
        np.testing.assert_array_equal(sess.run(doubled, {p: [5.0, 6.0, 7.0]}), [10.0, 12.0, 14.0])
        assert sess.run(step) is None
        assert p.shape.as_list() == [None]


def test_random_ops_draw_new_values_on_every_run():
    g = kiln.Graph()
    with g.as_default():
        r = kiln.random.uniform([4], seed=7)
    with v1.Session(graph=g) as sess:
        first, second = sess.run(r), sess.run(r)
    assert not np.array_equal(first, second)
    assert ((first >= 0) & (first < 1)).all()


def test_concurrent_runs_from_eight_threads(graph, in_threads):
    g, x, _, c, d, _ = graph
    sess = v1.Session(graph=g)
    run = sess.make_callable(d, [x])
    failures = []

    def worker(k):
        for i in range(200):
            value = np.array([k, i], np.float32)
            want = (value + 1) * 2
            got = sess.run(d, feed_dict={x: value}) if i % 2 else run(value)
            if not np.array_equal(got, want):
                failures.append((k, i, got))

    in_threads(worker, 8)
    assert failures == []
    assert sess._plans_compiled == 1


def test_identical_nodes_are_computed_once_per_run(graph):
    g, x, *_ = graph
    with g.as_default():
        e1, e2 = kiln.exp(x), kiln.exp(x)
        total = e1 + e2
    with v1.Session(graph=g) as sess:
        got = sess.run(total, {x: [0.0, 1.0]})
        (plan,) = sess._cached_plans  # the one plan of the one run
    np.testing.assert_allclose(got, 2 * np.exp([0.0, 1.0]), rtol=1e-6)
    # One exp (shared by both nodes) and the add, fused into one step.
    assert plan.num_steps == 1
    assert "fused(exp, add)" in plan.describe()
