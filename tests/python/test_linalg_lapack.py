"""tf.linalg decompositions, solvers, diagonals and norms against TF's
recorded results (docs/tf-reference/linalg_lapack.json, for the calls in
linalg_lapack_cases.py) and, for the decompositions whose vectors LAPACK
may sign differently (qr, svd, eigh), against NumPy and their defining
identities. Tolerances are in ULPs of the dtype, scaled by the magnitude of
the result (and by the matrix order for the NumPy checks)."""

import json
import pathlib

import numpy as np
import pytest

import kiln
import linalg_lapack_cases as cases

RECORD = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                     "linalg_lapack.json").read_text())["cases"]
# Inputs have condition numbers below about 10 and order <= 4: LAPACK's and
# Eigen's results agree to a few dozen ULPs; lstsq's normal equations square
# the condition number, hence the margin.
ULPS = 256


def test_every_case_is_recorded():
    assert sorted(RECORD) == sorted(cases.expression(c) for c in cases.CASES)


def _close(got, want, what):
    if isinstance(want, list):
        assert isinstance(got, tuple) and len(got) == len(want), what
        for g, w in zip(got, want):
            _close(g, w, what)
        return
    if isinstance(want, str):
        assert repr(got) == want, what
        return
    assert got.dtype.name == want["dtype"], what
    expected = cases.as_array(want)
    actual = np.asarray(got)
    assert actual.shape == expected.shape, what
    if expected.dtype.kind in "fc":
        eps = np.finfo(expected.dtype).eps
        finite = np.isfinite(expected)
        scale = max(1.0, float(np.max(np.abs(expected[finite]), initial=0.0)))
        np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected), err_msg=what)
        np.testing.assert_allclose(actual[finite], expected[finite], rtol=0, atol=ULPS * eps * scale,
                                   err_msg=what)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=what)


@pytest.mark.parametrize("case", cases.CASES, ids=cases.expression)
def test_matches_tf(case):
    want = RECORD[cases.expression(case)]
    if isinstance(want, dict) and "error" in want:
        with pytest.raises(Exception) as info:
            _run(case)
        assert type(info.value).__name__ == want["error"], str(info.value)
        assert not isinstance(case, str), "an error case needs the phrase its message must hold"
        assert case[1] in str(info.value)
        return
    _close(_run(case), want, cases.expression(case))


def _run(case):
    return eval(cases.expression(case), dict(cases.NAMES, tf=kiln, v1=kiln.compat.v1))  # noqa: S307


# ---- qr, svd, eigh against NumPy and their identities ----

DTYPES = [np.float32, np.float64, np.complex64, np.complex128]


def _random(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.normal(size=shape)
    return x.astype(dtype)


def _tol(dtype, n):
    """ULPs of the dtype, times the order: rounding grows about linearly with n."""
    return 64 * n * np.finfo(dtype).eps


def _adj(x):
    return np.conj(np.swapaxes(x, -1, -2))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (3, 1, 6), (0, 3), (2, 3, 0)])
@pytest.mark.parametrize("full", [False, True])
def test_qr_reconstructs_with_orthonormal_q_and_triangular_r(dtype, shape, full):
    x = _random(shape, dtype)
    q, r = (np.asarray(t) for t in kiln.linalg.qr(x, full_matrices=full))
    m, n = shape[-2:]
    k = m if full else min(m, n)
    assert q.shape == shape[:-2] + (m, k) and r.shape == shape[:-2] + (k, n)
    tol = _tol(dtype, max(m, n, 1))
    np.testing.assert_allclose(q @ r, x, atol=tol * max(1, np.abs(x).max(initial=0)))
    np.testing.assert_allclose(_adj(q) @ q, np.broadcast_to(np.eye(k), q.shape[:-2] + (k, k)), atol=tol)
    assert np.all(np.tril(r, -1) == 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (3, 1, 6), (0, 3), (3, 0)])
