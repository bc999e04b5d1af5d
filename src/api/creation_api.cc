// The C++ API of range, linspace (src/ops/creation_ops.cc); fill, zeros, ones are
// plain constructors of kiln/tensor.h (src/core/tensor.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/creation.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

Tensor range(const Tensor& start, const Tensor& limit, const Tensor& delta) {
  static const OpDef& op = Registry::get().at("range");
  Tensor in[] = {start, limit, delta};
  return execute1(op, in, {});
}

Tensor linspace(const Tensor& start, const Tensor& stop, int64_t num, int64_t axis) {
  static const OpDef& op = Registry::get().at("linspace");
  Tensor in[] = {start, stop};
  return execute1(op, in, {num, axis});
}

}  // namespace kiln
