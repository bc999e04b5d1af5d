// Helpers shared by the shape op family (shape_ops.cc, slice_ops.cc,
// concat_ops.cc): error text, and (from core/slice_view.h, which the kernels
// share) views that select an arithmetic progression of indices along each
// axis (slices, reverse, split, unstack, strided_slice all reduce to one).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/slice_view.h"
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

}  // namespace kiln

namespace kiln {
class Registry;
// The parts of register_shape_ops that live in the family's other files.
void register_slice_ops(Registry& r);   // slice_ops.cc
void register_concat_ops(Registry& r);  // concat_ops.cc
}  // namespace kiln
