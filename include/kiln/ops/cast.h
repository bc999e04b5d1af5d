// The cast ops, as C++ free functions (see src/ops/cast_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
