// The reduction ops, as C++ free functions (see src/ops/reduction_ops.cc):
// reductions over axes, argmax/argmin, cumulative sums and products, sorting
// and top_k. Names and semantics are TensorFlow's (tf.math.*).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// Reductions over `axis` (negative axes count from the end; each axis once).
// axis = nullopt reduces every axis; an empty list reduces none (as TF).
// keepdims keeps reduced axes with length 1. Reducing zero elements gives
// the identity: sum 0, prod 1, max -inf (or the dtype's lowest), min +inf
// (or the highest), any false, all true, logsumexp -inf, mean/std/variance
// NaN (0 for integer mean). Float sums accumulate in float64; integer sums
// and products wrap around in the input dtype; integer means divide the
// (int64) sum and truncate toward zero, as TF. Results are bitwise
// reproducible run to run. max/min propagate NaN.
//
// Numeric dtypes (not bool):
Tensor reduce_sum(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                  bool keepdims = false);
Tensor reduce_mean(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                   bool keepdims = false);
Tensor reduce_prod(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                   bool keepdims = false);
// Real numeric dtypes (not bool, not complex):
Tensor reduce_max(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                  bool keepdims = false);
Tensor reduce_min(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                  bool keepdims = false);
// bool only:
Tensor reduce_any(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                  bool keepdims = false);
Tensor reduce_all(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                  bool keepdims = false);
// log(sum(exp(x))), computed stably (shifted by the maximum); floating dtypes.
Tensor reduce_logsumexp(const Tensor& x,
                        const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                        bool keepdims = false);
// Population variance / standard deviation (divided by N), in two passes;
// floating or complex dtypes (complex gives the real dtype of its parts).
Tensor reduce_variance(const Tensor& x,
                       const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                       bool keepdims = false);
Tensor reduce_std(const Tensor& x, const std::optional<std::vector<int64_t>>& axis = std::nullopt,
                  bool keepdims = false);

// Index of the first maximum / minimum along `axis` (a NaN counts as the
// extreme, as in NumPy). output_type: int16, uint16, int32 or int64. An
// empty axis is an error (there is nothing to point at).
Tensor argmax(const Tensor& x, int64_t axis = 0, DType output_type = int64);
Tensor argmin(const Tensor& x, int64_t axis = 0, DType output_type = int64);

// Running sum / product along `axis`. exclusive: element i excludes x[i]
// (the first output is the identity); reverse: runs from the end. Integers
// wrap around; floats accumulate in float64.
Tensor cumsum(const Tensor& x, int64_t axis = 0, bool exclusive = false, bool reverse = false);
Tensor cumprod(const Tensor& x, int64_t axis = 0, bool exclusive = false, bool reverse = false);

// Sorted values / the permutation (int32) that sorts, along `axis`.
// direction: "ASCENDING" or "DESCENDING" (ValueError otherwise). NaN orders
// above +inf. argsort is always stable (`stable` is accepted for TF).
Tensor sort(const Tensor& x, int64_t axis = -1, const std::string& direction = "ASCENDING");
Tensor argsort(const Tensor& x, int64_t axis = -1, const std::string& direction = "ASCENDING",
               bool stable = false);

// The k largest entries of each last-axis row, largest first (ties: lower
// index first), and their indices (int32 or int64).
struct TopK {
  Tensor values;
  Tensor indices;
};
TopK top_k(const Tensor& x, int64_t k = 1, bool sorted = true, DType index_type = int32);

}  // namespace kiln
