// STUB: filled in by the image work.
#include "ops/registry.h"

namespace kiln {
void register_image_ops(Registry&) {}
}  // namespace kiln
