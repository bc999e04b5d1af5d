"""Graphs with dynamic shapes: the cases kiln must build and run as TensorFlow does.

Shared by the TensorFlow probe (docs/tf-reference/probe_dynamic_shapes.py, which
records TF's static shapes, values and error classes in
docs/tf-reference/dynamic_shapes.json) and kiln's test
(tests/python/test_dynamic_shapes.py, which compares against that file), so both
evaluate the same expressions.

Each expression sees `tf` (TensorFlow or kiln), `np`, and placeholders:
  x  float32 [None, 3]   fed BATCHES[i] rows
  s  int32   [2]         a shape-like vector known only when the graph runs
  p  int32   [None, 2]   paddings known only when the graph runs
  k  int32   []          a scalar known only when the graph runs
  v  a float32 constant [1, 2, 3]
`feeds(b)` gives the values of s, p and k for a batch of b rows (x is always fed).
"""

import numpy as np

BATCHES = (2, 5)


def x_value(batch):
    return np.arange(batch * 3, dtype=np.float32).reshape(batch, 3) - 2.5


def _none(b):
    return {}


# name, expression, feeds(batch) -> {placeholder: value}, random (compare shapes only)
CASES = [
    # The idioms: shapes computed from a None batch dimension.
    ("zeros_like", "tf.zeros_like(x)", _none, False),
    ("ones_like", "tf.ones_like(x)", _none, False),
    ("zeros_of_shape", "tf.zeros(tf.shape(x))", _none, False),
    ("ones_pack", "tf.ones([tf.shape(x)[0], 1])", _none, False),
    ("reshape_pack_minus_one", "tf.reshape(x, [tf.shape(x)[0], -1])", _none, False),
    ("fill_pack", "tf.fill([tf.shape(x)[0]], 2.0)", _none, False),
    ("tile_pack", "tf.tile(x, [tf.shape(x)[0], 1])", _none, False),
    ("random_uniform_shape", "tf.random.uniform(tf.shape(x))", _none, True),
    ("slice_bound_arith", "x[:, :tf.shape(x)[1] - 1]", _none, False),
    ("broadcast_concat", "tf.broadcast_to(v, tf.concat([tf.shape(x)[:1], [3]], 0))", _none, False),
    ("pad_tensor", "tf.pad(x, [[0, tf.shape(x)[0]], [0, 0]])", _none, False),
    ("reduce_axis_rank", "tf.reduce_sum(x, axis=tf.rank(x) - 1)", _none, False),
    # More shape arithmetic a user writes.
    ("tile_static", "tf.tile(x, [1, 2])", _none, False),
    ("shape_int64", "tf.shape(x, out_type=tf.int64)", _none, False),
    ("size", "tf.size(x)", _none, False),
    ("rank", "tf.rank(x)", _none, False),
    ("reshape_flat", "tf.reshape(x, [-1])", _none, False),
    ("reshape_to_shape", "tf.reshape(x, tf.shape(x))", _none, False),
    ("reshape_known_dim", "tf.reshape(x, [-1, tf.shape(x)[1]])", _none, False),
    ("reshape_product", "tf.reshape(x, [tf.shape(x)[0] * 3])", _none, False),
    ("reshape_concat", "tf.reshape(x, tf.concat([tf.shape(x), [1]], 0))", _none, False),
    ("ones_reversed_shape", "tf.ones(tf.reverse(tf.shape(x), [0]))", _none, False),
    ("zeros_stack", "tf.zeros(tf.stack([tf.shape(x)[0], 2]))", _none, False),
    ("broadcast_to_shape", "tf.broadcast_to(x, tf.shape(x))", _none, False),
    ("pad_known", "tf.pad(x, [[1, 1], [0, tf.shape(x)[1]]])", _none, False),
    ("range_batch", "tf.range(tf.shape(x)[0])", _none, False),
    ("one_hot_depth", "tf.one_hot(tf.cast(x[:, 0], tf.int32) % 3, depth=tf.shape(x)[1])", _none, False),
    ("expand_dims_rank", "tf.expand_dims(x, axis=tf.rank(x))", _none, False),
    ("concat_axis_rank", "tf.concat([x, x], axis=tf.rank(x) - 1)", _none, False),
    ("transpose_range_perm", "tf.transpose(x, perm=tf.range(tf.rank(x) - 1, -1, -1))", _none, False),
    ("gather_axis_rank", "tf.gather(x, [0, 2], axis=tf.rank(x) - 1)", _none, False),
    ("reverse_axis_rank", "tf.reverse(x, axis=[tf.rank(x) - 1])", _none, False),
    ("roll_shift_batch", "tf.roll(x, shift=tf.shape(x)[0], axis=0)", _none, False),
    ("slice_size_pack", "tf.slice(x, [0, 0], [tf.shape(x)[0], 2])", _none, False),
    ("strided_slice_end_shape", "tf.strided_slice(x, [0, 0], tf.shape(x), [1, 1])", _none, False),
    ("top_k_k", "tf.math.top_k(x, k=tf.shape(x)[1]).values", _none, False),
    ("slice_first_half", "x[:tf.shape(x)[0] // 2]", _none, False),
    ("shape_arith_value", "tf.shape(x)[0] * 2 + 1", _none, False),
    # Lists holding symbolic tensors convert by packing them (TF's auto-packing).
    ("pack_list_of_tensors", "tf.reduce_mean([tf.reduce_sum(x), tf.reduce_sum(x) * 2, 3.0])", _none, False),
    ("pack_concat_mixed", "tf.concat([[tf.shape(x)[0]], [2]], 0)", _none, False),
    ("pack_nested", "tf.convert_to_tensor([[tf.reduce_sum(x), 1.0], [2.0, tf.reduce_sum(x)]])", _none, False),
    # Shape-like arguments known only when the graph runs.
    ("reshape_fed", "tf.reshape(x, s)", lambda b: {"s": [3, b]}, False),
    ("zeros_fed", "tf.zeros(s)", lambda b: {"s": [b, 2]}, False),
    ("fill_fed", "tf.fill(s, 1.5)", lambda b: {"s": [2, b]}, False),
    ("tile_fed", "tf.tile(x, s)", lambda b: {"s": [1, b]}, False),
    ("broadcast_to_fed", "tf.broadcast_to(v, s)", lambda b: {"s": [b, 3]}, False),
    ("random_normal_fed", "tf.random.normal(s)", lambda b: {"s": [b, 4]}, True),
    ("ones_pack_scalar_fed", "tf.ones([k, 3])", lambda b: {"k": b}, False),
    ("reshape_pack_fed", "tf.reshape(x, [k, -1])", lambda b: {"k": b}, False),
    ("reduce_sum_axis_fed", "tf.reduce_sum(x, axis=k)", lambda b: {"k": 1}, False),
    ("reduce_sum_axis_fed_keepdims", "tf.reduce_sum(x, axis=k, keepdims=True)", lambda b: {"k": 0}, False),
    ("concat_axis_fed", "tf.concat([x, x], axis=k)", lambda b: {"k": 0}, False),
    ("expand_dims_axis_fed", "tf.expand_dims(x, axis=k)", lambda b: {"k": 1}, False),
    ("gather_axis_fed", "tf.gather(x, [0, 1], axis=k)", lambda b: {"k": 1}, False),
    ("reverse_axis_fed", "tf.reverse(x, axis=[k])", lambda b: {"k": 1}, False),
    ("roll_shift_fed", "tf.roll(x, shift=k, axis=0)", lambda b: {"k": 1}, False),
    ("transpose_perm_fed", "tf.transpose(x, perm=s)", lambda b: {"s": [1, 0]}, False),
    ("slice_size_fed", "tf.slice(x, [0, 0], s)", lambda b: {"s": [b - 1, 2]}, False),
    ("getitem_bound_fed", "x[:, :k]", lambda b: {"k": 2}, False),
    ("getitem_index_fed", "x[k]", lambda b: {"k": b - 1}, False),
    ("pad_scalar_fed", "tf.pad(x, [[0, k], [0, 0]])", lambda b: {"k": b}, False),
    ("pad_fed", "tf.pad(x, p)", lambda b: {"p": [[1, 0], [0, b]]}, False),
    ("one_hot_depth_fed", "tf.one_hot([0, 2], depth=k)", lambda b: {"k": b}, False),
    ("top_k_fed", "tf.math.top_k(v, k=k).values", lambda b: {"k": 2}, False),
    ("range_fed", "tf.range(k)", lambda b: {"k": b}, False),
    ("argmax_axis_fed", "tf.argmax(x, axis=k)", lambda b: {"k": 1}, False),
    ("cumsum_axis_fed", "tf.math.cumsum(x, axis=k)", lambda b: {"k": 0}, False),
    ("sequence_mask_fed", "tf.sequence_mask([1, 2], maxlen=k)", lambda b: {"k": b}, False),
    ("split_axis_fed", "tf.split(x, 3, axis=k)[0]", lambda b: {"k": 1}, False),
    ("band_part_fed", "tf.linalg.band_part(x, k, 0)", lambda b: {"k": 1}, False),
    ("diag_k_fed", "tf.linalg.diag(v, k=k)", lambda b: {"k": b - 3}, False),
    ("set_diag_k_fed", "tf.linalg.set_diag(tf.zeros([3, 4]), v, k=k)", lambda b: {"k": 1}, False),
    # Decompositions of a batch of unknown size (values to rounding, and Q's
    # signs, are LAPACK's: shapes only; test_linalg_lapack.py checks values).
    ("qr_batch", "tf.linalg.qr(tf.reshape(x, [-1, 3, 1])).q", _none, True),
    ("svd_values_batch", "tf.linalg.svd(tf.reshape(x, [-1, 1, 3]), compute_uv=False)", _none, True),
    ("norm_batch", "tf.norm(x, axis=1)", _none, False),
    # Data ops: lengths the values decide, and sizes fed when the graph runs.
    ("unique_data_sized", "tf.unique(tf.cast(x[:, 0] > 0, tf.int32)).y", _none, False),
    ("segment_sum_ids", "tf.math.segment_sum(x, tf.range(tf.shape(x)[0]) // 2)", _none, False),
    ("unsorted_segment_fed", "tf.math.unsorted_segment_sum(x, tf.range(tf.shape(x)[0]) % 2, num_segments=k)",
     lambda b: {"k": 3}, False),
    ("histogram_nbins_fed", "tf.histogram_fixed_width(x, [-3.0, 12.0], nbins=k)", lambda b: {"k": b}, False),
    ("bincount_data_sized", "tf.math.bincount(tf.cast(x[:, 1] + 3, tf.int32))", _none, False),
    ("bincount_minlength_fed", "tf.math.bincount([1, 2], minlength=k)", lambda b: {"k": b}, False),
    ("searchsorted_rows", "tf.searchsorted(x, x[:, :2] + 0.5, side='right')", _none, False),
]

