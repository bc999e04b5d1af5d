"""Every registered op, called with random inputs and attributes, either
returns tensors or raises a kiln error (or TypeError/ValueError, where TF does)
— never crashes the process — eagerly, in a graph run by a session and in a
traced function (those two give eager's bits). test_op_oracle.py checks the
values of the ops NumPy can compute; each op family's own tests check the rest.

It reads the ops from the registry itself, so an op added later is fuzzed
without touching this file.
"""

import collections
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kiln
from fuzz_inputs import DTYPES, EXPECTED_ERRORS, arrays, outputs_or_none
from kiln import _core

v1 = kiln.compat.v1

OPS = _core.op_defs()
REACHED = collections.Counter()  # op name -> fuzzed calls that returned a result
EXPECTED = EXPECTED_ERRORS
# Elements a fuzzed input may have: enough for edge cases, small enough to stay fast.
MAX_ELEMENTS = 4096

dims = st.integers(min_value=0, max_value=5)
small_ints = st.integers(min_value=-4, max_value=4)
# Edge values that fail fast: a size built from 2**40 cannot be allocated, and
# the negative ones are invalid everywhere. (A value like 2**31 would make
# ops legitimately allocate gigabytes; that is not what this test is for.)
edge_ints = st.sampled_from([2**40, -2**31, -2**62])
# Shapes of nothing to compute but extreme dimensions: very large ones, and
# ones whose product overflows int64 (alone, or after a zero).
huge_shapes = st.sampled_from([[2**40, 2**40], [2**62, 4], [2**63 - 1, 2], [3, 2**63 - 1],
                               [0, 2**40, 2**40], [2**40, 2**40, 0], [0, 2**63 - 1]])


@st.composite
def tensors(draw):
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(st.one_of(st.lists(dims, min_size=0, max_size=4),  # scalars included
                           # zero-size with a dimension far beyond memory
                           st.permutations([0, draw(st.sampled_from([2**31 + 1, 2**40]))])))
    if int(np.prod(shape, dtype=object)) > MAX_ELEMENTS:
        shape = [0]
    return kiln.constant(draw(arrays(dtype, shape)))


# Outputs whose size the data decides (sequence_mask with maxlen -1 is as long as
# the longest length; bincount and sorted segment reductions as the largest
# value) could be gigabytes that the allocator grants and the
# machine cannot hold: such calls are left out (the op's own tests cover them).
MAX_DATA_SIZED_ELEMENTS = 1 << 24


def _largest(t):
    """The largest value of an integer tensor (0 when empty or not integer)."""
    if not t.dtype.is_integer or t.shape.num_elements() == 0:
        return 0
    return int(np.max(np.asarray(t)))


def _data_sized_output_too_large(name, inputs, attrs):
    # bincount is max(arr) + 1 long (per row with axis -1), a sorted segment
    # reduction has last id + 1 rows of data's trailing slice.
    if name == "bincount" and inputs:
        rows = inputs[0].shape[0] if attrs[4] == -1 and len(inputs[0].shape) == 2 else 1
        return (_largest(inputs[0]) + 1) * max(rows, 1) > MAX_DATA_SIZED_ELEMENTS
    if name.startswith("segment_") and len(inputs) == 2:
        per_id = inputs[0].shape.num_elements() // max(inputs[1].shape.num_elements() or 1, 1)
        return (_largest(inputs[1]) + 1) * max(per_id, 1) > MAX_DATA_SIZED_ELEMENTS
    if (name != "sequence_mask" or not inputs or attrs[0] not in (-1,) or inputs[0].dtype.is_bool
            or inputs[0].dtype.is_complex):  # the op refuses complex lengths
        return False
    lengths = np.nan_to_num(np.asarray(inputs[0], dtype=np.float64), nan=0.0, posinf=0.0)
    longest = float(np.max(lengths, initial=0.0))
    return longest * max(lengths.size, 1) > MAX_DATA_SIZED_ELEMENTS


def attr_values(kind):
    return {
        "int": st.one_of(small_ints, edge_ints),
        "float": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(0.5)),
        "bool": st.booleans(),
        "int_list": st.one_of(st.lists(st.one_of(small_ints, edge_ints), max_size=5), huge_shapes),
        "dtype": st.integers(min_value=-1, max_value=15),
        "shape": st.one_of(st.none(), st.lists(st.one_of(st.none(), dims, edge_ints), max_size=4),
                           huge_shapes),
        # Every value some op's string attribute takes (padding, layout, resize
        # method, ...), so that the fuzzer gets past those checks to the kernels.
        "string": st.sampled_from(["", "ij->ji", "ii->i", "ij,jk->ik", "...,...->...", "CONSTANT",
                                   "REFLECT", "SYMMETRIC", "ASCENDING", "DESCENDING", "bogus->",
                                   "SAME", "VALID", "EXPLICIT", "NHWC", "NCHW", "NDHWC", "NCDHW",
                                   "bilinear", "nearest", "bicubic", "area", "lanczos3",
                                   "mitchellcubic", "gaussian"]),
    }[kind]


