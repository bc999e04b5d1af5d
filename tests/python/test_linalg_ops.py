"""Linear algebra ops against NumPy: matmul, tensordot, einsum, eye, trace, diag_part."""

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
from kiln import errors

FLOATS = [np.float32, np.float64, np.complex64, np.complex128]
INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]


def _values(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)
    if dtype.kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _int_matmul(a, b):
    """NumPy's integer matmul wraps like kiln's; uint64/int64 products too."""
    return np.matmul(a, b)


def _tol(dtype):
    return {np.float32: 1e-4, np.complex64: 1e-4}.get(dtype, 1e-10)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shapes", [((2, 3), (3, 4)), ((1, 1), (1, 1)), ((5, 3, 4), (4, 2)),
                                    ((2, 1, 3, 4), (5, 4, 2)), ((0, 3), (3, 4)), ((2, 0), (0, 3)),
                                    ((3, 4), (2, 4, 5))])
def test_matmul_floats_match_numpy(dtype, shapes):
    a, b = _values(dtype, shapes[0]), _values(dtype, shapes[1], 1)
    out = kiln.matmul(a, b).numpy()
    assert out.dtype == dtype
    np.testing.assert_allclose(out, a @ b, rtol=_tol(dtype), atol=_tol(dtype))


@pytest.mark.parametrize("dtype", INTS)
def test_matmul_integers_wrap_like_numpy(dtype):
    a, b = _values(dtype, (3, 5, 7)), _values(dtype, (7, 4), 1)
    out = kiln.matmul(a, b).numpy()
    assert out.dtype == dtype
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(out, _int_matmul(a, b))


@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16])
def test_matmul_16_bit_floats_accumulate_in_float32(dtype):
    a, b = _values(np.float32, (4, 30)), _values(np.float32, (30, 3), 1)
    a, b = a.astype(dtype), b.astype(dtype)
    want = (a.astype(np.float32) @ b.astype(np.float32)).astype(dtype)
    out = kiln.matmul(a, b).numpy()
    assert out.dtype == dtype
    np.testing.assert_allclose(out.astype(np.float32), want.astype(np.float32), rtol=2e-2, atol=2e-2)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128, np.int32])
@pytest.mark.parametrize("ta, tb, aa, ab", [(True, False, False, False), (False, True, False, False),
                                            (True, True, False, False), (False, False, True, False),
                                            (False, False, False, True), (True, False, False, True)])
def test_matmul_transposes_and_adjoints(dtype, ta, tb, aa, ab):
    a, b = _values(dtype, (2, 4, 3)), _values(dtype, (2, 3, 4), 1)
    op_a = (lambda x: np.conj(np.swapaxes(x, -1, -2))) if aa else \
        (lambda x: np.swapaxes(x, -1, -2)) if ta else (lambda x: x)
    op_b = (lambda x: np.conj(np.swapaxes(x, -1, -2))) if ab else \
        (lambda x: np.swapaxes(x, -1, -2)) if tb else (lambda x: x)
    if op_a(a).shape[-1] != op_b(b).shape[-2]:
        b = np.swapaxes(b, -1, -2).copy()
    out = kiln.matmul(a, b, transpose_a=ta, transpose_b=tb, adjoint_a=aa, adjoint_b=ab).numpy()
    with np.errstate(over="ignore"):
        want = np.matmul(op_a(a), op_b(b))
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_matmul_strided_kiln_tensors_read_in_place():
    base = _values(np.float32, (8, 12))
    for a in [base[::2, 1::3], base.T[::2], base[:, ::-1][:4, :6]]:
        b = _values(np.float32, (a.shape[1], 5), 2)
        t = kiln.from_dlpack(np.ascontiguousarray(base)) if False else None
        del t
        got = kiln.matmul(kiln.from_dlpack(a) if a.strides[-1] > 0 else a, b).numpy()
        np.testing.assert_allclose(got, a @ b, rtol=1e-5, atol=1e-5)
    rows = kiln.constant(_values(np.float64, (3, 4, 5)))
    sliced = list(rows)[1]  # iteration yields views of the rows
    np.testing.assert_allclose(kiln.matmul(sliced, sliced, transpose_b=True).numpy(),
                               sliced.numpy() @ sliced.numpy().T)
    ints = _values(np.int64, (6, 6))[::2, ::3]
    np.testing.assert_array_equal(kiln.matmul(kiln.from_dlpack(ints), ints.T.copy()).numpy(),
                                  ints @ ints.T)