# Shape-like values that are wrong only when the graph runs: TF raises these
# error classes; kiln's messages must name the node and the values.
ERROR_CASES = [
    ("reshape_count_differs", "tf.reshape(x, [tf.shape(x)[0], 2])", lambda b: {}),
    ("zeros_negative", "tf.zeros(s)", lambda b: {"s": [-1, 2]}),
    ("reshape_negative", "tf.reshape(x, s)", lambda b: {"s": [-2, -3]}),
    ("pad_wrong_rank", "tf.pad(x, p)", lambda b: {"p": [[0, 0], [0, 0], [0, 0]]}),
    ("pad_negative", "tf.pad(x, p)", lambda b: {"p": [[0, -4], [0, 0]]}),
    ("tile_wrong_length", "tf.tile(x, [k])", lambda b: {"k": 2}),
    ("tile_negative", "tf.tile(x, s)", lambda b: {"s": [1, -1]}),
    ("axis_out_of_range", "tf.reduce_sum(x, axis=k)", lambda b: {"k": 2}),
    ("broadcast_incompatible", "tf.broadcast_to(v, s)", lambda b: {"s": [b, 2]}),
]


def make_placeholders(tf):
    """The placeholders every expression may use, in the current default graph."""
    v1 = tf.compat.v1
    return {
        "x": v1.placeholder(tf.float32, [None, 3], name="x"),
        "s": v1.placeholder(tf.int32, [2], name="s"),
        "p": v1.placeholder(tf.int32, [None, 2], name="p"),
        "k": v1.placeholder(tf.int32, [], name="k"),
    }


