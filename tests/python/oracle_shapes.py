"""NumPy references for shape ops, indexing, matmul, concat and stack
(test_op_oracle.py): exact, whatever the dtype."""

import numpy as np
from hypothesis import strategies as st

import kiln
from fuzz_inputs import DTYPES, arrays
from oracle_common import MUST_RAISE, draw_axis, wide, dims, shapes

def _valid_axes(axes, rank):
    return all(-rank <= a < rank for a in axes) and len({a % rank for a in axes}) == len(axes) \
        if rank else not axes


def _squeeze(x, axes):
    if not _valid_axes(axes, x.ndim) or any(x.shape[a] != 1 for a in axes):
        return MUST_RAISE
    return np.squeeze(x, axis=tuple(axes) if axes else None)  # TF: [] squeezes every 1


def _tile(x, multiples):
    if len(multiples) != x.ndim or any(m < 0 for m in multiples):
        return MUST_RAISE
    return np.tile(x, multiples)


def _roll(x, shift, axes):
    if len(shift) != len(axes) or not all(-x.ndim <= a < x.ndim for a in axes):
        return MUST_RAISE
    return np.roll(x, shift, axes) if axes else x


def _pad(x, c, paddings, mode):
    if len(paddings) != 2 * x.ndim or any(p < 0 for p in paddings) or c.ndim != 0:
        return MUST_RAISE
    if x.ndim == 0:
        return x  # TF pads a scalar with no paddings (NumPy refuses)
    pairs = [paddings[2 * i:2 * i + 2] for i in range(x.ndim)]
    if mode == "CONSTANT":
        return np.pad(x, pairs, constant_values=c)
    limit = 0 if mode == "REFLECT" else 1  # TF: REFLECT pads < dim, SYMMETRIC <= dim
    if any(p > d - 1 + limit for (b, a), d in zip(pairs, x.shape) for p in (b, a)):
        return MUST_RAISE
    return np.pad(x, pairs, mode=mode.lower())


def _gather(x, indices, axis, batch_dims):
    if batch_dims != 0 or x.ndim == 0 or not -x.ndim <= axis < x.ndim:
        return None  # batch_dims: the gather family's own tests
    if np.any(indices < 0) or np.any(indices >= x.shape[axis]):
        return MUST_RAISE  # TF: indices out of range are an error, negative ones too
    return np.take(x, indices, axis=axis)


def _boolean_mask(x, mask, axis):
    a = axis % x.ndim if x.ndim else axis
    if mask.ndim == 0 or not -x.ndim <= axis < x.ndim or x.shape[a:a + mask.ndim] != mask.shape:
        return MUST_RAISE
    return x[(slice(None),) * a + (mask,)]


def _matmul(a, b, ta, tb, aa, ab):
    if a.ndim < 2 or b.ndim < 2 or (ta and aa) or (tb and ab) or a.dtype == np.bool_:
        return MUST_RAISE

    def op(m, t, adj):
        m = np.swapaxes(m, -1, -2) if t or adj else m
        return np.conj(m) if adj else m

    x, y = op(a, ta, aa), op(b, tb, ab)
    if x.shape[-1] != y.shape[-2]:
        return MUST_RAISE
    try:
        np.broadcast_shapes(x.shape[:-2], y.shape[:-2])
    except ValueError:
        return MUST_RAISE
    if a.dtype.kind in "iu":
        with np.errstate(all="ignore"):
            return np.matmul(x, y, dtype=a.dtype)  # wraps, as TF's integer matmul
    return np.matmul(wide(x), wide(y)).astype(a.dtype)


def _matmul_scale(a, b, ta, tb, aa, ab):
    """|a| @ |b|: a dot product's rounding error is bounded by its length times eps times
    the sum of the products' magnitudes, which cancellation can make far larger than
    the result (found by make fuzz: float32 terms of 2.5e5 summing to -2901.5)."""
    if a.dtype.kind not in "fc" or a.ndim < 2 or b.ndim < 2:
        return 1.0
    x = np.abs(np.swapaxes(a, -1, -2) if ta or aa else a).astype(np.float64)
    y = np.abs(np.swapaxes(b, -1, -2) if tb or ab else b).astype(np.float64)
    try:
        with np.errstate(all="ignore"):
            return np.nan_to_num(np.matmul(x, y))
    except ValueError:
        return 1.0  # shapes that do not fit: kiln must raise, no values to compare


def _trace(x):
    if x.ndim < 2:
        return MUST_RAISE
    w = x if x.dtype.kind in "iub" else wide(x)
    with np.errstate(all="ignore"):
        return np.trace(w, axis1=-2, axis2=-1, dtype=w.dtype).astype(x.dtype)


def _draw_matmul_operand(draw, a):
    """b for matmul(a, b): a's batch dims and its two matrix dims in either
    order (so that some of the transpose flags fit), or a short random shape."""
    if a.ndim < 2:
        return draw(arrays(kiln.dtypes.as_dtype(a.dtype), [draw(dims), draw(dims)]))
    matrix = list(draw(st.permutations(a.shape[-2:])))
    return draw(arrays(kiln.dtypes.as_dtype(a.dtype), list(a.shape[:-2]) + matrix))


def _draw_reshape(draw, shape):
    target = list(draw(st.permutations(shape)))
    if len(target) >= 2 and draw(st.booleans()):
        target[:2] = [target[0] * target[1]]
    if target and draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = -1
    if draw(st.integers(0, 9)) == 0:
        target.append(draw(st.sampled_from([2, -1, 0])))  # most of these do not fit
    return target


def _reshape(x, target):
    if target.count(-1) > 1 or any(d < -1 for d in target) or (-1 in target and 0 in target):
        return MUST_RAISE
    try:
        return np.reshape(x, target)
    except ValueError:
        return MUST_RAISE