@pytest.mark.parametrize("full", [False, True])
def test_svd_values_match_numpy_and_vectors_reconstruct(dtype, shape, full):
    x = _random(shape, dtype)
    s, u, v = (np.asarray(t) for t in kiln.linalg.svd(x, full_matrices=full))
    m, n = shape[-2:]
    k = min(m, n)
    assert s.dtype == np.finfo(dtype).dtype and s.shape == shape[:-2] + (k,)
    assert u.shape == shape[:-2] + (m, m if full else k) and v.shape == shape[:-2] + (n, n if full else k)
    tol = _tol(dtype, max(m, n, 1))
    scale = max(1, np.abs(x).max(initial=0))
    np.testing.assert_allclose(s, np.linalg.svd(x, compute_uv=False), atol=tol * scale)
    assert np.all(np.diff(s, axis=-1) <= 0)  # descending
    np.testing.assert_allclose((u[..., :, :k] * s[..., None, :]) @ _adj(v[..., :, :k]), x, atol=tol * scale)
    for w in (u, v):
        c = w.shape[-1]
        np.testing.assert_allclose(_adj(w) @ w, np.broadcast_to(np.eye(c), w.shape[:-2] + (c, c)), atol=tol)
    np.testing.assert_allclose(np.asarray(kiln.linalg.svd(x, compute_uv=False)), s, atol=tol * scale)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (1, 1), (0, 0)])
def test_eigh_values_match_numpy_and_vectors_diagonalize(dtype, shape):
    a = _random(shape, dtype)
    x = a + _adj(a)
    e, v = (np.asarray(t) for t in kiln.linalg.eigh(x))
    assert e.dtype == dtype and v.dtype == dtype  # TF: eigenvalues in the input's dtype
    n = shape[-1]
    tol = _tol(dtype, max(n, 1))
    scale = max(1, np.abs(x).max(initial=0))
    np.testing.assert_allclose(e, np.linalg.eigvalsh(x), atol=tol * scale)
    assert np.all(np.diff(e.real, axis=-1) >= 0)  # ascending
    np.testing.assert_allclose(x @ v, v * e[..., None, :], atol=tol * scale)
    np.testing.assert_allclose(_adj(v) @ v, np.broadcast_to(np.eye(n), v.shape), atol=tol)
    np.testing.assert_allclose(np.asarray(kiln.linalg.eigvalsh(x)), e, atol=tol * scale)


def test_eigh_reads_only_the_lower_triangle():
    x = _random((4, 4), np.float64)
    lower = np.tril(x) + np.tril(x, -1).T
    np.testing.assert_allclose(np.asarray(kiln.linalg.eigvalsh(x)), np.linalg.eigvalsh(lower),
                               atol=_tol(np.float64, 4) * 4)


# ---- kernels: strided inputs, inputs left alone, large batches ----

@pytest.mark.parametrize("call", [
    lambda t: kiln.linalg.inv(t), lambda t: kiln.linalg.det(t), lambda t: kiln.linalg.cholesky(t),
    lambda t: kiln.linalg.qr(t), lambda t: kiln.linalg.svd(t), lambda t: kiln.linalg.eigh(t),
    lambda t: kiln.linalg.slogdet(t), lambda t: kiln.linalg.solve(t, t),
    lambda t: kiln.linalg.lstsq(t, t, fast=False), lambda t: kiln.linalg.band_part(t, 1, 0),
    lambda t: kiln.linalg.set_diag(t, t[..., 0]),
])
def test_strided_inputs_give_the_contiguous_result_and_are_not_written(call):
    base = _random((3, 8, 8), np.float64)
    spd = base @ _adj(base) + 8 * np.eye(8)
    full = kiln.constant(spd)
    strided = kiln.transpose(full, [0, 2, 1])[:, ::2, ::2]  # a non-contiguous view
    dense = kiln.constant(np.ascontiguousarray(np.swapaxes(spd, 1, 2)[:, ::2, ::2]))
    before = np.asarray(full).copy()
    got, want = call(strided), call(dense)
    got = got if isinstance(got, tuple) else (got,)
    want = want if isinstance(want, tuple) else (want,)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(np.asarray(g), np.asarray(w))
    np.testing.assert_array_equal(np.asarray(full), before)


