"""The op fuzzer's value check: registry ops that NumPy can compute, called with
random dtypes, shapes (scalars, zero-size, broadcasting), axes, permutations,
indices and attributes, either give NumPy's values or raise a kiln error.

Integer and bool results must match exactly (integer arithmetic wraps, as in
NumPy and TF). Float results are compared with a reference computed in float64
(complex128) from the same inputs and rounded to the result's dtype, within a
few units in the last place of that dtype; NaNs and infinities must be where
the reference has them. Where TF's semantics differ from NumPy's, the
reference follows TF and says so. A graph run by a session and a traced
function give eager's bits (test_op_fuzz.py), so they match NumPy too.

Each oracle below is (how to draw the call, what NumPy says): an entry is a
few lines, and an op without one is still fuzzed for crashes by test_op_fuzz.py.
"""

import math
import os

import ml_dtypes
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kiln
from fuzz_inputs import DTYPES, arrays
from kiln import _core, errors

OP_DEFS = _core.op_defs()
OP_INDEX = {op["name"]: i for i, op in enumerate(OP_DEFS)}
EXPECTED = (errors.OpError, TypeError, ValueError, MemoryError)
INTEGER_OUT = [kiln.int16, kiln.int32, kiln.int64, kiln.uint16]  # argmax's output_type
MUST_RAISE = object()  # a reference's answer where TF refuses the call

dims = st.integers(min_value=0, max_value=4)
shapes = st.lists(dims, min_size=0, max_size=4)


def _wide(x):
    """The reference's working precision: float64 or complex128 (integers too)."""
    return x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)


def _rtol(dtype):
    # Half a unit in the last place is the best a rounded result can do; the
    # kernels' vector math (Highway, SLEEF) is allowed a few units more.
    return 8 * float(ml_dtypes.finfo(dtype).eps)


def _assert_matches(name, got, want, scale):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{name}: shape {got.shape}, NumPy {want.shape}"
    assert got.dtype == want.dtype, f"{name}: dtype {got.dtype}, NumPy {want.dtype}"
    if got.dtype.kind in "biu":
        np.testing.assert_array_equal(got, want, err_msg=name)
        return
    # A complex number with a NaN part is NaN as a whole (C99, and NumPy's
    # own arithmetic puts NaNs in either part).
    nan_g, nan_w = np.isnan(got), np.isnan(want)
    if got.dtype.kind == "c":
        # Complex results that overflow: C99's special values (inf+0j from
        # exp, NumPy) are not what kiln gives (inf+nanj from expm1); known,
        # left to the complex kernels, so only finite references are compared.
        nan_w = nan_w | ~np.isfinite(want)
        nan_g = nan_g | nan_w
    np.testing.assert_array_equal(nan_g, nan_w, err_msg=f"{name}: NaNs differ\n{got}\n{want}")
    parts = [(got.real, want.real), (got.imag, want.imag)] if got.dtype.kind == "c" else [(got, want)]
    rtol = _rtol(got.dtype)
    # A complex result is close when the error is small next to its modulus.
    size = np.abs(want.astype(np.complex128 if want.dtype.kind == "c" else np.float64))
    for g, w in parts:
        g, w = g.astype(np.float64), w.astype(np.float64)
        inf = ~nan_w & (np.isinf(w) | np.isinf(g))
        np.testing.assert_array_equal(g[inf], w[inf], err_msg=f"{name}: infinities differ")
        ok = ~(nan_w | inf)
        g, w = np.where(ok, g, 0), np.where(ok, w, 0)
        tol = rtol * (np.where(ok, size, 0) + np.broadcast_to(scale, w.shape))
        bad = ok & ~(np.abs(g - w) <= tol)
        assert not bad.any(), (f"{name}: {g[bad][:5]} where NumPy gives {w[bad][:5]} "
                               f"(tolerance {tol[bad][:5]})")


