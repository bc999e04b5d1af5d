// A shape given as an int-list attribute (fill, random ops): every
// dimension must be a size, and the element count must fit int64.
#pragma once

#include <string>
#include <vector>

#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

inline Shape shape_from_attr(const OpDef& op, const std::vector<int64_t>& dims) {
  Dims out;
  for (int64_t d : dims) {
    if (d < 0) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] Dimension " + std::to_string(d) +
                                 " must be >= 0; every dimension of a shape is a size.");
    }
    out.push_back(d);
  }
  Shape shape(std::move(out));
  (void)shape.num_elements();  // InvalidArgumentError when the count overflows
  return shape;
}

}  // namespace kiln
