"""Graphs with dynamic shapes: shape-like arguments given by tensors.

Every case of dynamic_shape_cases.py is built in a graph and in a traced
function with an input_signature of [None, 3], and compared with what
TensorFlow answered (docs/tf-reference/dynamic_shapes.json, recorded by
docs/tf-reference/probe_dynamic_shapes.py): the static shape and dtype, and
the values for two batch sizes fed to one compiled plan.
"""

import json
import pathlib

import numpy as np
import pytest

import kiln
import dynamic_shape_cases as cases

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "dynamic_shapes.json").read_text())
CASES = {name: (expression, feeds, random) for name, expression, feeds, random in cases.CASES}
ERRORS = {name: (expression, feeds) for name, expression, feeds in cases.ERROR_CASES}


def static_shape(t):
    return None if t.shape.rank is None else t.shape.as_list()


def build(expression):
    g = kiln.Graph()
    with g.as_default():
        ph = cases.make_placeholders(kiln)
        t = cases.evaluate(kiln, expression, **ph)
    return g, ph, t


def feed_dict(ph, values):
    return {ph[name]: values[name] for name in ph}


def test_every_case_was_recorded_from_tensorflow():
    assert set(REFERENCE["cases"]) == set(CASES)
    assert set(REFERENCE["errors"]) == set(ERRORS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_static_shape_and_values_match_tensorflow(name):
    expression, feeds, random = CASES[name]
    want = REFERENCE["cases"][name]
    g, ph, t = build(expression)
    assert static_shape(t) == want["static_shape"]
    assert t.dtype.name == want["dtype"]
    with kiln.compat.v1.Session(graph=g) as sess:
        run = sess.make_callable(t, feed_list=[ph[k] for k in ("x", "s", "p", "k")])
        for batch in cases.BATCHES:
            values = cases.feed_values(feeds, batch)
            got = run(*(values[k] for k in ("x", "s", "p", "k")))
            expected = want["values"][str(batch)]
            assert list(np.shape(got)) == expected["shape"]
            if not random:
                np.testing.assert_array_equal(got, np.asarray(expected["data"], dtype=got.dtype))


@pytest.mark.parametrize("name", sorted(CASES))
def test_traced_function_static_shape_and_values_match_tensorflow(name):
    expression, feeds, random = CASES[name]
    want = REFERENCE["cases"][name]
    f = kiln.function(lambda x, s, p, k: cases.evaluate(kiln, expression, x, s, p, k),
                      input_signature=cases.signature(kiln))
    assert static_shape(f.get_concrete_function().structured_outputs) == want["function_static_shape"]
    for batch in cases.BATCHES:
        values = cases.feed_values(feeds, batch)
        got = f(*(values[k] for k in ("x", "s", "p", "k"))).numpy()
        expected = want["values"][str(batch)]
        assert list(np.shape(got)) == expected["shape"]
        if not random:
            np.testing.assert_array_equal(got, np.asarray(expected["data"], dtype=got.dtype))
    assert f.experimental_get_tracing_count() == 1  # one trace serves both batch sizes


# kiln's messages name the node and the values (TF's class, kiln's words).
ERROR_MESSAGES = {
    "reshape_count_differs": r"cannot reshape a tensor of 6 elements \(shape \(2, 3\)\) into shape \(2, 2\).*while running node 'Reshape'",
    "zeros_negative": r"\[fill\] Dimension -1 must be >= 0.*while running node 'Fill'",
    "reshape_negative": r"\[reshape\] shape \(-2, -3\) has the negative dimension -2.*while running node 'Reshape'",
    "pad_wrong_rank": r"\[pad\] paddings must have shape \(2, 2\) for an input of shape \(2, 3\), got shape \(3, 2\).*while running node 'Pad'",
    "pad_negative": r"\[pad\] paddings \(0, -4, 0, 0\) has the negative entry -4.*while running node 'Pad'",
    "tile_negative": r"\[tile\] multiples \(1, -1\) has the negative entry -1.*while running node 'Tile'",
    "tile_wrong_length": r"\[tile\] multiples \(\?,\) has 1 entries, but the input has shape \(None, 3\)",
    "axis_out_of_range": r"\[reduce_sum\] axis 2 is out of range for a tensor of rank 2.*while running node 'Sum'",
    "broadcast_incompatible": r"\[broadcast_to\] cannot broadcast a tensor of shape \(3,\) to shape \(2, 2\).*while running node 'BroadcastTo'",
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_invalid_runtime_shapes_raise_tensorflows_error_naming_node_and_values(name):
    expression, feeds = ERRORS[name]
    want = REFERENCE["errors"][name]
    if want["when"] == "build":  # TF raises ValueError; kiln the op's own error (docs/semantics.md)
        with pytest.raises(kiln.errors.InvalidArgumentError, match=ERROR_MESSAGES[name]):
            build(expression)
        return
    g, ph, t = build(expression)
    with kiln.compat.v1.Session(graph=g) as sess:
        with pytest.raises(kiln.errors.InvalidArgumentError, match=ERROR_MESSAGES[name]):
            sess.run(t, feed_dict(ph, cases.feed_values(feeds, 2)))


MISC = dict(cases.MISC_CASES)
# Where kiln answers differently on purpose (docs/semantics.md): get_static_value
# gives what the graph knows of shape arithmetic (TF gives None for these); a
# shape error while building is the op's own error, as eagerly (TF: ValueError).
MISC_DIFFERENCES = {
    "static_value_of_known_dim": "2",
    "static_value_of_rank": "3",
    "ensure_shape_incompatible": "error: InvalidArgumentError",
}


@pytest.mark.parametrize("name", sorted(MISC))
def test_static_shape_tools_and_printing_match_tensorflow(name):
    want = MISC_DIFFERENCES.get(name, REFERENCE["misc"][name])
    with kiln.Graph().as_default():
        got = cases.evaluate_misc(kiln, MISC[name], **cases.make_placeholders(kiln))
    assert got.replace("kiln.", "tf.") == want


def test_ensure_shape_checks_the_value_when_the_graph_runs():
    assert REFERENCE["misc"]["ensure_shape_at_run_time"] == "error: InvalidArgumentError"
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None, 3], name="x")
        checked = kiln.ensure_shape(x, [4, None])
    assert checked.shape.as_list() == [4, 3]
    with kiln.compat.v1.Session(graph=g) as sess:
        assert sess.run(checked, {x: np.ones((4, 3), np.float32)}).shape == (4, 3)
        with pytest.raises(kiln.errors.InvalidArgumentError,
                           match=r"\[ensure_shape\] the tensor has shape \(2, 3\), which is not "
                                 r"compatible with the expected shape \(4, None\).*'EnsureShape'"):
            sess.run(checked, {x: np.ones((2, 3), np.float32)})
    # Eagerly it checks at once.
    with pytest.raises(kiln.errors.InvalidArgumentError, match="not compatible"):
        kiln.ensure_shape(kiln.ones([2, 3]), [3, 3])
    assert kiln.ensure_shape(kiln.ones([2, 3]), [None, 3]).shape == (2, 3)


