"""Pooling as TF programs call it (python/kiln/nn_pool_ops.py): values over
layouts, paddings, strides, window sizes and dtypes, gradients and second
derivatives through tapes, static shapes with a None batch, and TF's errors.
TF's results are recorded in docs/tf-reference/nn_pool.json
(docs/tf-reference/probe_nn_pool.py) and test_nn_pool.py compares.
Statements run in order in one namespace (tape_cases.evaluate_all's rules).

TF's CPU kernels refuse channels-first data (test_nn_pool.py checks kiln's
against its channels-last results instead)."""

from tape_cases import evaluate_all as _evaluate_all

SETUP = [
    "x = tf.sin(tf.reshape(tf.range(2 * 6 * 7 * 3, dtype=tf.float32), [2, 6, 7, 3]))",
    "x1 = tf.sin(tf.reshape(tf.range(2 * 9 * 4, dtype=tf.float32), [2, 9, 4]))",
    "x3 = tf.sin(tf.reshape(tf.range(2 * 4 * 5 * 6 * 2, dtype=tf.float32), [2, 4, 5, 6, 2]))",
    "x6 = tf.sin(tf.reshape(tf.range(2 * 3 * 2 * 6, dtype=tf.float32), [2, 3, 2, 6]))",
    "xi = tf.reshape(tf.range(2 * 5 * 5 * 2, dtype=tf.float32), [2, 5, 5, 2]) % 7.0 - 3.0",
]

MAX_2D = [
    "tf.nn.max_pool2d(x, 2, 2, 'VALID')",
    "tf.nn.max_pool2d(x, 3, 2, 'SAME')",
    "tf.nn.max_pool2d(x, 3, 1, 'SAME')",
    "tf.nn.max_pool2d(x, [2, 3], [1, 2], 'VALID')",
    "tf.nn.max_pool2d(x, [1, 3, 3, 1], [1, 2, 3, 1], 'SAME')",
    "tf.nn.max_pool2d(x, [3, 2], [3, 3], 'VALID')",
    "tf.nn.max_pool2d(x, 8, 1, 'SAME')",
    "tf.nn.max_pool2d(x, [6, 7], 1, 'VALID')",
    "tf.nn.max_pool2d(x, [7, 2], 1, 'VALID')",
    "tf.nn.max_pool2d(x, 3, 2, [[0, 0], [1, 1], [2, 0], [0, 0]])",
    "tf.nn.max_pool2d(x, [2, 3], [2, 1], [[0, 0], [1, 0], [0, 2], [0, 0]])",
    "tf.nn.max_pool2d(x6, [1, 1, 1, 3], [1, 1, 1, 3], 'VALID')",
    "tf.nn.max_pool2d(x6, [1, 1, 1, 2], [1, 1, 1, 2], 'SAME')",
    "tf.nn.max_pool2d(tf.cast(x, tf.float64), 3, 2, 'SAME')",
    "tf.nn.max_pool2d(tf.cast(x, tf.float16), 3, 2, 'SAME')",
    "tf.nn.max_pool2d(tf.cast(x, tf.bfloat16), 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.cast(xi, tf.int32), 3, 2, 'SAME')",
    "tf.nn.max_pool2d(tf.cast(xi, tf.int8), 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.cast(xi + 3.0, tf.uint8), 2, 2, 'SAME')",
    "tf.nn.max_pool2d(tf.cast(xi, tf.int64), [1, 2, 2, 1], [1, 1, 1, 1], [[0, 0], [1, 1], [1, 1], [0, 0]])",
    "tf.nn.max_pool2d(tf.zeros([0, 4, 4, 3]), 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.zeros([1, 4, 4, 0]), 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.zeros([1, 0, 4, 2]), 2, 1, 'SAME')",
    "tf.nn.max_pool2d(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME', data_format='NHWC')",
    # TF's maxima start from the lowest value and skip NaN; its argmax (gradients,
    # max_pool_with_argmax) starts from a window's first element
    "xn = tf.constant([-np.inf, -np.inf, 1.0, 2.0, np.nan, 1.0, np.nan, np.nan], shape=[2, 2, 2, 1])",
    "tf.nn.max_pool2d(xn, [1, 1, 2, 1], 1, 'VALID')",
    "tf.nn.max_pool2d(tf.cast(xn, tf.float64), [1, 1, 2, 1], 1, 'VALID')",
    "tf.nn.avg_pool2d(xn, [1, 1, 2, 1], 1, 'VALID')",
    "tf.nn.max_pool_with_argmax(xn, [1, 1, 2, 1], 1, 'VALID')",
    "with tf.GradientTape() as t:\n t.watch(xn)\n y = tf.nn.max_pool2d(xn, [1, 1, 2, 1], 1, 'VALID')\n"
    "g = t.gradient(y, xn)", "g",
    "tf.nn.max_pool2d(tf.constant([1.0, 1.0, 2.0, 2.0], shape=[1, 2, 2, 1]), [1, 1, 2, 1], 1, 'VALID')",
    "tf.compat.v1.nn.max_pool(x, 2, 2, 'VALID')",
    "tf.compat.v1.nn.max_pool(value=x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME')",
    "tf.compat.v1.nn.max_pool_v2(x1, 3, 2, 'SAME')",
]

