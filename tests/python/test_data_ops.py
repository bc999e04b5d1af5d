"""unique, segment reductions, bincount, histogram_fixed_width, searchsorted
and norm clipping: compared with TF's recorded results
(tests/python/data_ops_cases.py, docs/tf-reference/data_ops.json), with
NumPy on random data, in graphs and kiln.function, and every error message."""

import json
import math
import pathlib

import numpy as np
import pytest

import data_ops_cases as cases
import kiln
from kiln.compat import v1

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "data_ops.json").read_text())["cases"]

# Where kiln knowingly differs from the record (docs/semantics.md says why):
# TF's sorted segment_max lets a NaN through or not depending on where it
# sits ([1, nan] gives nan, [1, nan, 0.5] gives 0.5); kiln always gives NaN,
# as np.maximum.at, TF's unsorted_segment_max and reduce_max do.
DIFFERENCES = {"tf.math.segment_max([1.0, float('nan'), 0.5], [0, 0, 0])":
               {"dtype": "float32", "shape": [1], "values": [math.nan]}}

# Float results agree within 4 ULPs of float32 (kiln sums floats in float64;
# TF in the input dtype); integers, dtypes, shapes and errors exactly.
RTOL = 4 * 2.0 ** -23


def same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=RTOL)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("expression", cases.CASES)
def test_results_match_tensorflow(expression):
    got = cases.evaluate(kiln, expression)
    if expression in DIFFERENCES:
        assert same(got, DIFFERENCES[expression]) and not same(got, REFERENCE[expression])
    else:
        assert same(got, REFERENCE[expression]), (got, REFERENCE[expression])


# ---- NumPy as the oracle, on random data ----

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64])
def test_unique_matches_numpy_in_first_appearance_order(dtype):
    x = RNG.integers(-20, 20, size=500).astype(dtype)
    values, first, inverse, counts = np.unique(x, return_index=True, return_inverse=True,
                                               return_counts=True)
    order = np.argsort(first)  # TF orders by first appearance, NumPy by value
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    y, idx, count = kiln.unique_with_counts(x, out_idx=kiln.int64)
    np.testing.assert_array_equal(y.numpy(), values[order])
    np.testing.assert_array_equal(idx.numpy(), rank[inverse.reshape(-1)])
    np.testing.assert_array_equal(count.numpy(), counts[order])


@pytest.mark.parametrize("dtype", [np.int32, np.float32, np.float64])
def test_unsorted_segment_reductions_match_numpy_ufunc_at(dtype):
    data = RNG.integers(-50, 50, size=(300, 3)).astype(dtype)
    ids = RNG.integers(-1, 7, size=300)  # -1: dropped
    keep = ids >= 0
    for name, ufunc, start in [("sum", np.add, 0), ("max", np.maximum, None), ("min", np.minimum, None),
                               ("prod", np.multiply, 1)]:
        fn = getattr(kiln.math, f"unsorted_segment_{name}")
        got = fn(data / 16 + 1 if name == "prod" and dtype != np.int32 else data, ids, 8).numpy()
        src = data / 16 + 1 if name == "prod" and dtype != np.int32 else data
        if start is None:
            info = np.iinfo(dtype) if dtype == np.int32 else np.finfo(dtype)
            start = info.min if name == "max" else info.max
        want = np.full((8, 3), start, dtype=src.dtype)
        ufunc.at(want, ids[keep], src[keep])
        np.testing.assert_allclose(got, want, rtol=1e-5 if name == "prod" else RTOL)


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "prod"])
def test_sorted_segment_reductions_match_numpy(name):
    data = RNG.normal(size=(200, 2)).astype(np.float32)
    ids = np.sort(RNG.integers(0, 30, size=200))
    got = getattr(kiln.math, f"segment_{name}")(data, ids).numpy()
    reduce = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "prod": np.prod}[name]
    want = np.zeros((ids[-1] + 1, 2), np.float32)
    want[:] = 1 if name == "prod" else 0  # TF's value of an empty segment
    for s in np.unique(ids):
        want[s] = reduce(data[ids == s].astype(np.float64), axis=0)
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-6)


def test_bincount_matches_numpy():
    arr = RNG.integers(0, 40, size=1000)
    weights = RNG.normal(size=1000)
    np.testing.assert_array_equal(kiln.math.bincount(arr).numpy(), np.bincount(arr))
    np.testing.assert_array_equal(kiln.math.bincount(arr, minlength=50).numpy(), np.bincount(arr, minlength=50))
    np.testing.assert_allclose(kiln.math.bincount(arr, weights=weights).numpy(), np.bincount(arr, weights),
                               rtol=1e-12)


