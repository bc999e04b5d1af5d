"""Graphs: nodes, names, static shapes, scopes, control dependencies and the
errors of graph construction (TF 2.21's behaviour, see docs/tf-reference/)."""

import numpy as np
import pytest

import kiln
from kiln import errors

v1 = kiln.compat.v1


def test_ops_inside_as_default_add_nodes_even_when_eager_is_on():
    g = kiln.Graph()
    assert kiln.executing_eagerly()
    with g.as_default() as entered:
        assert entered is g and not kiln.executing_eagerly()
        assert v1.get_default_graph() is g
        a = kiln.constant([[1, 2], [3, 4]], dtype=kiln.int32)
        c = kiln.add(a, a)
    assert kiln.executing_eagerly() and v1.get_default_graph() is not g
    assert isinstance(c, kiln.Tensor) and isinstance(c, kiln.SymbolicTensor)
    assert isinstance(kiln.constant(1), kiln.Tensor) and not isinstance(kiln.constant(1), kiln.SymbolicTensor)
    assert (c.name, c.op.type, c.value_index, c.graph) == ("Add:0", "AddV2", 0, g)  # TF's type
    assert (c.dtype, c.shape.as_list()) == (kiln.int32, [2, 2])
    assert repr(c) == "<kiln.Tensor 'Add:0' shape=(2, 2) dtype=int32>"
    assert str(c) == 'Tensor("Add:0", shape=(2, 2), dtype=int32)'
    assert repr(c.op) == "<kiln.Operation 'Add' type=AddV2>"
    assert c.op.inputs == (a, a) and c.op.outputs == [c] and c.op.control_inputs == []
    assert [op.name for op in g.get_operations()] == ["Const", "Add"]


def test_unique_names_explicit_names_and_name_scopes():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [2], name="x")
        first, second = kiln.add(x, x), kiln.add(x, x)
        named, again = kiln.add(x, x, name="sum"), kiln.add(x, x, name="sum")
        assert [first.name, second.name, named.name, again.name] == ["Add:0", "Add_1:0", "sum:0", "sum_1:0"]
        assert kiln.constant(1.0).name == "Const:0"
        assert kiln.constant(2.0, name="two").name == "two:0"
        with kiln.name_scope("outer"):
            inner_add = kiln.add(x, x)
            with kiln.name_scope("inner"):
                ident = kiln.identity(inner_add)
        with kiln.name_scope("outer"):
            reopened = kiln.add(x, x)
        assert (inner_add.name, ident.name, reopened.name) == (
            "outer/Add:0", "outer/inner/Identity:0", "outer_1/Add:0")
        assert kiln.matmul(kiln.ones([2, 2]), kiln.ones([2, 2])).op.type == "MatMul"
    assert g.get_tensor_by_name("sum:0") is named
    assert g.get_operation_by_name("outer/inner/Identity") is ident.op
    assert g.as_graph_element("x:0") is x and g.as_graph_element(x.op) is x.op


def test_static_shapes_are_partial_where_feeds_decide():
    g = kiln.Graph()
    with g.as_default():
        rows = v1.placeholder(kiln.float32, shape=[None, 3])
        anything = v1.placeholder(kiln.int32)
        product = kiln.matmul(rows, kiln.ones([3, 2]))
        total = kiln.reduce_sum(rows, axis=1)
    assert product.shape.as_list() == [None, 2]
    assert total.shape.as_list() == [None]
    assert anything.shape.rank is None and anything.ndim is None
    assert rows.op.get_attr("dtype") == kiln.float32
    assert rows.op.get_attr("shape").as_list() == [None, 3]


def test_shape_errors_are_raised_where_the_op_is_written():
    g = kiln.Graph()
    with g.as_default():
        a = v1.placeholder(kiln.float32, [2])
        b = v1.placeholder(kiln.float32, [3])
        with pytest.raises(errors.InvalidArgumentError, match=r"\[add\].*\(2,\).*\(3,\)"):
            kiln.add(a, b)
        with pytest.raises(errors.InvalidArgumentError, match="x is float32 but y is int32"):
            kiln.add(a, v1.placeholder(kiln.int32, [2]))
    assert [op.type for op in g.get_operations()] == ["Placeholder", "Placeholder", "Placeholder"]


