"""kiln.TensorArray, map_fn, scan, foldl/foldr and vectorized_map against TensorFlow.

Every case of functional_ops_cases.py runs eagerly, in a kiln.function traced
for the inputs, in one traced with the input_signature [None, 3] / [], and in a
graph of placeholders run by a session, and is compared with what TensorFlow
answered (docs/tf-reference/functional_ops.json, recorded by
docs/tf-reference/probe_functional_ops.py): output structure, dtypes, shapes,
values and static shapes; the error cases with TF's error class and kiln's
message. The differences are kiln's on purpose (docs/functions.md).
"""

import json
import pathlib
import re

import numpy as np
import pytest

import kiln
import functional_ops_cases as cases
from kiln import errors

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "functional_ops.json").read_text())
v1 = kiln.compat.v1


def run(mode, fn):
    """(structure, tensors giving the static shapes, values) of a case in a mode."""
    if mode == "eager":
        out = fn(kiln, *cases.inputs(kiln))
        return cases.structure(out, []), cases.flat_values(out), [t.numpy() for t in cases.flat_values(out)]
    if mode == "graph":
        g, out, feeds = cases.build_graph(kiln, fn)
        with v1.Session(graph=g) as sess:
            return cases.structure(out, []), cases.flat_values(out), sess.run(cases.flat_values(out), feeds)
    f, concrete = cases.trace(kiln, fn, mode)
    out = concrete.structured_outputs
    return cases.structure(out, []), cases.flat_values(out), [t.numpy() for t in cases.flat_values(f(*cases.inputs(kiln)))]


def test_every_case_was_recorded_from_tensorflow():
    assert set(REFERENCE["cases"]) == set(cases.CASES)
    assert set(REFERENCE["errors"]) == set(cases.ERROR_CASES)
    assert set(REFERENCE["facts"]) == set(cases.FACT_CASES)
    assert set(ERROR_MESSAGES) | {"ta_read_twice"} == set(cases.ERROR_CASES)  # each one tested


# Where kiln's static shape knows more than TF's (kiln folds sizes from static
# shapes, and its cond keeps the dims both branches agree on; TF's TensorList
# drops them): kiln's is then the run-time shape, and TF's is compatible with it.
MORE_SPECIFIC = {
    "ta_writes_then_stack_gather_concat": cases.MODES,
    "ta_unstack_dynamic_size": ("function",),
    "ta_grow_by_writing_past_the_end": ("function", "signature", "graph"),
    "ta_in_cond": ("function", "signature", "graph"),
    "ta_fixed_size_in_while_loop": ("function",),
}
# TF's eager TensorArray clears an element when it is read (clear_after_read),
# so this case reads zeros there; kiln never clears and answers as TF's graphs.
VALUES_FROM = {("ta_loop_reads_and_writes", "eager"): "graph"}


@pytest.mark.parametrize("mode", cases.MODES)
@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_values_dtypes_and_static_shapes_match_tensorflow(name, mode):
    want = REFERENCE["cases"][name][mode]
    want_values = REFERENCE["cases"][name][VALUES_FROM.get((name, mode), mode)]["outputs"]
    shape, tensors, values = run(mode, cases.CASES[name])
    assert shape == want["structure"]
    for t, value, expected, expected_value in zip(tensors, values, want["outputs"], want_values):
        assert t.dtype.name == expected["dtype"]
        assert list(np.shape(value)) == expected["shape"]
        expected_data = np.asarray(expected_value["data"], value.dtype).reshape(expected["shape"])
        np.testing.assert_allclose(np.asarray(value), expected_data, rtol=1e-6)
        if mode in MORE_SPECIFIC.get(name, ()) and cases.static_shape(t) != expected["static_shape"]:
            assert cases.static_shape(t) == list(np.shape(value))
            assert kiln.TensorShape(expected["static_shape"]).is_compatible_with(np.shape(value))
        else:
            assert cases.static_shape(t) == expected["static_shape"]


def error_in_mode(mode, fn):
    """(error class name, "build" or "run", message), as the probe records them."""
    try:
        if mode == "eager":
            fn(kiln, *cases.inputs(kiln))
            return None, None, None
        if mode == "graph":
            g, out, feeds = cases.build_graph(kiln, fn)
            call = lambda: v1.Session(graph=g).run(cases.flat_values(out), feeds)  # noqa: E731
        else:
            f = cases.trace(kiln, fn, mode)[0]
            call = lambda: f(*cases.inputs(kiln))  # noqa: E731
    except Exception as e:  # noqa: BLE001 - comparing what is raised
        return type(e).__name__, "build", str(e)
    try:
        call()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, "run", str(e)
    return None, None, None


