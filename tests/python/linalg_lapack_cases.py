"""tf.linalg decompositions, solvers, diagonals and norms: calls whose TF
results docs/tf-reference/linalg_lapack.json records
(docs/tf-reference/probe_linalg_lapack.py); tests/python/test_linalg_lapack.py
evaluates them with kiln. Only deterministic results are recorded as values
(no singular or eigenvectors, whose signs are LAPACK's choice); qr, svd and
eigh give their shapes and dtypes here, NumPy checks their values.

A case is an expression, or (expression, phrase): the phrase must appear in
kiln's error message (TF's wording where kiln keeps it).
"""

import numpy as np

_rng = np.random.default_rng(7)
# Well-conditioned inputs (condition numbers below about 10).
A3 = _rng.normal(size=(3, 3)) + 4 * np.eye(3)
BATCH = _rng.normal(size=(2, 3, 3)) + 4 * np.eye(3)
_b = _rng.normal(size=(3, 3))
SPD = _b @ _b.T + 3 * np.eye(3)
SPD_BATCH = np.stack([SPD, SPD + np.eye(3)])
_c = _rng.normal(size=(2, 2)) + 1j * _rng.normal(size=(2, 2))
HPD = _c @ _c.conj().T + 2 * np.eye(2)            # Hermitian positive definite, complex128
CPLX = _c + 3 * np.eye(2)
TALL = _rng.normal(size=(4, 2)) + np.array([[2.0, 0], [0, 2], [0, 0], [0, 0]])
WIDE = TALL.T.copy()
RHS = _rng.normal(size=(3, 2))
RHS_BATCH = _rng.normal(size=(2, 3, 1))
RHS4 = _rng.normal(size=(4, 1))
RHS2 = _rng.normal(size=(2, 3))
CRHS = _rng.normal(size=(2, 1)) + 1j * _rng.normal(size=(2, 1))
SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])
NOT_PD = np.array([[1.0, 2.0], [2.0, 1.0]])
M23 = np.arange(6, dtype=np.float32).reshape(2, 3) - 2
M234 = np.arange(24, dtype=np.float64).reshape(2, 3, 4) - 11
NAMES = {"np": np, "A3": A3, "A3f": A3.astype(np.float32), "BATCH": BATCH, "SPD": SPD,
         "SPDf": SPD.astype(np.float32), "SPD_BATCH": SPD_BATCH, "HPD": HPD,
         "HPDf": HPD.astype(np.complex64), "CPLX": CPLX, "TALL": TALL, "TALLf": TALL.astype(np.float32),
         "WIDE": WIDE, "RHS": RHS, "RHS_BATCH": RHS_BATCH, "RHS4": RHS4, "RHS4f": RHS4.astype(np.float32),
         "RHS2": RHS2, "CRHS": CRHS, "SINGULAR": SINGULAR, "NOT_PD": NOT_PD, "M23": M23, "M234": M234}

SHAPES = "[(t.shape.as_list(), t.dtype.name) for t in {}]"

