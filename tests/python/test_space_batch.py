"""space_to_batch_nd / batch_to_space and their other names,
required_space_to_batch_paddings, with_space_to_batch, approx_max_k /
approx_min_k and batch_norm_with_global_normalization against TF 2.21's
recorded results (space_batch_cases.py, docs/tf-reference/space_batch.json),
then against a NumPy reference (direct loops) on hypothesis-drawn shapes,
finite differences, and the text of every error kiln raises."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kiln
import recorded_statements as recorded
import space_batch_cases as cases

RECORD = recorded.load("space_batch")
# Data movement is exact; the composites that compute (batch norm, convolutions
# in with_space_to_batch) sum a few float32 terms.
NUMBERS_RTOL, NUMBERS_ATOL = 1e-5, 2e-6

# Where kiln's answer is not TF's, and why (kiln's answer is checked instead).
KNOWN_DIFFERENCES = {
    # TF's CPU kernel sorts with a comparison that NaN breaks (its place is
    # not a rule: [3, nan] here, [nan, 3] under XLA); kiln's top_k counts NaN
    # as the largest value.
    "tf.nn.approx_max_k([3., float('nan'), 1., 2.], 2)": "[[nan  3.] float32, [1 0] int32]",
}


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL,
                             known_differences=KNOWN_DIFFERENCES)


def test_errors_carry_tfs_words(kiln_results):
    """assert_matches compares the error's class; kiln's message must also hold
    TF's own words (TF's text up to its node details: " for '{{node" in a
    graph, " [Op:" eagerly)."""
    checked = 0
    for (case, got), (_, expected) in zip(kiln_results, RECORD):
        if not expected.startswith("error:"):
            continue
        words = expected.split(": ", 2)[2]
        for cut in (" for '{{node", " [Op:", "\n\t [[", "\n\t;"):
            words = words.split(cut)[0]
        words = words.split("}} ")[-1]  # TF's {{function_node ...}} prefix
        words, got = (re.sub(r'Tensor\("[^"]*"', "Tensor(", t) for t in (words, got))  # node names
        if "Missing required positional argument" in words or "Conv2D" in expected:
            continue  # Python's own wording; conv2d's own error (not this module's)
        assert words in got, (case, words, got)
        checked += 1
    assert checked > 60


# ---- NumPy reference ----

def _space_to_batch(x, block, pads):
    """TF's definition, by direct loops: out[(b, n), i...] = padded[n, i * block + b, ...]."""
    m = len(block)
    padded = np.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - m - 1))
    batch = x.shape[0]
    outer = [padded.shape[1 + i] // block[i] for i in range(m)]
    out = np.zeros((batch * int(np.prod(block)),) + tuple(outer) + x.shape[m + 1:], x.dtype)
    for offsets in np.ndindex(*block):
        flat = np.ravel_multi_index(offsets, block) if m else 0
        for n in range(batch):
            for cell in np.ndindex(*outer):
                source = tuple(c * b + o for c, b, o in zip(cell, block, offsets))
                out[(flat * batch + n,) + cell] = padded[(n,) + source]
    return out


@st.composite
def _space_batch_args(draw):
    m = draw(st.integers(1, 3))
    block = [draw(st.integers(1, 3)) for _ in range(m)]
    pads, sizes = [], []
    for b in block:
        start, end = draw(st.integers(0, 2)), draw(st.integers(0, 2))
        size = draw(st.integers(0, 3)) * b + draw(st.integers(0, b - 1))
        end += (-(size + start + end)) % b  # padded size a multiple of the block
        pads.append([start, end])
        sizes.append(size)
    rest = [draw(st.integers(1, 2)) for _ in range(draw(st.integers(0, 2)))]
    shape = [draw(st.integers(1, 3))] + sizes + rest
    return np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape) + 1, block, pads


@settings(max_examples=60, deadline=None)
@given(_space_batch_args())
def test_space_to_batch_is_tfs_definition_and_batch_to_space_undoes_it(args):
    x, block, pads = args
    want = _space_to_batch(x, block, pads)
    got = kiln.space_to_batch_nd(x, block, pads)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(kiln.batch_to_space(want, block, pads), x)
    np.testing.assert_array_equal(kiln.compat.v1.batch_to_space_nd(want, np.array(block),
                                                                     np.array(pads)), x)