_WRITE_PAST = (r"Tried to write to index \d but array is not resizeable and size is: \d; make it "
               r"with dynamic_size=True")
_MAP_FN = r"map_fn's outputs have elems' structure and dtypes unless fn_output_signature= gives them"
# kiln's messages: (eagerly, in graphs: the function, signature and graph modes).
ERROR_MESSAGES = {
    "ta_read_unwritten_unknown_shape": (
        r"Cannot read index 1 of a TensorArray whose element shape \(<unknown>\) is not fully "
        r"known and which has not been written: write its elements first, or give a fully "
        r"defined element_shape=",) * 2,
    "ta_write_other_shape": (
        r"Inconsistent shapes: saw \(3,\) but expected \(2,\) \(the TensorArray's element shape, "
        r"fixed by element_shape= or the first write\)\.$",) * 2,
    "ta_write_other_than_element_shape": (
        r"Inconsistent shapes: saw \(3,\) but expected \(2,\)",) * 2,
    "ta_write_other_dtype": (
        r"TensorArray dtype is float32 but Op is trying to write dtype int32; cast the value "
        r"first \(kiln.cast\(value, kiln.float32\)\)",) * 2,
    "ta_write_past_size": (_WRITE_PAST,) * 2,
    "ta_write_past_size_in_loop": (
        _WRITE_PAST,
        r"\[tensor_scatter_nd_update\] indices\[0\] = \[2\] does not index into tensor of shape "
        r"\(2, 3\).*'while/TensorArrayWrite'"),
    "ta_read_past_size": (r"Tried to read from index 5 but array size is: 3",) * 2,
    "ta_read_negative_index": (r"Reading from negative indices \(index -1\) is not allowed",) * 2,
    "ta_unstack_more_than_size": (
        r"Cannot unstack 4 tensors into a TensorArray of static size 2; make it with size=4, or "
        r"with dynamic_size=True",
        r"Cannot unstack 4 tensors|\[tensor_scatter_nd_update\] indices\[2\] = \[2\] does not index "
        r"into tensor of shape \(2, 3\).*'TensorArrayUnstack'"),
    "ta_without_size": (
        r"kiln.TensorArray needs a size: the number of elements, or 0 with dynamic_size=True",) * 2,
    "ta_concat_scalars": (
        r"Concat saw a scalar shape at index 0 but requires at least vectors: TensorArray.concat "
        r"joins elements along their first axis; use stack\(\)",) * 2,
    "map_fn_other_structure": (
        r"map_fn: fn returned tuple of 2, but the output structure is a tensor; " + _MAP_FN,) * 2,
    "map_fn_other_dtype": (
        r"map_fn: fn returned int32 for output 0, which is float32; " + _MAP_FN +
        r": give it, or cast in fn",) * 2,
    "map_fn_signature_shape_mismatch": (
        r"map_fn: fn returned shape \(3,\) for output 0, which has shape \(2,\); " + _MAP_FN,) * 2,
    "map_fn_scalar_elems": (
        r"map_fn: elems must be 1\+ dimensional tensors \(fn is applied along axis 0\), not "
        r"scalars",) * 2,
    "map_fn_not_callable": (r"map_fn: fn must be callable, got 3",) * 2,
    "scan_other_structure": (
        r"scan: fn must return the structure of its accumulator \(a tensor: the initializer, or "
        r"elems when there is none\); it returned tuple of 2",) * 2,
    "scan_state_changes_shape": (
        r"scan: fn returned shape \(6,\) for output 0, which has shape \(3,\); the accumulator "
        r"keeps the dtype and shape of the initializer \(or of the first element, when there is "
        r"none\)",) * 2,
    "foldl_empty_without_initializer": (
        r"foldl of an empty elems needs an initializer",
        r"foldl of an empty elems needs an initializer|\[strided_slice\] index 0 is out of bounds "
        r"for axis 0 with size 0.*'foldl/strided_slice'"),  # TF's node name for t[0]
}
# TF 2.21 raises AttributeError while formatting its TypeError for a fn that is
# not callable ('int' object has no attribute '__name__'); kiln raises the TypeError.
ERROR_CLASSES = {"map_fn_not_callable": "TypeError"}


@pytest.mark.parametrize("mode", cases.MODES)
@pytest.mark.parametrize("name", sorted(ERROR_MESSAGES))
def test_errors_have_tensorflows_class_and_say_what_to_do(name, mode):
    want = REFERENCE["errors"][name][mode]
    error, when, message = error_in_mode(mode, cases.ERROR_CASES[name])
    assert error == ERROR_CLASSES.get(name, want["error"])
    # kiln raises while building what it can tell then (a static index, shape or
    # dtype); TF raises those when the graph runs. Never the other way round.
    assert when == want["when"] or (when, want["when"]) == ("build", "run")
    assert re.search(ERROR_MESSAGES[name][mode != "eager"], message, re.S), message


