// Diagonals and bands of matrices (tf.linalg.diag, set_diag, band_part); see
// src/ops/linalg_diag_ops.cc. Any dtype, batched over the leading axes.
#pragma once

#include <cstdint>
#include <optional>

#include "kiln/tensor.h"

namespace kiln {

// Matrices with `diagonal` (..., L) on their k-th diagonal and padding_value
// (default 0) elsewhere. num_rows / num_cols -1: the smallest that fit
// (square when both are -1), as TF's MatrixDiagV3.
Tensor diag(const Tensor& diagonal, int64_t k = 0, int64_t num_rows = -1, int64_t num_cols = -1,
            const std::optional<Tensor>& padding_value = std::nullopt);
// input with its k-th diagonal replaced by `diagonal` (input.shape[:-2] + (len,)).
Tensor set_diag(const Tensor& input, const Tensor& diagonal, int64_t k = 0);
// input with the elements outside the band zeroed: kept where
// (num_lower < 0 or i - j <= num_lower) and (num_upper < 0 or j - i <= num_upper).
Tensor band_part(const Tensor& input, int64_t num_lower, int64_t num_upper);

}  // namespace kiln
