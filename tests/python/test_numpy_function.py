"""kiln.numpy_function / py_function: Python on tensor values inside graphs,
sessions and traced functions; zero-copy read-only inputs; Tout conversion and
the errors of callbacks that misbehave."""


import numpy as np
import pytest

import kiln
from kiln import errors

v1 = kiln.compat.v1


def test_eagerly_the_function_is_simply_called():
    out = kiln.numpy_function(lambda a, b: a * b, [kiln.constant([1.0, 2.0]), np.float32(3)], kiln.float32)
    assert type(out) is kiln.EagerTensor
    np.testing.assert_array_equal(out.numpy(), [3.0, 6.0])
    a, n = kiln.numpy_function(lambda v: (v[::-1].copy(), v.size), [kiln.constant([1, 2, 3])],
                               [kiln.int32, kiln.int64])
    assert a.numpy().tolist() == [3, 2, 1] and n.dtype == kiln.int64 and int(n) == 3


def test_in_a_graph_the_function_runs_with_the_fed_values():
    seen = []

    def inspect(values):
        seen.append((values.flags.writeable, values.dtype, values.tolist()))
        return np.sort(values)

    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [None])
        y = kiln.numpy_function(inspect, [x], kiln.float32)
        z = y * 2.0
    assert y.op.type == "PyFunc" and y.shape.rank is None
    assert seen == []  # nothing runs while the graph is built
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(z, {x: [3.0, 1.0, 2.0]}), [2.0, 4.0, 6.0])
    assert seen == [(False, np.float32, [3.0, 1.0, 2.0])]  # a read-only view of the value


def test_callback_errors_name_the_problem():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [2])
        wrong_dtype = kiln.numpy_function(lambda v: v.astype(np.float64), [x], kiln.float32)
        raises = kiln.numpy_function(lambda v: 1 / 0, [x], kiln.float32)
        wrong_count = kiln.numpy_function(lambda v: (v, v), [x], [kiln.float32])
        unconvertible = kiln.numpy_function(lambda v: "text", [x], kiln.float32)
    with v1.Session(graph=g) as sess:
        cases = [
            (wrong_dtype, r"value 0 returned by <lambda> is float64, but Tout\[0\] is float32"),
            (raises, r"<lambda> raised ZeroDivisionError: division by zero"),
            (wrong_count, r"<lambda> returned 2 values, but Tout has 1"),
            (unconvertible, r"value 0 returned by <lambda> \('text'\) does not convert to float32"),
        ]
        for tensor, message in cases:
            with pytest.raises(errors.InvalidArgumentError, match=message):
                sess.run(tensor, {x: [1.0, 2.0]})
        assert sess.run(x * 1.0, {x: [1.0, 2.0]}).tolist() == [1.0, 2.0]  # the session goes on
    with pytest.raises(TypeError, match=r"\[numpy_function\] func must be callable"):
        kiln.numpy_function(3, [], kiln.float32)


def test_py_function_gets_eager_tensors_even_inside_a_session_block():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [None])
        total = kiln.py_function(lambda t: kiln.reduce_sum(t) * 2.0, [x], kiln.float32)
    with v1.Session(graph=g) as sess:  # entering makes g the default graph of this thread
        assert sess.run(total, {x: [1.0, 2.0, 3.0]}) == 12.0


def test_numpy_function_inside_a_traced_function_and_from_threads(in_threads):
    @kiln.function
    def running_total(v):
        return kiln.numpy_function(np.cumsum, [v], kiln.int64) + 1

    np.testing.assert_array_equal(running_total(kiln.constant([1, 2, 3], kiln.int64)).numpy(), [2, 4, 7])
    failures = []

    def worker(k):
        for i in range(50):
            got = running_total(kiln.constant([k, i], kiln.int64)).numpy().tolist()
            if got != [k + 1, k + i + 1]:
                failures.append(got)

    in_threads(worker, 8)
    assert failures == []


def test_print_runs_when_the_op_runs(capsys):
    import sys
    kiln.print("eager:", kiln.constant([1, 2]), output_stream=sys.stdout)
    assert capsys.readouterr().out == "eager: [1 2]\n"

    @kiln.function
    def f(x):
        kiln.print("value", x, output_stream=sys.stdout)
        return x + 1

    assert int(f(kiln.constant(1))) == 2 and int(f(kiln.constant(5))) == 6
    assert capsys.readouterr().out == "value 1\nvalue 5\n"  # at every call, not only when traced

    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.int32, [None])
        show = kiln.print("x =", x, sep=" ", end="!\n", summarize=2, output_stream=sys.stdout)
    assert capsys.readouterr().out == ""
    with v1.Session(graph=g) as sess:
        assert sess.run(show, {x: list(range(10))}) is None
    assert capsys.readouterr().out == "x = [0 1 ... 8 9]!\n"
