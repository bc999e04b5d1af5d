// The random ops, as C++ free functions (see src/ops/random_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
