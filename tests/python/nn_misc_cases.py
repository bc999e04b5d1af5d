"""tf.nn's remaining composites (python/kiln/_nn_misc.py, nn_ops.py) as TF
programs call them: space_to_depth / depth_to_space, in_top_k, crelu,
log_poisson_loss, compute_average_loss, scale_regularization_loss,
sufficient_statistics / normalize_moments, zero_fraction, dilation2d /
erosion2d, TF1's names and argument orders, None batch shapes, and TF's
errors. TF's results are recorded in docs/tf-reference/nn_misc.json
(docs/tf-reference/probe_nn_misc.py); test_nn_misc.py compares. Statements
run in order in one namespace (tape_cases.evaluate_all's rules)."""

from tape_cases import evaluate_all as _evaluate_all

SETUP = [
    "x = tf.reshape(tf.range(2 * 4 * 6 * 3, dtype=tf.float32), [2, 4, 6, 3])",
    "s = tf.sin(x)",
    "pred = tf.constant([[0.1, 0.8, 0.8, 0.3], [2.0, 1.0, -1.0, 0.5], [0.0, 0.0, 0.0, 0.0], "
    "[1.0, float('nan'), 2.0, 0.0], [5.0, float('inf'), 1.0, 0.0]])",
]

SPACE_DEPTH = [
    "tf.nn.space_to_depth(x, 2)[1, 1]",
    "tf.nn.space_to_depth(tf.cast(x, tf.int64), 2).dtype.name",
    "tf.nn.depth_to_space(tf.nn.space_to_depth(x, 2), 2)[0, :, :, 0]",
    "tf.nn.depth_to_space(tf.reshape(tf.range(2 * 2 * 3 * 8), [2, 2, 3, 8]), 2)[1, :, :, 1]",
    "tf.compat.v1.space_to_depth(x, 2, data_format='NHWC').shape",
    "tf.compat.v1.nn.depth_to_space(tf.zeros([1, 1, 1, 9]), 3).shape",
    "tf.nn.space_to_depth(x, 1)",
    "tf.nn.space_to_depth(x, 4)",
    "tf.nn.space_to_depth(x[0], 2)",
    "tf.nn.space_to_depth(x, 2, data_format='XYZ')",
    "tf.nn.depth_to_space(x, 2)",
    "tf.nn.depth_to_space(tf.zeros([1, 2, 2, 8]), 1)",
    "shapes = []",
    "@tf.function(input_signature=[tf.TensorSpec([None, 4, 6, 3], tf.float32)], autograph=False)\n"
    "def s2d(a):\n r = tf.nn.space_to_depth(a, 2)\n b = tf.nn.depth_to_space(r, 2)\n"
    " shapes.append([r.shape, b.shape])\n return tf.reduce_sum(tf.abs(b - a))",
    "s2d(x)", "shapes[-1]",
    "@tf.function(input_signature=[tf.TensorSpec([None, None, None, 12], tf.float32)], "
    "autograph=False)\ndef d2s(a):\n r = tf.nn.depth_to_space(a, 2)\n shapes.append(r.shape)\n"
    " return tf.shape(r)",
    "d2s(tf.zeros([2, 3, 5, 12]))", "shapes[-1]",
    "with tf.GradientTape() as t:\n t.watch(s)\n y = tf.reduce_sum(tf.nn.space_to_depth(s, 2) * "
    "tf.range(144.0)[:12])\ng = t.gradient(y, s)", "g[0, :2, :2]",
]

