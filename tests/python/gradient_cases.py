"""One differentiation case per registry op that declares a gradient
(test_gradient_registry.py checks each against central differences, eagerly,
in a graph and in a traced function). A case is (function of float64
tensors, input kinds): kinds say where values are drawn so that the op is
smooth there (away from kinks, ties and singular matrices)."""

import numpy as np

import kiln as tf

# kind -> (shape) -> values, from a NumPy Generator.
KINDS = {
    "any": lambda rng, s: rng.uniform(-2, 2, s),
    "pos": lambda rng, s: rng.uniform(0.5, 2, s),
    "unit": lambda rng, s: rng.uniform(-0.8, 0.8, s),
    "gt1": lambda rng, s: rng.uniform(1.2, 3, s),
    "nonzero": lambda rng, s: rng.uniform(0.5, 2, s) * rng.choice([-1, 1], s),
    # well separated values in random order: no ties for sorts, max, min
    "distinct": lambda rng, s: (rng.permutation(int(np.prod(s))) * 0.5
                                + rng.uniform(0, 0.1, int(np.prod(s)))).reshape(s) - 1,
    # symmetric positive definite (a batch of) matrices
    "spd": lambda rng, s: _spd(rng, s),
    # well conditioned square matrices
    "matrix": lambda rng, s: rng.uniform(-1, 1, s) + 3 * np.eye(s[-2], s[-1]),
}


def _spd(rng, s):
    a = rng.uniform(-1, 1, s)
    return a @ np.swapaxes(a, -1, -2) + s[-1] * np.eye(s[-1])


def case(fn, *inputs, rtol=1e-5, atol=1e-6, vjp_rtol=1e-9):
    """inputs: (shape, kind) per argument. rtol/atol: against central
    differences; vjp_rtol: graph and function gradients against eager ones."""
    return {"fn": fn, "inputs": inputs, "rtol": rtol, "atol": atol, "vjp_rtol": vjp_rtol}


A = ((2, 3), "any")
P = ((2, 3), "pos")
U = ((2, 3), "unit")
D = ((2, 3), "distinct")
S = ((), "any")
IDX = np.array([2, 0, 2, 1])

