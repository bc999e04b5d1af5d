"""Matrix decompositions and solvers, as tf.linalg names them: inv, det,
slogdet, logdet, solve, cholesky, cholesky_solve, qr, svd, eigh, eigvalsh,
lstsq. All run on LAPACK (src/kernels/cpu/lapack*.cc), batched over the
leading axes, for float32, float64, complex64 and complex128 (TF also takes
float16 for some; kiln asks for a cast).

Decompositions are unique only up to signs (phases for complex) of their
vectors: u and v of svd, v of eigh and the columns of q may differ from TF's
by such factors, as they differ between LAPACK builds. Products (q @ r,
u diag(s) v^H, v diag(e) v^H) and values agree to rounding.
"""

import collections

from . import dtypes
from ._convert import convert_to_tensor
from ._ops import execute, op
from ._registry_names import export

# inv, ..., eigh, lstsq: named by src/ops/linalg_lapack_ops.cc; logdet and eigvalsh
# are built from other ops.
__all__, NAMESPACES = export("linalg_lapack", globals())
NAMESPACES["linalg"] += ["logdet", "eigvalsh"]

LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant",
                                              ["sign", "log_abs_determinant"])
Qr = collections.namedtuple("Qr", ["q", "r"])


def inv(input, adjoint=False, name=None):  # noqa: A002 - TF's argument name
    """The inverse of each square matrix of input (..., n, n); of its adjoint
    with adjoint=True. InvalidArgumentError when a matrix is exactly singular."""
    return execute(_INV, (convert_to_tensor(input),), (bool(adjoint),), name)


def det(input, name=None):  # noqa: A002
    """The determinant of each square matrix: shape input.shape[:-2]."""
    return execute(_DET, (convert_to_tensor(input),), (), name)


def slogdet(input, name=None):  # noqa: A002
    """LogMatrixDeterminant(sign, log_abs_determinant) of each square matrix,
    both of input's dtype: det = sign * exp(log_abs_determinant). A singular
    matrix gives sign 0 and -inf."""
    sign, log_abs = execute(_SLOGDET, (convert_to_tensor(input),), (), name)
    return LogMatrixDeterminant(sign, log_abs)


def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive-definite matrices, from their
    Cholesky factors as TF computes it: 2 * sum(log(diag(cholesky(matrix))))."""
    from . import linalg, math
    from .cast_ops import cast
    diagonal = linalg.diag_part(cholesky(matrix, name=name))
    if diagonal.dtype.is_complex:  # the diagonal of a Cholesky factor is real
        diagonal = cast(diagonal, dtypes.float32 if diagonal.dtype == dtypes.complex64
                        else dtypes.float64)
    return 2.0 * math.reduce_sum(math.log(diagonal), axis=[-1])


def solve(matrix, rhs, adjoint=False, name=None):
    """X with matrix @ X = rhs (adjoint(matrix) @ X = rhs with adjoint=True):
    matrix (..., n, n), rhs (..., n, k) with equal batch dimensions."""
    matrix = convert_to_tensor(matrix)
    return execute(_SOLVE, (matrix, convert_to_tensor(rhs, dtype_hint=matrix.dtype)),
                   (bool(adjoint),), name)


def cholesky(input, name=None):  # noqa: A002
    """The lower-triangular L with input = L @ adjoint(L), for Hermitian
    positive-definite matrices (only the lower triangle is read). As TF, a
    matrix that is not positive definite gives NaN (in its lower triangle;
    kiln's upper triangle is 0, TF's is unspecified) rather than an error."""
    return execute(_CHOLESKY, (convert_to_tensor(input),), (), name)


def cholesky_solve(chol, rhs, name=None):
    """X with A @ X = rhs, given chol = cholesky(A); batch dimensions broadcast."""
    chol = convert_to_tensor(chol)
    return execute(_CHOLESKY_SOLVE, (chol, convert_to_tensor(rhs, dtype_hint=chol.dtype)), (), name)


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """Qr(q, r) with input = q @ r: q (..., m, k) with orthonormal columns and r
    (..., k, n) upper triangular, k = min(m, n), or k = m with full_matrices."""
    q, r = execute(_QR, (convert_to_tensor(input),), (bool(full_matrices),), name)
    return Qr(q, r)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values s (..., min(m, n)), descending and real, and with
    compute_uv the tuple (s, u, v) with tensor = u @ diag(s) @ adjoint(v)
    (note: v, not adjoint(v)). full_matrices makes u (m, m) and v (n, n).
    NaN or infinite input gives NaN outputs, as TF."""
    out = execute(_SVD, (convert_to_tensor(tensor),), (bool(full_matrices), bool(compute_uv)), name)
    return tuple(out) if compute_uv else out


