"""The convolutions of python/kiln/nn_conv_ops.py as TF programs call them:
layouts, paddings (SAME, VALID, explicit), strides, dilations, groups,
transposed, depthwise, separable and atrous convolutions, 1-D to 3-D, the
compat.v1 names, gradients (second derivatives too), partly known shapes and
TF's errors. TF's results are recorded in docs/tf-reference/nn_conv.json
(docs/tf-reference/probe_nn_conv.py) and test_nn_conv.py compares.
Statements run in order in one namespace (tape_cases.evaluate_all's rules).

Left out here because TF's CPU kernels refuse them (kiln runs them; the
NumPy reference of test_nn_conv.py checks them): NCHW and NCDHW layouts,
dilated conv3d, gradients of grouped convolutions."""

from tape_cases import evaluate_all as _evaluate_all


def _values(name, shape, scale, fn="sin"):
    n = 1
    for d in shape:
        n *= d
    return f"{name} = tf.{fn}(tf.reshape(tf.range({n}, dtype=tf.float32), {list(shape)}) * {scale})"


CASES = [
    _values("x", (2, 5, 6, 4), 0.37),
    _values("w", (3, 3, 4, 3), 0.23, "cos"),
    _values("wg", (2, 2, 2, 6), 0.41, "cos"),  # two groups of 2 input channels
    _values("dw", (3, 3, 4, 2), 0.29, "cos"),
    _values("pw", (1, 1, 8, 3), 0.53),
    _values("x1", (2, 9, 4), 0.31),
    _values("w1", (3, 4, 3), 0.19, "cos"),
    _values("x3", (1, 4, 5, 6, 2), 0.27),
    _values("w3", (2, 3, 2, 2, 3), 0.33, "cos"),
    # conv2d: paddings, strides, dilations, groups, batch dimensions, dtypes
    "tf.nn.conv2d(x, w, 1, 'SAME')",
    "tf.nn.conv2d(x, w, 2, 'VALID')",
    "tf.nn.conv2d(x, w, [1, 2], 'SAME')",
    "tf.nn.conv2d(x, w, [1, 2, 1, 1], [[0, 0], [1, 2], [0, 1], [0, 0]])",
    "tf.nn.conv2d(x, w, 1, 'SAME', dilations=2)",
    "tf.nn.conv2d(x, w, 1, 'VALID', dilations=[2, 1])",
    "tf.nn.conv2d(x, w, 2, 'SAME', dilations=2)",
    "tf.nn.conv2d(x, wg, 1, 'SAME')",
    "tf.nn.conv2d(x, wg, [2, 1], 'VALID', dilations=[1, 2])",
    "tf.nn.conv2d(tf.reshape(x, [1, 2, 5, 6, 4]), w, 1, 'VALID')",
    "tf.nn.conv2d(tf.cast(x, tf.float64), tf.cast(w, tf.float64), [2, 1], 'SAME')",
    "h = tf.nn.conv2d(tf.cast(x, tf.float16), tf.cast(w, tf.float16), 1, 'SAME')",
    "[h.dtype.name, h.shape.as_list()]",
    "tf.nn.conv2d(tf.zeros([0, 5, 6, 4]), w, 1, 'SAME').shape.as_list()",
    "tf.nn.conv2d(tf.ones([1, 2, 2, 4]), w, 1, 'VALID').shape.as_list()",
    "tf.nn.conv2d(x, tf.zeros([3, 3, 4, 0]), 1, 'SAME').shape.as_list()",
    # conv2d errors
    "tf.nn.conv2d(x, w, 1, 'FOO')",
    "tf.nn.conv2d(x, tf.ones([3, 3, 3, 5]), 1, 'SAME')",
    "tf.nn.conv2d(x, tf.ones([3, 3, 2, 3]), 1, 'SAME')",
    "tf.nn.conv2d(x, w, [2, 1, 1, 1], 'SAME')",
    "tf.nn.conv2d(x, w, 1, 'SAME', dilations=[1, 1, 1, 2])",
    "tf.nn.conv2d(x[0], w, 1, 'SAME')",
    "tf.nn.conv2d(x, w[0], 1, 'SAME')",
    "tf.nn.conv2d(x, w, 1, 'EXPLICIT')",
    "tf.nn.conv2d(x, w, [1, 2, 3], 'SAME')",
    "tf.nn.conv2d(x, w, 0, 'SAME')",
    "tf.nn.conv2d(x, w, 1, 'SAME', dilations=0)",
    "tf.nn.conv2d(x, tf.ones([7, 3, 4, 5]), 1, 'VALID')",
    "tf.nn.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1], [1, 0]])",
    "tf.nn.conv2d(x, w, 1, [[0, 0], [1, -1], [1, 1], [0, 0]])",
    "tf.nn.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1]])",
    "tf.nn.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1], [1]])",
    "tf.nn.conv2d(x, tf.cast(w, tf.float64), 1, 'SAME')",
    "tf.nn.conv2d(x, tf.ones([0, 3, 4, 3]), 1, 'SAME')",
    "tf.nn.conv2d(x, w, 1, 'SAME', data_format='NCWH')",
    # depthwise and separable
    "tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], 'SAME')",
    "tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], 'VALID')",
    "tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], 'SAME', dilations=[2, 2])",
    "tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], 'VALID', dilations=[2, 1])",
    "tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], [[0, 0], [1, 1], [2, 0], [0, 0]])",
    "tf.nn.depthwise_conv2d(x, tf.ones([3, 3, 3, 2]), [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.depthwise_conv2d_native(x, dw, [1, 2, 2, 1], 'SAME')",
    "tf.compat.v1.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], 'SAME', rate=[2, 2])",
    "tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], 'SAME')",
    "tf.nn.separable_conv2d(x, dw, pw, [1, 2, 2, 1], 'VALID')",
    "tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], 'SAME', dilations=[2, 2])",
    "tf.nn.separable_conv2d(x, dw, tf.ones([2, 1, 8, 3]), [1, 1, 1, 1], 'SAME')",
    # atrous
    "tf.nn.atrous_conv2d(x, w, 2, 'SAME')",
    "tf.nn.atrous_conv2d(x, w, 2, 'VALID')",
    "tf.nn.atrous_conv2d(x, w, 0, 'SAME')",
    "y = tf.nn.conv2d(x, w, 1, 'SAME')",
    "tf.nn.atrous_conv2d_transpose(y, w, [2, 5, 6, 4], 2, 'SAME')",
    "tf.nn.atrous_conv2d_transpose(y, w, [2, 9, 10, 4], 2, 'VALID')",
    "tf.nn.atrous_conv2d_transpose(y, w, [2, 5, 6, 4], 1, 'SAME')",
    "tf.nn.atrous_conv2d_transpose(y, w, [2, 5, 6, 4], 2, 'FULL')",
    # transposed convolutions
    "ys2 = tf.nn.conv2d(x, w, 2, 'SAME')",
    "tf.nn.conv2d_transpose(y, w, [2, 5, 6, 4], 1, 'SAME')",
    "tf.nn.conv2d_transpose(ys2, w, [2, 5, 6, 4], 2, 'SAME')",
    "tf.nn.conv2d_transpose(ys2, w, tf.constant([2, 6, 6, 4]), 2, 'SAME')",
    "tf.nn.conv2d_transpose(ys2, w, [2, 7, 7, 4], 2, 'VALID')",
    "tf.nn.conv2d_transpose(y, w, [2, 5, 6, 4], 1, [[0, 0], [1, 1], [1, 1], [0, 0]])",
    "tf.nn.conv2d_transpose(ys2, w, [2, 9, 9, 4], 2, 'SAME')",
    "tf.nn.conv2d_transpose(ys2, w, [2, 5, 6, 5], 2, 'SAME')",
    "tf.compat.v1.nn.conv2d_transpose(value=ys2, filter=w, output_shape=[2, 5, 6, 4], "
    "strides=[1, 2, 2, 1])",
    "y1 = tf.nn.conv1d(x1, w1, 2, 'SAME')",
    "tf.nn.conv1d_transpose(y1, w1, [2, 9, 4], 2)",
    "tf.nn.conv_transpose(y1, w1, [2, 9, 4], 2)",
    "tf.nn.conv_transpose(y1, w1, [9, 4], 2)",
    "y3 = tf.nn.conv3d(x3, w3, [1, 2, 2, 2, 1], 'SAME')",
    "tf.nn.conv3d_transpose(y3, w3, [1, 4, 5, 6, 2], 2)",
    "tf.nn.conv_transpose(y3, w3, [1, 4, 5, 6, 2], [2, 2, 2])",
    # conv1d
    "tf.nn.conv1d(x1, w1, 1, 'SAME')",
    "tf.nn.conv1d(x1, w1, 2, 'VALID', dilations=2)",
    "tf.nn.conv1d(tf.reshape(x1, [1, 2, 9, 4]), w1, 1, 'VALID')",
    "tf.nn.conv1d(x1, w1, 1, 'SAME', data_format='NHC')",
    "tf.compat.v1.nn.conv1d(value=x1, filters=w1, stride=1, padding='VALID')",
    # conv3d
    "tf.nn.conv3d(x3, w3, [1, 1, 1, 1, 1], 'SAME')",
    "tf.nn.conv3d(x3, w3, [1, 2, 1, 2, 1], 'VALID')",
    "tf.nn.conv3d(x3, w3, 1, 'SAME')",
    "tf.nn.conv3d(x3, tf.ones([2, 2, 2, 3, 3]), [1, 1, 1, 1, 1], 'SAME')",
    "tf.nn.conv3d(x3, w3, [1, 1, 1, 1, 1], 'EXPLICIT')",
    "tf.nn.conv3d(x3[0], w3, [1, 1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv3d(x3, filter=w3, strides=[1, 1, 2, 1, 1], padding='SAME')",
    # N-D dispatch
    "tf.nn.convolution(x, w)",
    "tf.nn.convolution(x, w, strides=2, padding='SAME')",
    "tf.nn.convolution(x, w, padding='SAME', dilations=2)",
    "tf.nn.convolution(x, w, padding=[[0, 0], [1, 0], [2, 1], [0, 0]], dilations=[1, 2])",
    "tf.nn.convolution(x1, w1, padding='SAME', dilations=2)",
    "tf.nn.convolution(x3, w3, padding='VALID', strides=[1, 2, 1])",
    "tf.nn.convolution(x, w, strides=2, dilations=2, padding='SAME')",
    "tf.compat.v1.nn.convolution(x, w, 'SAME', dilation_rate=[2, 2])",
    # backprop ops by their own names
    "tf.compat.v1.nn.conv2d_backprop_input([2, 5, 6, 4], w, y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv2d_backprop_input([5, 6], w, y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv2d_backprop_filter(x, [3, 3, 4, 3], y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv2d_backprop_filter(x, [3, 3, 4, 3], ys2, [1, 2, 2, 1], "
    "[[0, 0], [1, 1], [1, 1], [0, 0]])",
    "tf.compat.v1.nn.conv2d_backprop_input([2, 5, 6], w, y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv2d_backprop_input([2, 5, -6, 4], w, y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv2d_backprop_filter(x, [3, 3, 4, 3], y[:1], [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv2d_backprop_filter(x, [3, 3, 4, 2], y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.conv3d_backprop_filter_v2(x3, [2, 3, 2, 2, 3], y3, [1, 2, 2, 2, 1], 'SAME')",
    "tf.compat.v1.nn.conv3d_backprop_filter(x3, [2, 3, 2, 2, 3], y3, [1, 2, 2, 2, 1], 'SAME')",
    "yd = tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], 'SAME')",
    "tf.nn.depthwise_conv2d_backprop_input([2, 5, 6, 4], dw, yd, [1, 1, 1, 1], 'SAME')",
    "tf.nn.depthwise_conv2d_backprop_filter(x, [3, 3, 4, 2], yd, [1, 1, 1, 1], 'SAME')",
    "tf.nn.depthwise_conv2d_backprop_input([2, 5, 6, 4], dw, y, [1, 1, 1, 1], 'SAME')",
    "tf.compat.v1.nn.depthwise_conv2d_native_backprop_filter(x, [3, 3, 4, 2], yd, [1, 1, 1, 1], "
    "'SAME')",
    # gradients, and gradients of gradients
    "with tf.GradientTape() as t:\n t.watch([x, w])\n loss = tf.reduce_sum(tf.nn.conv2d(x, w, 2, "
    "'SAME') ** 2)\ngx, gw = t.gradient(loss, [x, w])", "gx", "gw",
    "with tf.GradientTape() as t:\n t.watch([x, w])\n loss = tf.reduce_sum(tf.nn.conv2d(x, w, 1, "
    "[[0, 0], [2, 0], [1, 1], [0, 0]]) * x[..., :3])\n"
    "gx, gw = t.gradient(loss, [x, w])", "gx", "gw",
    "with tf.GradientTape() as t:\n t.watch([x, dw])\n loss = tf.reduce_sum(tf.sin("
    "tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], 'SAME')))\ngx, gw = t.gradient(loss, [x, dw])",
    "gx", "gw",
    "with tf.GradientTape() as t:\n t.watch([x3, w3])\n loss = tf.reduce_sum(tf.nn.conv3d(x3, w3, "
    "[1, 1, 2, 1, 1], 'VALID') ** 2)\ngx, gw = t.gradient(loss, [x3, w3])", "gx", "gw",
    "with tf.GradientTape() as t:\n t.watch([ys2, w])\n"
    " loss = tf.reduce_sum(tf.nn.conv2d_transpose(ys2, w, [2, 5, 6, 4], 2, 'SAME') ** 2)\n"
    "gy, gw = t.gradient(loss, [ys2, w])", "gy", "gw",
    "with tf.GradientTape() as t2:\n t2.watch([x, w])\n with tf.GradientTape() as t1:\n"
    "  t1.watch([x, w])\n  o = tf.reduce_sum(tf.nn.conv2d(x, w, 1, 'SAME') ** 2)\n"
    " g1x, g1w = t1.gradient(o, [x, w])\n s = tf.reduce_sum(g1x * g1x) + tf.reduce_sum(g1w ** 2)\n"
    "ggx, ggw = t2.gradient(s, [x, w])", "ggx", "ggw",
    "with tf.GradientTape() as t2:\n t2.watch([x, dw])\n with tf.GradientTape() as t1:\n"
    "  t1.watch([x, dw])\n  o = tf.reduce_sum(tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], 'VALID')"
    " ** 2)\n g1x, g1w = t1.gradient(o, [x, dw])\n s = tf.reduce_sum(g1x * g1w[0, 0, :, 0]) + "
    "tf.reduce_sum(g1w ** 2)\nggx, ggw = t2.gradient(s, [x, dw])", "ggx", "ggw",
    # partly known shapes in a graph, run by a session
    "g = tf.Graph()\nwith g.as_default():\n"
    " p = tf.compat.v1.placeholder(tf.float32, [None, 5, None, 4])\n"
    " q = tf.nn.conv2d(p, tf.ones([3, 3, 4, 3]), 2, 'SAME')\n"
    " r = tf.nn.conv2d_transpose(q, tf.ones([3, 3, 4, 3]), tf.shape(p), 2, 'SAME')\n"
    " u = tf.nn.depthwise_conv2d(p, tf.ones([3, 3, 4, 2]), [1, 1, 1, 1], 'VALID')\n"
    " v = tf.nn.conv1d(tf.compat.v1.placeholder(tf.float32, [None, None, 4]), tf.ones([3, 4, 2]),"
    " 2, 'SAME')\n z = tf.nn.conv3d(tf.compat.v1.placeholder(tf.float32, [2, None, 6, 7, 1]), "
    "tf.ones([2, 2, 2, 1, 5]), [1, 2, 2, 2, 1], 'VALID')\n"
    " gp = tf.gradients(tf.reduce_sum(q * q), p)[0]",
    "[q.shape.as_list(), r.shape.as_list(), u.shape.as_list(), v.shape.as_list(),"
    " z.shape.as_list(), gp.shape.as_list()]",
    "with tf.compat.v1.Session(graph=g) as s:\n rv, gv = s.run([r, gp], {p: np.ones([1, 5, 6, 4], "
    "np.float32)})", "rv", "gv",
    "ff = tf.function(lambda a: tf.nn.conv2d(a, w, 2, 'SAME'), "
    "input_signature=[tf.TensorSpec([None, 5, 6, 4], tf.float32)])", "ff(x)",
]


def evaluate_all(tf):
    """[case, result] for every case, in order, in one namespace."""
    return _evaluate_all(tf, CASES)
