// STUB: filled in by the nn_conv work.
#include "ops/registry.h"

namespace kiln {
void register_nn_conv_ops(Registry&) {}
}  // namespace kiln
