// The index ops, as C++ free functions (see src/ops/index_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
