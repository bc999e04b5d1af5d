// The creation ops, as C++ free functions (see src/ops/creation_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