AVG_2D = [
    "tf.nn.avg_pool2d(x, 2, 2, 'VALID')",
    "tf.nn.avg_pool2d(x, 3, 2, 'SAME')",
    "tf.nn.avg_pool2d(x, 3, 1, 'SAME')",
    "tf.nn.avg_pool2d(x, [2, 3], [1, 2], 'VALID')",
    "tf.nn.avg_pool2d(x, [1, 3, 3, 1], [1, 2, 3, 1], 'SAME')",
    "tf.nn.avg_pool2d(x, 8, 1, 'SAME')",
    "tf.nn.avg_pool2d(x, [7, 2], 1, 'VALID')",
    "tf.nn.avg_pool2d(tf.cast(x, tf.float64), 3, 2, 'SAME')",
    "tf.nn.avg_pool2d(tf.cast(xi, tf.float16), 2, 2, 'VALID')",
    "tf.nn.avg_pool2d(tf.cast(xi, tf.bfloat16), 2, 2, 'VALID')",
    "tf.compat.v1.nn.avg_pool(x, 3, 2, 'SAME')",
    "tf.compat.v1.nn.avg_pool2d(value=x, ksize=2, strides=2, padding='VALID')",
    "tf.compat.v1.nn.avg_pool_v2(x3, 2, 2, 'SAME')",
]

OTHER_RANKS = [
    "tf.nn.max_pool1d(x1, 3, 2, 'SAME')",
    "tf.nn.max_pool1d(x1, [2], [1], 'VALID')",
    "tf.nn.max_pool1d(x1, 3, 2, [[0, 0], [2, 1], [0, 0]])",
    "tf.nn.avg_pool1d(x1, 3, 2, 'SAME')",
    "tf.nn.avg_pool1d(x1, [1, 4, 1], [1, 3, 1], 'VALID')",
    "tf.nn.max_pool3d(x3, 2, 2, 'VALID')",
    "tf.nn.max_pool3d(x3, [2, 3, 2], [1, 2, 2], 'SAME')",
    "tf.nn.max_pool3d(x3, [1, 3, 2, 2, 1], [1, 2, 1, 3, 1], 'SAME')",
    "tf.nn.avg_pool3d(x3, 2, 2, 'VALID')",
    "tf.nn.avg_pool3d(x3, [2, 3, 2], [1, 2, 2], 'SAME')",
    "tf.nn.avg_pool3d(x3, 3, 1, 'SAME')",
    "tf.nn.max_pool3d(tf.cast(x3, tf.bfloat16), 2, 2, 'SAME')",
    "tf.nn.max_pool(x1, 3, 2, 'SAME')",
    "tf.nn.max_pool(x, [2, 3], 2, 'VALID')",
    "tf.nn.max_pool(x3, 2, 1, 'VALID')",
    "tf.nn.max_pool(x1, 2, 1, [[0, 0], [1, 1], [0, 0]])",
    "tf.nn.avg_pool(x1, 3, 2, 'SAME')",
    "tf.nn.avg_pool(x, 2, 1, 'SAME')",
    "tf.nn.avg_pool(x3, [2, 2, 3], 2, 'VALID')",
    "tf.nn.pool(x, [2, 2], 'MAX', strides=[2, 2], padding='SAME')",
    "tf.nn.pool(x, [3, 2], 'AVG', strides=[2, 1], padding='VALID')",
    "tf.nn.pool(x, [2, 2], 'AVG', padding='VALID', dilations=[2, 2])",
    "tf.nn.pool(x, [2, 3], 'MAX', padding='VALID', dilations=[2, 1])",
    "tf.nn.pool(x1, [3], 'MAX', padding='SAME', strides=[2])",
    "tf.nn.pool(x1, [2], 'AVG', padding='VALID', dilations=[3])",
    "tf.nn.pool(x3, [2, 2, 2], 'MAX', padding='VALID')",
    "tf.nn.pool(x3, [2, 1, 2], 'AVG', padding='VALID', dilations=[1, 2, 2])",
    "tf.compat.v1.nn.pool(x, [2, 2], 'MAX', 'VALID', dilation_rate=[2, 2])",
    "tf.compat.v1.nn.pool(input=x, window_shape=[3, 3], pooling_type='AVG', padding='SAME', "
    "strides=[2, 2])",
]

