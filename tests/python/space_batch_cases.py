"""tf.space_to_batch_nd / tf.batch_to_space and their TF1 and tf.nn names,
tf.required_space_to_batch_paddings, tf.nn.with_space_to_batch
(python/kiln/_space_batch.py), tf.nn.approx_max_k / approx_min_k and
tf.nn.batch_norm_with_global_normalization (python/kiln/_nn_misc.py) as TF
programs call them: eagerly, in a tf.function with None batch input
signatures (the static shapes printed), with block_shape / paddings fed as
tensors, in a compat.v1 graph + Session, gradients, and TF's errors (eager:
the kernel's InvalidArgumentError; building a graph: the shape function's
ValueError; with values known only when the graph runs: the kernel's).
approx_min_k and reduction dimensions other than the last have no CPU kernel
in TF (NotFoundError): their cases run in a tf.function(jit_compile=True), as
TF programs do (XLA). TF's results are recorded in
docs/tf-reference/space_batch.json (docs/tf-reference/probe_space_batch.py);
test_space_batch.py compares. Statements run in order in one namespace
(tape_cases.evaluate_all's rules)."""

from tape_cases import evaluate_all as _evaluate_all

SETUP = [
    "x = tf.reshape(tf.range(2 * 4 * 6 * 3, dtype=tf.float32), [2, 4, 6, 3])",
    "s = tf.sin(x)",
    "shapes = []",
]

EAGER = [
    "tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]])[:, :, :, 0]",
    "tf.space_to_batch_nd(x, [2], [[1, 1]])[:, :, 0, 1]",
    "tf.space_to_batch_nd(x, [3, 2], [[1, 1], [2, 0]])[:, :, :, 2]",
    "tf.space_to_batch_nd(x, [2, 2, 3], [[0, 0]] * 3)[:, :, :, 0]",
    "tf.space_to_batch_nd(x, [1, 1], [[0, 0], [0, 0]]).shape",
    "tf.space_to_batch_nd(x, [], tf.zeros([0, 2], tf.int32)).shape",
    "tf.space_to_batch_nd(x, tf.constant([2], tf.int64), tf.constant([[0, 2]], tf.int32))"
    "[:, :, 1, 0]",
    "tf.space_to_batch_nd(x, np.array([1, 3]), np.array([[0, 0], [0, 0]]))[:, 0, :, 0]",
    "tf.space_to_batch_nd(tf.cast(x, tf.int32), [2, 1], [[0, 0], [1, 0]])[3]",
    "tf.space_to_batch_nd(tf.cast(x, tf.float64), [2], [[0, 2]]).dtype.name",
    "tf.space_to_batch_nd(tf.cast(x, tf.uint8), [2], [[0, 0]]).dtype.name",
    "tf.space_to_batch_nd(tf.zeros([0, 4]), [2], [[0, 0]]).shape",
    "tf.space_to_batch_nd(tf.zeros([2, 0]), [2], [[1, 1]])",
    "tf.space_to_batch(x, [2, 3], [[0, 0], [0, 0]])[:, 1, 1, 1]",
    "tf.nn.space_to_batch(x, [1, 2], [[1, 0], [0, 0]])[:, 0, :, 0]",
    "tf.batch_to_space(x, [2], [[0, 0]])[0, :, 0, 0]",
    "tf.batch_to_space(x, [2], [[0, 1]]).shape",
    "tf.batch_to_space(x, [2, 1], [[0, 0], [1, 2]])[0, :, :, 0]",
    "tf.batch_to_space(tf.reshape(tf.range(16), [4, 2, 2, 1]), 2, [[0, 0], [0, 0]])[0, :, :, 0]",
    "tf.batch_to_space(tf.zeros([4, 4]), [2], [[4, 4]])",
    "tf.batch_to_space(tf.zeros([0, 4]), [2], [[0, 0]]).shape",
    "tf.batch_to_space(tf.cast(x, tf.int64), tf.constant([1, 2], tf.int64), [[1, 2], [3, 3]])"
    "[0, :, :, 1]",
    "tf.compat.v1.batch_to_space_nd(x, [1, 2], [[0, 0], [1, 2]])[0, :, :, 0]",
    "tf.compat.v1.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]])[5, :, :, 2]",
    "tf.compat.v1.space_to_batch(x, [[0, 0], [0, 0]], 2)[:, 1, :, 0]",
    "tf.compat.v1.space_to_batch(x, [[2, 0], [0, 2]], block_shape=2).shape",
    "tf.compat.v1.nn.space_to_batch(x, [[0, 0], [0, 0]], 1).shape",
    "tf.compat.v1.batch_to_space(tf.reshape(tf.range(32.0), [8, 2, 2, 1]), [[0, 0], [1, 0]], 2)"
    "[1, :, :, 0]",
    "tf.compat.v1.batch_to_space(tf.zeros([8, 2, 2, 1]), [[0, 0], [0, 0]], block_shape=1).shape",
    "r = tf.space_to_batch_nd(s, [2, 3], [[1, 1], [0, 3]])",
    "tf.reduce_max(tf.abs(tf.batch_to_space(r, [2, 3], [[1, 1], [0, 3]]) - s))",
]

