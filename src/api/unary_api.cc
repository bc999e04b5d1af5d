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

// The unary functions of include/kiln/ops/unary.h without attributes, by the
// names their ops register under (the table in src/ops/unary_ops.cc, which
// this layer cannot see: it is the ops layer's private list). A new unary op
// adds its name here and its declaration to the header.
// clang-format off
#define KILN_UNARY_API(X) \
  X(abs) X(negative) X(sign) X(square) X(relu) X(relu6) X(round) X(floor) X(ceil) X(invert) \
  X(logical_not) X(is_nan) X(is_inf) X(is_finite) X(sqrt) X(rsqrt) X(reciprocal) X(exp)     \
  X(expm1) X(log) X(log1p) X(sin) X(cos) X(tan) X(asin) X(acos) X(atan) X(sinh) X(cosh)     \
  X(tanh) X(asinh) X(acosh) X(atanh) X(sigmoid) X(erf) X(elu) X(selu) X(softplus)           \
  X(softsign)
// clang-format on
#define KILN_UNARY_FUNCTION(name) \
  Tensor name(const Tensor& x) { return run1(#name, x); }
KILN_UNARY_API(KILN_UNARY_FUNCTION)
#undef KILN_UNARY_FUNCTION
#undef KILN_UNARY_API

Tensor leaky_relu(const Tensor& x, double alpha) { return run1("leaky_relu", x, {alpha}); }
Tensor gelu(const Tensor& x, bool approximate) { return run1("gelu", x, {approximate}); }
Tensor softmax(const Tensor& x, int64_t axis) { return run1("softmax", x, {axis}); }
Tensor log_softmax(const Tensor& x, int64_t axis) { return run1("log_softmax", x, {axis}); }

}  // namespace kiln
