// The reduction ops, as C++ free functions (see src/ops/reduction_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