EAGER_ERRORS = [
    "tf.space_to_batch_nd(x, [3, 2], [[1, 0], [0, 0]])",
    "tf.space_to_batch_nd(x, [2, 4], [[0, 0], [0, 0]])",
    "tf.space_to_batch_nd(x, [[2]], [[1, 1]])",
    "tf.space_to_batch_nd(x, [2], [[1, 1], [0, 0]])",
    "tf.space_to_batch_nd(x, [2], [1, 1])",
    "tf.space_to_batch_nd(x, [2], [[1, 1, 1]])",
    "tf.space_to_batch_nd(x, [2], [[-1, 1]])",
    "tf.space_to_batch_nd(x, [0], [[0, 0]])",
    "tf.space_to_batch_nd(x, [2, -2], [[0, 0], [0, 0]])",
    "tf.space_to_batch_nd(x, [2, 2, 2, 2], [[0, 0]] * 4)",
    "tf.space_to_batch_nd(tf.constant(1.0), [1], [[0, 0]])",
    "tf.space_to_batch_nd(x, [2.0], [[0, 0]])",
    "tf.space_to_batch_nd(x, [2], [[0.0, 0.0]])",
    "tf.space_to_batch_nd(x, np.array([2.0]), [[0, 0]])",
    "tf.space_to_batch(tf.zeros([4, 4]), 2, [0, 0])",
    "tf.batch_to_space(x, [3], [[0, 0]])",
    "tf.batch_to_space(x, [2, 2], [[0, 0], [0, 0]])",
    "tf.batch_to_space(x, [2], [[5, 5]])",
    "tf.batch_to_space(tf.zeros([4, 4]), [2], [[4, 5]])",
    "tf.batch_to_space(x, [2], [[-1, 0]])",
    "tf.batch_to_space(x, [-1], [[0, 0]])",
    "tf.batch_to_space(tf.zeros([4, 4]), 2, [[0, 0]])",
    "tf.batch_to_space(tf.zeros([4, 4]), [2], [0, 0])",
    "tf.batch_to_space(x, [[2]], [[0, 0]])",
    "tf.batch_to_space(x, [2], tf.constant([[0, 0]], tf.float32))",
    "tf.compat.v1.space_to_batch(x, [[0, 0], [0, 0]], 3)",
    "tf.compat.v1.space_to_batch(tf.zeros([4, 4, 2]), [[0, 0], [0, 0]], 2)",
    "tf.compat.v1.space_to_batch(x, [[0, 0], [0, 0]], 2, block_shape=2)",
    "tf.compat.v1.batch_to_space(tf.zeros([8, 2, 2, 1]), [[0, 0], [0, 0]], 3)",
    "tf.compat.v1.batch_to_space(tf.zeros([8, 2, 2]), [[0, 0], [0, 0]], 2)",
]

