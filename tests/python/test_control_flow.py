"""kiln.cond / case / switch_case / while_loop in the three modes: eager
(Python runs), graphs run by sessions, and traced functions. Only the taken
branch runs; loops run in place; TF's errors for mismatched branches and
loop variables whose shape changes."""

import numpy as np
import pytest

import kiln
from kiln import errors

v1 = kiln.compat.v1


def _graph_and_session(build):
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.int32, [], name="x")
        out = build(x)
    return v1.Session(graph=g), x, out


# ---- cond ----

def test_cond_eagerly_runs_only_the_chosen_function():
    calls = []
    out = kiln.cond(kiln.constant(False), lambda: calls.append("t") or 1, lambda: calls.append("f") or 2)
    assert out == 2 and calls == ["f"]


def test_cond_in_a_graph_runs_only_the_taken_branch():
    # The false branch divides by x: it fails for x == 0, but is not run then.
    sess, x, y = _graph_and_session(
        lambda x: kiln.cond(x >= 0, lambda: x * 2, lambda: kiln.math.floordiv(10, x)))
    assert sess.run(y, {x: 0}) == 0
    assert sess.run(y, {x: -5}) == -2
    sess2, x2, y2 = _graph_and_session(
        lambda x: kiln.cond(x > 0, lambda: kiln.math.floordiv(10, x - x), lambda: x))
    assert sess2.run(y2, {x2: -3}) == -3
    with pytest.raises(errors.InvalidArgumentError, match="Integer division by zero"):
        sess2.run(y2, {x2: 3})


def test_cond_nested_structures_and_nesting():
    def build(x):
        inner = lambda: kiln.cond(x > 10, lambda: {"v": x * 100, "w": [x]}, lambda: {"v": x * 10, "w": [x + 1]})
        return kiln.cond(x > 0, inner, lambda: {"v": -x, "w": [x - 1]})
    sess, x, out = _graph_and_session(build)
    for value, v, w in [(20, 2000, 20), (5, 50, 6), (-4, 4, -5)]:
        got = sess.run(out, {x: value})
        assert got["v"] == v and got["w"][0] == w


def test_cond_output_shapes_generalize_over_branches():
    g = kiln.Graph()
    with g.as_default():
        p = v1.placeholder(kiln.bool, [])
        y = kiln.cond(p, lambda: kiln.ones([2, 3]), lambda: kiln.zeros([4, 3]))
    assert y.shape.as_list() == [None, 3] and y.op.type == "Cond"
    with v1.Session(graph=g) as sess:
        assert sess.run(y, {p: False}).shape == (4, 3)


def test_cond_errors():
    g = kiln.Graph()
    with g.as_default():
        p = v1.placeholder(kiln.bool, [])
        with pytest.raises(ValueError, match="true_fn and false_fn arguments to kiln.cond must have "
                                             "the same number, type, and overall structure"):
            kiln.cond(p, lambda: (kiln.ones([1]), kiln.ones([1])), lambda: kiln.ones([1]))
        with pytest.raises(TypeError, match=r"\[cond\] output 0 is float32 in one and int32"):
            kiln.cond(p, lambda: kiln.ones([1]), lambda: kiln.constant([1]))
        with pytest.raises(TypeError, match=r"\[cond\] pred must be a bool scalar tensor, got "
                                            r"float32 of shape \(2,\)"):
            kiln.cond(kiln.ones([2]), lambda: 1, lambda: 2)
        leaked = []
        kiln.cond(p, lambda: leaked.append(kiln.ones([1]) * 3.0) or kiln.ones([1]), lambda: kiln.zeros([1]))
        with pytest.raises(ValueError, match="was made inside a kiln.cond branch or kiln.while_loop "
                                             "body and cannot be used outside it"):
            kiln.add(leaked[0], 1.0)
    with pytest.raises(TypeError, match="needs true_fn and false_fn"):
        kiln.cond(True, lambda: 1, None)
    with pytest.raises(TypeError, match=r"\[cond\] pred must be a bool scalar"):
        kiln.cond(kiln.constant([True, False]), lambda: 1, lambda: 2)


def test_case_and_switch_case():
    def build(x):
        return (kiln.case([(x < 0, lambda: kiln.constant(-1)), (x < 10, lambda: kiln.constant(1))],
                          default=lambda: kiln.constant(99)),
                kiln.switch_case(x, [lambda: kiln.constant(10), lambda: kiln.constant(11),
                                     lambda: kiln.constant(12)]))
    sess, x, (c, s) = _graph_and_session(build)
    assert [sess.run(c, {x: v}) for v in (-5, 5, 50)] == [-1, 1, 99]
    assert [sess.run(s, {x: v}) for v in (0, 1, 2, 7)] == [10, 11, 12, 12]  # out of range: last
    assert kiln.switch_case(1, [lambda: 10, lambda: 11]) == 11
    assert kiln.case([(kiln.constant(False), lambda: 1)], default=lambda: 2) == 2


# ---- while_loop ----

