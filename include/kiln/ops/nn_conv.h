// STUB: filled in by the nn_conv work.
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