SIGNATURES = [
    "def traced(sig, body):\n return tf.function(lambda *a: (shapes.append(body(*a).shape), "
    "tf.shape(body(*a)))[1], input_signature=sig, autograph=False)",
    "f1 = traced([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2, 3], "
    "[[1, 1], [0, 0]]))",
    "f1(x)", "shapes[-1]",
    "f2 = traced([tf.TensorSpec([None, None, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2, 3], "
    "[[1, 1], [0, 0]]))",
    "f2(x)", "shapes[-1]",
    "f2(tf.zeros([1, 3, 6, 3]))",
    "f3 = traced([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, 1], "
    "[[1, 1], [0, 2]]))",
    "f3(x)", "shapes[-1]",
    "f4 = traced([tf.TensorSpec([None, None, 6, 3])], lambda a: tf.batch_to_space(a, [2, 1], "
    "[[1, 1], [0, 2]]))",
    "f4(x)", "shapes[-1]",
    "f4(tf.zeros([3, 4, 6, 3]))",
    "f4(tf.zeros([2, 0, 6, 3]))",
    "f5 = traced([tf.TensorSpec([None, 4, 6, 3]), tf.TensorSpec([2], tf.int32)], "
    "lambda a, b: tf.space_to_batch_nd(a, b, [[0, 0], [0, 0]]))",
    "f5(x, tf.constant([2, 3]))", "shapes[-1]",
    "f5(x, tf.constant([3, 3]))",
    "f5(x, tf.constant([2, 0]))",
    "f6 = traced([tf.TensorSpec([None, 4, 6, 3]), tf.TensorSpec([2, 2], tf.int64)], "
    "lambda a, p: tf.space_to_batch_nd(a, [2, 2], p))",
    "f6(x, tf.constant([[0, 0], [1, 1]], tf.int64))", "shapes[-1]",
    "f6(x, tf.constant([[0, 0], [-1, 1]], tf.int64))",
    "f6(x, tf.constant([[0, 1], [0, 0]], tf.int64))",
    "f7 = traced([tf.TensorSpec([None, 4, 6, 3]), tf.TensorSpec([2, 2], tf.int32)], "
    "lambda a, c: tf.batch_to_space(a, [2, 1], c))",
    "f7(x, tf.constant([[0, 0], [1, 1]]))", "shapes[-1]",
    "f7(x, tf.constant([[0, 9], [0, 0]]))",
    "f7(x, tf.constant([[0, 0], [0, -1]]))",
    "f8 = traced([tf.TensorSpec([None, 4, 6, 3]), tf.TensorSpec([2], tf.int32), "
    "tf.TensorSpec([2, 2], tf.int32)], lambda a, b, c: tf.batch_to_space(a, b, c))",
    "f8(x, tf.constant([2, 1]), tf.constant([[1, 0], [0, 3]]))", "shapes[-1]",
    "f8(x, tf.constant([2, 2]), tf.constant([[0, 0], [0, 0]]))",
    "@tf.function(input_signature=[tf.TensorSpec([None, 4, 6, 3])], autograph=False)\n"
    "def round_trip(a):\n b = tf.space_to_batch_nd(a, tf.constant([2, 3]), tf.constant([[1, 1], "
    "[0, 3]]))\n shapes.append(b.shape)\n return tf.batch_to_space(b, [2, 3], [[1, 1], [0, 3]])",
    "tf.reduce_max(tf.abs(round_trip(s) - s))", "shapes[-1]",
]

