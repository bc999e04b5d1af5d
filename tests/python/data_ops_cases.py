"""Everyday data ops (unique, segment reductions, bincount,
histogram_fixed_width, searchsorted, norm clipping): expressions whose
results TF gives in docs/tf-reference/data_ops.json
(docs/tf-reference/probe_data_ops.py); tests/python/test_data_ops.py
evaluates them with kiln and compares.

A result is recorded as {"dtype", "shape", "values"} for a tensor, a list of
those for a tuple or list (with "type" and "fields" for a namedtuple), or
{"error": class name}. Float values are compared within a tolerance (the
test states it); everything else exactly.
"""

import numpy as np

NAN = "float('nan')"
INF = "float('inf')"

UNIQUE = [
    "tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])",
    "tf.unique([3, 1, 3, 2], out_idx=tf.int64)",
    "tf.unique_with_counts([1, 1, 2, 4, 4, 4, 7, 8, 8])",
    "tf.unique_with_counts([5.0, -1.0, 5.0], out_idx=tf.int64)",
    f"tf.unique([1.0, {NAN}, {NAN}, 0.0, -0.0])",
    "tf.unique([True, False, True])",
    "tf.unique(tf.constant([], tf.float32))",
    "tf.unique_with_counts(tf.constant([], tf.int64))",
    "tf.unique([[1, 2]])",
    "tf.unique(5)",
    "tf.unique([1, 2], out_idx=tf.float32)",
    "type(tf.unique([1])).__name__",
    "type(tf.unique_with_counts([1])).__name__",
    "(lambda r: (r[0], r[1]))(tf.unique([2, 2, 1]))",
]

SEGMENT = [
    "tf.math.segment_sum([1, 2, 3, 4], [0, 0, 1, 1])",
    "tf.math.segment_sum([1, 2, 3, 4], [0, 0, 2, 2])",
    "tf.math.segment_max([1, 2, 3, 4], [0, 0, 2, 2])",
    "tf.math.segment_min([1.0, 2, 3, 4], [0, 0, 2, 2])",
    "tf.math.segment_prod([1.0, 2, 3, 4], [0, 0, 2, 2])",
    "tf.math.segment_mean([1, 2, 3, 4], [0, 0, 2, 2])",
    "tf.math.segment_mean([1, 2, 4, 4], [0, 0, 0, 1])",
    "tf.math.segment_mean([1.0, 2, 3, 4], [0, 0, 2, 2])",
    "tf.math.segment_sum([[1, 2], [3, 4], [5, 6]], [0, 1, 1])",
    "tf.math.segment_max([[1.0, -5.0], [3.0, -4.0]], tf.constant([1, 1], tf.int64))",
    f"tf.math.segment_max([1.0, {NAN}, 0.5], [0, 0, 0])",
    f"tf.math.segment_max([-{INF}], [0])",
    "tf.math.segment_sum(tf.zeros([0, 2]), tf.zeros([0], tf.int32))",
    "tf.math.segment_sum([1, 2, 3, 4], [1, 0, 1, 1])",
    "tf.math.segment_sum([1, 2, 3, 4], [-1, 0, 1, 1])",
    "tf.math.segment_sum([1, 2, 3, 4], [0, 0, 1])",
    "tf.math.segment_sum([[1, 2], [3, 4]], [[0, 0], [1, 1]])",
    "tf.math.segment_sum(5, [0])",
    "tf.math.segment_sum([1.0, 2.0], [0.0, 1.0])",
    "tf.math.segment_sum([True, False], [0, 1])",
    "tf.math.segment_max(tf.constant([1 + 1j]), [0])",
    "tf.math.segment_sum(tf.constant([1 + 2j, 3 - 1j]), [0, 0])",
    "tf.math.segment_sum(tf.constant([100, 100], tf.int8), [0, 0])",
    "tf.math.segment_sum([1], tf.constant([2**63 - 1], tf.int64))",
]