ARGMAX = [
    "tf.nn.max_pool_with_argmax(x, 2, 2, 'SAME')",
    "tf.nn.max_pool_with_argmax(x, 3, 2, 'VALID', include_batch_in_index=True)",
    "tf.nn.max_pool_with_argmax(x, [2, 3], [1, 2], 'SAME', output_dtype=tf.int32)",
    "tf.nn.max_pool_with_argmax(tf.cast(xi, tf.int32), 3, 2, 'SAME')",
    "tf.nn.max_pool_with_argmax(tf.cast(x, tf.float64), 2, 1, 'VALID', include_batch_in_index=True)",
    "tf.compat.v1.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID', Targmax=tf.int32)",
    "tf.compat.v1.nn.max_pool_with_argmax(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME', "
    "output_dtype=tf.int64, include_batch_in_index=True)",
]

GRADIENTS = [
    # first derivatives: max to each window's maximum, avg spread over the window
    "w2 = tf.cos(tf.reshape(tf.range(2 * 3 * 4 * 3, dtype=tf.float32), [2, 3, 4, 3]))",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.reduce_sum(tf.nn.max_pool2d(x, 3, 2, 'SAME') * w2)\n"
    "g = t.gradient(y, x)", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.reduce_sum(tf.nn.avg_pool2d(x, 3, 2, 'SAME') * w2)\n"
    "g = t.gradient(y, x)", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n"
    " y = tf.reduce_sum(tf.nn.max_pool2d(x, 2, 2, [[0, 0], [1, 1], [1, 0], [0, 0]]) * w2[:, :, :, :])\n"
    "g = t.gradient(y, x)", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n o, a = tf.nn.max_pool_with_argmax(x, 3, 2, 'SAME')\n"
    " y = tf.reduce_sum(o * w2)\ng = t.gradient(y, x)", "g",
    "with tf.GradientTape() as t:\n t.watch(x1)\n y = tf.reduce_sum(tf.nn.max_pool1d(x1, 3, 2, 'SAME') ** 2)\n"
    "g = t.gradient(y, x1)", "g",
    "with tf.GradientTape() as t:\n t.watch(x3)\n y = tf.reduce_sum(tf.nn.max_pool3d(x3, 2, 2, 'SAME') ** 2)\n"
    "g = t.gradient(y, x3)", "g",
    "with tf.GradientTape() as t:\n t.watch(x3)\n y = tf.reduce_sum(tf.nn.avg_pool3d(x3, 3, 2, 'SAME') ** 2)\n"
    "g = t.gradient(y, x3)", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.reduce_sum(tf.nn.pool(x, [2, 2], 'MAX', padding='VALID', "
    "dilations=[2, 2]) ** 2)\ng = t.gradient(y, x)", "g",
    "xd = tf.cast(x, tf.float64)",
    "with tf.GradientTape() as t:\n t.watch(xd)\n y = tf.reduce_sum(tf.nn.avg_pool2d(xd, [2, 3], [1, 2], 'VALID') ** 2)\n"
    "g = t.gradient(y, xd)", "g",
    # second derivatives: max_pool_grad is linear in its incoming gradient
    "v2 = tf.cos(tf.reshape(tf.range(2 * 6 * 7 * 3, dtype=tf.float32), [2, 6, 7, 3]) * 0.3)",
    "with tf.GradientTape() as outer:\n outer.watch(w2)\n with tf.GradientTape() as inner:\n  inner.watch(x)\n"
    "  y = tf.reduce_sum(tf.nn.max_pool2d(x, 3, 2, 'SAME') * w2)\n g = inner.gradient(y, x)\n"
    " z = tf.reduce_sum(g * v2)\ngg = outer.gradient(z, w2)", "gg",
    "with tf.GradientTape() as outer:\n outer.watch(w2)\n with tf.GradientTape() as inner:\n  inner.watch(x)\n"
    "  y = tf.reduce_sum(tf.nn.avg_pool2d(x, 3, 2, 'SAME') * w2)\n g = inner.gradient(y, x)\n"
    " z = tf.reduce_sum(g * v2)\ngg = outer.gradient(z, w2)", "gg",
    "with tf.GradientTape() as outer:\n outer.watch(x)\n with tf.GradientTape() as inner:\n  inner.watch(x)\n"
    "  y = tf.reduce_sum(tf.nn.max_pool2d(x, 3, 2, 'SAME') * w2)\n g = inner.gradient(y, x)\n"
    " z = tf.reduce_sum(g * v2)\nouter.gradient(z, x)",
]

STATIC_SHAPES = [
    "g1 = tf.Graph()",
    "with g1.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None, 6, 7, 3])\n"
    " q = tf.compat.v1.placeholder(tf.float32, [None, None, None, 3])\n"
    " shapes = [str(tf.nn.max_pool2d(p, 3, 2, 'SAME').shape), str(tf.nn.avg_pool2d(p, [2, 3], 2, 'VALID').shape),"
    " str(tf.nn.max_pool2d(q, 2, 2, 'VALID').shape), str(tf.nn.max_pool_with_argmax(p, 2, 2, 'SAME')[1].shape),"
    " str(tf.nn.max_pool2d(p, 2, 1, [[0, 0], [1, 1], [0, 1], [0, 0]]).shape)]\n"
    " out = tf.nn.max_pool2d(p, 3, 2, 'SAME')", "shapes",
    "with tf.compat.v1.Session(graph=g1) as s:\n fed = s.run(out, {p: x.numpy()})", "fed",
    "g3 = tf.Graph()",
    "with g3.as_default():\n p3 = tf.compat.v1.placeholder(tf.float32, [None, 4, None, 6, 2])\n"
    " shapes3 = [str(tf.nn.max_pool3d(p3, 2, 2, 'SAME').shape), str(tf.nn.avg_pool3d(p3, 3, 1, 'VALID').shape)]",
    "shapes3",
    "traced = []",
    "@tf.function(input_signature=[tf.TensorSpec([None, 6, 7, 3], tf.float32)])\ndef f(t):\n"
    " y = tf.nn.avg_pool2d(t, 3, 2, 'SAME')\n traced.append(str(y.shape))\n return y",
    "f(x)", "traced",
]

ERRORS = [
    "tf.nn.max_pool2d(x, [1, 2, 2], 1, 'VALID')",
    "tf.nn.max_pool2d(x, 2, 1, [[0, 0], [1, 1], [1, 1]])",
    "tf.nn.max_pool2d(x, 2, 1, [[0, 0], [1, 1], [1, 1], [0]])",
    "tf.nn.max_pool2d(x, 2, 1, 'EXPLICIT')",
    "tf.nn.max_pool2d(x, 2, 1, 'same')",
    "tf.nn.max_pool2d(x, [2, 2, 2, 1], 1, 'VALID')",
    "tf.nn.max_pool2d(x, 2, [2, 1, 1, 1], 'VALID')",
    "tf.nn.max_pool2d(x, [1, 2, 2, 3], 1, 'VALID')",
    "tf.nn.max_pool2d(x6, [1, 1, 1, 4], [1, 1, 1, 4], 'VALID')",
    "tf.nn.max_pool2d(x6, [1, 1, 1, 3], [1, 1, 1, 1], 'VALID')",
    "tf.nn.max_pool2d(x, 0, 1, 'VALID')",
    "tf.nn.max_pool2d(x, 2, 0, 'VALID')",
    "tf.nn.max_pool2d(x, -2, 1, 'VALID')",
    "tf.nn.max_pool2d(x, [9, 2], 1, 'VALID')",
    "tf.nn.max_pool2d(x, 2 ** 31, 1, 'VALID')",
    "tf.nn.max_pool2d(x, 2, 1, [[0, 0], [2, 1], [1, 1], [0, 0]])",
    "tf.nn.max_pool2d(x, 2, 1, [[0, 0], [0, 0], [0, 2], [0, 0]])",
    "tf.nn.max_pool2d(x, 2, 1, [[1, 0], [1, 1], [1, 1], [0, 0]])",
    "tf.nn.max_pool2d(x, 2, 1, [[0, 0], [-1, 1], [1, 1], [0, 0]])",
    "tf.nn.max_pool2d(x[0], 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.zeros([1, 0, 4, 2]), 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.cast(x, tf.complex64), 2, 1, 'VALID')",
    "tf.nn.max_pool2d(tf.cast(x, tf.bool), 2, 1, 'VALID')",
    "tf.nn.avg_pool2d(tf.cast(xi, tf.int32), 2, 1, 'VALID')",
    "tf.nn.avg_pool2d(x, 2, 1, [[0, 0], [1, 1], [1, 1], [0, 0]])",
    "tf.nn.avg_pool2d(x, [1, 2, 2, 3], 1, 'VALID')",
    "tf.nn.avg_pool2d(x6, [1, 1, 1, 3], [1, 1, 1, 3], 'VALID')",
    "tf.nn.avg_pool2d(x, [2, 2, 2, 1], 1, 'VALID')",
    "tf.nn.avg_pool2d(x, 0, 1, 'VALID')",
    "tf.nn.avg_pool2d(x, 2, 1, 'BOGUS')",
    "tf.nn.max_pool3d(x3, [1, 2, 2, 2, 2], 1, 'VALID')",
    "tf.nn.max_pool3d(x3, 2, [2, 1, 1, 1, 1], 'VALID')",
    "tf.nn.max_pool3d(x3, [9, 2, 2], 1, 'VALID')",
    "tf.nn.max_pool3d(x, 2, 1, 'VALID')",
    "tf.nn.max_pool3d(tf.cast(x3, tf.int32), 2, 1, 'VALID')",
    "tf.nn.avg_pool3d(x3, [1, 2, 2, 2, 2], 1, 'VALID')",
    "tf.nn.avg_pool3d(x3, 2, 1, [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]])",
    "tf.nn.max_pool(x[0, 0], 2, 1, 'VALID')",
    "tf.nn.max_pool(tf.reshape(x, [1, 2, 6, 7, 3, 1]), 2, 1, 'VALID')",
    "tf.nn.max_pool(x3, 2, 1, [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]])",
    "tf.nn.avg_pool(x[0, 0], 2, 1, 'VALID')",
    "tf.nn.max_pool1d(x1, [1, 2], 1, 'VALID')",
    "tf.nn.pool(x, [2, 2], 'MAX', padding='SAME', dilations=[2, 1])",
    "tf.nn.pool(x, [2, 2], 'MAX', strides=[2, 1], padding='VALID', dilations=[2, 1])",
    "tf.nn.pool(x, [2, 2], 'MAX', strides=[3, 1], padding='VALID')",
    "tf.nn.pool(x, [2, 2], 'MIN', padding='VALID')",
    "tf.nn.pool(x, [2, 2, 2, 2], 'MAX', padding='VALID')",
    "tf.nn.pool(x, [2], 'MAX', padding='VALID')",
    "tf.nn.pool(x1, [2], 'AVG', padding='VALID', data_format='NCHW')",
    "tf.nn.pool(x, [2, 2], 'MAX', padding='VALID', dilations=[0, 1])",
    "tf.nn.pool(x, [2, 2], 'MAX', padding='VALID', strides=[1])",
    "tf.nn.max_pool_with_argmax(x, 2, 2, 'SAME', data_format='NCHW')",
    "tf.nn.max_pool_with_argmax(x, 2, 2, 'EXPLICIT')",
    "tf.nn.max_pool_with_argmax(x, 2, 2, 'SAME', output_dtype=tf.int16)",
    "tf.nn.max_pool_with_argmax(x[0], 2, 2, 'SAME')",
    "tf.nn.max_pool_with_argmax(x, [2, 2, 2, 1], 2, 'SAME')",
    "tf.nn.max_pool_with_argmax(x, [1, 9, 2, 1], 2, 'VALID')",
    "tf.compat.v1.nn.max_pool_with_argmax(x, 2, 2, 'VALID')",
    "tf.compat.v1.nn.max_pool(x, 0, 2, 'VALID')",
    "tf.compat.v1.nn.max_pool(input=x, ksize=2, strides=2, padding='VALID')",
]

CASES = SETUP + MAX_2D + AVG_2D + OTHER_RANKS + ARGMAX + GRADIENTS + STATIC_SHAPES + ERRORS


def evaluate_all(tf):
    """[case, result] for every case, in order, in one namespace."""
    return _evaluate_all(tf, CASES)