def test_reading_twice_reads_the_same_value_in_every_mode():
    # TF's eager TensorArray clears an element once read (an InvalidArgumentError
    # the second time); its graphs, and kiln in every mode, read it again.
    recorded = REFERENCE["errors"]["ta_read_twice"]
    assert recorded["eager"]["error"] == "InvalidArgumentError"
    assert all(recorded[mode]["error"] is None for mode in ("function", "signature", "graph"))
    for mode in cases.MODES:
        assert error_in_mode(mode, cases.ERROR_CASES["ta_read_twice"]) == (None, None, None)
    doubled = cases.ERROR_CASES["ta_read_twice"](kiln, *cases.inputs(kiln))
    np.testing.assert_array_equal(doubled.numpy(), cases.X[0] * 2)


# TF's graph TensorArray reports dynamic_size None when it was not given
# (eagerly False); kiln reports False in both. kiln's unstack sets the element
# shape eagerly too (TF's eager unstack leaves it unknown).
FACT_DIFFERENCES = {("fresh", "graph"): {"dynamic_size": False},
                    ("given", "graph"): {"dynamic_size": False},
                    ("after_write", "graph"): {"dynamic_size": False},
                    ("after_unstack", "graph"): {"dynamic_size": False},
                    ("after_unstack", "eager"): {"element_shape": [3]}}


@pytest.mark.parametrize("name", sorted(cases.FACT_CASES))
def test_element_shape_dynamic_size_and_dtype_match_tensorflow(name):
    fn = cases.FACT_CASES[name]
    got = {"eager": fn(kiln, *cases.inputs(kiln))}
    with kiln.Graph().as_default():
        got["graph"] = fn(kiln, v1.placeholder(kiln.float32, [None, 3]),
                          v1.placeholder(kiln.int32, []))
    for mode in ("eager", "graph"):
        want = dict(REFERENCE["facts"][name][mode], **FACT_DIFFERENCES.get((name, mode), {}))
        assert got[mode] == want


# ---- kiln-specific: the loop runs in the plan; errors TF has no case for ----

def test_map_fn_traces_fn_once_and_the_loop_runs_inside_the_plan():
    calls = []

    def fn(row):
        calls.append(row)  # a Python side effect: happens only while tracing
        return kiln.reduce_sum(row * row)

    f = kiln.function(lambda x: kiln.map_fn(fn, x), input_signature=[cases.signature(kiln)[0]])
    graph = f.get_concrete_function().graph
    assert "WhileLoop" in {op.type for op in graph.get_operations()}
    for rows in (0, 1, 7):
        x = np.arange(rows * 3, dtype=np.float32).reshape(rows, 3)
        np.testing.assert_allclose(f(x).numpy(), (x * x).sum(axis=1))
    assert len(calls) == 1 and f.experimental_get_tracing_count() == 1


def test_a_growing_array_in_one_plan_for_any_number_of_iterations():
    g, (stacked, size), feeds = cases.build_graph(kiln, cases.CASES["ta_grow_in_while_loop"])
    assert stacked.shape.as_list() == [None, 3]
    with v1.Session(graph=g) as sess:
        run = sess.make_callable([stacked, size], feed_list=list(feeds))
        for count in (0, 1, 4):
            got, got_size = run(cases.X, count)
            np.testing.assert_array_equal(got, (cases.X[:count] * 2).reshape(count, 3))
            assert got_size == count


def test_arrays_in_loops_with_shape_invariants_and_conds():
    g = kiln.Graph()
    with g.as_default():
        p = v1.placeholder(kiln.bool, [])
        ta = kiln.TensorArray(kiln.int32, size=2)
        # One branch writes, the other returns the untouched (still shapeless) array.
        ta = kiln.cond(p, lambda: ta.write(1, [7, 8]), lambda: ta)
        after_cond = ta.stack()
        # A shape invariant for the vector; the array's own invariants are used for it.
        v, grown = kiln.while_loop(
            lambda v, t: kiln.size(v) < 4,
            lambda v, t: (kiln.concat([v, v], 0), t.write(t.size(), v[:1])),
            [kiln.constant([3]), kiln.TensorArray(kiln.int32, size=0, dynamic_size=True)],
            shape_invariants=[kiln.TensorShape([None]), kiln.TensorShape(None)])

        # Reading the previous element before this iteration's write, in an array
        # whose element shape is unknown when the loop starts.
        def body(i, t):
            value = kiln.cond(i > 0, lambda: t.read(i - 1) + 1, lambda: kiln.constant([5]))
            return i + 1, t.write(i, value)
        counts = kiln.while_loop(lambda i, t: i < 4, body,
                                 [kiln.constant(0), kiln.TensorArray(kiln.int32, size=4)])[1]
    assert after_cond.shape.as_list() == [2, 2]
    with v1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(after_cond, {p: True}), [[0, 0], [7, 8]])
        np.testing.assert_array_equal(sess.run(after_cond, {p: False}), [[0, 0], [0, 0]])
        got_v, got_grown = sess.run([v, grown.stack()], {p: True})
        np.testing.assert_array_equal(got_v, [3, 3, 3, 3])
        np.testing.assert_array_equal(got_grown, [[3], [3]])
        np.testing.assert_array_equal(sess.run(counts.stack(), {p: True}), [[5], [6], [7], [8]])


