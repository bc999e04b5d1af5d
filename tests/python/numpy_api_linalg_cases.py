"""kiln.experimental.numpy's products (python/kiln/_np/_linalg.py) as TF
programs call tf.experimental.numpy's: NumPy's rules for 1-D and N-D
operands, the axes forms, promotion of mixed dtypes, and the errors. TF's
results: docs/tf-reference/numpy_api_linalg.json (docs/tf-reference/
probe_numpy_api.py linalg); test_numpy_api_linalg_tf.py compares."""

from tape_cases import evaluate_all as _evaluate_all

CASES = [
    "tnp = tf.experimental.numpy",
    "a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])",
    "b = tf.constant([[1.0, -1.0], [0.5, 2.0], [-2.0, 0.25]])",
    "v = tf.constant([1.0, 0.0, -1.0])",
    "i = tf.constant([[1, 2, 3], [4, 5, 6]])",
    "j = tf.constant([[2, 0], [1, 1], [0, 3]], tf.int64)",
    "t = tf.reshape(tf.range(24.0), [2, 3, 4])",
    "tnp.matmul(a, b)", "tnp.matmul(a, v)", "tnp.matmul(v, b)", "tnp.matmul(v, v)",
    "tnp.matmul(i, j)", "tnp.matmul(i, b)", "tnp.matmul(t, tf.ones([4, 2]))",
    "tnp.matmul(a, a)", "tnp.matmul(a, 2.0)",
    "tnp.dot(a, b)", "tnp.dot(a, v)", "tnp.dot(v, v)", "tnp.dot(i, 2)",
    "tnp.dot(t, tf.ones([5, 4, 2]))",
    "tnp.dot(i, j)", "tnp.dot(a, a)",
    "tnp.vdot(a, a)", "tnp.vdot(i, j)",
    "tnp.tensordot(t, tf.ones([3, 4, 2]))", "tnp.tensordot(a, b, axes=1)",
    "tnp.tensordot(a, b, axes=([0, 1], [1, 0]))", "tnp.tensordot(i, j, axes=(1, 0))",
    "tnp.tensordot(a, b, axes=0).shape", "tnp.tensordot(a, b, axes=3)",
    "tnp.einsum('ij,jk->ik', a, b)", "tnp.einsum('ij,jk', i, j)", "tnp.einsum('ii', tf.eye(3))",
    "tnp.einsum('ij->j', a)", "tnp.einsum('i,j->ij', v, i[0])",
    "tnp.outer(v, tf.constant([1.0, 2.0]))", "tnp.outer(i, j).shape", "tnp.outer(i[0], v)",
    "tnp.inner(a, a)", "tnp.inner(v, v)", "tnp.inner(i, a)", "tnp.inner(a, 2.0)",
    "tnp.inner(a, b)",
    "tnp.kron(i, j)", "tnp.kron(v, a)", "tnp.kron(tf.eye(2), tf.constant([[1, 2], [3, 4]]))",
    "tnp.cross(v, tf.constant([0.0, 1.0, 0.0]))", "tnp.cross(a, a[::-1])",
    "tnp.cross(i, j, axisb=0)", "tnp.cross(tf.constant([[1.0, 2.0], [3.0, 4.0]]), v[:2])",
    "tnp.cross(i, i, axis=0)", "tnp.cross(tf.ones([4]), tf.ones([4]))",
    "tnp.trace(a)", "tnp.trace(i)", "tnp.trace(i, offset=1)", "tnp.trace(i, offset=-1)",
    "tnp.trace(t, axis1=1, axis2=2)", "tnp.trace(i, dtype=tf.float32)", "tnp.trace(i, offset=5)",
    "tnp.trace(v)", "tnp.trace(t, axis1=0, axis2=3)",
]

# Where kiln gives NumPy's answer and TF 2.21 does not.
KNOWN_DIFFERENCES = {
    'tnp.dot(i, 2)':  # NumPy converts the 2 to an int64 array (TF: int32)
        '[[ 2  4  6]\n [ 8 10 12]] int64',
    'tnp.inner(a, 2.0)':  # NumPy converts the 2.0 to a float64 array (TF: float32)
        '[[ 2.  4.  6.]\n [ 8. 10. 12.]] float64',
    'tnp.trace(i)':  # NumPy's trace of int32 sums in int64 like np.sum (TF: int32)
        '6 int64',
    # NumPy's AxisError (TF: its transpose kernel's InvalidArgumentError)
    'tnp.trace(t, axis1=0, axis2=3)':
        'error: AxisError: np.trace: axis2 3 is out of bounds for an array of '
        'dimension 3; use an axis in [-3, 3).',
}


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
