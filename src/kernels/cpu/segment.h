// CPU kernel of the segment family (src/ops/segment_ops.cc): reductions of
// the slices of data that share a segment id. Inputs are read as contiguous
// copies; every id is checked before it addresses the output.
#pragma once

#include <cstdint>
#include <string_view>

#include "kiln/array.h"

namespace kiln::cpu {

// `op` is the calling op's name: errors start "[op] ", as the op's own do.

enum class SegmentCode : int { kSum, kMean, kMax, kMin, kProd };

// Reduces the rows of `data` that share a segment id. `ids` (int32/int64)
// has a shape that prefixes data's; each id selects the output row that its
// data slice joins. num_segments < 0: TF's sorted segment ops (ids a vector,
// non-decreasing, >= 0; num_segments = last id + 1; an empty segment gives
// 0). num_segments >= 0: the unsorted ones (a negative id drops its slice;
// one >= num_segments is an error; an empty segment gives the reduction's
// identity: 0, 1, the dtype's lowest or highest value, as TF).
Array segment_reduce(std::string_view op, const Array& data, const Array& ids, int64_t num_segments,
                     SegmentCode code);

}  // namespace kiln::cpu