@settings(max_examples=20, deadline=None)
@given(_space_batch_args())
def test_a_traced_function_with_unknown_dims_gives_the_same(args):
    x, block, pads = args
    spec = kiln.TensorSpec([None] * x.ndim, kiln.int32)
    there = kiln.function(lambda a: kiln.space_to_batch_nd(a, block, pads), input_signature=[spec])
    out = there(x)
    np.testing.assert_array_equal(out, _space_to_batch(x, block, pads))
    back = kiln.function(lambda a: kiln.batch_to_space(a, block, pads),
                         input_signature=[kiln.TensorSpec([None] * x.ndim, kiln.int32)])
    np.testing.assert_array_equal(back(out), x)


def test_any_dtype_moves_though_tfs_cpu_kernels_lack_bool_and_complex():
    # TF's CPU kernels are registered for numbers only (NotFoundError for bool
    # and complex); kiln's composite moves any dtype: a superset, documented here.
    flags = np.array([[True, False, False, True]])
    np.testing.assert_array_equal(kiln.space_to_batch_nd(flags, [2], [[0, 0]]),
                                  [[True, False], [False, True]])
    z = np.array([[1 + 2j, 3j, 4, 5 - 1j]], np.complex64)
    np.testing.assert_array_equal(kiln.batch_to_space(kiln.space_to_batch_nd(z, [2], [[1, 1]]),
                                                      [2], [[1, 1]]), z)


# ---- gradients ----

def test_space_to_batch_gradient_matches_finite_differences():
    x = np.sin(np.arange(2 * 3 * 4 * 2, dtype=np.float64)).reshape(2, 3, 4, 2)
    theoretical, numerical = kiln.test.compute_gradient(
        lambda a: kiln.space_to_batch_nd(a, [2, 3], [[1, 0], [1, 1]]), [x])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-8)
    theoretical, numerical = kiln.test.compute_gradient(
        lambda a: kiln.batch_to_space(a, [2, 1], [[1, 2], [0, 1]]), [x])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-8)


def test_gradient_with_fed_block_shape_in_a_graph():
    g = kiln.Graph()
    with g.as_default():
        p = kiln.compat.v1.placeholder(kiln.float64, [None, 4, 6])
        blk = kiln.compat.v1.placeholder(kiln.int64, [2])
        pads = kiln.compat.v1.placeholder(kiln.int32, [2, 2])
        y = kiln.space_to_batch_nd(p, blk, pads)
        loss = kiln.reduce_sum(y * y * y)
        grad = kiln.gradients(loss, p)[0]
    x = np.cos(np.arange(2 * 4 * 6, dtype=np.float64)).reshape(2, 4, 6)
    with kiln.compat.v1.Session(graph=g) as sess:
        got = sess.run(grad, {p: x, blk: [2, 4], pads: [[0, 0], [1, 1]]})
    np.testing.assert_allclose(got, 3 * x * x, rtol=1e-12)  # padding takes none of it


# ---- fed values and unknown dims: the kernel's checks run with the graph ----

def test_fed_values_are_checked_when_the_graph_runs():
    g = kiln.Graph()
    with g.as_default():
        p = kiln.compat.v1.placeholder(kiln.float32, [None, None, 2])
        blk = kiln.compat.v1.placeholder(kiln.int32, [1])
        pads = kiln.compat.v1.placeholder(kiln.int32, [1, 2])
        s2b = kiln.space_to_batch_nd(p, blk, pads)
        b2s = kiln.batch_to_space(p, blk, pads)
    assert s2b.shape.as_list() == [None, None, 2]
    ones = np.ones([4, 3, 2], np.float32)
    with kiln.compat.v1.Session(graph=g) as sess:
        assert sess.run(kiln.shape(s2b), {p: ones, blk: [2], pads: [[1, 0]]}).tolist() == [8, 2, 2]
        assert sess.run(kiln.shape(b2s), {p: ones, blk: [2], pads: [[1, 2]]}).tolist() == [2, 3, 2]
        for feed, words in [
                ({blk: [0], pads: [[0, 0]]}, "All values in block_shape must be positive, got "
                                             "value, 0 at index 0."),
                ({blk: [2], pads: [[-1, 0]]}, "Paddings must be non-negative"),
                ({blk: [2], pads: [[0, 0]]}, "padded_shape[0]=3 is not divisible by "
                                             "block_shape[0]=2")]:
            with pytest.raises(kiln.errors.InvalidArgumentError) as error:
                sess.run(s2b, {p: ones, **feed})
            assert words in str(error.value)
        for feed, words in [
                ({blk: [0], pads: [[0, 0]]}, "Product of block sizes must be positive, got 0"),
                ({blk: [3], pads: [[0, 0]]}, "Input batch dimension (4) is not divisible by "
                                             "product of block sizes (3)"),
                ({blk: [2], pads: [[0, -1]]}, "Crops must be non-negative"),
                ({blk: [2], pads: [[4, 3]]}, "cropped_shape[0]=-1 must be non-negative")]:
            with pytest.raises(kiln.errors.InvalidArgumentError) as error:
                sess.run(b2s, {p: ones, **feed})
            assert words in str(error.value)