def test_histogram_fixed_width_matches_numpy_inside_the_range():
    # Values off the bin edges, so float rounding cannot move one across.
    values = RNG.integers(0, 100, size=1000) + 0.5
    got = kiln.histogram_fixed_width(values, [0.0, 100.0], nbins=20).numpy()
    np.testing.assert_array_equal(got, np.histogram(values, bins=20, range=(0.0, 100.0))[0])


@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_matches_numpy_row_by_row(side):
    seq = np.sort(RNG.integers(0, 20, size=(4, 30)), axis=1)
    values = RNG.integers(-2, 22, size=(4, 9))
    got = kiln.searchsorted(seq, values, side=side).numpy()
    want = np.stack([np.searchsorted(s, v, side=side) for s, v in zip(seq, values)])
    np.testing.assert_array_equal(got, want)


def test_clip_by_norm_and_global_norm_match_numpy():
    t = RNG.normal(size=(5, 4))
    got = kiln.clip_by_norm(t, 0.5, axes=[1]).numpy()
    norms = np.linalg.norm(t, axis=1, keepdims=True)
    np.testing.assert_allclose(got, t * 0.5 / np.maximum(norms, 0.5), rtol=1e-14)
    ts = [RNG.normal(size=3), RNG.normal(size=(2, 2))]
    norm = math.sqrt(sum(float(np.sum(x * x)) for x in ts))
    np.testing.assert_allclose(kiln.linalg.global_norm(ts).numpy(), norm, rtol=1e-14)
    clipped, used = kiln.clip_by_global_norm(ts, 1.0)
    assert used.numpy() == pytest.approx(norm, rel=1e-14)
    for c, x in zip(clipped, ts):
        np.testing.assert_allclose(c.numpy(), x / max(norm, 1.0), rtol=1e-14)


# ---- graphs and kiln.function ----

def test_graph_shapes_leave_data_dependent_lengths_unknown_and_session_gives_eagers_values():
    x_value = np.array([4, 1, 4, 2, 1], np.int32)
    ids_value = np.array([0, 0, 1, 3, 3], np.int32)
    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.int32, [None])
        ids = v1.placeholder(kiln.int32, [None])
        n = v1.placeholder(kiln.int32, [])
        u = kiln.unique_with_counts(x)
        outputs = [u.y, u.idx, u.count, kiln.math.segment_sum(x, ids),
                   kiln.math.unsorted_segment_max(x, ids, n), kiln.math.unsorted_segment_mean(x, ids, 4),
                   kiln.math.bincount(x), kiln.histogram_fixed_width(x, [0, 5], nbins=n),
                   kiln.searchsorted([1, 2, 4], x, side="right"), kiln.clip_by_norm(kiln.cast(x, kiln.float32), 3.0)]
    assert [t.shape.as_list() for t in outputs] == [
        [None], [None], [None], [None], [None], [4], [None], [None], [None], [None]]
    assert [u.y.op.type, outputs[3].op.type, outputs[6].op.type, outputs[8].op.type] == [
        "UniqueWithCounts", "SegmentSum", "DenseBincount", "UpperBound"]
    with v1.Session(graph=g) as sess:
        got = sess.run(outputs, {x: x_value, ids: ids_value, n: 4})
    eager = [kiln.unique_with_counts(x_value).y, kiln.unique_with_counts(x_value).idx,
             kiln.unique_with_counts(x_value).count, kiln.math.segment_sum(x_value, ids_value),
             kiln.math.unsorted_segment_max(x_value, ids_value, 4),
             kiln.math.unsorted_segment_mean(x_value, ids_value, 4), kiln.math.bincount(x_value),
             kiln.histogram_fixed_width(x_value, [0, 5], nbins=4),
             kiln.searchsorted([1, 2, 4], x_value, side="right"),
             kiln.clip_by_norm(kiln.cast(x_value, kiln.float32), 3.0)]
    for a, b in zip(got, eager):
        np.testing.assert_array_equal(a, b.numpy())


def test_kiln_function_gives_eagers_values():
    @kiln.function
    def f(x, ids):
        y, idx = kiln.unique(x)
        clipped, norm = kiln.clip_by_global_norm([kiln.cast(x, kiln.float32)], 2.0)
        return y, idx, kiln.math.unsorted_segment_sqrt_n(kiln.cast(x, kiln.float32), ids, 3), clipped[0], norm

    x = kiln.constant([3, 1, 3, 7])
    ids = kiln.constant([0, 2, 2, -1])
    traced = f(x, ids)
    eager = f.python_function(x, ids)
    for a, b in zip(traced, eager):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