def test_eager_tensors_used_in_a_graph_become_constants():
    eager = kiln.constant([1.0, 2.0])
    g = kiln.Graph()
    with g.as_default():
        doubled = kiln.multiply(eager, 2.0)
    const = doubled.op.inputs[0].op
    assert const.type == "Const"
    np.testing.assert_array_equal(const.get_attr("value"), [1.0, 2.0])
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(doubled), [2.0, 4.0])


def test_consumers_and_control_dependencies():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [2])
        y = kiln.add(x, 1.0)
        z = kiln.multiply(y, 2.0)
        with kiln.control_dependencies([z]):
            w = kiln.identity(x)
            with kiln.control_dependencies(None):
                free = kiln.identity(x)
        grouped = kiln.group(y, z)
    assert y.consumers() == [z.op]
    assert w.op.control_inputs == [z.op] and free.op.control_inputs == []
    assert grouped.type == "NoOp" and set(grouped.control_inputs) == {y.op, z.op}


def test_graph_lookup_errors():
    g = kiln.Graph()
    with g.as_default():
        kiln.constant(1.0, name="c")
    with pytest.raises(KeyError, match="The name 'nope:0' refers to a Tensor which does not exist"):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError, match="only has 1 outputs"):
        g.get_tensor_by_name("c:3")
    with pytest.raises(ValueError, match="looks like an \\(invalid\\) Operation name, not a Tensor"):
        g.get_tensor_by_name("c")
    with pytest.raises(KeyError, match="refers to an Operation not in the graph"):
        g.get_operation_by_name("nope")
    with pytest.raises(ValueError, match="has no attr named 'bogus'"):
        g.get_operation_by_name("c").get_attr("bogus")


def test_inputs_from_another_graph_are_refused():
    g1, g2 = kiln.Graph(), kiln.Graph()
    with g1.as_default():
        a = kiln.constant(1.0)
    with g2.as_default():
        b = kiln.constant(2.0)
        with pytest.raises(ValueError, match=r"\[add\] input Const:0 belongs to a different graph"):
            kiln.add(a, b)


def test_a_symbolic_input_outside_as_default_joins_its_graph():
    g = kiln.Graph()
    with g.as_default():
        a = kiln.constant([1.0, 2.0])
    b = a * 3.0  # eager context, symbolic input: the op is added to a's graph
    assert b.graph is g and b.op.type == "Mul"


def test_finalize_makes_the_graph_read_only():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.constant(1.0)
    g.finalize()
    assert g.finalized
    with g.as_default():
        for build in (lambda: kiln.constant(2.0), lambda: kiln.add(x, x),
                      lambda: v1.placeholder(kiln.float32)):
            with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified"):
                build()


def test_symbolic_tensors_explain_that_they_have_no_value():
    g = kiln.Graph()
    with g.as_default():
        t = kiln.add(v1.placeholder(kiln.float32, [2]), 1.0)
    assert not hasattr(t, "numpy")
    with pytest.raises(AttributeError, match="Add:0 is symbolic.*sess.run\\(t\\).*get_static_value"):
        t.numpy()
    with pytest.raises(NotImplementedError, match="Cannot convert a symbolic tensor \\(Add:0\\) to a NumPy array"):
        np.asarray(t)
    with pytest.raises(errors.OperatorNotAllowedInGraphError, match="kiln.cond"):
        bool(t)
    assert len(t) == 2 and [u.shape.as_list() for u in t] == [[], []]  # known length: unstacks
    with g.as_default():
        unknown = v1.placeholder(kiln.float32, [None])
    with pytest.raises(TypeError, match=r"Cannot iterate over symbolic tensor Placeholder_1:0 of "
                                        r"shape \(None,\).*kiln.while_loop.*in a session"):
        iter(unknown)
    with pytest.raises(TypeError, match=r"len is not well defined for symbolic tensor "
                                        r"Placeholder_1:0.*kiln.shape\(t\)\[0\]"):
        len(unknown)
    assert isinstance(errors.OperatorNotAllowedInGraphError("x"), TypeError)


def test_symbolic_tensors_hash_by_identity_and_support_operators():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [3])
        y = (x + 1.0) * 2.0 - x / 4.0
        z = -abs(x) ** 2.0
        sliced = x[1:]
    assert {x: 1}[x] == 1 and x == x and x != y
    assert sliced.shape.as_list() == [2]
    with v1.Session(graph=g) as sess:
        values = np.array([1.0, -2.0, 4.0], np.float32)
        got_y, got_z, got_s = sess.run([y, z, sliced], {x: values})
    np.testing.assert_allclose(got_y, (values + 1) * 2 - values / 4)
    np.testing.assert_allclose(got_z, -np.abs(values) ** 2)
    np.testing.assert_array_equal(got_s, values[1:])


