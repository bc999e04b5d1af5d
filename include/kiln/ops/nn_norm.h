// STUB: filled in by the nn_norm work.
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