def test_set_shape_refines_what_later_ops_see_and_refuses_a_conflict():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, None, name="x")
        x.set_shape([None, 3])
        assert kiln.reduce_sum(x, 1).shape.as_list() == [None]
        x.set_shape([2, None])
        assert x.shape.as_list() == [2, 3] and (x * 2).shape.as_list() == [2, 3]
        with pytest.raises(ValueError, match=r"has shape \(2, 3\), which is not compatible "
                                             r"with \(2, 4\): set_shape can only fill in"):
            x.set_shape([2, 4])


def test_partial_static_values_and_what_the_graph_knows():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None, 3], name="x")
        assert kiln.get_static_value(kiln.shape(x)) is None
        assert kiln.get_static_value(kiln.shape(x), partial=True).tolist() == [None, 3]
        assert kiln.get_static_value(kiln.stack([kiln.shape(x)[0], 2]), partial=True).tolist() == [None, 2]
        assert kiln.get_static_value(kiln.concat([kiln.shape(x), [7]], 0), partial=True).tolist() == [None, 3, 7]
        assert kiln.get_static_value(kiln.shape(x)[1:] * 4).tolist() == [12]


def test_symbolic_shape_arguments_are_type_checked():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [None, 3], name="x")
        f = kiln.compat.v1.placeholder(kiln.float32, [2], name="f")
        with pytest.raises(TypeError, match=r"\[reshape\] shape must be a scalar or vector of "
                                            r"dtype int32 or int64, got a float32 tensor of shape \(2,\)"):
            kiln.reshape(x, f)
        m = kiln.compat.v1.placeholder(kiln.int32, [2, 2], name="m")
        with pytest.raises(TypeError, match=r"\[expand_dims\] axis must be a scalar"):
            kiln.expand_dims(x, m)
        with pytest.raises(TypeError, match=r"\[pad\] paddings must be a matrix"):
            kiln.pad(x, kiln.shape(x))
        # A list mixing ints and an int64 scalar packs as int64.
        n64 = kiln.cast(kiln.shape(x)[0], kiln.int64)
        assert kiln.zeros([n64, 2]).shape.as_list() == [None, 2]
        with pytest.raises(ValueError, match=r"\[split\] num_or_size_splits .* must be a vector of static length"):
            kiln.split(x, kiln.compat.v1.placeholder(kiln.int32, [None]), axis=1)
