"""The seed's first approach: a graph evaluated by a Session (TF1 style).

The code below is the seed document's, unchanged but for `import kiln as tf`;
it prints what TensorFlow 2.21 prints (docs/tf-reference/seed_graph.txt).
"""
import kiln as tf
import numpy as np

# Example: Creating a simple symbolic tensor
graph = tf.Graph() # create a graph for session based execution
with graph.as_default():
  tensor_a = tf.constant([[1, 2], [3, 4]], dtype=tf.int32)
  tensor_b = tf.constant([[5, 6], [7, 8]], dtype=tf.int32)
  tensor_c = tf.add(tensor_a, tensor_b)

# Evaluate the tensor using a session
with tf.compat.v1.Session(graph=graph) as sess:
  numpy_array = sess.run(tensor_c)

# Verify conversion to numpy array
print(f"TensorFlow tensor converted to NumPy array:\n{numpy_array}")
print(f"Numpy array type: {type(numpy_array)}")