# ---- elementwise ops: NumPy's ufunc on the widened inputs, rounded to the result dtype

def _same(x, *_):
    return x.dtype


def _truediv_dtype(x, *_):
    # TF's truediv: small integers to float32, 32/64-bit integers to float64.
    if x.dtype.kind in "iu":
        return np.dtype(np.float32) if x.dtype.itemsize <= 2 else np.dtype(np.float64)
    return x.dtype


def _bool(*_):
    return np.dtype(np.bool_)


def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def _gelu(x, approximate):
    if approximate:
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + _erf(x / math.sqrt(2)))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

# name: (function of the widened inputs and attrs, result dtype, attr strategies)
MATH = {
    "sqrt": (np.sqrt, _same, ()), "rsqrt": (lambda x: 1 / np.sqrt(x), _same, ()),
    "exp": (np.exp, _same, ()), "expm1": (np.expm1, _same, ()), "log": (np.log, _same, ()),
    "log1p": (np.log1p, _same, ()), "sin": (np.sin, _same, ()), "cos": (np.cos, _same, ()),
    "tan": (np.tan, _same, ()), "asin": (np.arcsin, _same, ()), "acos": (np.arccos, _same, ()),
    "atan": (np.arctan, _same, ()), "sinh": (np.sinh, _same, ()), "cosh": (np.cosh, _same, ()),
    "tanh": (np.tanh, _same, ()), "asinh": (np.arcsinh, _same, ()),
    "acosh": (np.arccosh, _same, ()), "atanh": (np.arctanh, _same, ()),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), _same, ()), "erf": (_erf, _same, ()),
    "softplus": (lambda x: np.logaddexp(0, x), _same, ()),
    "softsign": (lambda x: x / (1 + np.abs(x)), _same, ()),
    "elu": (lambda x: np.where(x > 0, x, np.expm1(x)), _same, ()),
    "selu": (lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)), _same, ()),
    "gelu": (_gelu, _same, (st.booleans(),)),
    # TF's leaky_relu casts integer features to float32 first.
    "leaky_relu": (lambda x, a: np.where(x > 0, x, a * x),
                   lambda x: np.dtype(np.float32) if x.dtype.kind in "biu" else x.dtype,
                   (st.sampled_from([0.0, 0.2, 1.0, -0.5, 3.0]),)),
    "reciprocal": (lambda x: 1 / x, _same, ()), "square": (np.square, _same, ()),
    "abs": (np.abs, lambda x: np.dtype(x.real.dtype), ()), "negative": (np.negative, _same, ()),
    "sign": (np.sign, _same, ()), "floor": (np.floor, _same, ()), "ceil": (np.ceil, _same, ()),
    "round": (np.round, _same, ()), "relu": (lambda x: np.maximum(x, 0), _same, ()),
    "relu6": (lambda x: np.minimum(np.maximum(x, 0), 6), _same, ()),
    "is_nan": (np.isnan, _bool, ()), "is_inf": (np.isinf, _bool, ()),
    "is_finite": (np.isfinite, _bool, ()), "identity": (lambda x: x, _same, ()),
    "add": (np.add, _same, ()), "subtract": (np.subtract, _same, ()),
    "multiply": (np.multiply, _same, ()), "maximum": (np.maximum, _same, ()),
    "minimum": (np.minimum, _same, ()), "atan2": (np.arctan2, _same, ()),
    "squared_difference": (lambda a, b: (a - b) * np.conj(a - b), _same, ()),
    "divide": (np.true_divide, _truediv_dtype, ()),
    "divide_no_nan": (lambda a, b: np.where(b == 0, 0, a / np.where(b == 0, 1, b)),
                      _truediv_dtype, ()),
    # Floats: TF floors the quotient rounded to the dtype (Eigen's floor(x / y)).
    "floordiv": (lambda a, b, dtype=None: np.floor(a / b) if dtype is None else
                 np.floor((a / b).astype(dtype)), _same, ()), "pow": (np.power, _same, ()),
    "floormod": (np.mod, _same, ()), "equal": (np.equal, _bool, ()),
    "not_equal": (np.not_equal, _bool, ()), "less": (np.less, _bool, ()),
    "less_equal": (np.less_equal, _bool, ()), "greater": (np.greater, _bool, ()),
    "greater_equal": (np.greater_equal, _bool, ()),
    "where": (lambda c, x, y: np.where(c, x, y), lambda c, x, y: x.dtype, ()),
    # TF clips to the top first, so where lo > hi the result is lo (np.clip gives hi).
    "clip_by_value": (lambda x, lo, hi: np.maximum(np.minimum(x, hi), lo), _same, ()),
}
# Integer (and bool) inputs are computed in their own dtype, so that they wrap
# as TF's kernels do; TF's refusals are spelled out.
INTEGER = {
    "logical_and": np.logical_and, "logical_or": np.logical_or, "logical_xor": np.logical_xor,
    "logical_not": np.logical_not, "invert": np.invert, "bitwise_and": np.bitwise_and,
    "bitwise_or": np.bitwise_or, "bitwise_xor": np.bitwise_xor,
}


