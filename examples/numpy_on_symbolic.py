"""NumPy code on symbolic tensors: one function written only with np.* calls,
used unchanged on NumPy arrays, inside a TF1 graph whose batch dimension is
None, and inside a traced function; each prints NumPy values.

With TensorFlow the graph and tf.function runs stop at "NotImplementedError:
Cannot convert a symbolic tf.Tensor to a numpy array" (docs/numpy.md).
"""

import numpy as np

import kiln as tf


def standardize_softmax(x):
    """Standardize each row, then softmax it: NumPy only."""
    mean = np.mean(x, axis=1, keepdims=True)
    std = np.std(x, axis=1, keepdims=True)
    z = (x - mean) / (std + 1e-6)
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


batch = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 8.0], [0.5, -1.0, 3.0, 0.0]], np.float32)
np.set_printoptions(precision=5, suppress=True)

print("NumPy on an array:")
print(standardize_softmax(batch))

graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, 4])
    probs = standardize_softmax(x)  # builds graph ops: np.mean, np.std, np.exp, ...
    print("In a TF1 graph:", probs)
    with tf.compat.v1.Session() as session:
        print(session.run(probs, {x: batch}))

traced = tf.function(standardize_softmax)
print("In a traced function:")
print(traced(tf.constant(batch)).numpy())

print("kiln.experimental.numpy, eagerly:")
tnp = tf.experimental.numpy
print(tnp.sum(traced(tf.constant(batch)), axis=1).numpy())
