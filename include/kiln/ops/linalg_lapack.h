// Matrix decompositions and solvers (tf.linalg names), on LAPACK; see
// src/ops/linalg_lapack_ops.cc. Inputs are (..., m, n) batches of float32,
// float64, complex64 or complex128 matrices; every op works per matrix.
#pragma once

#include <optional>

#include "kiln/tensor.h"

namespace kiln {

// The inverse of each square matrix (of its adjoint with adjoint=true).
// InvalidArgumentError "Input is not invertible." for an exactly singular one.
Tensor inv(const Tensor& x, bool adjoint = false);
// The determinant of each square matrix: shape x.shape[:-2].
Tensor det(const Tensor& x);
// sign and log|det| (both of x's dtype): det = sign * exp(log_abs_determinant).
struct Slogdet {
  Tensor sign;
  Tensor log_abs_determinant;
};
Slogdet slogdet(const Tensor& x);
// X with matrix X = rhs (adjoint(matrix) X = rhs with adjoint): matrix
// (..., n, n), rhs (..., n, k) with the same batch dimensions.
Tensor solve(const Tensor& matrix, const Tensor& rhs, bool adjoint = false);
// The lower-triangular L with x = L L^H (reads x's lower triangle; NaN for a
// matrix that is not positive definite, as TF).
Tensor cholesky(const Tensor& x);
// X with L L^H X = rhs for chol = cholesky(A); batch dimensions broadcast.
Tensor cholesky_solve(const Tensor& chol, const Tensor& rhs);
// x = q r, q with orthonormal columns, r upper triangular; full_matrices
// makes q square (m, m) instead of (m, min(m, n)).
struct Qr {
  Tensor q;
  Tensor r;
};
Qr qr(const Tensor& x, bool full_matrices = false);
// Singular values s (descending, real dtype) and x = u diag(s) adjoint(v);
// u and v only with compute_uv. Signs of singular vectors are LAPACK's.
struct Svd {
  Tensor s;
  std::optional<Tensor> u;
  std::optional<Tensor> v;
};
Svd svd(const Tensor& x, bool full_matrices = false, bool compute_uv = true);
// Eigenvalues (ascending, x's dtype) and eigenvectors (columns) of each
// self-adjoint matrix, read from its lower triangle.
struct Eigh {
  Tensor e;
  Tensor v;
};
Eigh eigh(const Tensor& x);
Tensor eigvalsh(const Tensor& x);
// The minimum-norm least-squares X for matrix X = rhs (tf.linalg.lstsq with
// fast=False): matrix (..., m, n), rhs (..., m, k) -> (..., n, k).
Tensor matrix_solve_ls(const Tensor& matrix, const Tensor& rhs);

}  // namespace kiln
