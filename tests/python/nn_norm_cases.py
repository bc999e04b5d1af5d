"""Normalization as TF programs call it (python/kiln/nn_norm_ops.py):
tf.compat.v1.nn.fused_batch_norm in training and inference, over layouts and
dtypes, with its running statistics, gradients and second derivatives;
tf.nn.local_response_normalization / tf.nn.lrn and its gradient; static
shapes with a None batch; TF's errors. TF's results are recorded in
docs/tf-reference/nn_norm.json (docs/tf-reference/probe_nn_norm.py) and
test_nn_norm.py compares. Statements run in order in one namespace
(tape_cases.evaluate_all's rules)."""

from tape_cases import evaluate_all as _evaluate_all

SETUP = [
    "x = tf.sin(tf.reshape(tf.range(2 * 4 * 5 * 3, dtype=tf.float32), [2, 4, 5, 3])) * 2.0 + 0.5",
    "xc = tf.transpose(x, [0, 3, 1, 2])",
    "x5 = tf.cos(tf.reshape(tf.range(2 * 3 * 2 * 2 * 3, dtype=tf.float32), [2, 3, 2, 2, 3]))",
    "x6 = tf.sin(tf.reshape(tf.range(2 * 3 * 2 * 7, dtype=tf.float32), [2, 3, 2, 7]))",
    "sc = tf.constant([1.0, 2.0, 0.5])",
    "of = tf.constant([0.1, -0.2, 0.3])",
    "m = tf.constant([0.1, 0.2, 0.3])",
    "v = tf.constant([1.0, 2.0, 3.0])",
    "w = tf.cos(tf.reshape(tf.range(2 * 4 * 5 * 3, dtype=tf.float32), [2, 4, 5, 3]) * 0.7)",
    "fbn = tf.compat.v1.nn.fused_batch_norm",
]

BATCH_NORM = [
    "fbn(x, sc, of)",
    "fbn(x, sc, of, m, v, exponential_avg_factor=0.3)",
    "fbn(x, sc, of, m, v, is_training=False)",
    "fbn(x, sc, of, epsilon=0.1)",
    "fbn(x, sc, of, m, v, epsilon=0.5, is_training=False)",
    "fbn(xc, sc, of, data_format='NCHW')",
    "fbn(xc, sc, of, m, v, data_format='NCHW', is_training=False)",
    "fbn(xc, sc, of, m, v, data_format='NCHW', exponential_avg_factor=0.5)",
    "fbn(x5, sc, of, data_format='NDHWC')",
    "fbn(tf.transpose(x5, [0, 4, 1, 2, 3]), sc, of, data_format='NCDHW')",
    "fbn(x5, sc, of, m, v, data_format='NDHWC', is_training=False)",
    "fbn(tf.cast(x, tf.float16), sc, of)",
    "fbn(tf.cast(x, tf.float16), sc, of, m, v, is_training=False)",
    "fbn(tf.cast(x, tf.bfloat16), sc, of)",
    "fbn(x[:1, :1, :1], sc, of)",
    "fbn(x[:1, :1, :2], sc, of)",
    "fbn(x, sc, of, m[:2], v[:1])",
]

LRN = [
    "tf.nn.lrn(x, 1, 1.0, 0.5, 0.75)",
    "tf.nn.local_response_normalization(x6, depth_radius=2, bias=2.0, alpha=0.1, beta=0.75)",
    "tf.nn.local_response_normalization(x6)",
    "tf.nn.lrn(x6, 0, 1.0, 1.0, 0.5)",
    "tf.nn.lrn(x6, 3, 0.0, 0.3, 1.0)",
    "tf.nn.lrn(x6, 1, 1.0, -0.5, 0.75)",
    "tf.nn.lrn(x6, 2, 1.0, 0.5, -0.75)",
    "tf.nn.lrn(x6, 100, 2.0, 0.25, 0.5)",
    "tf.nn.lrn(tf.cast(x6, tf.float16), 2, 1.0, 0.5, 0.75)",
    "tf.nn.lrn(tf.zeros([0, 2, 2, 3]), 1)",
    "tf.compat.v1.nn.lrn(x, depth_radius=1)",
    "tf.compat.v1.nn.local_response_normalization(x, 2, 1.5, 0.2, 0.6)",
]