def signature(tf):
    """The input_signature of the traced form: x, s, p, k (same dtypes and shapes)."""
    return [tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([2], tf.int32),
            tf.TensorSpec([None, 2], tf.int32), tf.TensorSpec([], tf.int32)]


def evaluate(tf, expression, x, s, p, k):
    """The expression's tensor, built from the given placeholders or arguments."""
    v = tf.constant([1.0, 2.0, 3.0])
    return eval(expression, {"tf": tf, "np": np, "x": x, "s": s, "p": p, "k": k, "v": v})  # noqa: S307


def feed_values(feeds, batch):
    values = {"x": x_value(batch), "s": np.array([1, 1], np.int32),
              "p": np.zeros((2, 2), np.int32), "k": np.int32(1)}
    for name, value in feeds(batch).items():
        values[name] = np.asarray(value, np.int32)
    return values


# Static-shape tools and how symbolic tensors print: each expression's str()
# (or its error class), evaluated in a graph with the placeholders above.
# kiln prints "kiln.Tensor" where TF prints "tf.Tensor" (its own name); the
# comparison reads one for the other.
MISC_CASES = [
    ("str", "str(tf.reduce_sum(x * 2, 1))"),
    ("repr", "repr(tf.reduce_sum(x * 2, 1))"),
    ("str_in_list", "str([tf.shape(x)])"),
    ("str_in_dict", "str({'a': tf.size(x)})"),
    ("static_shape_text", "str(x.shape) + ' ' + repr(x.shape)"),
    ("set_shape", "(lambda t: (t.set_shape([5]), str(t))[1])(tf.reduce_sum(x, 1))"),
    ("set_shape_then_op", "(lambda t: (t.set_shape([5, 3]), str((t * 2).shape))[1])(x)"),
    ("set_shape_incompatible", "(lambda t: t.set_shape([6]))(tf.zeros([5]))"),
    ("ensure_shape", "str(tf.ensure_shape(x, [4, None]))"),
    ("ensure_shape_incompatible", "tf.ensure_shape(x, [4, 2])"),
    ("shape_n", "str([t.shape for t in tf.shape_n([x, v])])"),
    ("shape_n_int64", "str([t.dtype for t in tf.shape_n([x], out_type=tf.int64)])"),
    ("merge_with", "str(tf.TensorShape([None, 3]).merge_with([2, None]))"),
    ("merge_with_incompatible", "tf.TensorShape([2, 3]).merge_with([3, 3])"),
    ("concatenate", "str(tf.TensorShape([1]).concatenate([None, 2]))"),
    ("static_value_of_known_dim", "str(tf.get_static_value(tf.shape(x)[1] - 1))"),
    ("static_value_of_rank", "str(tf.get_static_value(tf.rank(x) + 1))"),
    ("static_value_of_fed", "str(tf.get_static_value(k + 1))"),
    ("size_of_partial", "str(tf.size(x))"),
]

# Run-time checks of the static-shape tools: the error class TF raises.
MISC_RUN_ERRORS = [
    ("ensure_shape_at_run_time", "tf.ensure_shape(x, [4, None])"),
]


def evaluate_misc(tf, expression, x, s, p, k):
    """The expression's str() text, or "error: <class name>"."""
    v = tf.constant([1.0, 2.0, 3.0])
    try:
        result = eval(expression, {"tf": tf, "np": np, "x": x, "s": s, "p": p, "k": k, "v": v})  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"
    return result if isinstance(result, str) else f"value of type {type(result).__name__}"