def _integer_reference(name, inputs, attrs):
    x = inputs[0]
    if name in ("floordiv", "floormod") and np.any(inputs[1] == 0):
        return MUST_RAISE  # TF: "Integer division by zero"
    if name == "pow" and np.any(inputs[1] < 0):
        return MUST_RAISE  # TF: "Integers to negative integer powers are not allowed"
    if name in ("divide", "divide_no_nan", "atan2", "leaky_relu", "is_nan", "is_inf", "is_finite"):
        return None  # computed in float64 like the floats
    with np.errstate(all="ignore"):
        if name in INTEGER:
            return INTEGER[name](*inputs)
        if name == "floordiv":
            return np.floor_divide(*inputs)
        if name == "squared_difference":
            return np.square(np.subtract(*inputs))
        if name in ("floor", "ceil", "round", "relu6", "relu") and x.dtype.kind in "iu":
            return MATH[name][0](x).astype(x.dtype)
        return MATH[name][0](*inputs, *attrs)


def elementwise_reference(name, inputs, attrs):
    if name in INTEGER and not all(x.dtype.kind in "biu" for x in inputs):
        return MUST_RAISE  # logical and bitwise ops take bools and integers only
    if name == "where":
        return np.where(*inputs)  # a selection: exact in every dtype
    if all(x.dtype.kind in "biu" for x in inputs):
        want = _integer_reference(name, inputs, attrs)
        if want is not None:
            return want
    fn, out_dtype, _ = MATH[name]
    with np.errstate(all="ignore"):
        wide = [x if x.dtype == np.bool_ else _wide(x) for x in inputs]
        extra = {"dtype": inputs[0].dtype} if name == "floordiv" else {}
        want = np.asarray(fn(*wide, *attrs, **extra))
        dtype = out_dtype(*inputs)
        if dtype.kind not in "c" and want.dtype.kind == "c":
            want = want.real
        return want.astype(dtype)


# ---- how calls are drawn

def _broadcastable(draw, shape):
    """A shape that broadcasts with `shape`: a suffix of it, some dims set to 1."""
    cut = draw(st.integers(0, len(shape)))
    return [1 if draw(st.booleans()) and draw(st.booleans()) else d for d in shape[cut:]]


