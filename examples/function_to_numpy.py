"""The seed's third approach: a Python function traced into a graph by
kiln.function, called, and its eager result converted with .numpy().

The code below is the seed document's, unchanged but for `import kiln as tf`;
it prints what TensorFlow 2.21 prints (docs/tf-reference/seed_function.txt).
"""
import kiln as tf
import numpy as np

@tf.function
def my_tensor_function():
  tensor_g = tf.constant([[17, 18], [19, 20]], dtype=tf.int32)
  tensor_h = tf.constant([[21, 22], [23, 24]], dtype=tf.int32)
  tensor_i = tf.add(tensor_g, tensor_h)
  return tensor_i

# Execute the compiled function
output_tensor = my_tensor_function()

# Direct conversion to numpy array with .numpy() (assuming eager tensor)
numpy_array_function = output_tensor.numpy()

# Verify conversion to numpy array
print(f"TensorFlow tensor from tf.function converted to NumPy array:\n{numpy_array_function}")
print(f"Numpy array type: {type(numpy_array_function)}")
