# The seed's "Approach 2: Leveraging Eager Execution in TensorFlow 2.x",
# unchanged but for the import line.
import kiln as tf
import numpy as np

# Example: Creating an eager tensor
tensor_d = tf.constant([[9, 10], [11, 12]], dtype=tf.int32)
tensor_e = tf.constant([[13, 14], [15, 16]], dtype=tf.int32)
tensor_f = tf.add(tensor_d, tensor_e)

# Direct conversion to numpy array with .numpy()
numpy_array_eager = tensor_f.numpy()

# Verify conversion to numpy array
print(f"Eager TensorFlow tensor converted to NumPy array:\n{numpy_array_eager}")
print(f"Numpy array type: {type(numpy_array_eager)}")
