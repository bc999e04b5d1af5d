"""NumPy references for reductions, scans, sorting, argmax and softmax
(test_op_oracle.py): the input and axes drawn to fit, mostly."""

import numpy as np
from hypothesis import strategies as st

import kiln
from fuzz_inputs import DTYPES, arrays
from oracle_common import INTEGER_OUT, MUST_RAISE, draw_axis, wide, shapes

def _identity_for(name, dtype):
    """TF's value of max/min over nothing (NumPy refuses): the dtype's lowest/highest."""
    if dtype.kind in "fV":
        return -np.inf if name == "reduce_max" else np.inf
    return np.iinfo(dtype).min if name == "reduce_max" else np.iinfo(dtype).max


def _reduced_axes(x, axes, all_axes):
    """NumPy's axis argument for TF's (axes, all_axes): None for all, else a
    tuple of distinct axes; MUST_RAISE for axes out of range or repeated."""
    if all_axes:
        return None
    if any(not -x.ndim <= a < x.ndim for a in axes) or len({a % x.ndim for a in axes}) != len(axes):
        return MUST_RAISE
    return tuple(a % x.ndim for a in axes)


def reduce_reference(name, x, axes, keepdims, all_axes):
    axis = _reduced_axes(x, axes, all_axes)
    if axis is MUST_RAISE:
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
        w = wide(x)
        want = {"reduce_sum": np.sum, "reduce_prod": np.prod, "reduce_mean": np.mean,
                "reduce_variance": np.var, "reduce_std": np.std}.get(name)
        if name == "reduce_logsumexp":
            # As TF: shifted by the maximum, or by 0 where that is infinite.
            m = np.max(w, axis=axis, keepdims=True, initial=-np.inf)
            m = np.where(np.isfinite(m), m, 0)
            want = np.log(np.sum(np.exp(w - m), **kw)) + (m if keepdims else np.squeeze(m, axis))
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
    axis = _reduced_axes(x, axes, all_axes)
    scale = 1.0
    if name in ("reduce_sum", "reduce_mean") and axis is not MUST_RAISE:
        scale = np.sum(np.nan_to_num(np.abs(wide(x))), axis=axis, keepdims=keepdims)
    return name, [x], attrs, lambda: reduce_reference(name, x, *attrs), scale


def _scan(name, x, axis, exclusive, reverse):
    if not -x.ndim <= axis < x.ndim:
        return MUST_RAISE
    fn = np.cumsum if name == "cumsum" else np.cumprod
    exact = x.dtype.kind in "iu"
    w = x if exact else wide(x)
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
    w = wide(x)
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
    axis = draw_axis(draw, x.ndim)
    extra = {"cumsum": [st.booleans(), st.booleans()], "cumprod": [st.booleans(), st.booleans()],
             "sort": [st.sampled_from(["ASCENDING", "DESCENDING", "UP"])],
             "argsort": [st.sampled_from(["ASCENDING", "DESCENDING"]), st.just(True)],
             "argmax": [st.sampled_from(INTEGER_OUT + [kiln.float32])],
             "argmin": [st.sampled_from(INTEGER_OUT + [kiln.uint8])]}.get(name, [])
    values = [draw(s) for s in extra]
    attrs = (axis, *[v._code if isinstance(v, kiln.DType) else v for v in values])
    # Scans add (or multiply) along the axis: their rounding grows with its length.
    scale = np.nan_to_num(np.cumsum(np.abs(wide(x)), axis=axis)) if (
        name == "cumsum" and -x.ndim <= axis < x.ndim) else 1.0
    return name, [x], attrs, lambda: AXIS_OPS[name](name, x, axis, *values), scale