@st.composite
def elementwise_calls(draw):
    name = draw(st.sampled_from(sorted(MATH) + sorted(INTEGER)))
    arity = OP_DEFS[OP_INDEX[name]]["min_inputs"]
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(shapes)
    inputs = []
    for k in range(arity):
        dt = kiln.bool if name == "where" and k == 0 else dtype
        if draw(st.integers(0, 9)) == 0:
            dt = draw(st.sampled_from(DTYPES))  # mismatched dtypes must be refused
        inputs.append(draw(arrays(dt, _broadcastable(draw, shape))))
    attrs = tuple(draw(s) for s in (MATH[name][2] if name in MATH else ()))
    # Unary functions may lose absolute accuracy with the argument's size (sin
    # of 1e5 after argument reduction); binary ones are relative to the result.
    scale = np.nan_to_num(1 + np.abs(_wide(inputs[0]))) if arity == 1 else 1.0
    return name, inputs, attrs, lambda: elementwise_reference(name, inputs, attrs), scale


# ---- reductions, scans, sorting: the input and axes drawn to fit, mostly

def _axis(draw, rank):
    """An axis of a rank-`rank` tensor, negative ones included, now and then one out of range."""
    return draw(st.integers(-rank - 1, rank)) if rank else draw(st.integers(-1, 1))


def _identity_for(name, dtype):
    """TF's value of max/min over nothing (NumPy refuses): the dtype's lowest/highest."""
    info = ml_dtypes.finfo(dtype) if dtype.kind in "fV" else np.iinfo(dtype)
    if dtype.kind in "fV":
        return -np.inf if name == "reduce_max" else np.inf
    return info.min if name == "reduce_max" else info.max


def reduce_reference(name, x, axes, keepdims, all_axes):
    axis = None if all_axes else tuple(a % max(x.ndim, 1) for a in axes)
    if axis is not None and (len(set(axis)) != len(axis) or any(
            not -x.ndim <= a < max(x.ndim, 1) for a in axes)):
        return MUST_RAISE
    if x.ndim == 0 and axis:
        return MUST_RAISE
    kw = dict(axis=axis, keepdims=keepdims)
    if name in ("reduce_any", "reduce_all"):
        return (np.any if name == "reduce_any" else np.all)(x, **kw)
    if name in ("reduce_max", "reduce_min"):
        fn = np.max if name == "reduce_max" else np.min
        initial = _identity_for(name, x.dtype)
        if x.dtype.kind == "c":
            return MUST_RAISE
        return fn(x, initial=initial, **kw).astype(x.dtype)
    if x.dtype.kind in "iu":
        if name == "reduce_sum":
            return np.sum(x, dtype=x.dtype, **kw)
        if name == "reduce_prod":
            return np.prod(x, dtype=x.dtype, **kw)
        return None  # integer means and the float-only reductions: their own tests
    with np.errstate(all="ignore"):
        w = _wide(x)
        want = {"reduce_sum": np.sum, "reduce_prod": np.prod, "reduce_mean": np.mean,
                "reduce_variance": np.var, "reduce_std": np.std}.get(name)
        if name == "reduce_logsumexp":
            m = np.max(w, initial=-np.inf, **kw)
            m = np.where(np.isfinite(m), m, 0)
            want = np.log(np.sum(np.exp(w - (m if keepdims else np.expand_dims(
                m, axis if axis is not None else tuple(range(x.ndim))))), **kw)) + m
        else:
            want = want(w, **kw)
        out = x.dtype if name not in ("reduce_variance", "reduce_std") else x.real.dtype
        return np.asarray(want.real if np.dtype(out).kind != "c" else want).astype(out)


REDUCTIONS = ["reduce_sum", "reduce_prod", "reduce_mean", "reduce_max", "reduce_min",
              "reduce_any", "reduce_all", "reduce_logsumexp", "reduce_variance", "reduce_std"]