def _broadcast_to(x, target):
    try:
        return np.broadcast_to(x, target)
    except ValueError:
        return MUST_RAISE


def _draw_broadcast_target(draw, shape):
    lead = draw(st.lists(dims, max_size=2))
    return lead + [draw(dims) if d == 1 else d for d in shape]


def _perm(draw, rank):
    perm = list(draw(st.permutations(range(rank))))
    if rank and draw(st.integers(0, 9)) == 0:
        perm[0] = perm[-1] if rank > 1 else rank  # a duplicate or out of range
    return perm


def _transpose(x, perm, conjugate):
    if sorted(perm) != list(range(x.ndim)):
        return MUST_RAISE
    out = np.transpose(x, perm)
    return np.conj(out) if conjugate and x.dtype.kind == "c" else out


# name: (draw(draw, x) -> (extra inputs, attrs), reference(x, *extra, *attrs))
SHAPE_OPS = {
    "reshape": (lambda d, x: ([], (_draw_reshape(d, list(x.shape)),)), _reshape),
    "transpose": (lambda d, x: ([], (_perm(d, x.ndim), d(st.booleans()))), _transpose),
    "expand_dims": (lambda d, x: ([], (draw_axis(d, x.ndim + 1),)),
                    lambda x, a: np.expand_dims(x, a) if -x.ndim - 1 <= a <= x.ndim
                    else MUST_RAISE),
    "squeeze": (lambda d, x: ([], (d(st.lists(st.integers(-x.ndim, max(x.ndim - 1, 0)),
                                              max_size=2, unique=True)),)), _squeeze),
    "broadcast_to": (lambda d, x: ([], (_draw_broadcast_target(d, list(x.shape)),)),
                     _broadcast_to),
    "reverse": (lambda d, x: ([], (d(st.lists(st.integers(-x.ndim, max(x.ndim - 1, 0)),
                                              max_size=x.ndim, unique=True)),)),
                lambda x, axes: np.flip(x, tuple(axes)) if _valid_axes(axes, x.ndim)
                else MUST_RAISE),
    "tile": (lambda d, x: ([], (d(st.lists(st.integers(0, 3), min_size=x.ndim,
                                           max_size=x.ndim + (d(st.integers(0, 9)) == 0))),)),
             _tile),
    "roll": (lambda d, x: ([], (d(st.lists(st.integers(-7, 7), min_size=x.ndim and 1,
                                           max_size=2)),
                                d(st.lists(st.integers(-x.ndim, max(x.ndim - 1, 0)),
                                           min_size=x.ndim and 1, max_size=2)))), _roll),
    "pad": (lambda d, x: ([d(arrays(kiln.dtypes.as_dtype(x.dtype), []))],
                          (d(st.lists(st.integers(0, 3), min_size=2 * x.ndim,
                                      max_size=2 * x.ndim)),
                           d(st.sampled_from(["CONSTANT", "REFLECT", "SYMMETRIC"])))), _pad),
    "gather": (lambda d, x: ([d(arrays(d(st.sampled_from([kiln.int32, kiln.int64])),
                                       d(st.lists(dims, max_size=2))))],
                             (draw_axis(d, x.ndim), 0)), _gather),
    "boolean_mask": (lambda d, x: ([d(arrays(kiln.bool, list(x.shape[:d(st.integers(
        0, x.ndim)) or 1])))], (0,)), _boolean_mask),
    "where_indices": (lambda d, x: ([], ()), lambda x: np.argwhere(x).astype(np.int64)),
    "trace": (lambda d, x: ([], ()), _trace),
    "matmul": (lambda d, x: ([_draw_matmul_operand(d, x)], tuple(d(st.booleans()) for _ in range(4))),
               _matmul),
    "shape": (lambda d, x: ([], (d(st.sampled_from([kiln.int32, kiln.int64]))._code,)),
              lambda x, t: np.array(x.shape, np.int32 if t == kiln.int32._code else np.int64)),
    "size": (lambda d, x: ([], (kiln.int64._code,)), lambda x, t: np.int64(x.size)),
    "rank": (lambda d, x: ([], ()), lambda x: np.int32(x.ndim)),
}


@st.composite
def shape_calls(draw):
    name = draw(st.sampled_from(sorted(SHAPE_OPS)))
    make, reference = SHAPE_OPS[name]
    x = draw(arrays(draw(st.sampled_from(DTYPES)), draw(shapes)))
    extra, attrs = make(draw, x)
    scale = _matmul_scale(x, *extra, *attrs) if name == "matmul" else 1.0
    return name, [x, *extra], attrs, lambda: reference(x, *extra, *attrs), scale


JOIN_OPS = ["concat", "stack"]


@st.composite
def join_calls(draw):
    """concat and stack: inputs alike but along the axis (concat), dtypes now and then not."""
    name = draw(st.sampled_from(JOIN_OPS))
    dtype, shape = draw(st.sampled_from(DTYPES)), draw(shapes)
    axis = draw_axis(draw, len(shape) + (name == "stack"))
    inputs = []
    for _ in range(draw(st.integers(1, 3))):
        s = list(shape)
        if name == "concat" and s and -len(s) <= axis < len(s):
            s[axis] = draw(dims)
        dt = dtype if draw(st.integers(0, 9)) else draw(st.sampled_from(DTYPES))
        inputs.append(draw(arrays(dt, s)))

    def reference():
        if len({x.dtype for x in inputs}) > 1:
            return MUST_RAISE
        try:
            return (np.concatenate if name == "concat" else np.stack)(inputs, axis=axis)
        except (ValueError, np.exceptions.AxisError):
            return MUST_RAISE

    return name, inputs, (axis,), reference, 1.0