def test_large_batches_give_each_matrix_its_own_result():
    # Enough small matrices for the batch to run on the thread pool.
    x = _random((4096, 6, 6), np.float64, seed=3) + 6 * np.eye(6)
    inv = np.asarray(kiln.linalg.inv(x))
    np.testing.assert_allclose(inv, np.linalg.inv(x), atol=1e-12)
    np.testing.assert_allclose(np.asarray(kiln.linalg.det(x)), np.linalg.det(x), rtol=1e-12)
    with pytest.raises(kiln.errors.InvalidArgumentError, match="Matrix 4000 of the batch"):
        bad = x.copy()
        bad[4000] = 0
        bad[4001] = 0
        kiln.linalg.inv(bad)


def test_a_large_matrix_runs_on_openblas_threads():
    x = _random((300, 300), np.float64, seed=5) + 30 * np.eye(300)
    np.testing.assert_allclose(np.asarray(kiln.linalg.inv(x)) @ x, np.eye(300), atol=1e-12)


def test_cholesky_of_a_matrix_that_is_not_positive_definite_is_nan_below_and_zero_above():
    out = np.asarray(kiln.linalg.cholesky(np.array([[4.0, 2, 0], [2, 5, 0], [0, 0, -1]])))
    assert np.all(np.isnan(np.tril(out)[np.tril_indices(3)]))
    assert np.all(out[np.triu_indices(3, 1)] == 0)


def test_unsupported_float16_asks_for_a_cast():
    # TF computes float16 inverses (through float32); kiln asks for the cast.
    with pytest.raises(kiln.errors.InvalidArgumentError, match="cast it first"):
        kiln.linalg.inv(np.eye(2, dtype=np.float16))


def test_diag_k_far_outside_any_matrix_is_refused():
    with pytest.raises(kiln.errors.InvalidArgumentError, match="too large"):
        kiln.linalg.diag([1, 2], k=-2**63)


# ---- graphs and functions ----

def test_graph_and_function_results_equal_eager_ones_with_unknown_batch():
    x = _random((2, 3, 3), np.float64) + 3 * np.eye(3)

    @kiln.function(input_signature=[kiln.TensorSpec([None, 3, 3], kiln.float64)])
    def f(t):
        s, u, v = kiln.linalg.svd(t)
        assert s.shape.as_list() == [None, 3] and u.shape.as_list() == [None, 3, 3]
        q, r = kiln.linalg.qr(t)
        e = kiln.linalg.eigvalsh(t)
        assert e.shape.as_list() == [None, 3]
        sign, logabs = kiln.linalg.slogdet(t)
        assert sign.shape.as_list() == [None]
        return kiln.linalg.inv(t), kiln.linalg.det(t), s, q, r, e, logabs, kiln.linalg.lstsq(t, t)

    eager = (kiln.linalg.inv(x), kiln.linalg.det(x), kiln.linalg.svd(x)[0], *kiln.linalg.qr(x),
             kiln.linalg.eigvalsh(x), kiln.linalg.slogdet(x)[1], kiln.linalg.lstsq(x, x))
    for g, e in zip(f(x), eager):
        np.testing.assert_array_equal(np.asarray(g), np.asarray(e))


def test_lstsq_of_unknown_matrix_sizes_picks_its_normal_equations_when_run():
    @kiln.function(input_signature=[kiln.TensorSpec([None, None], kiln.float64),
                                    kiln.TensorSpec([None, 1], kiln.float64)])
    def f(a, b):
        return kiln.linalg.lstsq(a, b, l2_regularizer=0.1)

    tall = _random((5, 3), np.float64, seed=1)
    for a in (tall, tall.T.copy()):
        b = np.ones((a.shape[0], 1))
        m, n = a.shape
        want = (np.linalg.solve(a.T @ a + 0.1 * np.eye(n), a.T @ b) if m >= n
                else a.T @ np.linalg.solve(a @ a.T + 0.1 * np.eye(m), b))
        np.testing.assert_allclose(np.asarray(f(a, b)), want, atol=_tol(np.float64, 5) * 10)