GRADIENTS = [
    "with tf.GradientTape() as t:\n t.watch([x, sc, of])\n y, bm, bv = fbn(x, sc, of)\n"
    " l = tf.reduce_sum(y * w)\ng = t.gradient(l, [x, sc, of])", "g",
    "with tf.GradientTape() as t:\n t.watch([x, sc, of, m, v])\n y, bm, bv = fbn(x, sc, of, m, v, is_training=False)\n"
    " l = tf.reduce_sum(y * w)\ng = t.gradient(l, [x, sc, of, m, v])", "g",
    "with tf.GradientTape() as t:\n t.watch([xc, sc, of])\n y, bm, bv = fbn(xc, sc, of, data_format='NCHW')\n"
    " l = tf.reduce_sum(y * tf.transpose(w, [0, 3, 1, 2]))\ng = t.gradient(l, [xc, sc, of])", "g",
    "with tf.GradientTape() as t:\n t.watch([xc, sc])\n y, bm, bv = fbn(xc, sc, of, m, v, data_format='NCHW', "
    "is_training=False)\n l = tf.reduce_sum(y * y)\ng = t.gradient(l, [xc, sc])", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n y, bm, bv = fbn(x, sc, of)\n"
    " l = tf.reduce_sum(bm) + tf.reduce_sum(bv)\ng = t.gradient(l, x)", "g",
    "with tf.GradientTape() as t:\n t.watch(x5)\n y, bm, bv = fbn(x5, sc, of, data_format='NDHWC')\n"
    " l = tf.reduce_sum(y * y * y)\ng = t.gradient(l, x5)", "g",
    "xh = tf.cast(x, tf.float16)",
    "with tf.GradientTape() as t:\n t.watch([xh, sc])\n y, bm, bv = fbn(xh, sc, of)\n"
    " l = tf.reduce_sum(tf.cast(y, tf.float32) * w)\ng = t.gradient(l, [xh, sc])", "g",
    # second derivatives: TF differentiates its composite _BatchNormGrad
    "with tf.GradientTape(persistent=True) as outer:\n outer.watch([x, sc, w])\n"
    " with tf.GradientTape() as inner:\n  inner.watch([x, sc, of])\n  y, bm, bv = fbn(x, sc, of)\n"
    "  l = tf.reduce_sum(y * w)\n gx, gs, go = inner.gradient(l, [x, sc, of])\n"
    " z = tf.reduce_sum(gx * tf.sin(x)) + tf.reduce_sum(gs * of) + tf.reduce_sum(go * sc)\n"
    "gg = outer.gradient(z, [x, sc, w])", "gg",
    "with tf.GradientTape() as outer:\n outer.watch([xc, sc, w])\n"
    " with tf.GradientTape() as inner:\n  inner.watch([xc, sc])\n  y, bm, bv = fbn(xc, sc, of, data_format='NCHW')\n"
    "  l = tf.reduce_sum(y * tf.transpose(w, [0, 3, 1, 2]))\n gx, gs = inner.gradient(l, [xc, sc])\n"
    " z = tf.reduce_sum(gx * gx) + tf.reduce_sum(gs * gs)\n"
    "gg = outer.gradient(z, [xc, sc, w])", "gg",
    "with tf.GradientTape() as outer:\n outer.watch([x, sc, w])\n"
    " with tf.GradientTape() as inner:\n  inner.watch([x, sc])\n  y, bm, bv = fbn(x, sc, of, m, v, is_training=False)\n"
    "  l = tf.reduce_sum(y * w)\n gx, gs = inner.gradient(l, [x, sc])\n"
    " z = tf.reduce_sum(gx * tf.sin(x)) + tf.reduce_sum(gs * of)\n"
    "gg = outer.gradient(z, [x, sc, w])", "gg",
    "with tf.GradientTape() as t:\n t.watch(x6)\n l = tf.reduce_sum(tf.nn.lrn(x6, 2, 1.0, 0.5, 0.75) * tf.cos(x6))\n"
    "g = t.gradient(l, x6)", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n l = tf.reduce_sum(tf.nn.lrn(x, 5) ** 2)\ng = t.gradient(l, x)", "g",
    "with tf.GradientTape() as outer:\n outer.watch(x)\n with tf.GradientTape() as inner:\n  inner.watch(x)\n"
    "  l = tf.reduce_sum(tf.nn.lrn(x, 1) ** 2)\n g = inner.gradient(l, x)\n"
    " z = tf.reduce_sum(g * g)\nouter.gradient(z, x)",
]

STATIC_SHAPES = [
    "g1 = tf.Graph()",
    "with g1.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None, 4, 5, 3])\n"
    " q = tf.compat.v1.placeholder(tf.float32, [None, None, None, None])\n"
    " s3, o3 = [1.0, 2.0, 0.5], [0.1, -0.2, 0.3]\n"
    " outs = fbn(p, s3, o3)\n"
    " shapes = [str(o.shape) for o in outs] + [str(fbn(q, s3, o3, data_format='NCHW')[0].shape),"
    " str(tf.nn.lrn(p, 2).shape), str(fbn(p, s3, o3, s3, s3, is_training=False)[1].shape)]", "shapes",
    "with tf.compat.v1.Session(graph=g1) as s:\n fed = s.run(outs, {p: x.numpy()})", "fed",
    "traced = []",
    "@tf.function(input_signature=[tf.TensorSpec([None, 4, 5, 3], tf.float32)])\ndef f(t):\n"
    " y, bm, bv = fbn(t, sc, of)\n traced.append([str(y.shape), str(bm.shape)])\n return y, bv",
    "f(x)", "traced",
]

ERRORS = [
    "fbn(x, sc[:2], of)",
    "fbn(x, sc, of[:2])",
    "fbn(x, sc, of, m[:2], v, is_training=False)",
    "fbn(x, sc, of, m, v[:2], is_training=False)",
    "fbn(x, sc, of, m[:2], v, exponential_avg_factor=0.5)",
    "fbn(x[0], sc, of)",
    "fbn(x, [sc], of)",
    "fbn(x, sc, of, data_format='XYZ')",
    "fbn(x, sc, of, data_format='NCHW')",
    "fbn(tf.cast(x, tf.float64), sc, of)",
    "fbn(tf.cast(x, tf.int32), sc, of)",
    "fbn(tf.cast(x, tf.float16), tf.cast(sc, tf.float16), of)",
    "fbn(x, sc, of, is_training=False)",
    "fbn(x, sc, of, m, exponential_avg_factor=0.9)",
    "fbn(x, sc, None)",
    "tf.nn.lrn(x, -1)",
    "tf.nn.lrn(x, 2 ** 31 - 1)",
    "tf.nn.lrn(x[0], 1)",
    "tf.nn.lrn(tf.cast(x, tf.float64), 1)",
    "tf.nn.lrn(tf.cast(x, tf.int32), 1)",
]

CASES = SETUP + BATCH_NORM + LRN + GRADIENTS + STATIC_SHAPES + ERRORS


def evaluate_all(tf):
    """[case, result] for every case, in order, in one namespace."""
    return _evaluate_all(tf, CASES)
