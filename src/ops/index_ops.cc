// The index op family (filled in by its issue work).
#include "ops/registry.h"

namespace kiln {

void register_index_ops(Registry&) {}

}  // namespace kiln
