"""What graphs, sessions and traced functions hand out outlives them.

Results of `Session.run` (computed ones are handed over without a copy),
results of a traced `kiln.function` and views of them, and the arrays a
`numpy_function` callback receives and keeps: each stays valid after the
tensor, session, graph and function are deleted and the allocator is churned
(freed memory reused), and kiln's allocation count drops back to where it was
once the last of them is dropped (nothing leaks, nothing is freed early).
"""

import gc

import numpy as np
import pytest

import kiln

v1 = kiln.compat.v1

N = 1 << 18  # float32 elements: 1 MB
MB = 1 << 20


def values(seed):
    return np.random.default_rng(seed).standard_normal(N).astype(np.float32)


def churn():
    """Creates and drops many kiln buffers and arrays of the same size, eagerly
    and through a session and a function, so that freed memory is reused."""
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [N])
        y = x - 7.0
    sess = v1.Session(graph=g)
    f = kiln.function(lambda t: t * -3.0)
    for i in range(10):
        t = kiln.constant(np.full(N, -float(i), np.float32))
        junk = np.full(N, -float(i), np.float32)
        r1 = sess.run(y, {x: junk})
        r2 = f(t)
        del t, junk, r1, r2
    sess.close()
    del g, x, y, sess, f
    gc.collect()


def expected(x):
    return x * np.float32(2.0) + np.float32(1.0)


def build(g):
    with g.as_default():
        x = v1.placeholder(kiln.float32, [N], name="x")
        y = x * 2.0 + 1.0  # computed by the run: its buffer is nobody else's
    return x, y


FETCHES = {
    "run": lambda sess, x, y, feed: sess.run(y, {x: feed}),
    "run_list": lambda sess, x, y, feed: sess.run([y], {x: feed})[0],
    "run_dict": lambda sess, x, y, feed: sess.run({"y": y}, {x: feed})["y"],
    "run_by_name": lambda sess, x, y, feed: sess.run(y.name, {"x:0": feed}),
    "make_callable": lambda sess, x, y, feed: sess.make_callable(y, [x])(feed),
}


@pytest.mark.parametrize("closed", [False, True], ids=["deleted", "closed"])
@pytest.mark.parametrize("fetch", FETCHES.values(), ids=FETCHES.keys())
def test_session_result_outlives_session_and_graph(fetch, closed, allocated):
    feed = values(0)
    base = allocated()
    g = kiln.Graph()
    x, y = build(g)
    sess = v1.Session(graph=g)
    result = fetch(sess, x, y, feed)
    assert result.flags.writeable
    if closed:
        sess.close()
    del sess, g, x, y
    churn()
    # The result is the run's own buffer (handed over, not copied): it alone holds it.
    assert allocated() == base + MB
    np.testing.assert_array_equal(result, expected(feed))
    view = result[::2]  # a NumPy view of the result keeps it too
    del result
    churn()
    assert allocated() == base + MB
    np.testing.assert_array_equal(view, expected(feed)[::2])
    del view
    assert allocated() == base


def test_many_session_results_each_keep_their_own_buffer(allocated):
    feeds = [values(seed) for seed in range(4)]
    base = allocated()
    g = kiln.Graph()
    x, y = build(g)
    with g.as_default():
        z = kiln.negative(y)
    with v1.Session(graph=g) as sess:
        results = [sess.run([y, z], {x: feed}) for feed in feeds]
    del sess, g, x, y, z
    churn()
    assert allocated() == base + 8 * MB
    for feed, (got_y, got_z) in zip(feeds, results):
        np.testing.assert_array_equal(got_y, expected(feed))
        np.testing.assert_array_equal(got_z, -expected(feed))
    del results, got_y, got_z
    assert allocated() == base


RESULT_VIEWS = {
    "tensor": lambda t: t,
    "asarray": np.asarray,
    "memoryview": memoryview,
    "np_from_dlpack": np.from_dlpack,
}


