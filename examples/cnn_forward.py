"""A small CNN's forward pass, evaluated into NumPy three ways: a TF1 graph run
by a Session, a @tf.function, and eagerly. The logits are saved to a .npy file.

    conv2d 3x3x1x16 SAME -> bias_add -> relu -> max_pool2d 2x2
    conv2d 3x3x16x32 SAME (stride 1, dilation 1) -> fused batch norm (inference) -> relu
    avg_pool2d 2x2 -> flatten -> dense 10

The program is plain TensorFlow 2.x code run with `import kiln as tf`; with
`import tensorflow as tf` TensorFlow 2.21 prints the numbers in
docs/tf-reference/cnn_forward.txt (tests/python/test_examples.py
compares them within a float32 tolerance).

    python examples/cnn_forward.py [logits.npy]
"""
import sys

import numpy as np
import kiln as tf

BATCH = 8
OUT = sys.argv[1] if len(sys.argv) > 1 else "cnn_logits.npy"

# Weights from a seeded Glorot-uniform initializer (NumPy's generator, so the
# numbers do not depend on the library), biases and batch-norm statistics fixed.
rng = np.random.RandomState(0)


def glorot(shape, fan_in, fan_out):
  limit = np.sqrt(6.0 / (fan_in + fan_out))
  return rng.uniform(-limit, limit, size=shape).astype(np.float32)


w1 = glorot((3, 3, 1, 16), 9, 9 * 16)
b1 = np.linspace(-0.1, 0.1, 16, dtype=np.float32)
w2 = glorot((3, 3, 16, 32), 9 * 16, 9 * 32)
bn_scale = np.linspace(0.5, 1.5, 32, dtype=np.float32)
bn_offset = np.linspace(-0.2, 0.2, 32, dtype=np.float32)
bn_mean = np.linspace(-0.05, 0.05, 32, dtype=np.float32)
bn_var = np.linspace(0.5, 2.0, 32, dtype=np.float32)
w3 = glorot((7 * 7 * 32, 10), 7 * 7 * 32, 10)
b3 = np.zeros(10, np.float32)

# Deterministic "images": smooth patterns, one per example.
yy, xx = np.meshgrid(np.arange(28), np.arange(28), indexing="ij")
images = np.stack([np.sin(xx * (k + 1) / 9.0) * np.cos(yy * (k + 2) / 11.0)
                   for k in range(BATCH)])[..., None].astype(np.float32)


def cnn(x):
  h = tf.nn.conv2d(x, w1, strides=1, padding="SAME")
  h = tf.nn.relu(tf.nn.bias_add(h, b1))
  h = tf.nn.max_pool2d(h, ksize=2, strides=2, padding="VALID")
  h = tf.nn.conv2d(h, w2, strides=[1, 1, 1, 1], padding="SAME", dilations=1)
  h, _, _ = tf.compat.v1.nn.fused_batch_norm(h, bn_scale, bn_offset, mean=bn_mean,
                                             variance=bn_var, epsilon=1e-3, is_training=False)
  h = tf.nn.relu(h)
  h = tf.nn.avg_pool2d(h, ksize=2, strides=2, padding="SAME")
  h = tf.reshape(h, [-1, 7 * 7 * 32])
  return tf.matmul(h, w3) + b3


# 1. A TF1 graph with a None batch dimension, run by a Session.
graph = tf.Graph()
with graph.as_default():
  x = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1], name="images")
  logits_node = cnn(x)
  print("graph logits:", logits_node.shape)
with tf.compat.v1.Session(graph=graph) as sess:
  from_session = sess.run(logits_node, feed_dict={x: images})

# 2. A traced function over any batch size.
forward = tf.function(cnn, input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32)])
from_function = forward(tf.constant(images)).numpy()

# 3. Eagerly.
from_eager = cnn(tf.constant(images)).numpy()

np.save(OUT, from_function)
print(f"saved {from_function.shape} {from_function.dtype} logits")
print("session == function:", bool(np.allclose(from_session, from_function, rtol=1e-5, atol=1e-6)))
print("eager == function:", bool(np.allclose(from_eager, from_function, rtol=1e-5, atol=1e-6)))
print("predicted classes:", from_function.argmax(axis=1).tolist())
for row in from_function[:3]:
  print("logits:", " ".join(f"{v:.6f}" for v in row))
print(f"sum {float(from_function.sum(dtype=np.float64)):.6f} "
      f"norm {float(np.linalg.norm(from_function.astype(np.float64))):.6f}")