CASES = {
    # unary
    "abs": case(tf.abs, ((2, 3), "nonzero")),
    "negative": case(tf.negative, A),
    "sign": case(tf.sign, ((2, 3), "nonzero")),
    "square": case(tf.square, A),
    "relu": case(tf.nn.relu, ((2, 3), "nonzero")),
    "relu6": case(lambda x: tf.nn.relu6(x * 4), ((2, 3), "nonzero")),
    "sqrt": case(tf.sqrt, P),
    "rsqrt": case(tf.math.rsqrt, P),
    "reciprocal": case(tf.math.reciprocal, ((2, 3), "nonzero")),
    "exp": case(tf.exp, A),
    "expm1": case(tf.math.expm1, A),
    "log": case(tf.math.log, P),
    "log1p": case(tf.math.log1p, P),
    "sin": case(tf.sin, A),
    "cos": case(tf.cos, A),
    "tan": case(tf.tan, U),
    "asin": case(tf.asin, U),
    "acos": case(tf.acos, U),
    "atan": case(tf.atan, A),
    "sinh": case(tf.sinh, A),
    "cosh": case(tf.cosh, A),
    "tanh": case(tf.tanh, A),
    "asinh": case(tf.asinh, A),
    "acosh": case(tf.acosh, ((2, 3), "gt1")),
    "atanh": case(tf.atanh, U),
    "sigmoid": case(tf.sigmoid, A),
    "erf": case(tf.math.erf, A),
    "elu": case(tf.nn.elu, ((2, 3), "nonzero")),
    "selu": case(tf.nn.selu, ((2, 3), "nonzero")),
    "softplus": case(tf.math.softplus, A),
    "softsign": case(tf.nn.softsign, ((2, 3), "nonzero")),
    "leaky_relu": case(tf.nn.leaky_relu, ((2, 3), "nonzero")),
    "gelu": case(lambda x: tf.nn.gelu(x) + tf.nn.gelu(x, approximate=True), A),
    "softmax": case(lambda x: tf.nn.softmax(x, axis=0), A),
    "log_softmax": case(tf.nn.log_softmax, A),
    # binary
    "add": case(tf.add, A, ((3,), "any")),
    "subtract": case(tf.subtract, ((2, 1), "any"), A),
    "multiply": case(tf.multiply, A, ((1, 3), "any")),
    "divide": case(tf.divide, A, ((2, 3), "nonzero")),
    "divide_no_nan": case(tf.math.divide_no_nan, A, ((3,), "nonzero")),
    "floormod": case(lambda x, y: tf.math.floormod(x, y), ((2, 3), "pos"), ((), "gt1")),
    "pow": case(tf.pow, P, ((3,), "any")),
    "maximum": case(tf.maximum, D, ((2, 3), "distinct")),
    "minimum": case(tf.minimum, D, ((2, 3), "distinct")),
    "squared_difference": case(tf.math.squared_difference, A, ((3,), "any")),
    "atan2": case(tf.math.atan2, A, ((2, 3), "nonzero")),
    "where": case(lambda x, y: tf.where(np.array([[True, False, True], [False, True, True]]), x, y),
                  A, ((3,), "any")),
    "clip_by_value": case(lambda t, lo, hi: tf.clip_by_value(t, lo, hi),
                          ((2, 3), "distinct"), ((), "unit"), ((3,), "gt1")),
    # casts and graph constructs
    # through float32 and back: the numerical derivative sees float32 rounding
    "cast": case(lambda x: tf.cast(tf.cast(x, tf.float32), tf.float64), A, rtol=1e-2, atol=1e-2,
                 vjp_rtol=1e-6),
    "saturate_cast": case(lambda x: tf.saturate_cast(x, tf.float64), A),
    "identity": case(tf.identity, A),
    "ensure_shape": case(lambda x: tf.ensure_shape(x, [2, 3]), A),
    "placeholder_with_default": case(
        lambda x: tf.compat.v1.placeholder_with_default(x, [2, 3]), A),
    # reductions
    "reduce_sum": case(lambda x: tf.reduce_sum(x, axis=1), A),
    "reduce_mean": case(lambda x: tf.reduce_mean(x, axis=0, keepdims=True), A),
    "reduce_prod": case(lambda x: tf.reduce_prod(x, axis=-1), ((2, 3), "nonzero")),
    "reduce_max": case(lambda x: tf.reduce_max(x, axis=1), D),
    "reduce_min": case(lambda x: tf.reduce_min(x), D),
    "reduce_logsumexp": case(lambda x: tf.reduce_logsumexp(x, axis=1), A),
    "reduce_variance": case(lambda x: tf.math.reduce_variance(x, axis=0), A),
    "reduce_std": case(lambda x: tf.math.reduce_std(x, axis=1), A),
    "cumsum": case(lambda x: tf.cumsum(x, axis=1, exclusive=True, reverse=True), A),
    "cumprod": case(lambda x: tf.math.cumprod(x, axis=1), ((2, 3), "nonzero")),
    "sort": case(lambda x: tf.sort(x, axis=-1), D),
    "top_k": case(lambda x: tf.math.top_k(x, k=2).values, D),
    # linear algebra
    "matmul": case(tf.matmul, ((2, 2, 3), "any"), ((3, 2), "any")),
    "tensordot": case(lambda a, b: tf.tensordot(a, b, axes=[[1], [0]]), A, ((3, 2), "any")),
    "einsum": case(lambda a, b: tf.einsum("ij,jk->ik", a, b), A, ((3, 2), "any")),
    "trace": case(tf.linalg.trace, ((3, 3), "any")),
    "diag_part": case(tf.linalg.diag_part, ((3, 3), "any")),
    "inv": case(tf.linalg.inv, ((3, 3), "matrix")),
    "det": case(tf.linalg.det, ((3, 3), "matrix")),
    "slogdet": case(lambda x: tf.linalg.slogdet(x)[1], ((3, 3), "matrix")),
    "solve": case(tf.linalg.solve, ((3, 3), "matrix"), ((3, 2), "any")),
    # cholesky reads the lower triangle and TF's gradient is symmetric: check
    # it on symmetric perturbations
    "cholesky": case(lambda x: tf.linalg.cholesky((x + tf.linalg.matrix_transpose(x)) / 2),
                     ((3, 3), "spd"), rtol=1e-4),
    "cholesky_solve": case(lambda c, b: tf.linalg.cholesky_solve(
        tf.linalg.band_part(c, -1, 0), b), ((3, 3), "matrix"), ((3, 2), "any")),
    "qr": case(lambda x: tf.linalg.qr(x)[1], ((3, 3), "matrix"), rtol=1e-4),
    "svd": case(lambda x: tf.linalg.svd(x, compute_uv=False), ((3, 3), "matrix"), rtol=1e-4),
    "eigh": case(lambda x: tf.linalg.eigh(x + tf.linalg.matrix_transpose(x))[0],
                 ((3, 3), "distinct"), rtol=1e-4),
    "matrix_solve_ls": case(lambda a, b: tf.linalg.lstsq(a, b), ((4, 3), "matrix"),
                            ((4, 2), "any"), rtol=1e-4),
    "diag": case(tf.linalg.diag, ((3,), "any")),
    "set_diag": case(tf.linalg.set_diag, ((3, 3), "any"), ((3,), "any")),
    "band_part": case(lambda x: tf.linalg.band_part(x, 1, 0), ((3, 3), "any")),
    # shapes
    "reshape": case(lambda x: tf.reshape(x, [3, 2]), A),
    "transpose": case(lambda x: tf.transpose(x, [2, 0, 1]), ((2, 3, 2), "any")),
    "expand_dims": case(lambda x: tf.expand_dims(x, -1), A),
    "squeeze": case(lambda x: tf.squeeze(x, [1]), ((2, 1, 3), "any")),
    "broadcast_to": case(lambda x: tf.broadcast_to(x, [2, 2, 3]), ((2, 1), "any")),
    "slice": case(lambda x: tf.slice(x, [0, 1], [2, 2]), A),
    "strided_slice": case(lambda x: x[1:, ::-2, tf.newaxis, 0] + x[..., 1:2, :][0], ((3, 3, 2), "any")),
    "split": case(lambda x: tf.split(x, [1, 2], axis=1)[1] * 2, A),
    "unstack": case(lambda x: tf.unstack(x, axis=1)[2], A),
    "reverse": case(lambda x: tf.reverse(x, [1]), A),
    "concat": case(lambda x, y: tf.concat([x, y, x], axis=0), A, ((1, 3), "any")),
    "stack": case(lambda x, y: tf.stack([x, y], axis=1), A, A),
    "tile": case(lambda x: tf.tile(x, [2, 2]), A),
    "pad": case(lambda x: tf.pad(x, [[1, 0], [0, 2]]), A),
    "roll": case(lambda x: tf.roll(x, shift=[1, -1], axis=[0, 1]), A),
    "fill": case(lambda v: tf.fill([2, 3], v), S),
    # gathers and scatters
    "gather": case(lambda p: tf.gather(p, IDX, axis=1), A),
    "gather_nd": case(lambda p: tf.gather_nd(p, [[1, 2], [0, 0], [1, 2]]), A),
    "scatter_nd": case(lambda u: tf.scatter_nd([[1], [0], [1]], u, [2, 3]), ((3, 3), "any")),
    "tensor_scatter_nd_update": case(
        lambda t, u: tf.tensor_scatter_nd_update(t, [[1, 0], [0, 2]], u), A, ((2,), "any")),
    "boolean_mask": case(lambda x: tf.boolean_mask(x, [True, False, True], axis=1), A),
    # segments
    "segment_sum": case(lambda d: tf.math.segment_sum(d, [0, 0, 1]), ((3, 2), "any")),
    "segment_mean": case(lambda d: tf.math.segment_mean(d, [0, 0, 1]), ((3, 2), "any")),
    "segment_max": case(lambda d: tf.math.segment_max(d, [0, 0, 1]), ((3, 2), "distinct")),
    "segment_min": case(lambda d: tf.math.segment_min(d, [0, 0, 1]), ((3, 2), "distinct")),
    "segment_prod": case(lambda d: tf.math.segment_prod(d, [0, 0, 1]), ((3, 2), "nonzero")),
    "unsorted_segment_sum": case(
        lambda d: tf.math.unsorted_segment_sum(d, [1, 0, 1], 3), ((3, 2), "any")),
    "unsorted_segment_max": case(
        lambda d: tf.math.unsorted_segment_max(d, [1, 0, 1], 2), ((3, 2), "distinct")),
    "unsorted_segment_min": case(
        lambda d: tf.math.unsorted_segment_min(d, [1, 0, 1], 2), ((3, 2), "distinct")),
    "unsorted_segment_prod": case(
        lambda d: tf.math.unsorted_segment_prod(d, [1, 0, 1], 2), ((3, 2), "nonzero")),
    # image resizing: nearest neighbour, which keeps float64 (the other methods
    # compute in float32, as TF; tests/python/test_image_ops.py checks each of
    # them as the adjoint of resizing, and against TF's gradients)
    "resize": case(lambda x: tf.image.resize(x, [5, 2], method="nearest"), ((1, 3, 4, 2), "any")),
    "resize_grad": case(lambda dy: _resize_grad(dy, [5, 3], "nearest"), ((2, 3, 4, 1), "any")),
}