@pytest.mark.parametrize("with_signature", [False, True], ids=["traced", "input_signature"])
@pytest.mark.parametrize("make_view", RESULT_VIEWS.values(), ids=RESULT_VIEWS.keys())
def test_function_result_outlives_the_function(make_view, with_signature, allocated):
    arg = values(1)
    base = allocated()
    signature = [kiln.TensorSpec([N], kiln.float32)] if with_signature else None

    @kiln.function(input_signature=signature)
    def f(x):
        return x * 2.0 + 1.0

    result = f(kiln.constant(arg))
    assert isinstance(result, kiln.EagerTensor)
    view = make_view(result)
    concrete = f.get_concrete_function(kiln.TensorSpec([N], kiln.float32))
    del result, f, concrete
    churn()
    assert allocated() == base + MB  # the function, its graph and plan are gone; the result is not
    np.testing.assert_array_equal(np.asarray(view), expected(arg))
    del view
    assert allocated() == base


def test_function_results_of_many_calls_are_distinct_buffers(allocated):
    args = [values(seed) for seed in range(4)]
    base = allocated()

    @kiln.function
    def f(x):
        return x * 2.0 + 1.0, kiln.reduce_sum(x)

    kept = [np.asarray(f(a)[0]) for a in args]  # NumPy arguments are borrowed, not copied
    del f
    churn()
    assert allocated() == base + 4 * MB
    for a, view in zip(args, kept):
        np.testing.assert_array_equal(view, expected(a))
    del kept, view
    assert allocated() == base


def test_function_numpy_copy_does_not_hold_kiln_memory(allocated):
    arg = values(2)
    base = allocated()
    f = kiln.function(lambda x: x * 2.0 + 1.0)
    copy = f(arg).numpy()
    del f
    assert allocated() == base
    churn()
    np.testing.assert_array_equal(copy, expected(arg))


def _keeping_callback(kept):
    def keep(a):
        kept.append(a)  # the read-only view numpy_function passes, kept past the call
        return np.float32(a[0])
    return keep


def test_numpy_function_inputs_kept_by_the_callback_outlive_the_session(allocated):
    feeds = [values(seed) for seed in range(3)]
    kept = []
    base = allocated()
    g = kiln.Graph()
    x, y = build(g)
    with g.as_default():
        first = kiln.numpy_function(_keeping_callback(kept), [y], kiln.float32)
        after = y - 5.0  # y's last reader runs after the callback: it must not reuse y's buffer
    with v1.Session(graph=g) as sess:
        for feed in feeds:
            got_first, got_after, got_y = sess.run([first, after, y], {x: feed})
            assert got_first == expected(feed)[0]
            np.testing.assert_array_equal(got_after, expected(feed) - np.float32(5.0))
            # y is fetched and kept by the callback: the result must not alias the kept view
            assert not np.shares_memory(got_y, kept[-1])
            got_y[:] = 0
    del sess, g, x, y, first, after, got_first, got_after, got_y
    churn()
    assert len(kept) == len(feeds)
    assert allocated() == base + len(feeds) * MB
    for feed, a in zip(feeds, kept):
        assert not a.flags.writeable
        np.testing.assert_array_equal(a, expected(feed))
    del kept[:], a
    assert allocated() == base


def test_numpy_function_inputs_kept_by_the_callback_outlive_the_function(allocated):
    args = [values(seed) for seed in range(3)]
    kept = []
    base = allocated()

    @kiln.function
    def f(x):
        y = x * 2.0 + 1.0
        return kiln.numpy_function(_keeping_callback(kept), [y], kiln.float32), y - 5.0

    for a in args:
        got_first, got_after = f(a)
        assert got_first.numpy() == expected(a)[0]
        np.testing.assert_array_equal(got_after.numpy(), expected(a) - np.float32(5.0))
    del f, got_first, got_after
    churn()
    assert allocated() == base + len(args) * MB
    for a, view in zip(args, kept):
        np.testing.assert_array_equal(view, expected(a))
    del kept[:], view
    assert allocated() == base