@st.composite
def calls(draw):
    index = draw(st.integers(min_value=0, max_value=len(OPS) - 1))
    op = OPS[index]
    low = op["min_inputs"]
    high = low + 3 if op["max_inputs"] < 0 else op["max_inputs"]
    n = draw(st.integers(min_value=max(low - 1, 0), max_value=high + 1))  # sometimes the wrong count
    if draw(st.booleans()):  # fully random
        inputs = tuple(draw(tensors()) for _ in range(n))
        attrs = tuple(draw(attr_values(kind)) for _, kind in op["attrs"])
    else:  # what more calls accept, so that ops with exacting inputs run too
        inputs = draw(plausible_inputs(min(max(n, low), high)))
        attrs = draw(mixed_attrs(op, len(inputs[0].shape) if inputs else 0))
    return index, op["name"], inputs, attrs


# KILN_FUZZ_EXAMPLES sets the effort (the sanitizer run uses fewer examples).
@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(calls())
def test_every_op_returns_or_raises_a_kiln_error(call):
    index, name, inputs, attrs = call
    if _data_sized_output_too_large(name, inputs, attrs):
        return
    if outputs_or_none(name, lambda: _core.execute(index, inputs, attrs)) is not None:
        REACHED[name] += 1


def test_the_registry_is_not_empty():
    assert "add" in {op["name"] for op in OPS}


# The same random calls built into a graph (inputs fed through placeholders)
# and run by a session, or traced into a kiln.function: a registry op gives
# the same values, or the same kind of error, in a graph as eagerly.
# Results larger than this are broadcast views (real ones could not be allocated):
# they are compared through their distinct elements.
LARGE_RESULT_BYTES = 1 << 26


def _runs_only_eagerly(index):
    # Random ops draw from per-node streams in graphs, and graph constructs
    # (cond, placeholder, ...) mean something else eagerly; their own tests cover them.
    return OPS[index]["stateful"] or OPS[index]["graph_only"]


def _flat(out):
    return list(out) if isinstance(out, tuple) else [out]


def _bits(value):
    """What must match bit for bit: dtype, shape and the bytes of the values (NaNs included)."""
    a = np.asarray(value)
    key = (a.dtype, a.shape)
    if a.nbytes > LARGE_RESULT_BYTES:
        zero = tuple(i for i, s in enumerate(a.strides) if s == 0)
        a = a[tuple(slice(0, 1) if i in zero else slice(None) for i in range(a.ndim))]
        key += (zero,)
    return key + (a.tobytes(),)


def _assert_same_as_eager(name, index, inputs, attrs, run, materializes):
    """run() computes the call another way and returns its flat results; they
    must be eager's bit for bit, or an error of the same kind as eager's.
    `materializes`: the other way hands over its own memory (a huge broadcast
    view eagerly may then be a MemoryError there)."""
    if _data_sized_output_too_large(name, inputs, attrs):
        return
    try:
        eager = _flat(_core.execute(index, inputs, attrs))
    except (*EXPECTED, MemoryError) as e:
        eager = e
    try:
        got = run()
    except (*EXPECTED, MemoryError) as e:
        if isinstance(e, MemoryError) and materializes and not isinstance(eager, Exception):
            return
        assert isinstance(eager, Exception), \
            f"{name}: eager gave a value, the other way raised {e!r}"
        assert type(e) is type(eager) or isinstance(e, type(eager)) or isinstance(eager, type(e)), \
            f"{name}: eager raised {eager!r}, the other way raised {e!r}"
        return
    assert not isinstance(eager, Exception), \
        f"{name}: eager raised {eager!r}, the other way did not"
    assert len(got) == len(eager), name
    for want, have in zip(eager, got):
        # The same kernels run either way, so the bits match (NaNs included).
        assert _bits(have) == _bits(want), f"{name}: {np.asarray(have)!r} != {np.asarray(want)!r}"


@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")) // 4, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(calls())
def test_every_op_gives_the_same_result_in_a_graph_as_eagerly(call):
    index, name, inputs, attrs = call
    if _runs_only_eagerly(index):
        return

    def run_in_a_session():
        g = kiln.Graph()
        with g.as_default():
            placeholders = [v1.placeholder(t.dtype, t.shape) for t in inputs]
            built = _core.execute(index, tuple(placeholders), attrs)
        with v1.Session(graph=g) as sess:
            # Session.run hands over writable arrays: a huge broadcast view must be materialized.
            return sess.run(_flat(built), dict(zip(placeholders, (np.asarray(t) for t in inputs))))

    _assert_same_as_eager(name, index, inputs, attrs, run_in_a_session, materializes=True)


