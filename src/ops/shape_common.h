// Helpers shared by the shape op family (shape_ops.cc, slice_ops.cc,
// concat_ops.cc): error text, and views that select an arithmetic
// progression of indices along each axis (slices, reverse, split, unstack,
// strided_slice all reduce to one).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kiln/array.h"
#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

// "[op] " + message, as InvalidArgumentError.
[[noreturn]] inline void shape_error(const OpDef& op, const std::string& message) {
  throw InvalidArgumentError("[" + std::string(op.name) + "] " + message);
}

// "(1, -1, 3)" (a one-element list reads "(4,)", as a Python tuple).
std::string list_text(std::span<const int64_t> values);
inline std::string list_text(const Dims& d) { return list_text(std::span(d.data(), d.size())); }

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

namespace kiln {
class Registry;
// The parts of register_shape_ops that live in the family's other files.
void register_slice_ops(Registry& r);   // slice_ops.cc
void register_concat_ops(Registry& r);  // concat_ops.cc
}  // namespace kiln