GRAPH_ERRORS = [
    "def build(sig, body):\n return tf.function(body, input_signature=sig, autograph=False)",
    "build([tf.TensorSpec([6, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [3, 2], [[0, 0], "
    "[0, 0]]))(tf.zeros([6, 4, 6, 3]))",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2, 4], [[1, 1], "
    "[0, 0]]))(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2, 0], [[0, 0], "
    "[0, 0]]))(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2, 1], [[0, 0]]))"
    "(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2], [[0, 0, 0]]))"
    "(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.space_to_batch_nd(a, [2], [[-1, 0]]))(x)",
    "build([tf.TensorSpec([None, 4])], lambda a: tf.space_to_batch_nd(a, [2, 2], [[0, 0]] * 2))"
    "(tf.zeros([2, 4]))",
    "build([tf.TensorSpec([None, 4])], lambda a: tf.space_to_batch_nd(a, [[2]], [[0, 0]]))"
    "(tf.zeros([2, 4]))",
    "build([tf.TensorSpec([None, 4])], lambda a: tf.space_to_batch_nd(a, [2], [0, 0]))"
    "(tf.zeros([2, 4]))",
    "build([tf.TensorSpec([None, 4, 6, 3]), tf.TensorSpec([None], tf.int32)], "
    "lambda a, b: tf.space_to_batch_nd(a, b, [[0, 0], [0, 0]]))(x, tf.constant([2, 3]))",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, 1], [[5, 5], "
    "[0, 0]]))(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, 1], [[5, 4], "
    "[0, 0]]))(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, 1], [[-1, 0], "
    "[0, 0]]))(x)",
    "build([tf.TensorSpec([None, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, -1], [[0, 0], "
    "[0, 0]]))(x)",
    "build([tf.TensorSpec([5, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, 1], [[0, 0], "
    "[0, 0]]))(tf.zeros([5, 4, 6, 3]))",
    "build([tf.TensorSpec([6, 4, 6, 3])], lambda a: tf.batch_to_space(a, [2, 2], [[0, 0], "
    "[0, 0]]))(tf.zeros([6, 4, 6, 3]))",
    "build([tf.TensorSpec([None, 4])], lambda a: tf.batch_to_space(a, [2], [[0, 0], [0, 0]]))"
    "(tf.zeros([2, 4]))",
    "build([tf.TensorSpec([None, 4])], lambda a: tf.batch_to_space(a, [2, 2], [[0, 0], [0, 0]]))"
    "(tf.zeros([2, 4]))",
]

SESSION = [
    "g1 = tf.Graph()",
    "with g1.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None, 4, 6, 3])\n"
    " blk = tf.compat.v1.placeholder(tf.int32, [2])\n"
    " q = tf.space_to_batch_nd(p, [2, 2], [[0, 0], [1, 1]])\n"
    " q2 = tf.space_to_batch_nd(p, blk, [[0, 0], [0, 0]])\n"
    " back = tf.compat.v1.batch_to_space_nd(q, [2, 2], [[0, 0], [1, 1]])\n"
    " v1 = tf.compat.v1.space_to_batch(p, [[0, 0], [1, 1]], 2)",
    "[q.shape, q2.shape, back.shape, v1.shape]",
    "with tf.compat.v1.Session(graph=g1) as ss:\n rv = ss.run([q, back, tf.shape(q2)], "
    "{p: s.numpy(), blk: [1, 3]})",
    "tf.constant(rv[0][:, 0, :, 0])", "tf.reduce_max(tf.abs(rv[1] - s))", "tf.constant(rv[2])",
    # (TF's message starts with where the node was built: only its last line is compared)
    "try:\n with tf.compat.v1.Session(graph=g1) as ss:\n  ss.run(q2, {p: s.numpy(), blk: [3, 1]})\n"
    "except tf.errors.InvalidArgumentError as e:\n caught = e",
    "'padded_shape[0]=4 is not divisible by block_shape[0]=3' in str(caught)",
    "g2 = tf.Graph()",
    "with g2.as_default():\n tf.space_to_batch_nd(tf.compat.v1.placeholder(tf.float32, "
    "[None, 4, 6, 3]), [3, 2], [[0, 0], [1, 1]])",
]

GRADIENTS = [
    "with tf.GradientTape() as t:\n t.watch(s)\n y = tf.reduce_sum(tf.space_to_batch_nd(s, [2, 3], "
    "[[1, 1], [0, 3]]) * tf.cos(tf.reshape(tf.range(12 * 3 * 3 * 3, dtype=tf.float32), "
    "[12, 3, 3, 3])))\ngs = t.gradient(y, s)", "gs[1, :, :, 2]",
    "with tf.GradientTape() as t:\n t.watch(s)\n y = tf.reduce_sum(tf.batch_to_space(s, [2, 1], "
    "[[1, 0], [2, 1]]) ** 2)\ngb = t.gradient(y, s)", "gb[:, :, :, 0]",
]

