"""The kiln.nn composites of python/kiln/nn_moments.py as TF programs call
them; TF's results are recorded in docs/tf-reference/nn_composites.json
(docs/tf-reference/probe_nn_composites.py) and test_nn_composites.py compares.
Statements run in order in one namespace (tape_cases.evaluate_all's rules)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "x = tf.constant([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])",
    "img = tf.reshape(tf.range(24, dtype=tf.float32), [2, 2, 3, 2])",
    "tf.nn.bias_add(x, [10.0, 20.0, 30.0])",
    "tf.nn.bias_add(img, [1.0, -1.0])",
    "tf.nn.bias_add(img, [1.0, -1.0], data_format='NCHW')",
    "tf.nn.bias_add(x, [1.0, 2.0])",
    "tf.nn.bias_add(x, [[1.0, 2.0, 3.0]])",
    "tf.nn.bias_add([1.0, 2.0], [1.0, 2.0])",
    "tf.nn.moments(x, axes=[0])",
    "tf.nn.moments(x, axes=[0, 1], keepdims=True)",
    "tf.nn.moments(img, axes=[0, 1, 2])",
    "tf.nn.moments(tf.constant([1.0, 2.0, 4.0], tf.float16), axes=[0])",
    "tf.nn.weighted_moments(x, axes=[1], frequency_weights=[[1.0, 2.0, 0.5], [1.0, 1.0, 3.0]])",
    "tf.nn.weighted_moments(x, axes=[0], frequency_weights=2.0, keepdims=True)",
    "tf.nn.l2_normalize(x, axis=1)",
    "tf.nn.l2_normalize(x)",
    "tf.nn.l2_normalize(tf.zeros([2]), axis=0)",
    "tf.nn.batch_normalization(x, 0.5, 2.0, 1.0, 3.0, 1e-3)",
    "tf.nn.batch_normalization(x, tf.constant([0.0, 1.0, 2.0]), tf.constant([1.0, 4.0, 9.0]), "
    "None, None, 0.0)",
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=[[1.0, 0.0, 1.0], [0.0, 0.5, 1.0]], logits=x)",
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0], logits=[100.0, -100.0])",
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 1.0], logits=[1.0, 2.0])",
    "tf.nn.weighted_cross_entropy_with_logits([[1.0, 0.0, 1.0], [0.0, 0.5, 1.0]], x, 2.0)",
    "tf.nn.l2_loss(x)",
    "tf.nn.silu(x)",
    "tf.nn.swish(x, beta=2.0)",
    "with tf.GradientTape() as t:\n t.watch(x)\n m, v = tf.nn.moments(x, axes=[1])\n"
    " y = tf.reduce_sum(tf.nn.l2_normalize(x, 1) * 2.0) + tf.reduce_sum(v)\ng = t.gradient(y, x)",
    "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits("
    "labels=tf.ones_like(x), logits=x) + tf.nn.silu(x))\ng2 = t.gradient(y, x)", "g2",
]


def evaluate_all(tf):
    """[case, result] for every case, in order, in one namespace."""
    return _evaluate_all(tf, CASES)