def eigh(tensor, name=None):
    """(e, v): the eigenvalues (ascending, of tensor's dtype, as TF) and the
    eigenvectors (columns of v) of each self-adjoint matrix, read from its
    lower triangle. InvalidArgumentError for NaN or infinity there (TF's)."""
    return tuple(execute(_EIGH, (convert_to_tensor(tensor),), (True,), name))


def eigvalsh(tensor, name=None):
    """The eigenvalues of each self-adjoint matrix, ascending."""
    return execute(_EIGH, (convert_to_tensor(tensor),), (False,), name)


def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The least-squares X for matrix @ X ~ rhs: matrix (..., m, n), rhs
    (..., m, k) -> (..., n, k).

    fast=True is TF's composite: the Cholesky factor of the regularized Gram
    matrix (A^H A + l2 I when m >= n, A A^H + l2 I otherwise), so a
    rank-deficient matrix with l2_regularizer=0 gives NaN, as TF (whose CPU
    kernel, used for large IO-bound batches, raises instead; kiln always
    takes the composite). fast=False is the minimum-norm solution for any
    rank (LAPACK gelsd, TF a complete orthogonal decomposition) and ignores
    l2_regularizer, as TF; its batch dimensions must be equal.
    """
    del name
    from . import linalg
    from ._control_flow import cond
    from .shape_ops import shape
    matrix = convert_to_tensor(matrix)
    rhs = convert_to_tensor(rhs, dtype_hint=matrix.dtype)
    if not fast:
        return execute(_MATRIX_SOLVE_LS, (matrix, rhs), ())
    if matrix.dtype == dtypes.complex128 and _nonzero(l2_regularizer):
        raise NotImplementedError("matrix_solve_ls is currently disabled for complex128 and "
                                  "l2_regularizer != 0 due to poor accuracy (as in TF); use "
                                  "complex64 or fast=False.")

    def gram_cholesky(first_kind):
        gram = linalg.matmul(matrix, matrix, adjoint_a=first_kind, adjoint_b=not first_kind)
        if _nonzero(l2_regularizer):
            # gram + l2 * I, written as a new diagonal so that no size must be known.
            l2 = convert_to_tensor(l2_regularizer, dtype_hint=matrix.dtype)
            gram = linalg.set_diag(gram, linalg.diag_part(gram) + l2)
        return cholesky(gram)

    def overdetermined():
        return cholesky_solve(gram_cholesky(True), linalg.matmul(matrix, rhs, adjoint_a=True))

    def underdetermined():
        return linalg.matmul(matrix, cholesky_solve(gram_cholesky(False), rhs), adjoint_a=True)

    m, n = (matrix.shape[-2], matrix.shape[-1]) if matrix.shape.rank else (None, None)
    if m is not None and n is not None:
        return overdetermined() if m >= n else underdetermined()
    dims = shape(matrix)
    return cond(dims[-2] >= dims[-1], overdetermined, underdetermined)


def _nonzero(value):
    """Whether a Python or tensor l2_regularizer is (statically) nonzero."""
    try:
        return bool(value != 0)
    except Exception:  # noqa: BLE001 - a symbolic tensor: assume it may be nonzero
        return True


_INV = op("inv")
_DET = op("det")
_SLOGDET = op("slogdet")
_SOLVE = op("solve")
_CHOLESKY = op("cholesky")
_CHOLESKY_SOLVE = op("cholesky_solve")
_QR = op("qr")
_SVD = op("svd")
_EIGH = op("eigh")
_MATRIX_SOLVE_LS = op("matrix_solve_ls")