REQUIRED_AND_ATROUS = [
    "tf.required_space_to_batch_paddings([4, 6], [3, 4])",
    "tf.required_space_to_batch_paddings([5, 7], [2, 3], [[1, 1], [0, 2]])",
    "tf.required_space_to_batch_paddings(tf.constant([5]), tf.constant([4]), [[2, 0]])",
    "tf.required_space_to_batch_paddings([], tf.zeros([0], tf.int32))",
    "tf.required_space_to_batch_paddings([5, 7], [2, 3], [[1, 1]])",
    "tf.required_space_to_batch_paddings([5, 7, 1], [2, 3])",
    "tf.required_space_to_batch_paddings([5], [[2]])",
    "tf.required_space_to_batch_paddings([4, 3], [0, 2])",
    "build([tf.TensorSpec([None], tf.int32)], lambda b: "
    "tf.required_space_to_batch_paddings([4], b))"
    "(tf.constant([2]))",
    "@tf.function(input_signature=[tf.TensorSpec([2], tf.int32)], autograph=False)\n"
    "def req(shape):\n return tf.required_space_to_batch_paddings(shape, [2, 3], [[1, 0], [0, 1]])",
    "req(tf.constant([7, 8]))",
    "filt = tf.cos(tf.reshape(tf.range(3 * 3 * 3 * 2, dtype=tf.float32), [3, 3, 3, 2]))",
    "conv = lambda a, n, pad: tf.nn.conv2d(a, filt, 1, pad)",
    "tf.nn.with_space_to_batch(s, [2, 2], 'SAME', conv, filter_shape=[3, 3])[1, :, :, 0]",
    "tf.nn.with_space_to_batch(s, [2, 3], 'VALID', conv)[0, :, :, 1]",
    "tf.nn.with_space_to_batch(s, [1, 1], 'SAME', conv)[0, 0]",
    "tf.nn.with_space_to_batch(s, np.array([2, 1]), [[0, 0], [1, 2], [0, 1], [0, 0]], conv)"
    "[0, :, :, 1]",
    "filt2 = tf.sin(tf.reshape(tf.range(2 * 2 * 3, dtype=tf.float32), [2, 2, 3, 1]))",
    "conv2 = lambda a, n, pad: tf.nn.conv2d(a, filt2, 1, pad)",
    "tf.nn.with_space_to_batch(s, [2, 3], 'SAME', conv2, filter_shape=[2, 2])[1, :, :, 0]",
    "tf.nn.with_space_to_batch(s, [2], 'VALID', lambda a, n, pad: a * 2, spatial_dims=[2])[1, 0]",
    "tf.nn.with_space_to_batch(tf.transpose(s, [0, 3, 1, 2]), [2, 2], 'VALID', lambda a, n, pad: "
    "a + 1, data_format='NCHW')[0, 1]",
    "@tf.function(input_signature=[tf.TensorSpec([None, None, None, 3])], autograph=False)\n"
    "def atrous(a):\n r = tf.nn.with_space_to_batch(a, [2, 2], 'SAME', conv, filter_shape=[3, 3])\n"
    " shapes.append(r.shape)\n return r",
    "atrous(s)[0, :, :, 1]", "shapes[-1]",
    "tf.reduce_max(tf.abs(atrous(s) - tf.nn.conv2d(s, filt, 1, 'SAME', dilations=2)))",
    "tf.nn.with_space_to_batch(s, [2, 2], 'SAME', conv)",
    "tf.nn.with_space_to_batch(s, [2, 2], 'FULL', conv)",
    "tf.nn.with_space_to_batch(s, [2, 2], 'EXPLICIT', conv)",
    "tf.nn.with_space_to_batch(s, [2, 2], [[0, 0], [1, 1]], conv)",
    "tf.nn.with_space_to_batch(s, [2, 0], 'VALID', conv)",
    "tf.nn.with_space_to_batch(s, [[2, 2]], 'VALID', conv)",
    "tf.nn.with_space_to_batch(s, [2, 2], 'VALID', conv, spatial_dims=[2, 1])",
    "tf.nn.with_space_to_batch(s, [2, 2], 'VALID', conv, spatial_dims=[0, 1])",
    "tf.nn.with_space_to_batch(s[0], [2, 2], 'VALID', conv)",
    "tf.nn.with_space_to_batch(s, [2, 2], [[0, 0], [1, 1], [0, 0], 0], conv)",
    "tf.nn.with_space_to_batch(s, [2, 2], [[0, 0], [1, 1], [0, 0], [0]], conv)",
    "tf.nn.with_space_to_batch(s[0, 0], [2, 2], 'VALID', conv)",
    "build([tf.TensorSpec([None], tf.int32)], lambda b: tf.nn.with_space_to_batch(s, b, 'VALID', "
    "conv))(tf.constant([2, 2]))",
    "build([tf.TensorSpec([2], tf.int32)], lambda b: tf.nn.with_space_to_batch(s, b, 'SAME', conv, "
    "filter_shape=[3, 3]))(tf.constant([2, 2]))[1, :, :, 0]",
    "tf.nn.with_space_to_batch(s, [2, 1], 'SAME', lambda a, n, pad: a, filter_shape=[3])"
    "[0, :, :, 0]",
    "tf.compat.v1.nn.with_space_to_batch is tf.nn.with_space_to_batch",
]

