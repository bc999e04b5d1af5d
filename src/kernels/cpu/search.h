// CPU kernels of the search family (src/ops/search_ops.cc): unique,
// bincount, histogram_fixed_width and the sorted searches. Inputs are read as
// contiguous copies; values that address the output are checked first.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <string_view>

#include "kiln/array.h"

namespace kiln::cpu {

// `op` is the calling op's name: errors start "[op] ", as the op's own do.

// The distinct values of the vector `x` in order of first appearance, the
// index of each element's value among them, and (with_counts) how often each
// occurs; idx and count have dtype `idx_dtype`. Values compare with ==, so
// 0.0 and -0.0 are one value and every NaN is its own.
// The same type as the ops layer's Arrays (ops/op_def.h), which kernels cannot include.
using UniqueArrays = boost::container::small_vector<Array, 2>;
UniqueArrays unique(const Array& x, DType idx_dtype, bool with_counts);

// Counts (or sums `weights`, when given) of each value of `arr` (int32/int64,
// >= 0). The output length is max(max(arr) + 1, minlength) (0 for an empty
// arr), capped at maxlength when maxlength >= 0; larger values are dropped.
// rows: arr is a matrix and each row is counted on its own ([rows, length]).
// binary: 1 where a value occurs instead of its count.
Array bincount(std::string_view op, const Array& arr, const Array* weights, int64_t minlength,
               int64_t maxlength, DType dtype, bool binary, bool rows);

// Counts of `values` in `nbins` equal bins spanning value_range; values
// below the range count in the first bin, those above in the last.
Array histogram_fixed_width(std::string_view op, const Array& values, const Array& value_range,
                            int64_t nbins, DType dtype);

// For each row of `values` ([..., M]), the insertion points of its elements
// in the same row of `sorted` ([..., N]): the first position whose element
// is not less than (right: greater than) the value. out: values' shape.
Array searchsorted(std::string_view op, const Array& sorted, const Array& values, bool right, DType out_type);

}  // namespace kiln::cpu