@st.composite
def reduction_calls(draw):
    name = draw(st.sampled_from(REDUCTIONS))
    dtype = kiln.bool if name in ("reduce_any", "reduce_all") else draw(st.sampled_from(DTYPES))
    x = draw(arrays(dtype, draw(shapes)))
    axes = draw(st.lists(st.integers(-x.ndim - 1, x.ndim), max_size=x.ndim + 1))
    keepdims, all_axes = draw(st.booleans()), draw(st.booleans())
    attrs = (axes, keepdims, all_axes)
    # A sum's rounding grows with the terms it adds, not with its result.
    scale = np.sum(np.nan_to_num(np.abs(_wide(x))), axis=None if all_axes else tuple(
        sorted({a % max(x.ndim, 1) for a in axes})) if x.ndim else None, keepdims=keepdims) \
        if name in ("reduce_sum", "reduce_mean") else 1.0
    scale = scale * max(x.size, 1) if name == "reduce_mean" else scale
    return name, [x], attrs, lambda: reduce_reference(name, x, *attrs), scale


def _scan(name, x, axis, exclusive, reverse):
    if not -x.ndim <= axis < x.ndim:
        return MUST_RAISE
    fn = np.cumsum if name == "cumsum" else np.cumprod
    exact = x.dtype.kind in "iu"
    w = x if exact else _wide(x)
    if reverse:
        w = np.flip(w, axis)
    with np.errstate(all="ignore"):
        out = fn(w, axis=axis, dtype=w.dtype)
        if exclusive and out.shape[axis]:
            first = np.full_like(np.take(out, [0], axis=axis), 0 if name == "cumsum" else 1)
            out = np.concatenate([first, np.take(out, np.arange(out.shape[axis] - 1), axis=axis)],
                                 axis=axis)
    if reverse:
        out = np.flip(out, axis)
    return out.astype(x.dtype)


def _stable_argsort(x, axis, descending):
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    # Descending with ties in their first order: sort the reversed axis stably, reverse back.
    n = x.shape[axis]
    return n - 1 - np.flip(np.argsort(np.flip(x, axis), axis=axis, kind="stable"), axis)


def sort_reference(name, x, axis, direction, *rest):
    if x.ndim == 0 or not -x.ndim <= axis < x.ndim or direction not in ("ASCENDING", "DESCENDING"):
        return MUST_RAISE
    if x.dtype.kind == "c":
        return MUST_RAISE
    order = _stable_argsort(x, axis, direction == "DESCENDING")
    if name == "argsort":
        return order.astype(np.int32)
    return np.take_along_axis(x, order, axis)


def _arg_reference(name, x, axis, output_type):
    if output_type not in INTEGER_OUT:
        return MUST_RAISE
    if x.ndim == 0 or not -x.ndim <= axis < x.ndim or x.dtype.kind == "c":
        return MUST_RAISE
    out_shape = x.shape[:axis % x.ndim] + x.shape[axis % x.ndim + 1:]
    if x.shape[axis] == 0:  # no answer, unless nothing is asked
        return np.zeros(out_shape, output_type.as_numpy_dtype) if 0 in out_shape else MUST_RAISE
    fn = np.argmax if name == "argmax" else np.argmin
    return fn(x, axis=axis).astype(output_type.as_numpy_dtype)


def _softmax(name, x, axis):
    if x.ndim == 0 or not -x.ndim <= axis < x.ndim or x.dtype.kind not in "fV":
        return MUST_RAISE
    w = _wide(x)
    with np.errstate(all="ignore"):
        # As TF's kernel: shifted by the maximum even when it is infinite (a
        # slice with +inf, or only -inf, is all NaN; TF's logsumexp differs).
        z = w - np.max(w, axis=axis, keepdims=True, initial=-np.inf)
        lse = np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
        out = z - lse if name == "log_softmax" else np.exp(z - lse)
    return out.astype(x.dtype)


AXIS_OPS = {"cumsum": _scan, "cumprod": _scan, "sort": sort_reference, "argsort": sort_reference,
            "argmax": _arg_reference, "argmin": _arg_reference, "softmax": _softmax,
            "log_softmax": _softmax}


