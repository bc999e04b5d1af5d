// A shape given as an int-list attribute (fill, random ops): every
// dimension must be a size, and the element count must fit int64. In graphs
// a shape given by a tensor may be partly known (op_def.h's kUnknownValue,
// kUnknownLength): those dimensions, or the rank, are unknown.
#pragma once

#include <string>
#include <vector>

#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

inline Shape shape_from_attr(const OpDef& op, const std::vector<int64_t>& dims) {
  if (is_unknown_length(dims)) return Shape::unknown_rank();
  Dims out;
  for (int64_t d : dims) {
    if (d == kUnknownValue) {
      out.push_back(kUnknownDim);
      continue;
    }
    if (d < 0) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] Dimension " + std::to_string(d) +
                                 " must be >= 0; every dimension of a shape is a size.");
    }
    out.push_back(d);
  }
  Shape shape(std::move(out));
  if (shape.is_fully_defined()) (void)shape.num_elements();  // InvalidArgumentError on overflow
  return shape;
}

}  // namespace kiln