def test_while_loop_eagerly_is_a_python_loop():
    i, s = kiln.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i),
                           [kiln.constant(0), kiln.constant(0)])
    assert (int(i), int(s)) == (5, 10)
    assert int(kiln.while_loop(lambda i: i < 3, lambda i: i + 1, kiln.constant(0))) == 3
    out = kiln.while_loop(lambda i: True, lambda i: i + 1, [kiln.constant(0)], maximum_iterations=4)
    assert int(out[0]) == 4


def test_while_loop_in_a_graph():
    def build(x):
        return kiln.while_loop(lambda i, s: i < x, lambda i, s: (i + 1, s + i),
                               (kiln.constant(0), kiln.constant(0)))
    sess, x, (i, s) = _graph_and_session(build)
    assert sess.run([i, s], {x: 100}) == [100, sum(range(100))]
    assert sess.run([i, s], {x: 0}) == [0, 0]  # the body runs zero times
    assert sess.run(s, {x: 3}) == 3


def test_while_loop_maximum_iterations_and_swapped_variables():
    def build(x):
        capped = kiln.while_loop(lambda i: i < 100, lambda i: i + 1, [kiln.constant(0)],
                                 maximum_iterations=x)
        a, b = kiln.while_loop(lambda a, b: a < 50, lambda a, b: (b, a + b),
                               [kiln.constant(1), kiln.constant(1)])
        return capped[0], a, b
    sess, x, (capped, a, b) = _graph_and_session(build)
    assert sess.run(capped, {x: 7}) == 7 and sess.run(capped, {x: 500}) == 100
    assert sess.run([a, b], {x: 0}) == [55, 89]  # Fibonacci: (b, a + b) swaps correctly


def test_while_loop_with_a_cond_inside_and_tensors_from_outside():
    def build(x):
        step = x * 2  # made outside the loop, read by every iteration
        def body(i, acc):
            return i + 1, kiln.cond(kiln.math.floormod(i, 2) > 0, lambda: acc + step, lambda: acc)
        return kiln.while_loop(lambda i, acc: i < 10, body, [kiln.constant(0), kiln.constant(0)])[1]
    sess, x, out = _graph_and_session(build)
    assert sess.run(out, {x: 3}) == 5 * 6


def test_while_loop_shapes_need_invariants_to_change():
    g = kiln.Graph()
    with g.as_default():
        start = kiln.constant([1.0])
        with pytest.raises(ValueError, match=r"enters the loop with shape \(1,\), but has shape "
                                             r"\(2,\) after one iteration. To allow the shape to vary "
                                             r"across iterations, use the `shape_invariants`"):
            kiln.while_loop(lambda v: kiln.size(v) < 8, lambda v: kiln.concat([v, v], 0), [start])
        grown = kiln.while_loop(lambda v: kiln.size(v) < 8, lambda v: kiln.concat([v, v], 0), [start],
                                shape_invariants=[kiln.TensorShape([None])])[0]
        assert grown.shape.as_list() == [None]
        with pytest.raises(TypeError, match="enters the loop as float32 but the body returns int32"):
            kiln.while_loop(lambda v: v < 3.0, lambda v: kiln.constant(1), [kiln.constant(0.0)])
        with pytest.raises(ValueError, match="must return the structure of loop_vars"):
            kiln.while_loop(lambda a, b: a < 3, lambda a, b: a + 1, [kiln.constant(0), kiln.constant(0)])
        with pytest.raises(ValueError, match="shape invariant \\(2,\\) is not compatible"):
            kiln.while_loop(lambda v: True, lambda v: v, [start], shape_invariants=[[2]])
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(grown), np.ones(8))


# ---- inside kiln.function ----

def test_control_flow_inside_a_traced_function():
    @kiln.function
    def collatz_steps(n):
        def body(n, steps):
            n = kiln.cond(kiln.math.floormod(n, 2) == 0, lambda: kiln.math.floordiv(n, 2),
                          lambda: 3 * n + 1)
            return n, steps + 1
        return kiln.while_loop(lambda n, steps: n > 1, body, [n, kiln.constant(0)])[1]

    assert int(collatz_steps(kiln.constant(27))) == 111
    assert int(collatz_steps(kiln.constant(1))) == 0
    assert collatz_steps.experimental_get_tracing_count() == 1


def test_python_bool_of_a_traced_tensor_suggests_cond():
    def f(x):
        if x > 0:
            return x
        return -x

    # Converted by AutoGraph (the default), the if is a kiln.cond; unconverted, a
    # tensor cannot be a Python bool.
    assert kiln.function(f)(kiln.constant(-2)).numpy() == 2
    with pytest.raises(errors.OperatorNotAllowedInGraphError, match="Use kiln.cond"):
        kiln.function(f, autograph=False)(kiln.constant(1))


def test_a_branch_may_return_an_eager_tensor_made_outside_the_function():
    # Its Const node is made inside the branch; made with the cond node it lay
    # in the false branch's region and the plan found no value (IndexError).
    c = kiln.constant(1.0)

    @kiln.function
    def f(p, x):
        return kiln.cond(p, lambda: c, lambda: x)

    assert float(f(True, kiln.constant(5.0))) == 1.0
    assert float(f(False, kiln.constant(5.0))) == 5.0