APPROX = [
    "m = tf.constant([[3., 1., 4., 2., 1.], [0., -1., 5., 5., -2.]])",
    "tf.nn.approx_max_k(m, 2)",
    "tf.nn.approx_max_k(m, 5)",
    "tf.nn.approx_max_k(m, 0)",
    "tf.nn.approx_max_k(m, tf.constant(3), recall_target=0.5, aggregate_to_topk=False)",
    "tf.nn.approx_max_k(m, 2, reduction_input_size_override=100)",
    "tf.math.approx_max_k([3., 1., 2.], 2)",
    "tf.nn.approx_max_k(tf.constant([1., 2., 3., 2.], tf.float16), 3)",
    "tf.nn.approx_max_k(tf.constant([1., 2., 3., 2.], tf.bfloat16), 2)",
    "tf.nn.approx_max_k([1., 1., 1., 2.], 3)",
    "tf.nn.approx_max_k([float('-inf'), float('inf'), 1., -0., 0.], 4)",
    "tf.nn.approx_max_k(tf.zeros([0, 3]), 2)",
    "tf.nn.approx_max_k(m, 6)",
    "tf.nn.approx_max_k(m, -1)",
    "tf.nn.approx_max_k(tf.constant(1.), 1)",
    "tf.nn.approx_max_k(tf.constant([1, 2, 3]), 2)",
    "tf.nn.approx_max_k(tf.constant([1., 2., 3.], tf.float64), 2)",
    "xla = lambda f: tf.function(f, jit_compile=True, autograph=False)",
    "xla(lambda a: tf.nn.approx_min_k(a, 2))(m)",
    "xla(lambda a: tf.math.approx_min_k(a, 3))(tf.constant([1., 1., 1., 0.]))",
    "xla(lambda a: tf.nn.approx_min_k(a, 3))(tf.constant([-0., 0., 0., -0., 1.]))",
    "xla(lambda a: tf.nn.approx_min_k(a, 4))(tf.constant([float('-inf'), float('inf'), 1., "
    "2.]))",
    "xla(lambda a: tf.nn.approx_min_k(a, 2))(tf.constant([[2., 1., 3.]], tf.bfloat16))",
    "xla(lambda a: tf.nn.approx_max_k(a, 1, reduction_dimension=0))(m)",
    "xla(lambda a: tf.nn.approx_min_k(a, 2, reduction_dimension=-2))(m)",
    "r3 = tf.sin(tf.reshape(tf.range(24.), [2, 3, 4]))",
    "xla(lambda a: tf.nn.approx_max_k(a, 2, reduction_dimension=1))(r3)",
    "xla(lambda a: tf.nn.approx_min_k(a, 2, reduction_dimension=1))(r3)",
    "xla(lambda a: tf.nn.approx_min_k(a, 2, reduction_dimension=2))(m)",
    "xla(lambda a: tf.nn.approx_min_k(a, 6))(m)",
    "xla(lambda a: tf.nn.approx_max_k(a, 3, reduction_dimension=0))(m)",
    "@tf.function(input_signature=[tf.TensorSpec([None, 5])], autograph=False)\n"
    "def top2(a):\n r = tf.nn.approx_max_k(a, 2)\n"
    " shapes.append([r.values.shape, r.indices.shape])\n"
    " return r",
    "top2(m)", "shapes[-1]",
    "with tf.GradientTape() as t:\n t.watch(m)\n y = tf.reduce_sum(tf.nn.approx_max_k(m, 2)[0] * "
    "[[1., 2.], [3., 4.]])\ngmax = t.gradient(y, m)", "gmax",
    "with tf.GradientTape() as t:\n t.watch(m)\n y = tf.reduce_sum(xla(lambda a: "
    "tf.nn.approx_min_k(a, 2)[0])(m) * [[1., 2.], [3., 4.]])\ngmin = t.gradient(y, m)", "gmin",
    # NaN: TF's CPU kernel sorts with a comparison NaN breaks, so its answer
    # is not a rule (test_space_batch.py's KNOWN_DIFFERENCES)
    "tf.nn.approx_max_k([3., float('nan'), 1., 2.], 2)",
]