def _raw(name, inputs, attrs):
    """A registry op with no public Python name (TF's raw gradient ops)."""
    from kiln import _core
    return _core.execute(_core.op_names().index(name), tuple(inputs), attrs)


def _resize_grad(dy, size, method):
    return _raw("resize_grad", (dy,), (size, method, False, True, False))


# convolutions (python/kiln/nn_conv_ops.py): every backprop op is itself differentiated
_v1nn = tf.compat.v1.nn
CASES.update({
    "conv2d": case(lambda x, w: tf.nn.conv2d(x, w, [2, 1], "SAME", dilations=[1, 2]),
                   ((2, 5, 6, 4), "any"), ((3, 2, 2, 6), "any")),  # 2 groups
    "conv2d_backprop_input": case(
        lambda w, dy: _v1nn.conv2d_backprop_input([2, 5, 6, 4], w, dy, [1, 2, 1, 1], "VALID"),
        ((3, 2, 4, 3), "any"), ((2, 2, 5, 3), "any")),
    "conv2d_backprop_filter": case(
        lambda x, dy: _v1nn.conv2d_backprop_filter(x, [2, 3, 4, 3], dy, [1, 1, 2, 1],
                                                   [[0, 0], [1, 1], [0, 0], [0, 0]]),
        ((2, 4, 5, 4), "any"), ((2, 5, 2, 3), "any")),
    "conv3d": case(lambda x, w: tf.nn.conv3d(x, w, [1, 1, 1, 1, 2], "SAME", data_format="NCDHW"),
                   ((1, 2, 3, 4, 3), "any"), ((2, 2, 2, 2, 3), "any")),
    "conv3d_backprop_input_v2": case(
        lambda w, dy: tf.nn.conv3d_transpose(dy, w, [1, 3, 4, 3, 2], [1, 1, 2, 1, 1], "VALID"),
        ((2, 2, 2, 2, 3), "any"), ((1, 2, 2, 2, 3), "any")),
    "conv3d_backprop_filter_v2": case(
        lambda x, dy: _v1nn.conv3d_backprop_filter_v2(x, [2, 2, 2, 2, 3], dy, [1, 1, 1, 1, 1],
                                                      "SAME"),
        ((1, 3, 3, 3, 2), "any"), ((1, 3, 3, 3, 3), "any")),
    "depthwise_conv2d_native": case(
        lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 2, 2], "SAME", data_format="NCHW"),
        ((2, 3, 5, 4), "any"), ((2, 2, 3, 2), "any")),
    "depthwise_conv2d_native_backprop_input": case(
        lambda w, dy: tf.nn.depthwise_conv2d_backprop_input([1, 5, 4, 3], w, dy, [1, 1, 1, 1],
                                                            "VALID", dilations=[1, 2, 1, 1]),
        ((2, 2, 3, 2), "any"), ((1, 3, 3, 6), "any")),
    "depthwise_conv2d_native_backprop_filter": case(
        lambda x, dy: tf.nn.depthwise_conv2d_backprop_filter(x, [3, 3, 2, 2], dy, [1, 1, 1, 1],
                                                             "SAME"),
        ((1, 4, 4, 2), "any"), ((1, 4, 4, 4), "any")),
})


