// The cast ops: cast and saturate_cast, between any two of kiln's dtypes.
#include "kernels/cpu/cast.h"
#include "kiln/ops.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

// Any dtype converts to any dtype; the shape is kept.
Specs infer_cast(const OpDef&, std::span<const TensorSpec> in, const Attrs& attrs) {
  return {{attr<DType>(attrs, 0), in[0].shape}};
}

Arrays cast_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                   std::span<const TensorSpec> out) {
  // Tensors are immutable, so a cast to the same dtype can share the input.
  if (in[0].dtype() == out[0].dtype) return {in[0]};
  Array result = Array::empty(out[0].dtype, out[0].shape);
  cpu::cast(in[0], result, /*saturate=*/op.code != 0);
  return {std::move(result)};
}

void cast_into(const OpDef& op, std::span<const Array> in, const Attrs&, Array& out) {
  cpu::cast(in[0], out, /*saturate=*/op.code != 0);
}

ScalarFn cast_scalar(const OpDef& op, std::span<const DType> in, const Attrs& attrs) {
  return cpu::cast_scalar(in[0], attr<DType>(attrs, 0), /*saturate=*/op.code != 0);
}

Tensor run_cast(const OpDef& op, const Tensor& x, DType dtype) {
  Tensor in[] = {x};
  return execute1(op, in, {dtype});
}

}  // namespace

void register_cast_ops(Registry& r) {
  r.add({.name = "cast", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"dtype", AttrType::kDType}},
         .traits = kElementwise, .infer = infer_cast, .cpu = cast_kernel, .cpu_into = cast_into,
         .cpu_scalar = cast_scalar, .code = 0});
  r.add({.name = "saturate_cast", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"dtype", AttrType::kDType}},
         .traits = kElementwise, .infer = infer_cast, .cpu = cast_kernel, .cpu_into = cast_into,
         .cpu_scalar = cast_scalar, .code = 1});
}

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