# ---- kiln's own messages (TF's are checked above against the record) ----

def test_kilns_own_errors_say_what_to_do():
    with pytest.raises(ValueError, match="needs an input of known rank"):
        @kiln.function(input_signature=[kiln.TensorSpec(None, kiln.float32)])
        def unknown_rank(a):
            return kiln.space_to_batch_nd(a, [2], [[0, 0]])
        unknown_rank(kiln.zeros([2, 2]))
    with pytest.raises(ValueError, match="needs block_shape of known rank"):
        @kiln.function(input_signature=[kiln.TensorSpec([2, 2], kiln.float32),
                                        kiln.TensorSpec(None, kiln.int32)])
        def unknown_block(a, b):
            return kiln.batch_to_space(a, b, [[0, 0]])
        unknown_block(kiln.zeros([2, 2]), kiln.constant([2]))
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match="Product of block sizes must be positive, got -1"):
        kiln.space_to_batch_nd(kiln.zeros([1, 2, 2]), [2 ** 62, 4], [[0, 0], [0, 0]])
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match=r"All values in block_shape must be positive, got \[-1, -1\]"):
        kiln.batch_to_space(kiln.zeros([1, 0, 0]), [-1, -1], [[0, 0], [0, 0]])
    with pytest.raises(ValueError, match="need an operand of known rank"):
        @kiln.function(input_signature=[kiln.TensorSpec(None, kiln.float32)])
        def top(a):
            return kiln.nn.approx_max_k(a, 1)
        top(kiln.zeros([2]))
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match="Invalid reduction dimension: -3. Must be within the range of "
                             r"\[-2, 1\]"):
        kiln.nn.approx_min_k(kiln.zeros([2, 2]), 1, reduction_dimension=-3)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        kiln.function(lambda a: kiln.nn.approx_max_k(a, 1),
                      input_signature=[kiln.TensorSpec([], kiln.float32)])(kiln.constant(1.0))


def test_huge_sizes_are_refused_not_crashed():
    with pytest.raises(kiln.errors.OpError):
        kiln.space_to_batch_nd(kiln.zeros([1, 1]), [2 ** 40], [[0, 2 ** 40 - 1]])


# ---- approx_min_k's NaN and integer-free ordering ----

def test_approx_min_k_puts_nan_after_inf_and_max_k_before():
    row = [np.nan, np.inf, 1.0, -np.inf, np.inf]
    values, indices = kiln.nn.approx_min_k(row, 5)
    np.testing.assert_array_equal(indices, [3, 2, 1, 4, 0])
    np.testing.assert_array_equal(values, [-np.inf, 1.0, np.inf, np.inf, np.nan])
    values, indices = kiln.nn.approx_max_k(row, 5)
    np.testing.assert_array_equal(indices, [0, 1, 4, 2, 3])


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 6), st.integers(0, 2 ** 31 - 1), st.booleans(),
       st.sampled_from(["float32", "float16", "bfloat16"]))
def test_approx_k_is_the_exact_top_k(rows, cols, seed, first_axis, dtype):
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, (rows, cols)).astype(np.float32)  # many ties
    k = int(rng.integers(0, (rows if first_axis else cols) + 1))
    axis = 0 if first_axis else -1
    tensor = kiln.cast(x, getattr(kiln, dtype))
    for fn, sign in ((kiln.nn.approx_max_k, -1), (kiln.nn.approx_min_k, 1)):
        values, indices = fn(tensor, k, reduction_dimension=axis)
        # A stable sort of sign * x: equal values keep the lower index first.
        want = np.argsort(sign * x, axis=axis, kind="stable")
        want = want[:k] if first_axis else want[:, :k]
        np.testing.assert_array_equal(indices, want)
        assert indices.dtype == kiln.int32 and values.dtype == tensor.dtype
        np.testing.assert_array_equal(kiln.cast(values, kiln.float32),
                                      np.take_along_axis(x, want, axis=axis))