def test_unknown_rank_infers_unknown_shapes():
    @kiln.function(input_signature=[kiln.TensorSpec(None, kiln.float32)])
    def f(t):
        assert kiln.linalg.det(t).shape.rank is None
        assert kiln.linalg.svd(t, compute_uv=False).shape.rank is None
        return kiln.linalg.inv(t)

    np.testing.assert_allclose(np.asarray(f(np.eye(2, dtype=np.float32) * 2)), np.eye(2) / 2)


def test_band_part_bounds_fed_at_run_time():
    v1 = kiln.compat.v1
    with v1.Graph().as_default():
        lower = v1.placeholder(kiln.int64, [])
        x = kiln.constant(np.ones((3, 3), np.float32))
        out = kiln.linalg.band_part(x, lower, 0)
        with v1.Session() as sess:
            np.testing.assert_array_equal(sess.run(out, {lower: 1}), np.tril(np.triu(np.ones((3, 3)), -1)))


# ---- fuzzing with inputs these ops accept ----
# test_op_fuzz.py draws any dtype and shape, so it rarely reaches a LAPACK
# kernel with a float matrix; here every call does: square or not, empty,
# batched, with NaN, infinities and huge or tiny values ("wild" arrays), and
# the result must be eager's bit for bit in a session and in a function.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_op_fuzz as fuzz  # noqa: E402
from fuzz_inputs import arrays  # noqa: E402

FUZZED = {"inv": 1, "det": 1, "slogdet": 1, "cholesky": 1, "qr": 1, "svd": 1, "eigh": 1,
          "solve": 2, "cholesky_solve": 2, "matrix_solve_ls": 2, "band_part": 1, "set_diag": 2,
          "diag": 2}
INDEX = {op["name"]: i for i, op in enumerate(fuzz.OPS)}


@st.composite
def lapack_calls(draw):
    name = draw(st.sampled_from(sorted(FUZZED)))
    dtype = draw(st.sampled_from([kiln.float32, kiln.float64, kiln.complex64, kiln.complex128]))
    batch = draw(st.lists(st.integers(0, 2), max_size=2))
    m = draw(st.integers(0, 5))
    n = m if draw(st.booleans()) else draw(st.integers(0, 5))
    k = draw(st.integers(0, 3))

    def tensor(shape):
        if dtype == kiln.complex128:  # fuzz_inputs has no complex128: widen complex64
            return kiln.constant(draw(arrays(kiln.complex64, shape)).astype(np.complex128))
        return kiln.constant(draw(arrays(dtype, shape)))

    first = tensor(batch + [m, n])
    inputs = [first]
    if FUZZED[name] == 2:
        if name == "set_diag":
            inputs.append(tensor(batch + [min(m, n)]))
        elif name == "diag":
            inputs = [tensor(batch + [m]), tensor([])]
        else:
            inputs.append(tensor(batch + [m, k]))
    op = fuzz.OPS[INDEX[name]]
    attrs = []
    for _, kind in op["attrs"]:
        attrs.append(draw(st.booleans()) if kind == "bool" else draw(st.integers(-2, 6)))
    if name == "diag":
        attrs = [attrs[0], -1, -1] if draw(st.booleans()) else attrs
    return INDEX[name], name, tuple(inputs), tuple(attrs)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(lapack_calls(), st.booleans())
def test_fuzzed_matrices_give_eagers_bits_in_graphs_and_functions(call, in_session):
    index, name, inputs, attrs = call

    def run_in_a_session():
        g = kiln.Graph()
        with g.as_default():
            placeholders = [fuzz.v1.placeholder(t.dtype, t.shape) for t in inputs]
            built = fuzz._core.execute(index, tuple(placeholders), attrs)
        with fuzz.v1.Session(graph=g) as sess:
            return sess.run(fuzz._flat(built), dict(zip(placeholders, (np.asarray(t) for t in inputs))))

    def run_traced():
        return fuzz._flat(kiln.function(lambda *a: fuzz._core.execute(index, a, attrs))(*inputs))

    fuzz._assert_same_as_eager(name, index, inputs, attrs,
                               run_in_a_session if in_session else run_traced,
                               materializes=in_session)