UNSORTED = [
    "tf.math.unsorted_segment_sum([1, 2, 3, 4], [0, 2, 0, 1], 3)",
    "tf.math.unsorted_segment_sum([1, 2, 3, 4], [0, 2, 0, -1], 3)",
    "tf.math.unsorted_segment_max([1, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_min([1.0, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_max([1.0, 2, 3, 4], [0, 2, 0, 1], 4)",
    f"tf.math.unsorted_segment_max([-{INF}], [0], 1)",
    "tf.math.unsorted_segment_prod([1, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_mean([1, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_mean([1.0, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_mean([[1.0, 2], [3, 4], [5, 7]], [1, 1, 0], 3)",
    "tf.math.unsorted_segment_sqrt_n([1.0, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_sqrt_n([1, 2, 3, 4], [0, 2, 0, 1], 4)",
    "tf.math.unsorted_segment_sum([[1, 2], [3, 4]], [[0, 0], [1, 2]], 3)",
    "tf.math.unsorted_segment_sum([[1, 2], [3, 4]], [1, 0], tf.constant(2, tf.int64))",
    "tf.math.unsorted_segment_sum(5, 0, 1)",
    f"tf.math.unsorted_segment_max([1.0, {NAN}], [0, 0], 1)",
    "tf.math.unsorted_segment_sum([1, 2], [0, 1], 0)",
    "tf.math.unsorted_segment_sum([1, 2, 3, 4], [0, 2, 0, 5], 3)",
    "tf.math.unsorted_segment_sum([[1, 2], [3, 4]], [0, 1, 1], 3)",
    "tf.math.unsorted_segment_sum([1, 2], [0, 1], -1)",
    "tf.math.unsorted_segment_sum(5, [0], 1)",
    "tf.math.unsorted_segment_min(tf.constant([1 + 1j]), [0], 1)",
    "tf.compat.v1.unsorted_segment_sum([1, 2], [1, 1], 2)",
    "tf.compat.v1.segment_max([1, 2], [1, 1])",
]

BINCOUNT = [
    "tf.math.bincount([1, 1, 3])",
    "tf.math.bincount([])",
    "tf.math.bincount(tf.constant([], tf.int32), minlength=3)",
    "tf.math.bincount([1, 1, 3], minlength=6)",
    "tf.math.bincount([1, 1, 3], maxlength=2)",
    "tf.math.bincount([1, 1, 3], minlength=5, maxlength=2)",
    "tf.math.bincount([1, 1, 3], weights=[0.5, 1.0, 2.0])",
    "tf.math.bincount([1, 1, 3], weights=[1, 2, 3])",
    "tf.math.bincount([1, 1, 3], weights=tf.constant([1.0, 2, 3], tf.float64), minlength=5)",
    "tf.math.bincount([1, 1, 3], dtype=tf.float32)",
    "tf.math.bincount([1, 1, 3], dtype=tf.int64)",
    "tf.math.bincount([1, 1, 3], weights=[1.0, 2, 3], dtype=tf.int64)",
    "tf.math.bincount([[1, 2], [2, 3]])",
    "tf.math.bincount([[1, 2], [2, 3]], axis=-1)",
    "tf.math.bincount([[1, 2], [2, 3]], axis=-1, minlength=5)",
    "tf.math.bincount([[1, 2], [2, 3]], axis=0)",
    "tf.math.bincount([1.0, 2.7])",
    "tf.math.bincount(tf.constant([1, 2], tf.int64))",
    "tf.math.bincount([1, 2, 2], binary_output=True)",
    "tf.math.bincount([1, 2], minlength=-1)",
    "tf.math.bincount(3)",
    "tf.math.bincount([1, -1, 3])",
    "tf.math.bincount([0, 0], weights=tf.constant([2**31 - 1, 1]))",
    "tf.math.bincount(tf.constant([2**63 - 1], tf.int64))",
    "tf.math.bincount([1, 1, 3], weights=[1, 2])",
    "tf.math.bincount([1, 2], weights=[1, 2], binary_output=True)",
    "tf.math.bincount([[1, 2]], axis=1)",
    "tf.math.bincount([1, 2], dtype=tf.bool)",
    "tf.compat.v1.bincount([1, 1, 3])",
    "tf.compat.v1.bincount([1, 1, 3], minlength=5, maxlength=2)",
]

HISTOGRAM = [
    "tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15], [0.0, 5.0], nbins=5)",
    "tf.histogram_fixed_width([-1, 0, 1, 2, 5, 15], [0, 5], nbins=5)",
    "tf.histogram_fixed_width([-1, 0, 1, 2, 5, 15], [0, 5], nbins=5, dtype=tf.int64)",
    "tf.histogram_fixed_width([[-1.0, 0], [1, 3]], [0.0, 4.0], nbins=4)",
    "tf.histogram_fixed_width(tf.constant([], tf.float32), [0.0, 4.0], nbins=4)",
    f"tf.histogram_fixed_width([0.0, {INF}, -{INF}, 3.99], [0.0, 4.0], nbins=4)",
    "tf.histogram_fixed_width(tf.constant([0.1, 0.2, 0.3, 0.7], tf.float64), [0.0, 1.0], nbins=10)",
    "tf.histogram_fixed_width([1.0, 2.0], [0.0, 4.0])",
    "tf.histogram_fixed_width([-1.0, 0, 1], [0.0, 5.0], nbins=0)",
    "tf.histogram_fixed_width([-1.0, 0, 1], [5.0, 0.0], nbins=3)",
    "tf.histogram_fixed_width([-1.0, 0, 1], [1.0, 1.0], nbins=3)",
    f"tf.histogram_fixed_width([1.0, {NAN}], [0.0, 4.0], nbins=4)",
    "tf.histogram_fixed_width([1.0, 2.0], [0.0, 4.0, 5.0], nbins=4)",
    "tf.histogram_fixed_width([1.0, 2.0], [0.0, 4.0], nbins=4, dtype=tf.float32)",
]