def test_matmul_large_uses_parallel_paths():
    a, b = _values(np.float32, (300, 200)), _values(np.float32, (200, 300), 1)
    np.testing.assert_allclose(kiln.matmul(a, b).numpy(), a @ b, rtol=1e-4, atol=1e-3)
    ia, ib = _values(np.int32, (64, 150, 40)), _values(np.int32, (64, 40, 30), 1)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(kiln.matmul(ia, ib).numpy(), np.matmul(ia, ib))
    x = _values(np.float64, (50, 40, 16))  # dense-layer shape: folded into one GEMM
    w = _values(np.float64, (16, 8), 1)
    np.testing.assert_allclose(kiln.matmul(x, w).numpy(), x @ w, rtol=1e-12)


def test_matmul_names_and_scalars():
    assert kiln.linalg.matmul is kiln.matmul
    t = kiln.constant([[1.5, 2.0]], dtype=kiln.float64)
    out = kiln.matmul(t, [[2], [1]])
    assert out.dtype == kiln.float64
    np.testing.assert_array_equal(out.numpy(), [[5.0]])


@pytest.mark.parametrize("a, b, kwargs, error, message", [
    ((2, 3), (4, 5), {}, errors.InvalidArgumentError,
     "[matmul] cannot multiply (2, 3) by (4, 5): the inner dimensions 3 and 4 differ"),
    ((2, 3), (2, 5), {"transpose_b": True}, errors.InvalidArgumentError,
     "cannot multiply (2, 3) by (2, 5) with transpose_b"),
    ((3,), (3, 2), {}, errors.InvalidArgumentError, "[matmul] a must have rank >= 2"),
    ((2, 3, 2, 2), (4, 2, 2), {}, errors.InvalidArgumentError,
     "[matmul] the batch dimensions (2, 3) of a (2, 3, 2, 2) and (4,) of b"),
    ((2, 2), (2, 2), {"transpose_a": True, "adjoint_a": True}, ValueError,
     "Only one of `transpose_a` and `adjoint_a`"),
])
def test_matmul_errors(a, b, kwargs, error, message):
    with pytest.raises(error) as info:
        kiln.matmul(kiln.zeros(a), kiln.zeros(b), **kwargs)
    assert message in str(info.value)


def test_matmul_dtype_errors():
    with pytest.raises(errors.InvalidArgumentError, match=r"operand 0 is float32 but operand 1 is float64"):
        kiln.matmul(kiln.zeros([2, 2]), kiln.zeros([2, 2], kiln.float64))
    with pytest.raises(errors.InvalidArgumentError, match="not defined for bool"):
        kiln.matmul(kiln.constant([[True]]), kiln.constant([[True]]))
    with pytest.raises(ValueError, match="output_type=int64"):
        kiln.matmul(kiln.zeros([2, 2], kiln.int32), kiln.zeros([2, 2], kiln.int32),
                    output_type=kiln.int64)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(0, 6), st.integers(0, 6), st.integers(0, 6),
       st.sampled_from([np.float64, np.int16, np.complex64]))
def test_matmul_property(batch, m, k, n, dtype):
    a, b = _values(dtype, (batch, m, k)), _values(dtype, (k, n), 3)
    with np.errstate(over="ignore"):
        want = np.matmul(a, b)
    np.testing.assert_allclose(kiln.matmul(a, b).numpy(), want, rtol=1e-4, atol=1e-4)


# ---- tensordot ----

@pytest.mark.parametrize("sa, sb, axes", [((2, 3, 4), (4, 5), 1), ((2, 3, 4), (3, 4, 5), 2),
                                          ((2, 3), (4,), 0), ((2, 3, 4), (4, 3), [[1, 2], [1, 0]]),
                                          ((3, 4), (3, 5), [0, 0]), ((2, 3), (3, 2), [[-1], [0]]),
                                          ((0, 3), (3, 2), 1)])
@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_tensordot_matches_numpy(sa, sb, axes, dtype):
    a, b = _values(dtype, sa), _values(dtype, sb, 1)
    if dtype == np.int64:
        a, b = a % 100, b % 100
    out = kiln.tensordot(a, b, axes).numpy()
    np_axes = axes if isinstance(axes, int) else (axes[0], axes[1])
    np.testing.assert_allclose(out, np.tensordot(a, b, np_axes), rtol=1e-4, atol=1e-4)
    assert kiln.linalg.tensordot is kiln.tensordot