CASES = [
    # determinants
    "tf.linalg.det(A3)", "tf.linalg.det(np.float32(A3))", "tf.linalg.det(BATCH)", "tf.linalg.det(CPLX)",
    "tf.linalg.det(SINGULAR)", "tf.linalg.det(np.zeros((0, 0)))", "tf.linalg.det(np.zeros((2, 0, 0)))",
    "tf.linalg.slogdet(A3)", "tf.linalg.slogdet(BATCH)", "tf.linalg.slogdet(-A3)",
    "tf.linalg.slogdet(SINGULAR)", "tf.linalg.slogdet(CPLX)", "tf.linalg.slogdet(np.zeros((0, 0)))",
    "tf.linalg.logdet(SPD)", "tf.linalg.logdet(HPD)",
    # inverses and solves
    "tf.linalg.inv(A3)", "tf.linalg.inv(A3f)", "tf.linalg.inv(BATCH)", "tf.linalg.inv(CPLX)",
    "tf.linalg.inv(A3, adjoint=True)", "tf.linalg.inv(CPLX, adjoint=True)",
    "tf.linalg.inv(np.zeros((2, 0, 0)))",
    "tf.linalg.solve(A3, RHS)", "tf.linalg.solve(A3, RHS, adjoint=True)",
    "tf.linalg.solve(CPLX, CRHS, adjoint=True)", "tf.linalg.solve(BATCH, RHS_BATCH)",
    "tf.linalg.solve(np.float32(A3), np.float32(RHS))",
    # Cholesky
    "tf.linalg.cholesky(SPD)", "tf.linalg.cholesky(SPDf)", "tf.linalg.cholesky(SPD_BATCH)",
    "tf.linalg.cholesky(HPD)", "tf.linalg.cholesky(np.tril(SPD))",
    "tf.linalg.band_part(tf.linalg.cholesky(NOT_PD), -1, 0)",  # TF's upper triangle is unset
    "tf.linalg.cholesky_solve(tf.linalg.cholesky(SPD), RHS)",
    "tf.linalg.cholesky_solve(tf.linalg.cholesky(SPD_BATCH), RHS)",
    # least squares
    "tf.linalg.lstsq(TALL, RHS4)", "tf.linalg.lstsq(TALLf, RHS4f)", "tf.linalg.lstsq(TALL, RHS4, l2_regularizer=0.5)",
    "tf.linalg.lstsq(WIDE, RHS2)", "tf.linalg.lstsq(WIDE, RHS2, l2_regularizer=0.1)",
    "tf.linalg.lstsq(TALL, RHS4, fast=False)", "tf.linalg.lstsq(WIDE, RHS2, fast=False)",
    "tf.linalg.lstsq(np.array([[1., 2], [2, 4], [3, 6]]), np.array([[1.], [2], [3]]), fast=False)",
    "tf.linalg.lstsq(np.zeros((0, 2)), np.zeros((0, 1)))",
    "tf.linalg.lstsq(np.stack([TALL, TALL]), RHS4)",
    # decompositions: unique values, and shapes and dtypes
    "tf.linalg.svd(A3, compute_uv=False)", "tf.linalg.svd(TALL, compute_uv=False)",
    "tf.linalg.svd(CPLX, compute_uv=False)", "tf.linalg.eigvalsh(SPD)", "tf.linalg.eigvalsh(HPD)",
    "tf.linalg.eigh(SPD)[0]", "tf.linalg.eigvalsh(np.tril(SPD))",
    SHAPES.format("tf.linalg.qr(TALL)"), SHAPES.format("tf.linalg.qr(TALL, full_matrices=True)"),
    SHAPES.format("tf.linalg.qr(WIDE)"), SHAPES.format("tf.linalg.qr(np.float32(np.zeros((2, 0, 3))))"),
    SHAPES.format("tf.linalg.qr(np.zeros((3, 0)), full_matrices=True)"),
    SHAPES.format("tf.linalg.svd(TALL)"), SHAPES.format("tf.linalg.svd(TALL, full_matrices=True)"),
    SHAPES.format("tf.linalg.svd(WIDE, full_matrices=True)"), SHAPES.format("tf.linalg.svd(CPLX)"),
    SHAPES.format("tf.linalg.svd(np.zeros((0, 3)), full_matrices=True)"),
    SHAPES.format("tf.linalg.eigh(HPD)"), SHAPES.format("tf.linalg.eigh(np.zeros((2, 0, 0)))"),
    "tf.linalg.qr(np.zeros((3, 0)), full_matrices=True).q", "tf.linalg.svd(np.zeros((0, 3)), full_matrices=True)[2]",
    # norms
    "tf.norm(M23)", "tf.norm(M23, ord=1)", "tf.norm(M23, ord=np.inf)", "tf.norm(M23, ord=3)",
    "tf.norm(M23, ord=0.5)", "tf.norm(M23, axis=1)", "tf.norm(M23, ord=1, axis=0, keepdims=True)",
    "tf.norm(M23, ord='fro', axis=[0, 1])", "tf.norm(M23, ord=1, axis=(0, 1))",
    "tf.norm(M23, ord=np.inf, axis=(0, 1))", "tf.norm(M23, ord=2, axis=(0, 1))",
    "tf.norm(M23, ord=2, axis=(1, 0), keepdims=True)", "tf.norm(M234, ord=2, axis=(0, 2))",
    "tf.norm(M234, ord=1, axis=(-1, -3))", "tf.norm(M234, ord=np.inf, axis=(2, 1), keepdims=True)",
    "tf.norm(M234, axis=-2)", "tf.norm(CPLX)", "tf.norm(CPLX, ord=1)", "tf.linalg.norm(M234, ord='euclidean', axis=[1, 2])",
    ("tf.norm(M23, ord='fro')", "'ord' must be a supported vector norm"),
    ("tf.norm(M23, ord=0)", "'ord' must be a supported vector norm"),
    ("tf.norm(M23, ord=-1, axis=1)", "'ord' must be a supported vector norm"),
    ("tf.norm(M23, ord=3, axis=(0, 1))", "'ord' must be a supported matrix norm"),
    ("tf.norm(M23, ord='nuc', axis=(0, 1))", "'ord' must be a supported matrix norm"),
    ("tf.norm(M23, axis=(0, 0))", "'axis' must be None, an integer, or a tuple of 2 unique integers"),
    ("tf.norm(M234, axis=(0, 1, 2))", "'axis' must be None, an integer, or a tuple of 2 unique integers"),
    ("tf.norm(M23, axis=1.0)", "'axis' must be None, an integer, or a tuple of 2 unique integers"),
    # trace, transposes
    "tf.linalg.trace(BATCH)", "tf.linalg.trace(M234)",
    "tf.linalg.matrix_transpose(M234)", "tf.linalg.matrix_transpose(CPLX, conjugate=True)",
    "tf.linalg.adjoint(CPLX)", "tf.linalg.adjoint(M23)",
    ("tf.linalg.matrix_transpose(np.array([1, 2]))", "should be a (batch) matrix with rank >= 2"),
    # diagonals and bands
    "tf.linalg.diag([1, 2])", "tf.linalg.diag([[1, 2], [3, 4]])", "tf.linalg.diag([1, 2], k=1)",
    "tf.linalg.diag([1, 2], k=-1)", "tf.linalg.diag([1, 2], k=1, num_rows=5)",
    "tf.linalg.diag([1, 2], k=-2, num_cols=3)", "tf.linalg.diag([1, 2], num_rows=2, num_cols=4)",
    "tf.linalg.diag([1., 2.], padding_value=9)", ("tf.linalg.diag([True])", "Cannot convert 0"), "tf.linalg.diag(np.zeros((2, 0)))",
    ("tf.linalg.diag([1, 2], k=1, num_rows=1)", "The number of rows is too small"),
    ("tf.linalg.diag([1, 2], num_cols=1)", "The number of columns is too small"),
    ("tf.linalg.diag([1, 2], k=1, num_rows=4, num_cols=4)", "The number of rows or columns is not consistent"),
    ("tf.linalg.diag(3)", "diagonal must be at least 1-dim"),
    "tf.linalg.set_diag(np.zeros((2, 3)), [1., 2])", "tf.linalg.set_diag(np.zeros((2, 3)), [1., 2], k=1)",
    "tf.linalg.set_diag(np.zeros((2, 3)), [1.], k=2)", "tf.linalg.set_diag(np.zeros((2, 3)), [1.], k=-1)",
    "tf.linalg.set_diag(np.ones((2, 2, 3)), [[5., 6], [7, 8]])",
    ("tf.linalg.set_diag(np.zeros((2, 3)), [1., 2, 3])", "Either first dimensions of diagonal don't match"),
    ("tf.linalg.set_diag(np.zeros((2, 3)), [1.], k=3)", "lower_diag_index is out of bound"),
    ("tf.linalg.set_diag(np.zeros(3), [1.])", "input must be at least 2-dim"),
    "tf.linalg.band_part(M234, 1, 0)", "tf.linalg.band_part(M234, 0, -1)", "tf.linalg.band_part(M234, -1, 1)",
    "tf.linalg.band_part(M234, 0, 0)", "tf.linalg.band_part(M234, 3, 4)", "tf.linalg.band_part(np.ones((3, 3), bool), 1, 0)",
    "tf.linalg.band_part(CPLX, 0, -1)",
    ("tf.linalg.band_part(np.ones((3, 3)), 4, 1)", "num_lower must be negative or less or equal to number of rows (3) got: 4"),
    ("tf.linalg.band_part(np.ones((3, 3)), 1, 4)", "num_upper must be negative or less or equal to number of columns (3) got: 4"),
    ("tf.linalg.band_part(np.ones(3), 1, 1)", "input must be at least 2-dim"),
    # TF1 names
    "v1.matrix_inverse(A3)", "v1.matrix_determinant(A3)", "v1.matrix_solve(A3, RHS)",
    "v1.matrix_solve_ls(TALL, RHS4)", "v1.cholesky(SPD)", "v1.self_adjoint_eigvals(SPD)",
    "v1.self_adjoint_eig(SPD)[0]", "v1.svd(A3, compute_uv=False)", "v1.trace(BATCH)",
    "v1.matrix_band_part(M234, 1, 0)", "v1.matrix_diag([1, 2])", "v1.matrix_diag_part(M234)",
    "v1.matrix_set_diag(np.zeros((2, 3)), [1., 2])", "v1.matrix_transpose(M234)",
    "v1.diag([[1, 2], [3, 4]])", "v1.diag_part(np.arange(16).reshape(2, 2, 2, 2))",
    "v1.norm(M23, axis=1, keep_dims=True)", "v1.norm(M23, ord=1, axis=[0, 1])",
    SHAPES.format("v1.qr(TALL)"), "v1.linalg.inv(A3)",
    # errors
    ("tf.linalg.inv(np.array([[1, 2], [3, 4]]))", "supports float32, float64, complex64 and complex128"),
    ("tf.linalg.qr(np.array([[1, 2], [3, 4]]))", "supports float32, float64, complex64 and complex128"),
    ("tf.linalg.svd(np.array([[1, 2], [3, 4]]))", "supports float32, float64, complex64 and complex128"),
    ("tf.linalg.inv(SINGULAR)", "Input is not invertible."),
    ("tf.linalg.inv(np.stack([A3[:2, :2], SINGULAR]))", "Matrix 1 of the batch"),
    ("tf.linalg.inv(np.ones((2, 3)))", "Input matrix must be square"),
    ("tf.linalg.det(np.ones((2, 3)))", "Input matrix must be square"),
    ("tf.linalg.slogdet(np.ones((2, 3)))", "Input matrix must be square"),
    ("tf.linalg.cholesky(np.ones((2, 3)))", "Input matrix must be square"),
    ("tf.linalg.eigh(np.ones((2, 3)))", "Input matrix must be square"),
    ("tf.linalg.eigvalsh(np.ones((2, 3)))", "Input matrix must be square"),
    ("tf.linalg.inv(np.ones(3))", "must have rank >= 2"),
    ("tf.linalg.svd(np.ones(3))", "must have rank >= 2"),
    ("tf.linalg.qr(np.ones(3))", "must have rank >= 2"),
    ("tf.linalg.det(np.ones(3))", "must have rank >= 2"),
    ("tf.linalg.solve(SINGULAR, np.ones((2, 1)))", "Input matrix is not invertible."),
    ("tf.linalg.solve(A3, np.ones((2, 1)))", "Input matrix and rhs are incompatible"),
    ("tf.linalg.solve(A3, np.ones(3))", "All input tensors must have the same rank"),
    ("tf.linalg.solve(BATCH, np.ones((3, 1)))", "All input tensors must have the same rank"),
    ("tf.linalg.solve(BATCH, np.ones((3, 3, 1)))", "All input tensors must have the same outer dimensions"),
    ("tf.linalg.solve(A3, np.float32(RHS))", "matrix is float64 but rhs is float32"),
    ("tf.linalg.solve(np.ones((2, 3)), np.ones((2, 1)))", "must be square"),
    ("tf.linalg.eigh(np.array([[4., np.nan], [np.nan, 5]]))", "Self-adjoint eigen decomposition was not successful"),
    ("tf.linalg.eigvalsh(np.array([[4., 0], [np.inf, 5]]))", "Self-adjoint eigen decomposition was not successful"),
    ("tf.linalg.lstsq(HPD, np.ones((2, 1), complex), l2_regularizer=0.5)", "disabled for complex128"),
    ("tf.linalg.lstsq(TALL, RHS2, fast=False)", "Input matrix and rhs are incompatible"),
]
# Values where NaN propagates: TF and kiln agree on which entries are NaN.
CASES += [
    "tf.linalg.inv(np.array([[4., np.nan], [np.nan, 5]]))", "tf.linalg.det(np.array([[4., np.nan], [np.nan, 5]]))",
    "tf.linalg.svd(np.array([[4., np.nan], [np.nan, 5]]), compute_uv=False)",
    "tf.linalg.svd(np.array([[4., np.inf], [1., 5]]))[1]",
]


