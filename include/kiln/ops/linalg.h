// Linear algebra ops, as C++ free functions (see src/ops/linalg_ops.cc).
// Operands share one dtype (no implicit promotion); integer products wrap.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// The matrix product of the last two axes, batched over the others (which
// broadcast): a (..., m, k) times b (..., k, n). transpose_* transposes an
// operand first; adjoint_* conjugate-transposes it (not both for one
// operand). Any numeric dtype; float32/float64/complex run on OpenBLAS.
Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a = false,
              bool transpose_b = false, bool adjoint_a = false, bool adjoint_b = false);

// Sums a * b over the pairs of axes (axes_a[i], axes_b[i]); the result has
// a's remaining axes followed by b's. Negative axes count from the end.
Tensor tensordot(const Tensor& a, const Tensor& b, const std::vector<int64_t>& axes_a,
                 const std::vector<int64_t>& axes_b);
// The same, contracting a's last `axes` axes with b's first `axes` axes.
Tensor tensordot(const Tensor& a, const Tensor& b, int64_t axes);

// Einstein summation, NumPy's and TF's notation: "ij,jk->ik", "bij,bjk",
// "ii->i", "...ij,...jk->...ik". Without '->' the output holds '...' and the
// labels used once, sorted.
Tensor einsum(const std::string& equation, std::span<const Tensor> operands);

// Identity matrices of shape batch_shape + (num_rows, num_columns); a square
// one when num_columns is not given.
Tensor eye(int64_t num_rows, std::optional<int64_t> num_columns = std::nullopt,
           const std::vector<int64_t>& batch_shape = {}, DType dtype = float32);

// The sum of the main diagonal of the last two axes: shape x.shape[:-2].
Tensor trace(const Tensor& x);

// The k-th diagonal of the last two axes (k > 0 above the main diagonal,
// k < 0 below): shape x.shape[:-2] + (length,). Any dtype, bool included.
Tensor diag_part(const Tensor& x, int64_t k = 0);

}  // namespace kiln
