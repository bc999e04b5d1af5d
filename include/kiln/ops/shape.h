// The shape ops, as C++ free functions (see src/ops/shape_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