IN_TOP_K = [
    "tf.nn.in_top_k([1, 0, 2, 2, 0], pred, 1)",
    "tf.nn.in_top_k([2, 3, 1, 0, 0], pred, 2)",
    "tf.math.in_top_k(tf.constant([1, 1, 3, 2, 2], tf.int64), pred, 3)",
    "tf.nn.in_top_k([1, 0, 2, 2, 0], pred, 0)",
    "tf.nn.in_top_k([1, 0, 2, 2, 0], pred, -1)",
    "tf.nn.in_top_k([1, 0, 2, 2, 0], pred, 9)",
    "tf.nn.in_top_k([1, 7, -1, 2, 0], pred, 4)",
    "tf.nn.in_top_k([1, 0, 2, 2, 0], pred, tf.constant(2))",
    "tf.compat.v1.nn.in_top_k(pred, [1, 0, 2, 2, 0], 2)",
    "tf.compat.v1.math.in_top_k(pred, [1, 0, 2, 2, 0], 1)",
    "tf.nn.in_top_k([0, 1, 2], [[1.0, 2.0], [3.0, 1.0]], 1)",
    "tf.nn.in_top_k([[0, 1]], [[1.0, 2.0], [3.0, 1.0]], 1)",
    "tf.nn.in_top_k([0, 1], [1.0, 2.0], 1)",
    "tf.nn.in_top_k([0., 1.], [[1.0, 2.0], [3.0, 1.0]], 1)",
    "tf.nn.in_top_k([0, 1], tf.constant([[1.0, 2.0], [3.0, 1.0]], tf.float64), 1)",
    "g1 = tf.Graph()",
    "with g1.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None, 4])\n"
    " tg = tf.compat.v1.placeholder(tf.int32, [None])\n r = tf.nn.in_top_k(tg, p, 2)",
    "r.shape",
    "with tf.compat.v1.Session(graph=g1) as ss:\n rv = ss.run(r, {p: pred.numpy(), tg: [2, 3, 1, 0, 2]})",
    "tf.constant(rv)",
]

LOSSES = [
    "tf.nn.crelu([[1.0, -2.0, 0.5]])",
    "tf.nn.crelu(s[0, 0], axis=0)",
    "tf.compat.v1.nn.crelu([1.0, -2.0], None, 0)",
    "tf.nn.log_poisson_loss([0.0, 0.5, 1.0, 2.0, 7.0], [0.3, -1.0, 2.0, 0.1, 1.5])",
    "tf.nn.log_poisson_loss([0.0, 0.5, 1.0, 2.0, 7.0], [0.3, -1.0, 2.0, 0.1, 1.5], "
    "compute_full_loss=True)",
    "tf.nn.log_poisson_loss(tf.constant([[3.0, 1.0]], tf.float64), tf.constant([[0.5, 0.2]], "
    "tf.float64), True)",
    "tf.nn.log_poisson_loss([1.0, 2.0], [0.5])",
    "tf.nn.log_poisson_loss([1, 2], [0.5, 1.0])",
    "tf.nn.compute_average_loss([1.0, 2.0, 4.5])",
    "tf.nn.compute_average_loss([[1.0, 2.0], [3.0, 4.0]])",
    "tf.nn.compute_average_loss([1.0, 2.0, 4.5], sample_weight=[1.0, 0.0, 2.0])",
    "tf.nn.compute_average_loss([[1.0], [2.0]], sample_weight=[0.5, 2.0])",
    "tf.nn.compute_average_loss([1.0, 2.0], sample_weight=2.0, global_batch_size=8)",
    "tf.nn.compute_average_loss([1.0, 2.0], global_batch_size=0)",
    "tf.nn.compute_average_loss(tf.constant([1.0, 2.0], tf.float64), sample_weight=[1, 2])",
    "tf.nn.compute_average_loss(3.0)",
    "tf.nn.compute_average_loss([1.0, 2.0], global_batch_size=2.5)",
    "tf.nn.compute_average_loss([1.0, 2.0], global_batch_size=-1)",
    "tf.nn.scale_regularization_loss([1.0, 2.0, 3.5])",
    "tf.nn.scale_regularization_loss(tf.constant(2.0, tf.float64))",
    "with tf.GradientTape() as t:\n t.watch(s)\n y = tf.nn.compute_average_loss(tf.reduce_sum(s ** 2, "
    "[1, 2, 3]))\ngl = t.gradient(y, s)", "gl[1, 0]",
]

MOMENTS = [
    "tf.nn.sufficient_statistics(s, [0, 1, 2])",
    "tf.nn.sufficient_statistics(s, [1, 2], shift=0.5, keepdims=True)[1:3]",
    "tf.compat.v1.nn.sufficient_statistics(s, [0], keep_dims=True)[0]",
    "tf.nn.sufficient_statistics([[1, 2], [3, 5]], [0, 1])",
    "tf.nn.normalize_moments(*tf.nn.sufficient_statistics(s, [0, 1, 2]))",
    "tf.nn.normalize_moments(*tf.nn.sufficient_statistics(s, [1, 2], shift=tf.constant(0.25)))",
    "tf.nn.normalize_moments(4.0, tf.constant([2.0, 4.0]), tf.constant([2.0, 6.0]), None)",
    "@tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)], autograph=False)\n"
    "def stats(a):\n c, m, v, _ = tf.nn.sufficient_statistics(a, [0])\n"
    " return c, tf.nn.normalize_moments(c, m, v, None)",
    "stats(s[0, 0])",
    "tf.nn.zero_fraction([1, 0, 0, 3])",
    "tf.nn.zero_fraction(tf.constant([[0.0, 1.5], [0.0, -0.0]]))",
    "tf.nn.zero_fraction([True, False, False])",
    "tf.nn.zero_fraction(tf.zeros([0]))",
]