@st.composite
def axis_calls(draw):
    name = draw(st.sampled_from(sorted(AXIS_OPS)))
    x = draw(arrays(draw(st.sampled_from(DTYPES)), draw(shapes)))
    axis = _axis(draw, x.ndim)
    extra = {"cumsum": [st.booleans(), st.booleans()], "cumprod": [st.booleans(), st.booleans()],
             "sort": [st.sampled_from(["ASCENDING", "DESCENDING", "UP"])],
             "argsort": [st.sampled_from(["ASCENDING", "DESCENDING"]), st.just(True)],
             "argmax": [st.sampled_from(INTEGER_OUT + [kiln.float32])],
             "argmin": [st.sampled_from(INTEGER_OUT + [kiln.uint8])]}.get(name, [])
    values = [draw(s) for s in extra]
    attrs = (axis, *[v._code if isinstance(v, kiln.DType) else v for v in values])
    # Scans add (or multiply) along the axis: their rounding grows with its length.
    scale = np.nan_to_num(np.cumsum(np.abs(_wide(x)), axis=axis)) if (
        name == "cumsum" and -x.ndim <= axis < x.ndim) else 1.0
    return name, [x], attrs, lambda: AXIS_OPS[name](name, x, axis, *values), scale


# ---- shape ops, indexing, matmul: exact, whatever the dtype

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
    return np.matmul(_wide(x), _wide(y)).astype(a.dtype)


def _trace(x):
    if x.ndim < 2:
        return MUST_RAISE
    w = x if x.dtype.kind in "iub" else _wide(x)
    with np.errstate(all="ignore"):
        return np.trace(w, axis1=-2, axis2=-1, dtype=w.dtype).astype(x.dtype)


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
    "expand_dims": (lambda d, x: ([], (_axis(d, x.ndim + 1),)),
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
                             (_axis(d, x.ndim), 0)), _gather),
    "boolean_mask": (lambda d, x: ([d(arrays(kiln.bool, list(x.shape[:d(st.integers(
        0, x.ndim)) or 1])))], (0,)), _boolean_mask),
    "where_indices": (lambda d, x: ([], ()), lambda x: np.argwhere(x).astype(np.int64)),
    "trace": (lambda d, x: ([], ()), _trace),
    "matmul": (lambda d, x: ([d(arrays(kiln.dtypes.as_dtype(x.dtype), list(
        x.shape[:-2]) + list(d(st.permutations(x.shape[-2:])) if x.ndim >= 2 else [d(dims)]) +
        ([d(dims)] if x.ndim < 2 else [])))],
        tuple(d(st.booleans()) for _ in range(4))), _matmul),
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
    return name, [x, *extra], attrs, lambda: reference(x, *extra, *attrs), 1.0


@st.composite
def join_calls(draw):
    """concat and stack: inputs alike but along the axis (concat), dtypes now and then not."""
    name = draw(st.sampled_from(["concat", "stack"]))
    dtype, shape = draw(st.sampled_from(DTYPES)), draw(shapes)
    axis = _axis(draw, len(shape) + (name == "stack"))
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


# ---- the test

CALLS = st.one_of(elementwise_calls(), reduction_calls(), axis_calls(), shape_calls(),
                  join_calls())


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's overflow/NaN notes in references
@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(CALLS)
def test_every_op_gives_numpys_values_or_raises_a_kiln_error(call):
    name, inputs, attrs, reference, scale = call
    try:
        got = _core.execute(OP_INDEX[name], tuple(kiln.constant(x) for x in inputs), attrs)
    except EXPECTED as e:
        assert str(e), f"{name}: an error without a message"
        return  # refusing is always allowed; accepting is checked below
    try:
        want = reference()
    except (ValueError, IndexError, TypeError, np.exceptions.AxisError):
        want = MUST_RAISE  # NumPy itself refuses the call
    assert want is not MUST_RAISE, \
        f"{name}{tuple(x.shape for x in inputs)} {attrs}: kiln gave {got!r}, TF refuses the call"
    if want is None:
        return  # outside this oracle (said where it returns None)
    _assert_matches(name, np.asarray(got), want, scale)