# ---- error messages ----

def raises(error, pattern, fn, *args, **kwargs):
    with pytest.raises(error, match=pattern):
        fn(*args, **kwargs)


IAE = kiln.errors.InvalidArgumentError


def test_unique_errors_say_what_to_do():
    raises(IAE, r"\[unique\] unique expects a 1D vector, got shape \(2, 1\); flatten it first",
           kiln.unique, [[1], [2]])
    raises(IAE, r"\[unique_with_counts\] out_idx must be int32 or int64, got float32",
           kiln.unique_with_counts, [1], out_idx=kiln.float32)


def test_segment_errors_name_the_bad_id_and_the_fix():
    raises(IAE, r"\[segment_sum\] segment_ids\[1\] = 0 is less than the id before it \(1\): segment ids are "
           r"not increasing. Sort them, or use unsorted_segment_sum", kiln.math.segment_sum, [1, 2], [1, 0])
    raises(IAE, r"\[segment_max\] segment_ids\[0\] = -1 is negative; sorted segment ids must be >= 0",
           kiln.math.segment_max, [1, 2], [-1, 0])
    raises(IAE, r"\[segment_sum\] segment_ids should be a vector, got shape \(2, 1\)",
           kiln.math.segment_sum, [[1], [2]], [[0], [0]])
    raises(IAE, r"\[segment_sum\] data must be at least rank 1", kiln.math.segment_sum, 5, [0])
    raises(IAE, r"data.shape = \(2,\) does not start with segment_ids.shape = \(3,\); give one segment id",
           kiln.math.segment_sum, [1, 2], [0, 0, 1])
    raises(IAE, r"\[unsorted_segment_sum\] segment_ids\[1,0\] = 3 is out of range \[0, 3\): num_segments must "
           r"exceed every segment id", kiln.math.unsorted_segment_sum, [[1], [2]], [[0], [3]], 3)
    raises(IAE, r"num_segments = -1 must not be negative", kiln.math.unsorted_segment_sum, [1], [0], -1)
    raises(IAE, r"\[segment_sum\] data of dtype bool is not supported; use a numeric dtype",
           kiln.math.segment_sum, [True], [0])
    raises(IAE, r"\[unsorted_segment_min\] data of dtype complex128 is not supported; use an integer or float",
           kiln.math.unsorted_segment_min, [1j], [0], 1)
    raises(IAE, r"segment_ids must be int32 or int64, got float32; cast them first",
           kiln.math.segment_sum, [1.0], [0.0])


def test_bincount_histogram_and_searchsorted_errors_say_what_to_do():
    raises(IAE, r"\[bincount\] arr\[1\] = -1 is negative; bincount counts non-negative integers only",
           kiln.math.bincount, [1, -1])
    raises(IAE, r"weights of shape \(2,\) must have the shape of arr \(\(3,\)\) or length 0",
           kiln.math.bincount, [1, 1, 3], weights=[1, 2])
    raises(ValueError, "`binary_output` and `weights` are mutually exclusive",
           kiln.math.bincount, [1], weights=[1], binary_output=True)
    raises(ValueError, r"Unsupported value for argument axis=1", kiln.math.bincount, [[1]], axis=1)
    raises(IAE, r"axis=-1 counts each row of a matrix; arr has shape \(3,\)", kiln.math.bincount, [1, 2, 3], axis=-1)
    raises(IAE, r"\[bincount\] dtype must be int32, int64, float32 or float64, got bool",
           kiln.math.bincount, [1], dtype=kiln.bool)
    raises(IAE, r"maxlength must be non-negative, got -2", kiln.math.bincount, [1], maxlength=-2)
    raises(IAE, r"arr\[0\] = 9223372036854775807 needs an output longer than any array",
           kiln.math.bincount, kiln.constant([2**63 - 1], kiln.int64))
    raises(IAE, r"segment_ids\[0\] = 9223372036854775807 needs more output rows than any array holds",
           kiln.math.segment_sum, [1], kiln.constant([2**63 - 1], kiln.int64))
    raises(IAE, r"nbins should be a positive number, got 0", kiln.histogram_fixed_width, [1.0], [0.0, 1.0], 0)
    raises(IAE, r"value_range\[0\] < value_range\[1\], got \[1.0+, 1.0+\]; give the lower bound first",
           kiln.histogram_fixed_width, [1.0], [1.0, 1.0], 3)
    raises(IAE, r"values\[1\] is NaN; a NaN has no bin", kiln.histogram_fixed_width, [1.0, math.nan], [0.0, 4.0], 4)
    raises(IAE, r"value_range should be a vector of 2 elements, got shape \(3,\)",
           kiln.histogram_fixed_width, [1.0], [0.0, 1.0, 2.0], 3)
    raises(IAE, r"\[histogram_fixed_width\] dtype must be int32 or int64, got float32",
           kiln.histogram_fixed_width, [1.0], [0.0, 1.0], 3, dtype=kiln.float32)
    raises(IAE, r"value_range is float32 but values is int32; give both one dtype",
           kiln.histogram_fixed_width, kiln.constant([1]), kiln.constant([0.0, 1.0]), 3)
    raises(ValueError, r"`side` must be either 'right' or 'left'", kiln.searchsorted, [1], [1], side="up")
    raises(IAE, r"\[lower_bound\] sorted_sequence of shape \(2, 3\) has 2 rows but values of shape \(1, 2\) has 1; "
           r"the leading dimensions", kiln.searchsorted, [[1, 3, 5], [2, 4, 6]], [[3, 4]])
    raises(IAE, r"\[lower_bound\] values must be at least 1-D .* got a scalar; use \[x\]", kiln.searchsorted, [1], 3)
    raises(IAE, r"values is int32 but sorted_sequence is float32; give both one dtype",
           kiln.searchsorted, [1.0], [1])
    raises(IAE, r"\[upper_bound\] out_type must be int32 or int64, got float32",
           kiln.searchsorted, [1], [1], side="right", out_type=kiln.float32)
    raises(IAE, r"sorted_sequence of dtype bool has no order to search", kiln.searchsorted, [True], [True])


