// The C++ API of gathers and scatters (src/ops/index_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/index.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

Tensor gather(const Tensor& params, const Tensor& indices, std::optional<int64_t> axis,
              int64_t batch_dims) {
  static const OpDef& op = Registry::get().at("gather");
  Tensor in[] = {params, indices};
  return execute1(op, in, {axis.value_or(batch_dims), batch_dims});
}

Tensor gather_nd(const Tensor& params, const Tensor& indices, int64_t batch_dims) {
  static const OpDef& op = Registry::get().at("gather_nd");
  Tensor in[] = {params, indices};
  return execute1(op, in, {batch_dims});
}

Tensor scatter_nd(const Tensor& indices, const Tensor& updates, const Shape& shape) {
  static const OpDef& op = Registry::get().at("scatter_nd");
  Tensor in[] = {indices, updates};
  return execute1(op, in, {shape});
}

Tensor tensor_scatter_nd_update(const Tensor& tensor, const Tensor& indices,
                                const Tensor& updates) {
  static const OpDef& op = Registry::get().at("tensor_scatter_nd_update");
  Tensor in[] = {tensor, indices, updates};
  return execute1(op, in, {});
}

Tensor boolean_mask(const Tensor& tensor, const Tensor& mask, int64_t axis) {
  static const OpDef& op = Registry::get().at("boolean_mask");
  Tensor in[] = {tensor, mask};
  return execute1(op, in, {axis});
}

Tensor where_indices(const Tensor& condition) {
  static const OpDef& op = Registry::get().at("where_indices");
  Tensor in[] = {condition};
  return execute1(op, in, {});
}

Tensor one_hot(const Tensor& indices, int64_t depth, const Tensor& on_value,
               const Tensor& off_value, int64_t axis) {
  static const OpDef& op = Registry::get().at("one_hot");
  Tensor in[] = {indices, on_value, off_value};
  return execute1(op, in, {depth, axis});
}

Tensor one_hot(const Tensor& indices, int64_t depth, DType dtype, int64_t axis) {
  return one_hot(indices, depth, fill(Shape{}, 1.0, dtype), fill(Shape{}, 0.0, dtype), axis);
}

Tensor sequence_mask(const Tensor& lengths, std::optional<int64_t> maxlen, DType dtype) {
  static const OpDef& op = Registry::get().at("sequence_mask");
  if (maxlen && *maxlen < 0) {
    throw InvalidArgumentError("[sequence_mask] maxlen must be non-negative, got " +
                               std::to_string(*maxlen) + ".");
  }
  Tensor in[] = {lengths};
  return execute1(op, in, {maxlen.value_or(-1), dtype});
}

}  // namespace kiln
