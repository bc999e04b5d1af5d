// Elementwise binary ops: NumPy broadcasting, one dtype for both operands.
#include "kernels/cpu/binary.h"
#include "kiln/ops.h"
#include "ops/elementwise_infer.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

Specs infer_arithmetic(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  TensorSpec out = infer_same_dtype_broadcast(op, in);
  if (out.dtype.is_bool()) {
    throw InvalidArgumentError("[" + std::string(op.name) +
                               "] is not defined for bool tensors; use kiln.logical_or/and, or "
                               "cast to an integer type first.");
  }
  return {out};
}

Arrays binary_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                     std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  cpu::binary(static_cast<cpu::BinaryCode>(op.code), in[0], in[1], result);
  return {std::move(result)};
}

}  // namespace

void register_binary_ops(Registry& r) {
  r.add({.name = "add", .min_inputs = 2, .max_inputs = 2,
         .traits = kElementwise | kCommutative, .infer = infer_arithmetic,
         .cpu = binary_kernel, .code = static_cast<int>(cpu::BinaryCode::kAdd)});
}

Tensor add(const Tensor& x, const Tensor& y) {
  static const OpDef& op = Registry::get().at("add");
  Tensor in[] = {x, y};
  return execute1(op, in, {});
}

}  // namespace kiln
