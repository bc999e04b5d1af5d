"""Every registered op, called with random inputs and attributes, either
returns tensors or raises a kiln error (or TypeError/ValueError, where TF does)
— never crashes the process. Values are checked against NumPy by each op
family's own tests; this test covers what nobody thought to write down.

It reads the ops from the registry itself, so an op added later is fuzzed
without touching this file.
"""

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kiln
from kiln import _core, errors

v1 = kiln.compat.v1

OPS = _core.op_defs()
DTYPES = [kiln.bool, kiln.int8, kiln.int32, kiln.int64, kiln.uint8, kiln.uint64, kiln.float16,
          kiln.bfloat16, kiln.float32, kiln.float64, kiln.complex64]
EXPECTED = (errors.OpError, TypeError, ValueError)
# Elements a fuzzed input may have: enough for edge cases, small enough to stay fast.
MAX_ELEMENTS = 4096

dims = st.integers(min_value=0, max_value=5)
small_ints = st.integers(min_value=-4, max_value=4)
# Edge values that fail fast: a size built from 2**40 cannot be allocated, and
# the negative ones are invalid everywhere. (A value like 2**31 would make
# ops legitimately allocate gigabytes; that is not what this test is for.)
edge_ints = st.sampled_from([2**40, -2**31, -2**62])


@st.composite
def tensors(draw):
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(st.lists(dims, min_size=0, max_size=4))
    if int(np.prod(shape)) > MAX_ELEMENTS:
        shape = [0]
    values = draw(st.sampled_from(["small", "wild"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if values == "small":
        data = rng.integers(-3, 4, size=shape)
    else:
        data = np.asarray(rng.standard_normal(size=shape) * 10.0 ** rng.integers(-3, 6, size=shape))
        data[rng.random(size=shape) < 0.05] = np.nan
    np_dtype = dtype.as_numpy_dtype
    with np.errstate(all="ignore"):
        array = np.asarray(data).astype(np_dtype) if dtype != kiln.bool else np.asarray(data) > 0
    return kiln.constant(array)


def attr_values(kind):
    return {
        "int": st.one_of(small_ints, edge_ints),
        "float": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(0.5)),
        "bool": st.booleans(),
        "int_list": st.lists(st.one_of(small_ints, edge_ints), max_size=5),
        "dtype": st.integers(min_value=-1, max_value=15),
        "shape": st.one_of(st.none(), st.lists(st.one_of(st.none(), dims, edge_ints), max_size=4)),
        "string": st.sampled_from(["", "ij->ji", "ii->i", "ij,jk->ik", "...,...->...", "CONSTANT",
                                   "REFLECT", "SYMMETRIC", "ASCENDING", "DESCENDING", "bogus->"]),
    }[kind]


@st.composite
def calls(draw):
    index = draw(st.integers(min_value=0, max_value=len(OPS) - 1))
    op = OPS[index]
    low = op["min_inputs"]
    high = low + 3 if op["max_inputs"] < 0 else op["max_inputs"]
    n = draw(st.integers(min_value=max(low - 1, 0), max_value=high + 1))  # sometimes the wrong count
    inputs = tuple(draw(tensors()) for _ in range(n))
    attrs = tuple(draw(attr_values(kind)) for _, kind in op["attrs"])
    return index, op["name"], inputs, attrs


# KILN_FUZZ_EXAMPLES sets the effort (the sanitizer run uses fewer examples).
@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(calls())
def test_every_op_returns_or_raises_a_kiln_error(call):
    index, name, inputs, attrs = call
    try:
        out = _core.execute(index, inputs, attrs)
    except EXPECTED as e:
        assert str(e), f"{name}: an error without a message"
        return
    except MemoryError:
        return  # a request too large for memory is a clean, catchable error too
    outs = out if isinstance(out, tuple) else (out,)
    for t in outs:
        assert isinstance(t, kiln.EagerTensor)
        np.asarray(t)  # the result is readable memory of the size it claims


def test_the_registry_is_not_empty():
    assert "add" in {op["name"] for op in OPS}


# The same random calls built into a graph (inputs fed through placeholders)
# and run by a session: a registry op gives the same values, or the same kind
# of error, in a graph as eagerly.
@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")) // 4, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(calls())
def test_every_op_gives_the_same_result_in_a_graph_as_eagerly(call):
    index, name, inputs, attrs = call
    if OPS[index]["stateful"] or OPS[index]["graph_only"]:
        # Random ops draw from per-node streams in graphs, and graph constructs
        # (cond, placeholder, ...) mean something else eagerly; their own tests cover them.
        return
    try:
        eager = _core.execute(index, inputs, attrs)
    except (*EXPECTED, MemoryError) as e:
        eager = e
    g = kiln.Graph()
    try:
        with g.as_default():
            placeholders = [v1.placeholder(t.dtype, t.shape) for t in inputs]
            built = _core.execute(index, tuple(placeholders), attrs)
        with v1.Session(graph=g) as sess:
            fetches = list(built) if isinstance(built, tuple) else built
            got = sess.run(fetches, dict(zip(placeholders, (np.asarray(t) for t in inputs))))
    except (*EXPECTED, MemoryError) as e:
        if isinstance(e, MemoryError) and not isinstance(eager, Exception):
            return  # Session.run hands over writable arrays: a huge broadcast view must be materialized
        assert isinstance(eager, Exception), f"{name}: eager gave a value, the graph raised {e!r}"
        assert type(e) is type(eager) or isinstance(e, type(eager)) or isinstance(eager, type(e)), \
            f"{name}: eager raised {eager!r}, the graph raised {e!r}"
        return
    assert not isinstance(eager, Exception), f"{name}: eager raised {eager!r}, the graph did not"
    eager_values = [t.numpy() for t in eager] if isinstance(eager, tuple) else [eager.numpy()]
    got_values = got if isinstance(got, list) else [got]
    assert len(got_values) == len(eager_values)
    for want, have in zip(eager_values, got_values):
        have, want = np.asarray(have), np.asarray(want)
        # The same kernels run either way, so the bits match (NaNs included).
        assert (have.dtype, have.shape) == (want.dtype, want.shape), name
        assert have.tobytes() == want.tobytes(), f"{name}: {have!r} != {want!r}"
