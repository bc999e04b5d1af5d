// The shape op family (filled in by its issue work).
#include "ops/registry.h"

namespace kiln {

void register_shape_ops(Registry&) {}

}  // namespace kiln
