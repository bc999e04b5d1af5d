// STUB: filled in by the nn_pool work.
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