MORPHOLOGY = [
    "f = tf.cos(tf.reshape(tf.range(2 * 3 * 3, dtype=tf.float32), [2, 3, 3]))",
    "tf.nn.dilation2d(s, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])[0, :, :, 0]",
    "tf.nn.dilation2d(s, f, [1, 2, 1, 1], 'VALID', 'NHWC', [1, 1, 2, 1])[1, :, :, 2]",
    "tf.nn.dilation2d(s, f, [1, 2, 3, 1], 'SAME', 'NHWC', [1, 2, 1, 1])",
    "tf.nn.dilation2d(tf.cast(x, tf.int32), tf.cast(f * 10, tf.int32), [1, 1, 1, 1], 'SAME', "
    "'NHWC', [1, 1, 1, 1])[0, :, :, 1]",
    "tf.nn.erosion2d(s, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])[1, :, :, 1]",
    "tf.compat.v1.nn.dilation2d(s, f, [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')[0, 0]",
    "tf.compat.v1.nn.erosion2d(s, f, [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')[0, 0]",
    "tf.nn.dilation2d(s, tf.zeros([5, 2, 3]), [1, 1, 1, 1], 'VALID', 'NHWC', [1, 1, 1, 1]).shape",
    "tf.nn.dilation2d(s, f, [1, 1, 1, 1], 'SAME', 'NCHW', [1, 1, 1, 1])",
    "tf.nn.dilation2d(s, tf.zeros([2, 2, 2]), [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
    "tf.nn.dilation2d(s, tf.zeros([2, 2]), [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
    "tf.nn.dilation2d(s[0], f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
    "tf.nn.dilation2d(s, f, [1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
    "tf.nn.dilation2d(s, f, [1, 1, 1, 1], 'FOO', 'NHWC', [1, 1, 1, 1])",
    "tf.nn.erosion2d(s, f, [1, 1, 1, 1], 'SAME', 'NCHW', [1, 1, 1, 1])",
    "with tf.GradientTape(persistent=True) as t:\n t.watch([s, f])\n"
    " y = tf.reduce_sum(tf.nn.dilation2d(s, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1]) ** 2)\n"
    "gs, gf = t.gradient(y, [s, f])", "gs[0, :, :, 0]", "gf",
    "@tf.function(input_signature=[tf.TensorSpec([None, 4, 6, 3], tf.float32)], autograph=False)\n"
    "def dil(a):\n r = tf.nn.dilation2d(a, f, [1, 2, 2, 1], 'SAME', 'NHWC', [1, 1, 1, 1])\n"
    " shapes.append(r.shape)\n return r",
    "dil(s)", "shapes[-1]",
]

EMBEDDING = [
    "shards = [tf.constant([[1.0, 1.5], [2.0, 2.5]]), tf.constant([[3.0, 3.5], [4.0, 4.5]]), "
    "tf.constant([[5.0, 5.5]])]",
    "tf.compat.v1.nn.embedding_lookup(shards, [0, 1, 2, 3, 4])",
    "tf.compat.v1.nn.embedding_lookup(shards, [[4, 0], [3, 3]], partition_strategy='div')",
    "tf.compat.v1.nn.embedding_lookup(shards, tf.constant([2, 4], tf.int64), max_norm=2.0)",
    "tf.compat.v1.nn.embedding_lookup(shards[0], [1, 0])",
    "tf.compat.v1.nn.embedding_lookup(shards, [0], partition_strategy='foo')",
    "tf.nn.embedding_lookup(shards, [0, 1, 2, 3, 4])",
]

CASES = SETUP + SPACE_DEPTH + IN_TOP_K + LOSSES + MOMENTS + MORPHOLOGY + EMBEDDING


def evaluate_all(tf):
    """[case, result] for every case, in order, in one namespace."""
    return _evaluate_all(tf, CASES)