def test_default_graph_stack_reset_and_eager_switch():
    outer, inner = kiln.Graph(), kiln.Graph()
    with outer.as_default():
        with inner.as_default():
            assert v1.get_default_graph() is inner
            with pytest.raises(AssertionError, match="exit"):
                v1.reset_default_graph()
        assert v1.get_default_graph() is outer
    before = v1.get_default_graph()
    v1.reset_default_graph()
    assert v1.get_default_graph() is not before
    with pytest.raises(RuntimeError, match="placeholder\\(\\) is not compatible with eager execution"):
        v1.placeholder(kiln.float32)
    v1.disable_eager_execution()
    try:
        assert not kiln.executing_eagerly()
        t = kiln.add(kiln.constant(1.0), 2.0)
        assert isinstance(t, kiln.SymbolicTensor) and t.graph is v1.get_default_graph()
        with v1.Session() as sess:
            assert sess.run(t) == 3.0
    finally:
        v1.enable_eager_execution()
    assert kiln.executing_eagerly()
    assert kiln.add(1.0, 2.0).numpy() == 3.0


def test_default_graphs_are_per_thread():
    import threading
    g = kiln.Graph()
    seen = {}

    def other_thread():
        seen["eager"] = kiln.executing_eagerly()
        seen["value"] = kiln.add(1, 2).numpy()

    with g.as_default():
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    assert seen == {"eager": True, "value": 3}


def test_get_static_value():
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [None, 3])
        folded = kiln.add(kiln.constant([1, 2]), 3)
        assert kiln.get_static_value(folded).tolist() == [4, 5]
        assert kiln.get_static_value(kiln.add(x, 1.0)) is None
        assert kiln.get_static_value(kiln.random.uniform([2])) is None
        assert kiln.get_static_value(kiln.shape(x)) is None
        assert kiln.get_static_value(kiln.shape(x), partial=True).tolist() == [None, 3]
        assert kiln.get_static_value(kiln.rank(x)) == 2
        assert kiln.get_static_value(kiln.shape(kiln.ones([2, 5]))).tolist() == [2, 5]
        # Shape arguments given as symbolic tensors are read through it.
        assert kiln.reshape(kiln.ones([6]), kiln.constant([2, 3])).shape.as_list() == [2, 3]
        # ... and one that depends on a placeholder is read when the graph runs.
        total = kiln.reduce_sum(x, axis=kiln.cast(kiln.reduce_sum(x) * 0.0, kiln.int32))
        assert total.shape.rank is None  # as TF: the axis is unknown while building
    with v1.Session(graph=g) as sess:
        assert sess.run(total, {x: np.ones((2, 3), np.float32)}).tolist() == [2.0, 2.0, 2.0]
    assert kiln.get_static_value(kiln.constant([1, 2])).tolist() == [1, 2]


def test_get_static_value_through_the_planner():
    # What the planner folds is the value; what it must not fold is None.
    g = kiln.Graph()
    with g.as_default():
        c = kiln.constant([1.0, 2.0])
        fed = v1.placeholder_with_default(c, [2])  # may be fed: no static value (as TF)
        assert kiln.get_static_value(fed) is None and kiln.get_static_value(fed * 2) is None
        assert kiln.get_static_value(kiln.random.uniform([2]) + c) is None
        # Over the fold's 1 MB, and through control flow: still computed, once.
        big = kiln.get_static_value(kiln.ones([600, 600]) * 2.0)
        assert big.shape == (600, 600) and (big == 2).all()
        taken = kiln.cond(kiln.constant(True), lambda: c + 1, lambda: c - 1)
        assert kiln.get_static_value(taken).tolist() == [2.0, 3.0]
        # The value is the caller's own array: writing it leaves the constant alone.
        value = kiln.get_static_value(c)
        value[0] = 99.0
        assert kiln.get_static_value(c).tolist() == [1.0, 2.0]
        assert kiln.get_static_value(kiln.reduce_sum(c * 3 + 1)) == 11.0