def expression(case):
    return case if isinstance(case, str) else case[0]


def evaluate(tf, case):
    """The result as JSON: {"values": [...], "dtype": ...} per tensor (a list
    for tuples), repr() of other values, or {"error": class name, "message": ...}."""
    names = dict(NAMES, tf=tf, v1=tf.compat.v1)
    try:
        value = eval(expression(case), names)  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return {"error": type(e).__name__, "message": str(e)}
    return _plain(value)


def _plain(value):
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        array = np.asarray(value)
        if array.dtype.kind == "c":
            data = [np.real(array).tolist(), np.imag(array).tolist()]
        else:
            data = array.tolist()
        return {"values": _nan_safe(data), "dtype": value.dtype.name, "shape": list(array.shape)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return repr(value)


def _nan_safe(data):
    """NaN and infinities as strings (JSON has none)."""
    if isinstance(data, list):
        return [_nan_safe(d) for d in data]
    if isinstance(data, float) and not np.isfinite(data):
        return repr(data)
    return data


def as_array(recorded):
    """A recorded tensor's values as a NumPy array of its dtype."""
    def floats(d):
        if isinstance(d, list):
            return [floats(x) for x in d]
        return float(d) if isinstance(d, str) else d
    data = floats(recorded["values"])
    dtype = recorded["dtype"]
    if dtype.startswith("complex"):
        return (np.array(data[0]) + 1j * np.array(data[1])).astype(dtype).reshape(recorded["shape"])
    return np.array(data, dtype=dtype).reshape(recorded["shape"])