@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")) // 4, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(calls(), st.booleans())
def test_every_op_gives_the_same_result_in_a_traced_function_as_eagerly(call, with_signature):
    index, name, inputs, attrs = call
    if _runs_only_eagerly(index):
        return
    # The inputs are the function's arguments: traced from the tensors
    # themselves, or from an input_signature of their dtypes and shapes.
    signature = [kiln.TensorSpec(t.shape, t.dtype) for t in inputs] if with_signature else None
    traced = kiln.function(lambda *args: _core.execute(index, args, attrs),
                           input_signature=signature)

    def run_traced():
        out = _flat(traced(*inputs))
        assert all(isinstance(t, kiln.EagerTensor) for t in out), f"{name}: {out!r}"
        return out

    _assert_same_as_eager(name, index, inputs, attrs, run_traced, materializes=False)
    assert traced.experimental_get_tracing_count() <= 1


# Shape-like attributes (shapes, axes, sizes, perms, paddings, slice bounds)
# given by placeholders fed when the graph runs, as TF programs give them: the
# graph knows nothing of them while it is built, the plan reads them each run.
# The result must be eager's, bit for bit, or the same kind of error.
TENSOR_OPS = [i for i, op in enumerate(OPS)
              if any(r >= 0 for r in op["tensor_ranks"]) and not _runs_only_eagerly(i)]


def _as_attr_array(value, tensor_rank):
    """The attribute's value as the tensor a TF program would feed; None where no
    tensor of that rank holds it (an odd number of paddings)."""
    flat = np.asarray(value if isinstance(value, (list, tuple)) else [value], dtype=object)
    dtype = np.int32 if all(-2**31 <= int(v) < 2**31 for v in flat) else np.int64
    array = np.asarray(value, dtype=dtype)
    if tensor_rank == 2:
        return array.reshape(-1, 2) if array.size % 2 == 0 else None
    return array


@st.composite
def plausible_inputs(draw, n):
    """Inputs more calls accept than fully random ones: one shared dtype, or a
    first input followed by small int32 ones (indices, like gather's), or all
    small int32 (one_hot's indices and values), or a first input followed by
    sorted small int32 ones shaped as a prefix of its shape (segment ids), or
    by an ascending pair of its dtype (histogram_fixed_width's value_range)."""
    layout = draw(st.sampled_from(["random", "one dtype", "then indices", "indices", "prefix ids",
                                   "range"]))
    if layout == "random":
        return tuple(draw(tensors()) for _ in range(n))
    if layout in ("prefix ids", "range") and n >= 1:
        first = kiln.constant(draw(arrays(draw(st.sampled_from(DTYPES)),
                                          draw(st.lists(st.integers(0, 3), max_size=3)))))
        shape = list(first.shape)[:draw(st.integers(0, len(first.shape)))]
        if layout == "range":
            rest = [np.sort(draw(arrays(first.dtype, [2])))] * (n - 1)
        else:
            rest = [np.sort(np.asarray(draw(st.lists(st.integers(draw(st.sampled_from([-1, 0])), 3), min_size=int(np.prod(shape)),
                                                         max_size=int(np.prod(shape)))),
                                       np.int32)).reshape(shape) for _ in range(n - 1)]
        return (first, *(kiln.constant(r) for r in rest))
    # Later inputs are often scalars (pad's constant_values, linspace's stop).
    shapes = [[] if i and draw(st.booleans()) else draw(st.lists(st.integers(0, 3), max_size=3))
              for i in range(n)]
    dtype = draw(st.sampled_from(DTYPES))
    out = []
    for i, shape in enumerate(shapes):
        if layout == "indices" or (layout == "then indices" and i > 0):
            out.append(kiln.constant(np.asarray(draw(st.lists(st.integers(0, 2), min_size=int(np.prod(shape)),
                                                              max_size=int(np.prod(shape)))),
                                                np.int32).reshape(shape)))
        else:
            out.append(kiln.constant(draw(arrays(dtype, shape))))
    return tuple(out)


INDEX_DTYPE_CODES = [kiln.int32._code, kiln.int64._code]  # top_k's index_type, argmax's output_type
FLOAT_DTYPE_CODES = [kiln.float32._code, kiln.float64._code]
# The stateless random ops' seed: a shape-[2] tensor of any integers.
STATELESS_SEEDS = st.lists(st.one_of(small_ints, edge_ints), min_size=2, max_size=2)


def plausible_attr(kind, tensor_rank, rank):
    """Values that fit an input of rank `rank` (axes in range, one entry per axis)."""
    if kind == "int":
        return st.integers(-max(rank, 1), max(rank, 1))
    length = 2 * rank if tensor_rank == 2 else rank
    return st.lists(st.integers(0, 2) if tensor_rank == 2 else st.integers(-1, 2),
                    min_size=length, max_size=length)


