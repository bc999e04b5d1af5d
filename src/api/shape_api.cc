// The C++ API of the shape family: reshape, transpose, ... (src/ops/shape_ops.cc), slices
// and splits (slice_ops.cc), concat, stack, tile, pad, roll (concat_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/shape.h"
#include "ops/registry.h"
#include "ops/shape_common.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

// The outputs of a variadic op (unstack, split) as the API returns them.
std::vector<Tensor> to_vector(Tensors&& t) {
  return std::vector<Tensor>(std::make_move_iterator(t.begin()), std::make_move_iterator(t.end()));
}

}  // namespace

Tensor reshape(const Tensor& x, const std::vector<int64_t>& shape) {
  static const OpDef& op = Registry::get().at("reshape");
  return execute1(op, std::span(&x, 1), {shape});
}

Tensor transpose(const Tensor& x, const std::optional<std::vector<int64_t>>& perm, bool conjugate) {
  static const OpDef& op = Registry::get().at("transpose");
  return execute1(op, std::span(&x, 1), {perm.value_or(std::vector<int64_t>{}), conjugate});
}

Tensor expand_dims(const Tensor& x, int64_t axis) {
  static const OpDef& op = Registry::get().at("expand_dims");
  return execute1(op, std::span(&x, 1), {axis});
}

Tensor squeeze(const Tensor& x, const std::vector<int64_t>& axis) {
  static const OpDef& op = Registry::get().at("squeeze");
  return execute1(op, std::span(&x, 1), {axis});
}

Tensor broadcast_to(const Tensor& x, const std::vector<int64_t>& shape) {
  static const OpDef& op = Registry::get().at("broadcast_to");
  return execute1(op, std::span(&x, 1), {shape});
}

Tensor identity(const Tensor& x) {
  static const OpDef& op = Registry::get().at("identity");
  return execute1(op, std::span(&x, 1), {});
}

Tensor stop_gradient(const Tensor& x) {
  static const OpDef& op = Registry::get().at("stop_gradient");
  return execute1(op, std::span(&x, 1), {});
}

Tensor shape(const Tensor& x, DType out_type) {
  static const OpDef& op = Registry::get().at("shape");
  return execute1(op, std::span(&x, 1), {out_type});
}

Tensor size(const Tensor& x, DType out_type) {
  static const OpDef& op = Registry::get().at("size");
  return execute1(op, std::span(&x, 1), {out_type});
}

Tensor rank(const Tensor& x) {
  static const OpDef& op = Registry::get().at("rank");
  return execute1(op, std::span(&x, 1), {});
}

Tensor slice(const Tensor& x, const std::vector<int64_t>& begin, const std::vector<int64_t>& size) {
  static const OpDef& op = Registry::get().at("slice");
  return execute1(op, std::span(&x, 1), {begin, size});
}

Tensor strided_slice(const Tensor& x, const std::vector<int64_t>& begin,
                     const std::vector<int64_t>& end, const StridedSliceOptions& o) {
  static const OpDef& op = Registry::get().at("strided_slice");
  return execute1(op, std::span(&x, 1),
                  {begin, end, o.strides, o.begin_mask, o.end_mask, o.ellipsis_mask,
                   o.new_axis_mask, o.shrink_axis_mask});
}

std::vector<Tensor> unstack(const Tensor& x, std::optional<int64_t> num, int64_t axis) {
  static const OpDef& op = Registry::get().at("unstack");
  return to_vector(execute(op, std::span(&x, 1), {num.value_or(-1), axis}));
}

std::vector<Tensor> split(const Tensor& x, int64_t num, int64_t axis) {
  static const OpDef& op = Registry::get().at("split");
  return to_vector(execute(op, std::span(&x, 1), {axis, num, std::vector<int64_t>{}}));
}

std::vector<Tensor> split(const Tensor& x, const std::vector<int64_t>& sizes, int64_t axis) {
  static const OpDef& op = Registry::get().at("split");
  if (sizes.empty()) shape_error(op, "size_splits is empty; give at least one size.");
  return to_vector(execute(op, std::span(&x, 1), {axis, int64_t{0}, sizes}));
}

Tensor reverse(const Tensor& x, const std::vector<int64_t>& axis) {
  static const OpDef& op = Registry::get().at("reverse");
  return execute1(op, std::span(&x, 1), {axis});
}

Tensor concat(const std::vector<Tensor>& values, int64_t axis) {
  static const OpDef& op = Registry::get().at("concat");
  return execute1(op, values, {axis});
}

Tensor stack(const std::vector<Tensor>& values, int64_t axis) {
  static const OpDef& op = Registry::get().at("stack");
  return execute1(op, values, {axis});
}

Tensor tile(const Tensor& x, const std::vector<int64_t>& multiples) {
  static const OpDef& op = Registry::get().at("tile");
  return execute1(op, std::span(&x, 1), {multiples});
}

Tensor pad(const Tensor& x, const std::vector<std::pair<int64_t, int64_t>>& paddings,
           const std::string& mode, const std::optional<Tensor>& constant_value) {
  static const OpDef& op = Registry::get().at("pad");
  std::vector<int64_t> flat;
  for (auto [lo, hi] : paddings) {
    flat.push_back(lo);
    flat.push_back(hi);
  }
  Tensor in[] = {x, constant_value.value_or(fill(Shape{}, 0.0, x.dtype()))};
  return execute1(op, in, {flat, mode});
}

Tensor roll(const Tensor& x, const std::vector<int64_t>& shift, const std::vector<int64_t>& axis) {
  static const OpDef& op = Registry::get().at("roll");
  return execute1(op, std::span(&x, 1), {shift, axis});
}

}  // namespace kiln
