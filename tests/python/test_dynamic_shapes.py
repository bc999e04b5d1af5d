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
    "axis_out_of_range": r"\[reduce_sum\] axis 2 is out of range for a tensor of rank 2.*while running node 'ReduceSum'",
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
