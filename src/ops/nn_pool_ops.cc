// STUB: filled in by the nn_pool work.
#include "ops/registry.h"

namespace kiln {
void register_nn_pool_ops(Registry&) {}
}  // namespace kiln
