// The unary ops, as C++ free functions (see src/ops/unary_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
