// STUB: filled in by the image work.
#pragma once

#include "kiln/tensor.h"

namespace kiln {}  // namespace kiln