def test_tensordot_errors():
    a, b = kiln.zeros([2, 3]), kiln.zeros([4, 4])
    with pytest.raises(errors.InvalidArgumentError, match=r"cannot contract axis 1 of a \(2, 3\) \(size 3\)"):
        kiln.tensordot(a, b, 1)
    with pytest.raises(ValueError, match="must not be larger than the rank"):
        kiln.tensordot(a, b, 3)
    with pytest.raises(ValueError, match="at least 0"):
        kiln.tensordot(a, b, -1)
    with pytest.raises(ValueError, match="axes name 1 axes of a but 2 of b"):
        kiln.tensordot(a, b, [[0], [0, 1]])
    with pytest.raises(errors.InvalidArgumentError, match="axis 2 is out of range"):
        kiln.tensordot(a, b, [[2], [0]])
    with pytest.raises(ValueError, match="an int or a pair"):
        kiln.tensordot(a, b, [[0], [0], [1]])


# ---- einsum ----

@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(5, 2, 3), (5, 3, 4)]),
    ("ii->i", [(4, 4)]), ("ii", [(4, 4)]), ("ij->ji", [(2, 3)]), ("ij->", [(2, 3)]), ("ij->j", [(2, 3)]),
    ("i,i->", [(5,), (5,)]), ("i,j->ij", [(3,), (4,)]), ("ij,ij->ij", [(2, 3), (2, 3)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("ab,bc,cd,de->ae", [(2, 3), (3, 2), (2, 4), (4, 2)]),
    ("...ij,...jk->...ik", [(3, 2, 2), (2, 2)]), ("...ij,...jk", [(2, 1, 2, 3), (4, 3, 2)]),
    ("bik,bjk->bij", [(2, 3, 4), (2, 5, 4)]), ("iij->ij", [(3, 3, 2)]), ("ijk,kji->", [(2, 3, 4), (4, 3, 2)]),
    ("Ab,bA->A", [(3, 4), (4, 3)]), ("i j , j k -> i k", [(2, 3), (3, 4)]), ("ij,jk->ik", [(0, 3), (3, 4)]),
    ("ij,jk->ik", [(2, 0), (0, 4)]), ("...i,...i->...", [(3, 4), (1, 4)]),
])
@pytest.mark.parametrize("dtype", [np.float64, np.int32])
def test_einsum_matches_numpy(equation, shapes, dtype):
    ops = [_values(dtype, s, i) for i, s in enumerate(shapes)]
    if dtype == np.int32:
        ops = [(x % 50).astype(dtype) for x in ops]
    out = kiln.einsum(equation, *ops).numpy()
    want = np.einsum(equation.replace(" ", ""), *ops)
    assert out.shape == want.shape
    np.testing.assert_allclose(out, want, rtol=1e-10, atol=1e-10)


def test_einsum_strided_and_names():
    a = _values(np.float32, (6, 8))[::2, 1::2]
    out = kiln.einsum("ij,kj->ik", kiln.from_dlpack(a), a).numpy()
    np.testing.assert_allclose(out, np.einsum("ij,kj->ik", a, a), rtol=1e-5, atol=1e-5)
    assert kiln.linalg.einsum is kiln.einsum
    t = kiln.constant([[1.0, 2.0]], dtype=kiln.float64)
    assert kiln.einsum("ij,kj->ik", t, [[1, 1]]).dtype == kiln.float64


@pytest.mark.parametrize("equation, shapes, error, message", [
    ("ij,jk->ik", [(2, 3), (4, 5)], errors.InvalidArgumentError, "subscript 'j' stands for sizes 3 and 4"),
    ("ij,jk->ik", [(2, 3)], ValueError, "the equation has 2 input term(s) but 1 operand(s)"),
    ("ij->ik", [(2, 3)], ValueError, "output subscript 'k' appears in no input term"),
    ("ij->ii", [(2, 3)], ValueError, "output subscript 'i' appears more than once"),
    ("i1->i", [(2, 3)], ValueError, "invalid character '1'"),
    ("ijk->i", [(2, 3)], ValueError, "operand 0 has rank 2 but its term names 3 axes"),
    ("i.j->i", [(2, 3)], ValueError, "part of an ellipsis"),
    ("ij->i->j", [(2, 3)], ValueError, "'->' may appear once only"),
    ("ij->i,j", [(2, 3)], ValueError, "single term"),
    ("......ij->ij", [(2, 3)], ValueError, "one '...' at most"),
])
def test_einsum_errors(equation, shapes, error, message):
    with pytest.raises(error) as info:
        kiln.einsum(equation, *[kiln.zeros(s) for s in shapes])
    assert message in str(info.value)
    assert "[einsum]" in str(info.value)


