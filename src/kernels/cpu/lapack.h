// Matrix decompositions and solvers on LAPACK (LAPACKE, OpenBLAS's build),
// batched over the leading axes. Inputs are (..., m, n) arrays of float32,
// float64, complex64 or complex128 with any strides; the op layer checked
// shapes and dtypes. Kernels copy each input into column-major scratch (LAPACK
// works in place) and never write their inputs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "kiln/array.h"

namespace kiln::cpu {

// ---- layout and batching (lapack_layout.cc) ----

// A C-contiguous copy of x (..., m, n) whose every matrix is stored
// column-major: shape (..., n, m). What LAPACK reads and overwrites.
Array column_major_copy(const Array& x);
// The inverse: a row-major (C-contiguous) (..., m, n) array from column-major
// scratch of shape (..., n, m).
Array row_major_copy(const Array& cm);
// Runs fn(first, last) over the batch's matrices [0, batch). Small matrices
// go to kiln's pool (OpenBLAS runs LAPACK on them single-threaded, so threads
// are not oversubscribed); large ones run one at a time, each on OpenBLAS's
// own threads. `n` is the matrix order, the cost being about n^3.
void for_each_matrix(int64_t batch, int64_t n, const std::function<void(int64_t, int64_t)>& fn);
// The number of matrices in a (..., m, n) shape, those of size 0 included.
int64_t batch_count(const Dims& dims);

// The first matrix of a batch that LAPACK could not handle, recorded from
// any thread (kernels throw after the batch, not from inside the pool).
class FirstFailure {
 public:
  void add(int64_t index);
  bool failed() const { return index_ >= 0; }
  // " Matrix 3 of the batch (counting in C order)", to follow a sentence.
  std::string which() const;

 private:
  std::atomic<int64_t> index_{-1};
};

// ---- LU: inverse, determinant, solve (lapack_lu.cc) ----

// The inverse of each square matrix (its adjoint's with adjoint=true).
// InvalidArgumentError "Input is not invertible." on an exactly zero pivot.
Array inverse(const Array& x, bool adjoint);
// sign and log|det| of each matrix (both of x's dtype; for complex, sign
// has modulus 1 and the log is real-valued). A singular matrix: sign 0, -inf.
void log_determinant(const Array& x, Array& sign, Array& log_abs);
// The determinant, as TF computes it: sign * exp(log|det|).
Array determinant(const Array& x);
// X with A X = B (A^H X = B with adjoint): a (..., n, n), b (..., n, k).
// InvalidArgumentError "Input matrix is not invertible." on a zero pivot.
Array solve(const Array& a, const Array& b, bool adjoint);

// ---- other decompositions (lapack_decompose.cc) ----

// The lower Cholesky factor (reads the lower triangle). A matrix that is
// not positive definite gets NaN in its lower triangle, as TF's.
Array cholesky(const Array& x);
// X with L L^H X = B, for chol (..., n, n) from cholesky and b (..., n, k);
// the batch axes broadcast to `out_shape`'s.
Array cholesky_solve(const Array& chol, const Array& b, const Shape& out_shape);
// Q (..., m, full ? m : k) with orthonormal columns and upper-triangular R
// (..., full ? m : k, n), k = min(m, n); q and r are allocated by the caller.
void qr(const Array& x, bool full, Array& q, Array& r);
// Singular values s (..., k) descending (real dtype), and with u, v non-null
// the singular vectors: x = u diag(s) v^H. Non-finite input gives NaN.
void svd(const Array& x, bool full, Array& s, Array* u, Array* v);
// Eigenvalues e (..., n) ascending (x's dtype, as TF's) and, with v
// non-null, eigenvectors as columns. Reads the lower triangle.
// InvalidArgumentError when the input holds NaN or infinity (TF's message).
void eigh(const Array& x, Array& e, Array* v);
// Minimum-norm least-squares solution of A X = B through the SVD (TF's
// fast=False): a (..., m, n), b (..., m, k) -> (..., n, k).
Array solve_ls(const Array& a, const Array& b);

}  // namespace kiln::cpu
