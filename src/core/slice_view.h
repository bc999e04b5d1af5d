// Views of an array that select an arithmetic progression of indices along
// each axis: slices, reverse, split, unstack and strided_slice all reduce to
// one, and the shape kernels copy through them. A base-layer helper (on
// Array alone) so that kernels and ops share it without a kernel reaching up
// into the ops layer.
#pragma once

#include <cstdint>
#include <vector>

#include "kiln/array.h"

namespace kiln {

// The elements of one input axis that a view shows.
struct AxisRange {
  int64_t begin = 0;   // the first index (in [0, dim) whenever length > 0)
  int64_t step = 1;    // may be negative
  int64_t length = 0;  // kUnknownDim in graphs, when the input dim is unknown
  bool keep = true;    // false: a single index, and the axis is dropped
};

struct SliceView {
  std::vector<AxisRange> ranges;  // one per input axis
  std::vector<int64_t> out_axes;  // per output axis: the input axis shown, or -1 for a new axis

  // Every element of an input of these dims, unchanged.
  static SliceView full(const Dims& dims);
  Shape shape() const;
};

// The view of `a` that `v` describes (shares a's buffer; no copy).
Array make_view(const Array& a, const SliceView& v);

// A view of `a` restricted to [begin, begin + length) along `axis`.
Array narrow(const Array& a, int64_t axis, int64_t begin, int64_t length);

}  // namespace kiln
