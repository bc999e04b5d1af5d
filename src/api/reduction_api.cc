// The C++ API of reductions, arg-reductions, scans, sorts, top_k (src/ops/reduction_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/reduction.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

Attrs reduce_attrs(const std::optional<std::vector<int64_t>>& axis, bool keepdims) {
  return {axis.value_or(std::vector<int64_t>{}), keepdims, !axis.has_value()};
}

Tensor run1(std::string_view name, const Tensor& x, const Attrs& attrs) {
  const OpDef& op = Registry::get().at(name);
  Tensor in[] = {x};
  return execute1(op, in, attrs);
}

}  // namespace

#define KILN_REDUCTION(fn)                                                                     \
  Tensor fn(const Tensor& x, const std::optional<std::vector<int64_t>>& axis, bool keepdims) { \
    return run1(#fn, x, reduce_attrs(axis, keepdims));                                         \
  }
KILN_REDUCTION(reduce_sum)
KILN_REDUCTION(reduce_mean)
KILN_REDUCTION(reduce_prod)
KILN_REDUCTION(reduce_max)
KILN_REDUCTION(reduce_min)
KILN_REDUCTION(reduce_any)
KILN_REDUCTION(reduce_all)
KILN_REDUCTION(reduce_logsumexp)
KILN_REDUCTION(reduce_variance)
KILN_REDUCTION(reduce_std)
#undef KILN_REDUCTION

Tensor argmax(const Tensor& x, int64_t axis, DType output_type) {
  return run1("argmax", x, {axis, output_type});
}
Tensor argmin(const Tensor& x, int64_t axis, DType output_type) {
  return run1("argmin", x, {axis, output_type});
}
Tensor cumsum(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  return run1("cumsum", x, {axis, exclusive, reverse});
}
Tensor cumprod(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  return run1("cumprod", x, {axis, exclusive, reverse});
}
Tensor sort(const Tensor& x, int64_t axis, const std::string& direction) {
  return run1("sort", x, {axis, direction});
}
Tensor argsort(const Tensor& x, int64_t axis, const std::string& direction, bool stable) {
  return run1("argsort", x, {axis, direction, stable});
}
TopK top_k(const Tensor& x, int64_t k, bool sorted, DType index_type) {
  static const OpDef& op = Registry::get().at("top_k");
  Tensor in[] = {x};
  Tensors out = execute(op, in, {k, sorted, index_type});
  return {out[0], out[1]};
}

}  // namespace kiln
