// Elementwise binary ops, as C++ free functions (see src/ops/binary_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {

// x + y, elementwise with broadcasting. Both operands have the same dtype
// (kiln, like TensorFlow, never promotes implicitly); bool is not added.
Tensor add(const Tensor& x, const Tensor& y);

}  // namespace kiln
