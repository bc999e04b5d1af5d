"""kiln.experimental.numpy's shape and indexing functions as TF programs call
tf.experimental.numpy's: reshape .. pad, shape queries, take, where, select,
tril, diagonal, with NumPy's dtype promotion, and the errors (bad axes, bad
shapes). TF's results: docs/tf-reference/numpy_api_shape.json
(docs/tf-reference/probe_numpy_api.py shape); test_numpy_api_shape_tf.py
compares. Statements run in order in one namespace (tape_cases.evaluate_all)."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "x = tf.constant([[1.5, -2.25, 0.5, 4.0], [3.0, 0.0, -0.75, 2.0], [1.0, 2.0, 3.0, 4.0]])",
    "i = tf.constant([[1, -2, 3], [4, 0, -6]])",
    "i64 = tf.constant([7, 8, 9], tf.int64)",
    "b = tf.constant([[True, False, True], [False, False, True]])",
    "v = tf.constant([5, 6, 7, 8, 9, 10])",
    # reshaping
    "tnp.reshape(x, (4, 3))", "tnp.reshape(x, [2, -1])", "tnp.reshape(i, 6)",
    "tnp.reshape(x, (2, 6), order='F')", "tnp.reshape(x, (5, 3))", "tnp.reshape(x, (-1, -1))",
    "tnp.ravel(i)", "tnp.ravel(x, 'F')", "tnp.flatten(b)",
    "tnp.transpose(i)", "tnp.transpose(tf.zeros([2, 3, 4]), (1, 2, 0)).shape",
    "tnp.transpose(i, (0, 0))", "tnp.swapaxes(i, 0, -1)", "tnp.swapaxes(i, 0, 2)",
    "tnp.moveaxis(tf.zeros([2, 3, 4]), 0, -1).shape",
    "tnp.moveaxis(tf.zeros([2, 3, 4]), (0, 1), (2, 0)).shape",
    "tnp.expand_dims(i, 1)", "tnp.expand_dims(v, -1).shape", "tnp.expand_dims(i, 3)",
    "tnp.squeeze(tf.zeros([1, 3, 1])).shape", "tnp.squeeze(tf.zeros([1, 3, 1]), 2).shape",
    "tnp.squeeze(i, 0)",
    # joining
    "tnp.concatenate([i, i])", "tnp.concatenate([i, i], axis=1)",
    "tnp.concatenate([i, i64[:2, None]], 1)",
    "tnp.concatenate([x, x], axis=None)", "tnp.concatenate([i, i], axis=2)",
    "tnp.concatenate([i, tf.zeros([3, 2], tf.int32)])", "tnp.concatenate([i, x[:1, :3]])",
    "tnp.append(v, [1, 2])", "tnp.append(i, i, axis=0)", "tnp.append(b, i)",
    "tnp.stack([v, v])", "tnp.stack([v, v], axis=-1)", "tnp.stack([i64, i64[::-1]], 1)",
    "tnp.stack([v, v[:3]])", "tnp.stack([v, v], axis=3)",
    "tnp.vstack([v, v])", "tnp.hstack([i, i])", "tnp.hstack([v, i64])", "tnp.dstack([i, i]).shape",
    "tnp.atleast_1d(tf.constant(3.0))", "tnp.atleast_2d(v).shape", "tnp.atleast_3d(i).shape",
    "tnp.atleast_1d(v, tf.constant(2))",
    # splitting
    "tnp.split(v, 3)", "tnp.split(v, [1, 4])", "tnp.split(x, 2, axis=1)", "tnp.split(v, 4)",
    "tnp.hsplit(x, 2)", "tnp.vsplit(x, [1])", "tnp.dsplit(tf.zeros([1, 2, 4]), 2)[1].shape",
    # repeating, reversing, rolling
    "tnp.tile(v, 2)", "tnp.tile(i, (2, 1))", "tnp.tile(v, (2, 1, 1)).shape",
    "tnp.repeat(i, 2)", "tnp.repeat(i, 2, axis=1)", "tnp.repeat(i, [1, 2], axis=0)",
    "tnp.repeat(i, [1, 2, 3], axis=0)",
    "tnp.flip(i)", "tnp.flip(i, 1)", "tnp.flip(x, (0, 1))", "tnp.fliplr(i)", "tnp.flipud(v)",
    "tnp.fliplr(v)", "tnp.rot90(i)", "tnp.rot90(i, 2)", "tnp.rot90(i, -1)",
    "tnp.roll(v, 2)", "tnp.roll(i, -1, axis=1)", "tnp.roll(i, 1)", "tnp.roll(i, (1, 1), (0, 1))",
    # broadcasting, padding
    "tnp.broadcast_to(v, (2, 6)).shape", "tnp.broadcast_to(i, (3, 3))",
    "[a.shape for a in tnp.broadcast_arrays(tf.zeros([3, 1]), tf.zeros([4]))]",
    "tnp.broadcast_arrays(i, tf.zeros([4]))",
    "tnp.pad(i, 1)", "tnp.pad(v, (2, 1), constant_values=7)",
    "tnp.pad(i, ((1, 0), (0, 2)), mode='reflect')", "tnp.pad(i, 1, mode='symmetric')",
    "tnp.pad(i, 1, mode='edge')",
    # shape queries
    "tnp.shape(x)", "tnp.ndim(x)", "tnp.size(x)", "tnp.shape(3.0)", "tnp.ndim([[1, 2]])",
    # indexing
    "tnp.take(v, [0, 5, -1])", "tnp.take(x, [1, 0], axis=1)", "tnp.take(i, [7, -9], mode='clip')",
    "tnp.take(i, [7, -9], mode='wrap')", "tnp.take(i, [2], axis=3)",
    "tnp.take_along_axis(x, tf.constant([[0], [3], [1]]), 1)",
    "tnp.take_along_axis(i, tf.constant([[1, 0, 1]]), axis=0)",
    "tnp.take_along_axis(i, tf.constant([1, 0]), axis=0)",
    "tnp.where(b, i, 0)", "tnp.where(b, i, 1.5)", "tnp.where(b, i, i64)", "tnp.where(b)",
    "tnp.where(x > 1)", "tnp.where(i, 1, 0)", "tnp.nonzero(i)", "tnp.nonzero(v > 6)",
    "tnp.select([b, tnp.logical_not(b)], [i, -i])", "tnp.select([v > 7], [v], default=-1)",
    "tnp.select([v > 7, v > 6], [v])",
    "tnp.compress([True, False, True], x, axis=0)", "tnp.compress(v > 6, v)",
    "tnp.tril(x)", "tnp.tril(x, -1)", "tnp.triu(i, 1)", "tnp.triu(b)", "tnp.tril(v)",
    "tnp.diagonal(x)", "tnp.diagonal(x, 1)", "tnp.diagonal(x, -1)",
    "tnp.diagonal(tf.zeros([2, 3, 4]), 0, 2, 0).shape",
    "tnp.diagonal(v)",
]


# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    "tnp.ravel(x, 'F')":  # TF's ravel has no order argument
        '[ 1.5   3.    1.   -2.25  0.    2.    0.5  -0.75  3.    4.    2.    4.  ] float32',
    'tnp.transpose(i, (0, 0))':  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        'error: ValueError: transpose: repeated axis in axes=(0, 0); name each axis once.',
    'tnp.swapaxes(i, 0, 2)':  # NumPy's AxisError, an IndexError (TF: an IndexError of its own code)
        'error: AxisError: swapaxes: axis2 2 is out of bounds for an array of dimension 2; '
        'use an axis in [-2, 2).',
    'tnp.expand_dims(i, 3)':  # NumPy's AxisError (TF: the kernel's InvalidArgumentError)
        'error: AxisError: expand_dims: axis 3 is out of bounds for an array of dimension 3; '
        'use an axis in [-3, 3).',
    'tnp.squeeze(i, 0)':  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        'error: ValueError: squeeze: cannot select axis 0 to squeeze out, its size is 2, not '
        '1; name only axes of size 1.',
    'tnp.concatenate([x, x], axis=None)':  # TF cannot concatenate with axis=None
        '[ 1.5  -2.25  0.5   4.    3.    0.   -0.75  2.    1.    2.    3.    4.\n  1.5  -2.25 '
        ' 0.5   4.    3.    0.   -0.75  2.    1.    2.    3.    4.  ] float32',
    'tnp.concatenate([i, i], axis=2)':  # NumPy's AxisError (TF: the kernel's InvalidArgumentError)
        'error: AxisError: concatenate: axis 2 is out of bounds for an array of dimension 2; '
        'use an axis in [-2, 2).',
    'tnp.stack([v, v[:3]])':  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        'error: ValueError: stack: all input arrays must have the same shape, got [(3,), (6,)].',
    'tnp.stack([v, v], axis=3)':  # NumPy's AxisError, a ValueError (TF: ValueError)
        'error: AxisError: stack: axis 3 is out of bounds for an array of dimension 2; use '
        'an axis in [-2, 2).',
    'tnp.split(v, 4)':  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        'error: ValueError: split: an axis of length 6 does not split into 4 equal sections; '
        'give indices to cut at instead.',
    'tnp.flip(x, (0, 1))':  # TF's flip takes one axis only
        '[[ 4.    3.    2.    1.  ]\n [ 2.   -0.75  0.    3.  ]\n [ 4.    0.5  -2.25  1.5 ]] '
        'float32',
    'tnp.fliplr(v)':  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        'error: ValueError: fliplr: input must be >= 2-d.',
    # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
    'tnp.broadcast_arrays(i, tf.zeros([4]))':
        'error: ValueError: broadcast_arrays: shape mismatch: the shapes [(2, 3), (4,)] do '
        'not broadcast together (axis -1 has sizes [3, 4]).',
    'tnp.pad(i, 1)':  # NumPy's default mode='constant' (TF's pad requires mode)
        '[[ 0  0  0  0  0]\n [ 0  1 -2  3  0]\n [ 0  4  0 -6  0]\n [ 0  0  0  0  0]] int32',
    # NumPy's default mode='constant' (TF's pad requires mode)
    'tnp.pad(v, (2, 1), constant_values=7)':
        '[ 7  7  5  6  7  8  9 10  7] int32',
    "tnp.pad(i, 1, mode='symmetric')":  # TF does not broadcast pad_width for the mirror modes
        '[[ 1  1 -2  3  3]\n [ 1  1 -2  3  3]\n [ 4  4  0 -6 -6]\n [ 4  4  0 -6 -6]] int32',
    'tnp.shape(x)':  # NumPy's tuple of ints (TF: a TensorShape)
        '[3, 4]',
    'tnp.size(x)':  # NumPy's Python int (TF: np.int64)
        '12',
    'tnp.shape(3.0)':  # NumPy's tuple of ints (TF: a TensorShape)
        '[]',
    # NumPy's default mode='raise', -1 the last element (TF: mode='clip')
    'tnp.take(v, [0, 5, -1])':
        '[ 5 10 10] int32',
    'tnp.take(i, [2], axis=3)':  # NumPy's AxisError (TF: the kernel's InvalidArgumentError)
        'error: AxisError: take: axis 3 is out of bounds for an array of dimension 2; use an '
        'axis in [-2, 2).',
    # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
    'tnp.take_along_axis(i, tf.constant([1, 0]), axis=0)':
        'error: ValueError: take_along_axis: `indices` and `arr` must have the same number '
        'of dimensions, got 1 and 2.',
    'tnp.triu(b)':  # TF cannot make the zeros of a bool array
        '[[ True False  True]\n [False False  True]] bool',
    'tnp.tril(v)':  # NumPy repeats a 1-D row (TF needs rank 2)
        '[[ 5  0  0  0  0  0]\n [ 5  6  0  0  0  0]\n [ 5  6  7  0  0  0]\n [ 5  6  7  8  0  '
        '0]\n [ 5  6  7  8  9  0]\n [ 5  6  7  8  9 10]] int32',
    'tnp.diagonal(v)':  # NumPy's ValueError (TF: the kernel's InvalidArgumentError)
        'error: ValueError: diagonal: the array must have at least two dimensions.',
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