@st.composite
def mixed_attrs(draw, op, rank):
    """Attributes that fit an input of rank `rank`, or random ones."""
    plausible = draw(st.booleans())
    random_op = any(a == "seed" for a, _ in op["attrs"])  # random ops draw floats too
    dtype_codes = INDEX_DTYPE_CODES + (FLOAT_DTYPE_CODES if random_op else [])
    return tuple(draw(STATELESS_SEEDS) if name == "seed" and kind == "int_list" and plausible
                 else draw(plausible_attr(kind, r, rank)) if r >= 0 and plausible
                 else draw(st.integers(0, 1)) if kind == "int" and plausible  # batch_dims, masks
                 else draw(st.sampled_from(dtype_codes)) if kind == "dtype" and plausible
                 else draw(attr_values(kind))
                 for (name, kind), r in zip(op["attrs"], op["tensor_ranks"]))


@st.composite
def calls_with_fed_attributes(draw):
    index = draw(st.sampled_from(TENSOR_OPS))
    op = OPS[index]
    n = op["min_inputs"] if op["max_inputs"] >= 0 else draw(st.integers(op["min_inputs"], op["min_inputs"] + 2))
    inputs = draw(plausible_inputs(n))
    rank = len(inputs[0].shape) if inputs else 0
    attrs = draw(mixed_attrs(op, rank))
    fed = {}
    for i, rank in enumerate(op["tensor_ranks"]):
        if rank >= 0 and draw(st.booleans()):
            array = _as_attr_array(attrs[i], rank)
            if array is not None:
                # Unknown length too, unless the length says how many outputs there are.
                unknown_length = draw(st.booleans()) and op["attrs"][i][0] != "size_splits"
                fed[i] = (array, unknown_length)
    return index, op["name"], inputs, attrs, fed


@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")) // 2, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(calls_with_fed_attributes())
def test_shape_like_attributes_fed_at_run_time_give_eagers_result(call):
    index, name, inputs, attrs, fed = call

    def run_with_fed_attributes():
        g = kiln.Graph()
        with g.as_default():
            placeholders = [v1.placeholder(t.dtype, t.shape) for t in inputs]
            attr_placeholders = {
                i: v1.placeholder(kiln.as_dtype(array.dtype),
                                  [None] * array.ndim if unknown_length else array.shape)
                for i, (array, unknown_length) in fed.items()}
            graph_attrs = tuple(attr_placeholders.get(i, a) for i, a in enumerate(attrs))
            built = _core.execute(index, tuple(placeholders), graph_attrs)
        feeds = dict(zip(placeholders, (np.asarray(t) for t in inputs)))
        feeds.update({attr_placeholders[i]: array for i, (array, _) in fed.items()})
        with v1.Session(graph=g) as sess:
            return sess.run(_flat(built), feeds)

    _assert_same_as_eager(name, index, inputs, attrs, run_with_fed_attributes, materializes=True)


def test_shape_like_attributes_are_declared_where_tf_takes_tensors():
    tensor_attrs = {(op["name"], attr) for op in OPS
                    for (attr, _), rank in zip(op["attrs"], op["tensor_ranks"]) if rank >= 0}
    for expected in [("reshape", "shape"), ("fill", "shape"), ("tile", "multiples"),
                     ("pad", "paddings"), ("strided_slice", "end"), ("reduce_sum", "axis"),
                     ("transpose", "perm"), ("one_hot", "depth"), ("top_k", "k")]:
        assert expected in tensor_attrs
    assert ("stack", "axis") not in tensor_attrs  # a Python int in TF too


def test_a_traced_call_of_an_op_with_no_outputs_gives_what_eager_gives():
    # Found by the function path above: unstack of a zero-length axis has no
    # outputs, so the traced function fetches nothing; as tf.function, that
    # (like a function returning None) is a valid function.
    index = [op["name"] for op in OPS].index("unstack")
    x = kiln.constant(np.zeros((3, 0), np.float32))
    assert _core.execute(index, (x,), (0, 1)) == ()
    assert kiln.function(lambda t: _core.execute(index, (t,), (0, 1)))(x) == ()
    assert kiln.function(lambda t: None)(x) is None


if __name__ == "__main__":
    # The fuzzer's reach: how many ops its random calls ran to a result
    # (KILN_FUZZ_EXAMPLES=20000 python tests/python/test_op_fuzz.py).
    test_every_op_returns_or_raises_a_kiln_error()
    names = sorted({op["name"] for op in OPS})
    reached = [n for n in names if REACHED[n]]
    print(f"{len(reached)} of {len(names)} ops ran to a result ({sum(REACHED.values())} calls)")
    print("never reached:", [n for n in names if not REACHED[n]])
