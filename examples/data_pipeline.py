"""An input pipeline fed to a model, TF2 style: tf.data.Dataset.from_tensor_slices
-> map (num_parallel_calls=AUTOTUNE) -> batch -> prefetch, read into NumPy with
as_numpy_iterator(), then fed to a @tf.function train step (a linear regression
trained by tf.GradientTape), and summed by a loop over the dataset inside a
tf.function (AutoGraph) and by Dataset.reduce.

The program is plain TensorFlow 2.x code run with `import kiln as tf`; with
`import tensorflow as tf` TensorFlow 2.21 prints the numbers in
docs/tf-reference/data_pipeline.txt (the test compares them within a float32
tolerance). No shuffle: the two engines' shuffles draw different orders.
"""
import numpy as np
import kiln as tf

ROWS, FEATURES, BATCH, EPOCHS = 512, 4, 64, 5

rng = np.random.RandomState(0)
x = rng.uniform(-1.0, 1.0, size=(ROWS, FEATURES)).astype(np.float32)
true_w = np.array([[2.0], [-1.0], [0.5], [3.0]], np.float32)
y = (x @ true_w + 0.25).astype(np.float32)


def scale(features, target):
  return features * 2.0, target


ds = tf.data.Dataset.from_tensor_slices((x, y))
ds = ds.map(scale, num_parallel_calls=tf.data.AUTOTUNE).batch(BATCH).prefetch(2)
print("element_spec:", [(spec.shape.as_list(), spec.dtype.name) for spec in ds.element_spec])
print("batches:", int(ds.cardinality()))

# The pipeline into NumPy.
first_x, first_y = next(ds.as_numpy_iterator())
print("first batch:", type(first_x).__name__, first_x.shape, first_x.dtype, first_y.shape)
print("feature sums:", [round(float(b[0].sum(dtype=np.float64)), 4)
                        for b in ds.take(3).as_numpy_iterator()])

w = tf.Variable(np.zeros((FEATURES, 1), np.float32), name="w")
b = tf.Variable(np.zeros((1,), np.float32), name="b")


@tf.function
def train_step(features, target):
  with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.square(tf.matmul(features, w) + b - target))
  dw, db = tape.gradient(loss, [w, b])
  w.assign_sub(0.1 * dw)
  b.assign_sub(0.1 * db)
  return loss


for epoch in range(EPOCHS):
  losses = [float(train_step(features, target)) for features, target in ds]
  print(f"epoch {epoch}: mean loss {np.mean(losses):.6f}")
print("w:", np.round(w.numpy().ravel(), 4).tolist(), "b:", np.round(b.numpy(), 4).tolist())


@tf.function
def total_error(dataset):
  total = tf.constant(0.0)
  for features, target in dataset:  # AutoGraph: a loop in the graph, a new pass per call
    total += tf.reduce_sum(tf.abs(tf.matmul(features, w) + b - target))
  return total


print("total |error| in a tf.function loop:", round(float(total_error(ds)), 3))
count = ds.unbatch().reduce(np.int64(0), lambda n, _: n + 1)
print("rows counted by Dataset.reduce:", int(count))