SEARCHSORTED = [
    "tf.searchsorted([1, 3, 5, 7], [0, 3, 6, 9])",
    "tf.searchsorted([1, 3, 5, 7], [0, 3, 6, 9], side='right')",
    "tf.searchsorted([1, 3, 3, 7], [3], side='right', out_type=tf.int64)",
    "tf.searchsorted([[1, 3, 5], [2, 4, 6]], [[3, 4], [1, 7]])",
    "tf.searchsorted([[[1, 3], [2, 4]]], [[[3], [3]]], side='right')",
    "tf.searchsorted([1.0, 2.0, 3.0], [[2.0, 2.5]])",
    f"tf.searchsorted([1.0, {NAN}], [{NAN}, 2.0])",
    "tf.searchsorted([], [3.0])",
    "tf.searchsorted([1, 3, 5], [0, 3, 6], side='middle')",
    "tf.searchsorted([1, 3, 5, 7], [0, 3], out_type=tf.float32)",
    "tf.searchsorted([[1, 3, 5], [2, 4, 6]], [[3, 4]])",
    "tf.searchsorted([1, 3, 5], 3)",
    "tf.searchsorted([1.0, 3, 5], [3])",
]

CLIP = [
    "tf.clip_by_norm([3.0, 4.0], 1.0)",
    "tf.clip_by_norm([3.0, 4.0], 10.0)",
    "tf.clip_by_norm([[3.0, 4.0], [6.0, 8.0]], 5.0, axes=[1])",
    "tf.clip_by_norm([[3.0, 4.0], [6.0, 8.0]], 5.0, axes=1)",
    "tf.clip_by_norm([[3.0, 4.0], [6.0, 8.0]], 5.0, axes=0)",
    "tf.clip_by_norm([0.0, 0.0], 1.0)",
    "tf.clip_by_norm([3.0, 4.0], [1.0, 2.0])",
    "tf.clip_by_norm([3.0, 4.0], -1.0)",
    "tf.clip_by_norm(tf.constant([3.0, 4.0], tf.float64), 2.5)",
    "tf.clip_by_norm([3, 4], 1)",
    "tf.clip_by_norm([3.0, 4.0], [[1.0], [2.0]])",
    "tf.clip_by_global_norm([[3.0, 4.0], [12.0]], 6.5)",
    "tf.clip_by_global_norm([tf.constant([3.0, 4.0]), None, [12.0]], 6.5)",
    "tf.clip_by_global_norm([[3.0, 4.0], [12.0]], 100.0)",
    "tf.clip_by_global_norm([[3.0, 4.0], [12.0]], 6.5, use_norm=tf.constant(26.0))",
    f"tf.clip_by_global_norm([[3.0, {INF}]], 6.5)",
    "tf.clip_by_global_norm([], 6.5)",
    "tf.clip_by_global_norm(tf.constant([3.0, 4.0]), 6.5)",
    "tf.clip_by_global_norm([[3, 4]], 6.5)",
    "tf.linalg.global_norm([[3.0, 4.0], [12.0]])",
    "tf.linalg.global_norm([[3.0, 4.0], None, [12.0]])",
    "tf.linalg.global_norm((tf.ones([2, 2], tf.float64),))",
    "tf.linalg.global_norm([])",
    "tf.linalg.global_norm([[3, 4]])",
    "tf.linalg.global_norm(tf.constant([3.0, 4.0]))",
    "tf.linalg.global_norm([tf.constant([3.0], tf.float64), tf.constant([4.0])])",
    "tf.compat.v1.global_norm([[3.0, 4.0]])",
]

CASES = UNIQUE + SEGMENT + UNSORTED + BINCOUNT + HISTOGRAM + SEARCHSORTED + CLIP


def record(value):
    """A JSON-friendly description of a result (see the module docstring)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"type": type(value).__name__, "fields": list(value._fields),
                "items": [record(v) for v in value]}
    if isinstance(value, (list, tuple)):
        return [record(v) for v in value]
    array = np.asarray(value)
    values = array.tolist()
    if array.dtype.kind == "c":
        values = [[z.real, z.imag] for z in array.reshape(-1).tolist()]
    return {"dtype": value.dtype.name, "shape": list(array.shape), "values": values}


def evaluate(tf, expression):
    """The recorded result of `expression` with `tf` bound to the module under test."""
    try:
        value = eval(expression, {"tf": tf, "np": np})  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return {"error": type(e).__name__}
    return record(value)
