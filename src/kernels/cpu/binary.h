// CPU kernels of elementwise binary ops, with broadcasting by strides (the
// broadcast operand is never materialised).
#pragma once

#include "kiln/array.h"

namespace kiln::cpu {

enum class BinaryCode : int {
  kAdd,
};

// out = f(x, y), out already allocated with the broadcast shape.
void binary(BinaryCode code, const Array& x, const Array& y, Array& out);

}  // namespace kiln::cpu
