// The C++ API of Elementwise binary and ternary ops (src/ops/binary_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/binary.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

// The C++ API: each function looks its OpDef up once.
#define KILN_BINARY_FN(NAME)                            \
  Tensor NAME(const Tensor& x, const Tensor& y) {       \
    static const OpDef& op = Registry::get().at(#NAME); \
    Tensor in[] = {x, y};                               \
    return execute1(op, in, {});                        \
  }
KILN_BINARY_FN(add)
KILN_BINARY_FN(subtract)
KILN_BINARY_FN(multiply)
KILN_BINARY_FN(divide)
KILN_BINARY_FN(floordiv)
KILN_BINARY_FN(floormod)
KILN_BINARY_FN(pow)
KILN_BINARY_FN(maximum)
KILN_BINARY_FN(minimum)
KILN_BINARY_FN(squared_difference)
KILN_BINARY_FN(atan2)
KILN_BINARY_FN(divide_no_nan)
KILN_BINARY_FN(equal)
KILN_BINARY_FN(not_equal)
KILN_BINARY_FN(less)
KILN_BINARY_FN(less_equal)
KILN_BINARY_FN(greater)
KILN_BINARY_FN(greater_equal)
KILN_BINARY_FN(logical_and)
KILN_BINARY_FN(logical_or)
KILN_BINARY_FN(logical_xor)
KILN_BINARY_FN(bitwise_and)
KILN_BINARY_FN(bitwise_or)
KILN_BINARY_FN(bitwise_xor)
KILN_BINARY_FN(left_shift)
KILN_BINARY_FN(right_shift)
#undef KILN_BINARY_FN

Tensor where(const Tensor& condition, const Tensor& x, const Tensor& y) {
  static const OpDef& op = Registry::get().at("where");
  Tensor in[] = {condition, x, y};
  return execute1(op, in, {});
}

Tensor clip_by_value(const Tensor& t, const Tensor& clip_value_min, const Tensor& clip_value_max) {
  static const OpDef& op = Registry::get().at("clip_by_value");
  Tensor in[] = {t, clip_value_min, clip_value_max};
  return execute1(op, in, {});
}

}  // namespace kiln
