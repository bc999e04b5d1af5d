// Axis arguments, as every op that takes them validates them: negative axes
// count from the end; an axis out of range is an error naming the op.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

// axis in [-rank, rank) → [0, rank); InvalidArgumentError otherwise.
inline int64_t normalize_axis(const OpDef& op, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] axis " + std::to_string(axis) +
                               " is out of range for a tensor of rank " + std::to_string(rank) +
                               "; use an axis in [" + std::to_string(-rank) + ", " +
                               std::to_string(rank) + ").");
  }
  return axis < 0 ? axis + rank : axis;
}

// Each axis normalised; a repeated axis is an error.
inline std::vector<int64_t> normalize_axes(const OpDef& op, const std::vector<int64_t>& axes,
                                           int64_t rank) {
  std::vector<int64_t> out;
  out.reserve(axes.size());
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (int64_t a : axes) {
    int64_t n = normalize_axis(op, a, rank);
    if (seen[static_cast<size_t>(n)]) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] axis " + std::to_string(a) +
                                 " is given twice; list each axis once.");
    }
    seen[static_cast<size_t>(n)] = true;
    out.push_back(n);
  }
  return out;
}

}  // namespace kiln
