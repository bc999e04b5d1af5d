// Counting and searching, as C++ free functions (see src/ops/search_ops.cc),
// with TensorFlow's names and semantics: unique, unique_with_counts,
// bincount, histogram_fixed_width, searchsorted.
#pragma once

#include <cstdint>
#include <optional>

#include "kiln/tensor.h"

namespace kiln {

// tf.unique / tf.unique_with_counts: y holds the distinct values of the
// vector x in order of first appearance, idx (x's length) the position in y
// of each element, count (unique_with_counts only) how often each occurs.
// Values compare with ==: 0.0 and -0.0 are one value, every NaN its own.
// idx and count have dtype out_idx (int32 or int64).
struct UniqueResult {
  Tensor y, idx;
  std::optional<Tensor> count;
};
UniqueResult unique(const Tensor& x, DType out_idx = int32);
UniqueResult unique_with_counts(const Tensor& x, DType out_idx = int32);

// tf.math.bincount: counts of each value of arr (int32/int64, all >= 0), or
// sums of `weights` (arr's shape; int32/int64/float32/float64) at them. The
// length is max(max(arr) + 1, minlength) (0 for an empty arr), at most
// maxlength; larger values are dropped. dtype: the result's without weights.
// binary_output: 1 where a value occurs. axis 0 counts all of arr; -1 counts
// each row of a matrix arr on its own (shape [rows, length]).
Tensor bincount(const Tensor& arr, const std::optional<Tensor>& weights = std::nullopt, int64_t minlength = 0,
                std::optional<int64_t> maxlength = std::nullopt, DType dtype = int32, bool binary_output = false,
                int64_t axis = 0);

// tf.histogram_fixed_width: counts of values in nbins equal-width bins over
// [value_range[0], value_range[1]]; values outside count in the first or last
// bin. values and value_range share a dtype (int32/int64/float32/float64); a
// NaN value is an InvalidArgumentError. dtype: int32 or int64.
Tensor histogram_fixed_width(const Tensor& values, const Tensor& value_range, int64_t nbins,
                             DType dtype = int32);

// tf.searchsorted: for each value, its insertion point in the same row
// (leading axes) of sorted_sequence: the first index whose element is not
// less than it (right: greater than it). Shape of values; out_type int32/int64.
Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool right = false,
                    DType out_type = int32);

}  // namespace kiln