# ---- pooling and normalization (nn_pool_ops.cc, nn_norm_ops.cc) ----

_POOL = ((1, 2, 2, 1), (1, 2, 2, 1), "SAME")
_POOL3 = ((1, 2, 2, 2, 1), (1, 1, 2, 1, 1), "SAME")
P5 = ((1, 3, 4, 3, 2), "distinct")


def _max_pool_grad(x, dy, name="max_pool_grad"):
    y = tf.nn.max_pool2d(x, 2, 2, "SAME")
    return _raw(name, (x, y, dy), _POOL + ((), "NHWC"))


def _max_pool3d_grad(x, dy, name):
    y = tf.nn.max_pool3d(x, 2, [1, 2, 1], "SAME")
    return _raw(name, (x, y, dy), _POOL3 + ("NDHWC",))


P4 = ((2, 4, 5, 2), "distinct")
CASES.update({
    "max_pool": case(lambda x: tf.nn.max_pool2d(x, 3, 2, "SAME"), P4),
    "max_pool3d": case(lambda x: tf.nn.max_pool3d(x, 2, [1, 2, 1], "VALID"), P5),
    "avg_pool": case(lambda x: tf.nn.avg_pool2d(x, [2, 3], [1, 2], "SAME"), ((2, 4, 5, 2), "any")),
    "avg_pool3d": case(lambda x: tf.nn.avg_pool3d(x, 2, 1, "SAME"), ((1, 3, 2, 3, 2), "any")),
    # linear in dy; piecewise constant in x (values kept distinct: no ties)
    "max_pool_grad": case(_max_pool_grad, P4, ((2, 2, 3, 2), "any")),
    "max_pool_grad_grad": case(lambda x, ddx: _max_pool_grad(x, ddx, "max_pool_grad_grad"), P4, P4),
    "max_pool3d_grad": case(lambda x, dy: _max_pool3d_grad(x, dy, "max_pool3d_grad"), P5,
                            ((1, 3, 2, 3, 2), "any")),
    "max_pool3d_grad_grad": case(lambda x, ddx: _max_pool3d_grad(x, ddx, "max_pool3d_grad_grad"),
                                 P5, ((1, 3, 4, 3, 2), "any")),
    "avg_pool_grad": case(lambda dy: _raw("avg_pool_grad", (dy,), ((2, 4, 5, 2),) + _POOL + ("NHWC",)),
                          ((2, 2, 3, 2), "any")),
    "avg_pool3d_grad": case(lambda dy: _raw("avg_pool3d_grad", (dy,),
                                            ((1, 3, 4, 3, 2),) + _POOL3 + ("NDHWC",)),
                            ((1, 3, 2, 3, 2), "any")),
    "max_pool_with_argmax": case(lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, "SAME")[0], P4),
})

# Ops whose gradient is built by the Python layer or tested elsewhere.
ELSEWHERE = {
    "read_variable": "test_gradients.py (variables)",
    "cond": "test_gradients.py (graph-mode cond)",
    "while_loop": "test_gradients.py (its error)",
    # float32-only ops (TF has no float64 kernels for them, nor kiln): central differences
    # in float32 are too coarse here; test_nn_norm.py checks these gradients against
    # float64 NumPy references and differences of them, eagerly, in graphs and in functions
    "fused_batch_norm": "test_nn_norm.py (float32 only)",
    "fused_batch_norm_grad": "test_nn_norm.py (float32 only)",
    "lrn": "test_nn_norm.py (float32 only)",
    # TF registers no gradient for these: kiln's raises TF's LookupError
    "max_pool_grad_with_argmax": "test_nn_pool.py (its LookupError)",
    "lrn_grad": "test_nn_norm.py (its LookupError)",
}


def draw_inputs(c, seed):
    rng = np.random.default_rng(seed)
    return [np.asarray(KINDS[kind](rng, shape), dtype=np.float64) for shape, kind in c["inputs"]]
