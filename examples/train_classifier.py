"""A two-layer softmax classifier (784 -> 128 -> 10, relu) trained TF2 style:
tf.Variable weights, a @tf.function train step with tf.GradientTape and
tf.keras.optimizers.Adam.

The program is plain TensorFlow 2.x code run with `import kiln as tf`; with
`import tensorflow as tf` TensorFlow 2.21 prints the numbers in
docs/tf-reference/train_classifier.txt (the test compares them within a
float32 tolerance).
"""
import numpy as np
import kiln as tf

BATCH, BATCHES, STEPS = 64, 4, 50

# Deterministic synthetic data: labels from a fixed random linear teacher, so
# the classes are learnable.
rng = np.random.RandomState(0)
images = rng.uniform(0.0, 1.0, size=(BATCH * BATCHES, 784)).astype(np.float32)
teacher = rng.standard_normal((784, 10)).astype(np.float32)
labels = np.argmax(images @ teacher, axis=1).astype(np.int32)

# Weights seeded from NumPy (Glorot-uniform-like ranges), biases zero.
w1 = tf.Variable(rng.uniform(-0.08, 0.08, size=(784, 128)).astype(np.float32), name="w1")
b1 = tf.Variable(np.zeros(128, np.float32), name="b1")
w2 = tf.Variable(rng.uniform(-0.2, 0.2, size=(128, 10)).astype(np.float32), name="w2")
b2 = tf.Variable(np.zeros(10, np.float32), name="b2")
params = [w1, b1, w2, b2]

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)


@tf.function
def train_step(x, y):
  with tf.GradientTape() as tape:
    hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
    logits = tf.matmul(hidden, w2) + b2
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
  grads = tape.gradient(loss, params)
  optimizer.apply_gradients(zip(grads, params))
  return loss


for step in range(STEPS):
  start = (step % BATCHES) * BATCH
  loss = train_step(tf.constant(images[start:start + BATCH]),
                    tf.constant(labels[start:start + BATCH]))
  if step % 10 == 0 or step == STEPS - 1:
    print(f"step {step}: loss {float(loss.numpy())!r}")

for p in params:
  value = p.numpy()
  print(f"{p.name}: sum {float(value.sum(dtype=np.float64))!r} "
        f"norm {float(np.linalg.norm(value.astype(np.float64)))!r} "
        f"first {value.ravel()[:3].tolist()}")
