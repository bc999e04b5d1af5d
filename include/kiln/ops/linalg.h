// The linalg ops, as C++ free functions (see src/ops/linalg_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