def test_einsum_dtype_errors():
    with pytest.raises(errors.InvalidArgumentError, match="operand 0 is float32 but operand 1 is int32"):
        kiln.einsum("i,i->", kiln.zeros([2]), kiln.zeros([2], kiln.int32))
    with pytest.raises(ValueError, match="at least one operand"):
        kiln.einsum("i->i")


# ---- eye, trace, diag_part ----

@pytest.mark.parametrize("args, kwargs", [((3,), {}), ((2, 4), {}), ((3, 2), {"batch_shape": [2, 1]}),
                                          ((0,), {}), ((2,), {"dtype": kiln.int32}),
                                          ((2,), {"dtype": kiln.bool}), ((2, 3), {"dtype": kiln.complex64})])
def test_eye_matches_numpy(args, kwargs):
    out = kiln.eye(*args, **kwargs).numpy()
    dtype = kwargs.get("dtype", kiln.float32).as_numpy_dtype
    want = np.broadcast_to(np.eye(*args, dtype=dtype), tuple(kwargs.get("batch_shape", ())) +
                           np.eye(*args).shape)
    np.testing.assert_array_equal(out, want)
    assert out.dtype == dtype
    assert kiln.linalg.eye is kiln.eye


def test_eye_errors():
    with pytest.raises(errors.InvalidArgumentError, match=r"\[eye\] num_rows must be >= 0, got -1"):
        kiln.eye(-1)
    with pytest.raises(errors.InvalidArgumentError, match=r"\[eye\] num_columns must be >= 0"):
        kiln.eye(2, -2)
    with pytest.raises(errors.InvalidArgumentError, match="batch_shape"):
        kiln.eye(2, batch_shape=[-1])
    with pytest.raises(errors.InvalidArgumentError, match="too large to address"):
        kiln.eye(0, 2**40, batch_shape=[2**40])


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int8, np.uint8, np.int64, np.complex64])
@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 4), (4, 2), (0, 3), (2, 0, 0)])
def test_trace_and_diag_part_match_numpy(dtype, shape):
    x = _values(dtype, shape)
    with np.errstate(over="ignore"):
        want = np.trace(x, axis1=-2, axis2=-1).astype(dtype)
    np.testing.assert_allclose(kiln.linalg.trace(x).numpy(), want, rtol=1e-5, atol=1e-4)
    np.testing.assert_array_equal(kiln.linalg.diag_part(x).numpy(),
                                  np.diagonal(x, axis1=-2, axis2=-1))


def test_diag_part_offsets_bool_and_strided():
    x = _values(np.int32, (2, 3, 5))
    for k in [-2, -1, 0, 1, 4]:
        np.testing.assert_array_equal(kiln.linalg.diag_part(x, k=k).numpy(),
                                      np.diagonal(x, offset=k, axis1=-2, axis2=-1))
    np.testing.assert_array_equal(kiln.linalg.diag_part(x, k=(1, 1)).numpy(),
                                  np.diagonal(x, offset=1, axis1=-2, axis2=-1))
    b = np.array([[True, False], [False, True]])
    np.testing.assert_array_equal(kiln.linalg.diag_part(b).numpy(), [True, True])
    s = _values(np.float64, (6, 6))[::2, ::2]
    np.testing.assert_allclose(kiln.linalg.trace(kiln.from_dlpack(s)).numpy(), np.trace(s))
    big = _values(np.float32, (400, 300))
    np.testing.assert_allclose(kiln.linalg.trace(big).numpy(), np.trace(big), rtol=1e-4)


def test_trace_and_diag_part_errors():
    with pytest.raises(errors.InvalidArgumentError, match=r"\[trace\] x must have rank >= 2"):
        kiln.linalg.trace(kiln.zeros([3]))
    with pytest.raises(errors.InvalidArgumentError, match=r"\[trace\] is not defined for bool"):
        kiln.linalg.trace(kiln.constant([[True]]))
    with pytest.raises(errors.InvalidArgumentError, match=r"\[diag_part\] input must have rank >= 2"):
        kiln.linalg.diag_part(kiln.zeros([3]))
    with pytest.raises(errors.InvalidArgumentError, match=r"diagonal k=3 lies outside"):
        kiln.linalg.diag_part(kiln.zeros([2, 3]), k=3)
    with pytest.raises(ValueError, match="names a band"):
        kiln.linalg.diag_part(kiln.zeros([2, 3]), k=(0, 1))
