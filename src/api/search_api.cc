// The C++ API of unique, bincount, histogram_fixed_width, searchsorted (src/ops/search_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/search.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

UniqueResult unique(const Tensor& x, DType out_idx) {
  static const OpDef& op = Registry::get().at("unique");
  Tensor in[] = {x};
  Tensors out = execute(op, in, {out_idx});
  return {out[0], out[1], std::nullopt};
}

UniqueResult unique_with_counts(const Tensor& x, DType out_idx) {
  static const OpDef& op = Registry::get().at("unique_with_counts");
  Tensor in[] = {x};
  Tensors out = execute(op, in, {out_idx});
  return {out[0], out[1], out[2]};
}

Tensor bincount(const Tensor& arr, const std::optional<Tensor>& weights, int64_t minlength,
                std::optional<int64_t> maxlength, DType dtype, bool binary_output, int64_t axis) {
  static const OpDef& op = Registry::get().at("bincount");
  Attrs attrs = {minlength, maxlength.value_or(-1), dtype, binary_output, axis};
  if (weights) {
    Tensor in[] = {arr, *weights};
    return execute1(op, in, attrs);
  }
  Tensor in[] = {arr};
  return execute1(op, in, attrs);
}

Tensor histogram_fixed_width(const Tensor& values, const Tensor& value_range, int64_t nbins,
                             DType dtype) {
  static const OpDef& op = Registry::get().at("histogram_fixed_width");
  Tensor in[] = {values, value_range};
  return execute1(op, in, {nbins, dtype});
}

Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool right,
                    DType out_type) {
  static const OpDef& lower = Registry::get().at("lower_bound");
  static const OpDef& upper = Registry::get().at("upper_bound");
  Tensor in[] = {sorted_sequence, values};
  return execute1(right ? upper : lower, in, {out_type});
}

}  // namespace kiln