def test_clip_errors_say_what_to_do():
    raises(TypeError, r"`t_list` should be a sequence of tensors", kiln.linalg.global_norm, kiln.constant([1.0]))
    raises(IAE, r"\[global_norm\] the tensors must be float16, bfloat16, float32 or float64, got int32",
           kiln.linalg.global_norm, [[3, 4]])
    raises(IAE, r"\[global_norm\] the tensors must share one dtype, got float64 and float32",
           kiln.linalg.global_norm, [kiln.constant([1.0], kiln.float64), kiln.constant([1.0])])
    raises(ValueError, r"clip_norm must not broadcast t to a larger shape", kiln.clip_by_norm, [3.0, 4.0],
           [[1.0], [2.0]])


# ---- strided inputs and 16-bit floats ----

def test_strided_inputs_give_the_contiguous_result():
    data = RNG.integers(-9, 9, size=(6, 4)).astype(np.float32)
    view = kiln.transpose(kiln.constant(data))  # a strided view of shape (4, 6)
    ids = kiln.transpose(kiln.constant(np.array([[0, 1], [1, 2], [2, 0]], np.int32)))[0]  # (3,) strided
    contiguous = np.ascontiguousarray(data.T)
    np.testing.assert_array_equal(kiln.math.unsorted_segment_sum(view[:3], ids, 3).numpy(),
                                  kiln.math.unsorted_segment_sum(contiguous[:3], [0, 1, 2], 3).numpy())
    np.testing.assert_array_equal(kiln.unique(view[0]).y.numpy(), kiln.unique(contiguous[0]).y.numpy())
    seq = kiln.transpose(kiln.constant(np.sort(data, axis=0)))
    np.testing.assert_array_equal(kiln.searchsorted(seq, view).numpy(),
                                  kiln.searchsorted(np.ascontiguousarray(np.sort(data, axis=0).T),
                                                    contiguous).numpy())


@pytest.mark.parametrize("dtype", [kiln.float16, kiln.bfloat16])
def test_16_bit_floats_reduce_and_search_as_float32_then_round(dtype):
    data = RNG.integers(-8, 8, size=(40,)).astype(np.float32)
    ids = RNG.integers(0, 5, size=40)
    x = kiln.cast(data, dtype)
    got = kiln.cast(kiln.math.unsorted_segment_sum(x, ids, 5), kiln.float32).numpy()
    want = np.zeros(5, np.float32)
    np.add.at(want, ids, data)  # small integers: exact in every dtype here
    np.testing.assert_array_equal(got, want)
    assert kiln.unique(x).y.shape == (len(np.unique(data)),)
    np.testing.assert_array_equal(kiln.searchsorted(kiln.sort(x), x).numpy(),
                                  np.searchsorted(np.sort(data), data))
