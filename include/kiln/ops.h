// Ops on tensors, as free functions (the same names as kiln's Python ops).
// Each validates its inputs and throws a kiln::Error whose message starts
// with "[op]", names the shapes and dtypes, and says what to do.
#pragma once

#include "kiln/tensor.h"

namespace kiln {

// The shape both operands broadcast to, by NumPy's rules; InvalidArgumentError
// naming `op` and both shapes when they do not broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

// x + y, elementwise with broadcasting. Both operands have the same dtype
// (kiln, like TensorFlow, never promotes implicitly); bool is not added.
Tensor add(const Tensor& x, const Tensor& y);

}  // namespace kiln
