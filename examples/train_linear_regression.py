"""Linear regression trained TF1 style: placeholders, variables, a loss, a
GradientDescentOptimizer and a Session loop.

The program is plain TensorFlow 1.x code through tf.compat.v1, run with
`import kiln as tf`; with `import tensorflow as tf` TensorFlow 2.21 prints the
numbers in docs/tf-reference/train_linear_regression.txt (the test compares
them within a float32 tolerance).
"""
import numpy as np
import kiln as tf

tf.compat.v1.disable_eager_execution()

# Deterministic data: y = x @ [2, -3, 0.5] + 1 plus a little noise.
rng = np.random.RandomState(0)
x_data = rng.uniform(-1.0, 1.0, size=(256, 3)).astype(np.float32)
true_w = np.array([[2.0], [-3.0], [0.5]], np.float32)
y_data = (x_data @ true_w + 1.0 + 0.1 * rng.standard_normal((256, 1))).astype(np.float32)

X = tf.compat.v1.placeholder(tf.float32, shape=[None, 3], name="X")
Y = tf.compat.v1.placeholder(tf.float32, shape=[None, 1], name="Y")
W = tf.Variable(rng.uniform(-0.1, 0.1, size=(3, 1)).astype(np.float32), name="W")
b = tf.Variable(np.zeros([1], np.float32), name="b")

pred = tf.matmul(X, W) + b
loss = tf.reduce_mean(tf.square(pred - Y))
train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)

with tf.compat.v1.Session() as sess:
  sess.run(tf.compat.v1.global_variables_initializer())
  feed = {X: x_data, Y: y_data}
  for step in range(200):
    if step % 50 == 0:  # the loss before this step's update
      print(f"step {step}: loss {float(sess.run(loss, feed_dict=feed))!r}")
    sess.run(train_op, feed_dict=feed)
  w_value, b_value, loss_value = sess.run([W, b, loss], feed_dict=feed)

print("final W:", w_value.ravel().tolist())
print("final b:", b_value.tolist())
print("final loss:", float(loss_value))
