// The unary op family (filled in by its issue work).
#include "ops/registry.h"

namespace kiln {

void register_unary_ops(Registry&) {}

}  // namespace kiln
