// The segment reductions, as C++ free functions (see src/ops/segment_ops.cc),
// with TensorFlow's names and semantics (tf.math.segment_*, tf.math.unsorted_segment_*).
//
// Slice data[i, ...] (i a position of segment_ids) joins output row
// segment_ids[i]. Data is numeric (not bool; max and min not complex);
// segment_ids are int32 or int64. Float sums accumulate in float64; integer
// sums and products wrap around in the data dtype; an integer mean truncates.
// max/min propagate NaN.
#pragma once

#include <cstdint>

#include "kiln/tensor.h"

namespace kiln {

// Sorted segments: segment_ids is a vector as long as data's first axis,
// non-decreasing and >= 0 (else InvalidArgumentError naming the first bad
// id). The output has last id + 1 rows; a row no id names is 0.
Tensor segment_sum(const Tensor& data, const Tensor& segment_ids);
Tensor segment_mean(const Tensor& data, const Tensor& segment_ids);
Tensor segment_max(const Tensor& data, const Tensor& segment_ids);
Tensor segment_min(const Tensor& data, const Tensor& segment_ids);
Tensor segment_prod(const Tensor& data, const Tensor& segment_ids);

// Unsorted segments: segment_ids' shape prefixes data's; the output has shape
// [num_segments] + data.shape[segment_ids.rank:]. A negative id drops its
// slice; an id >= num_segments is an InvalidArgumentError. A row no id names
// holds the identity as TF: 0 (sum), 1 (prod), the dtype's lowest value
// (max) or highest (min).
Tensor unsorted_segment_sum(const Tensor& data, const Tensor& segment_ids, int64_t num_segments);
Tensor unsorted_segment_max(const Tensor& data, const Tensor& segment_ids, int64_t num_segments);
Tensor unsorted_segment_min(const Tensor& data, const Tensor& segment_ids, int64_t num_segments);
Tensor unsorted_segment_prod(const Tensor& data, const Tensor& segment_ids, int64_t num_segments);

}  // namespace kiln