BATCH_NORM = [
    "mu, var = tf.constant([0.5, -1.0, 2.0]), tf.constant([1.0, 4.0, 0.25])",
    "beta, gamma = tf.constant([0.1, 0.2, 0.3]), tf.constant([2.0, 0.5, -1.0])",
    "tf.nn.batch_norm_with_global_normalization(s, mu, var, beta, gamma, 0.001, True)[0, 0]",
    "tf.nn.batch_norm_with_global_normalization(s, mu, var, beta, gamma, 0.001, False)[1, 2]",
    "tf.compat.v1.nn.batch_norm_with_global_normalization(s, mu, var, beta, gamma, 0.1, True)"
    "[0, 1]",
    "tf.compat.v1.nn.batch_norm_with_global_normalization(input=s, mean=mu, variance=var, "
    "beta=beta, gamma=gamma, variance_epsilon=0.01, scale_after_normalization=True)[1, 3]",
    "tf.compat.v1.nn.batch_norm_with_global_normalization(s, mu, var, beta, gamma, 0.1, True, "
    "input=s)",
    "tf.nn.batch_norm_with_global_normalization(tf.cast(s, tf.float64), tf.cast(mu, tf.float64), "
    "tf.cast(var, tf.float64), tf.cast(beta, tf.float64), tf.cast(gamma, tf.float64), 0.001, "
    "True)[0, 0]",
    "with tf.GradientTape() as t:\n t.watch([s, gamma])\n y = tf.reduce_sum(tf.sin("
    "tf.nn.batch_norm_with_global_normalization(s, mu, var, beta, gamma, 0.001, True)))\n"
    "gn = t.gradient(y, [s, gamma])", "[gn[0][0, 0], gn[1]]",
]

# Names only compat.v1 has, and TF 2's.
NAMES = [
    "[hasattr(tf, 'batch_to_space_nd'), hasattr(tf.compat.v1, 'batch_to_space_nd'), "
    "hasattr(tf.nn, 'batch_to_space'), hasattr(tf.compat.v1.nn, 'batch_to_space')]",
]

CASES = (SETUP + EAGER + EAGER_ERRORS + SIGNATURES + GRAPH_ERRORS + SESSION + GRADIENTS +
         REQUIRED_AND_ATROUS + APPROX + BATCH_NORM + NAMES)


def evaluate_all(tf):
    return _evaluate_all(tf, CASES)
