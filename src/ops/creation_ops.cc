// The creation op family (filled in by its issue work).
#include "ops/registry.h"

namespace kiln {

void register_creation_ops(Registry&) {}

}  // namespace kiln