def test_tensor_array_methods_without_a_tensorflow_case():
    ta = kiln.TensorArray(kiln.float32, size=2, element_shape=[3])
    assert repr(ta) == "<kiln.TensorArray dtype=float32 element_shape=(3,) dynamic_size=False>"
    assert ta.close() is None
    written = ta.write(kiln.constant(1, kiln.int64), cases.X[0])  # an int64 index is fine
    np.testing.assert_array_equal(written.identity().stack().numpy(), [[0, 0, 0], cases.X[0]])
    with kiln.Graph().as_default():
        assert kiln.TensorArray(kiln.float32, size=2).close().type == "NoOp"
    # Fewer rows than the size: those rows are written, the rest stay zeros.
    partly = kiln.TensorArray(kiln.int32, size=4).unstack([1, 2])
    np.testing.assert_array_equal(partly.stack().numpy(), [1, 2, 0, 0])


def test_tensor_array_errors_say_what_to_do():
    with pytest.raises(NotImplementedError, match=r"kiln.TensorArray has no handle or flow tensor"):
        kiln.TensorArray(kiln.float32, size=2, flow=kiln.constant(0.0))
    ta = kiln.TensorArray(kiln.float32, size=2)
    with pytest.raises(TypeError, match=r"TensorArray index must be an integer scalar, got float32 "
                                        r"of shape \(\)"):
        ta.write(1.5, [1.0])
    with pytest.raises(TypeError, match=r"TensorArray size must be an integer scalar, got int32 of "
                                        r"shape \(2,\)"):
        kiln.TensorArray(kiln.float32, size=[1, 2])
    with pytest.raises(errors.OutOfRangeError, match=r"Writing to negative indices \(index -1\) is "
                                                     r"not allowed"):
        ta.write(-1, [1.0])
    with pytest.raises(ValueError, match=r"TensorArray.scatter needs a value of rank >= 1 \(one row "
                                         r"per index\), got a scalar"):
        ta.scatter([0], 1.0)
    with pytest.raises(ValueError, match=r"TensorArray.unstack needs a value of rank >= 1"):
        ta.unstack(1.0)
    ragged = kiln.TensorArray(kiln.float32, size=2, infer_shape=False).write(0, [1.0])
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(2,\) but expected \(1,\).*; "
                                         r"kiln's TensorArray keeps elements of one shape even with "
                                         r"infer_shape=False"):
        ragged.write(1, [1.0, 2.0])


def test_functional_op_errors_say_what_to_do():
    with pytest.raises(ValueError, match=r"map_fn: elems must be a tensor or a nest of tensors; got "
                                         r"\(\), which holds none"):
        kiln.map_fn(lambda e: e, ())
    with pytest.raises(ValueError, match=r"scan: the tensors of elems must have the same first "
                                         r"dimension, got shapes \['\(4, 3\)', '\(2,\)'\]"):
        kiln.scan(lambda a, e: a, (cases.X, np.ones(2, np.float32)))
    with pytest.raises(ValueError, match=r"kiln.vectorized_map runs fn on the first element to "
                                         r"learn what it returns, and elems has none; use "
                                         r"kiln.map_fn with fn_output_signature="):
        kiln.vectorized_map(lambda r: r, cases.X[:0])
    with pytest.raises(TypeError, match=r"foldr: fn must be callable, got None"):
        kiln.foldr(None, cases.X)
    x = kiln.constant(cases.X)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"vectorized_map: fn returned float32 for output 0, which is int32; "
                             r"every element must give what fn gave for the first one"):
        kiln.vectorized_map(lambda r: r if float(r[0]) > 0 else kiln.cast(r, kiln.int32), x)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"scan: fn returned int32 for output 0, which is float32; the "
                             r"accumulator keeps"):
        kiln.scan(lambda a, r: kiln.cast(a + r, kiln.int32), x)
