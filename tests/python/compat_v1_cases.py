"""TF1 names kept in tf.compat.v1: expressions whose results TF gives in
docs/tf-reference/compat_v1.json (docs/tf-reference/probe_compat_v1.py);
tests/python/test_compat_v1_aliases.py evaluates them with kiln (eagerly)."""

import numpy as np

CASES = [
    "v1.div(7, 2)", "v1.div(-7, 2)", "v1.div(7.0, 2.0)", "v1.div(tf.constant([7, -7]), 2)",
    "v1.to_float(tf.constant(3))", "v1.to_double(tf.constant(3))", "v1.to_int32(tf.constant(3.7))",
    "v1.to_int64(tf.constant([1.5, -2.5]))", "v1.log(tf.constant(1.0))",
    "v1.reduce_sum([[1, 2], [3, 4]], reduction_indices=1, keep_dims=True)",
    "v1.reduce_mean([[1.0, 2.0], [3.0, 4.0]], axis=0, keep_dims=False)",
    "v1.reduce_max([[1, 5], [3, 4]], reduction_indices=[0, 1])",
    "v1.reduce_sum([[1, 2]], axis=0, reduction_indices=0)",
    "v1.reduce_sum([[1, 2]], keepdims=True, keep_dims=True)",
    "v1.arg_max([1, 5, 2], 0)", "v1.arg_min([[1, 5], [0, 9]], dimension=1)",
    "v1.arg_max([1, 5, 2], 0, output_type=tf.int32)",
    "v1.random_normal([2, 3]).shape", "v1.random_uniform([4], maxval=5, dtype=tf.int32).dtype",
    "v1.Dimension(3).value", "str(v1.Dimension(None))", "v1.Dimension(3) == 3", "int(v1.Dimension(4))",
    "v1.Session(config=v1.ConfigProto(allow_soft_placement=True, gpu_options=v1.GPUOptions("
    "allow_growth=True))).close()",
]


def evaluate(tf, expression):
    """The result as plain text: a tensor's values and dtype, else repr(); or the error class."""
    try:
        value = eval(expression, {"tf": tf, "v1": tf.compat.v1, "np": np})  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return f"{np.asarray(value).tolist()!r} {value.dtype.name}"
    if hasattr(value, "as_list"):
        return repr(value.as_list())
    if hasattr(value, "name") and hasattr(value, "is_integer"):
        return value.name
    return repr(value)

# TF2 names of everyday programs (same recording, evaluated the same way).
CASES += [
    "tf.add_n([tf.constant([1, 2]), tf.constant([3, 4]), [5, 6]])",
    "tf.add_n([tf.constant([1.5])])",
    "tf.add_n([tf.constant([1, 2]), tf.constant([1, 2, 3])])",
    "tf.add_n([])",
    "tf.math.add_n([tf.constant(2.0), 3.0])",
    "tf.config.list_physical_devices('CPU')",
    "tf.config.list_physical_devices('GPU')",
    "tf.config.list_logical_devices('CPU')",
    "(lambda d: (d.__enter__(), tf.constant(1.0) + 1, d.__exit__(None, None, None))[1])(tf.device('/cpu:0'))",
    "(lambda d: (d.__enter__(), tf.constant(1.0) + 1, d.__exit__(None, None, None))[1])(tf.device('/device:GPU:0'))",
    "tf.constant(1).device",
]

CASES += [
    "tf.nest.flatten({'b': [1, 2], 'a': (3, None)})",
    "tf.nest.flatten(5)",
    "tf.nest.map_structure(lambda x, y: x * y, {'a': [1, 2], 'b': 3}, {'a': [4, 5], 'b': 6})",
    "tf.nest.pack_sequence_as({'b': 0, 'a': (0, 0)}, [1, 2, 3])",
    "tf.nest.pack_sequence_as([0, 0], [1])",
    "tf.nest.assert_same_structure([1, (2, 3)], [4, (5, 6)])",
    "tf.nest.assert_same_structure([1, 2], [1, [2]])",
    "tf.nest.assert_same_structure([1, 2], (1, 2))",
    "tf.nest.assert_same_structure([1, 2], (1, 2), check_types=False)",
    "tf.nest.is_nested((1,))",
    "tf.nest.is_nested('ab')",
    "tf.nest.map_structure(lambda t: t * 2, [tf.constant(1), (tf.constant(2.0),)])[1][0]",
]
