// The C++ API of cast, saturate_cast (src/ops/cast_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/cast.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

Tensor run_cast(const OpDef& op, const Tensor& x, DType dtype) {
  Tensor in[] = {x};
  return execute1(op, in, {dtype});
}

}  // namespace

Tensor cast(const Tensor& x, DType dtype) {
  static const OpDef& op = Registry::get().at("cast");
  if (x.dtype() == dtype) return x;
  return run_cast(op, x, dtype);
}

Tensor saturate_cast(const Tensor& x, DType dtype) {
  static const OpDef& op = Registry::get().at("saturate_cast");
  return run_cast(op, x, dtype);
}

}  // namespace kiln
