// The C++ API of elementwise unary ops and softmax (src/ops/unary_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/unary.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

Tensor run1(std::string_view name, const Tensor& x, const Attrs& attrs = {}) {
  const OpDef& op = Registry::get().at(name);
  Tensor in[] = {x};
  return execute1(op, in, attrs);
}

}  // namespace

// The functions of the header's KILN_UNARY_FUNCTIONS list: each runs the
// registry op of its name.
#define KILN_UNARY_FUNCTION(name) \
  Tensor name(const Tensor& x) { return run1(#name, x); }
KILN_UNARY_FUNCTIONS(KILN_UNARY_FUNCTION)
#undef KILN_UNARY_FUNCTION

Tensor leaky_relu(const Tensor& x, double alpha) { return run1("leaky_relu", x, {alpha}); }
Tensor gelu(const Tensor& x, bool approximate) { return run1("gelu", x, {approximate}); }
Tensor softmax(const Tensor& x, int64_t axis) { return run1("softmax", x, {axis}); }
Tensor log_softmax(const Tensor& x, int64_t axis) { return run1("log_softmax", x, {axis}); }

}  // namespace kiln
