// The cast ops: cast and saturate_cast, between any two of kiln's dtypes.
#include "kernels/cpu/cast.h"
#include "ops/registry.h"

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

}  // namespace

void register_cast_ops(Registry& r) {
  r.add({.name = "cast", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"dtype", AttrType::kDType}},
         .traits = kElementwise, .infer = infer_cast, .cpu = cast_kernel, .cpu_into = cast_into,
         .cpu_scalar = cast_scalar, .code = 0, .python = {.namespaces = kPyTop}});
  r.add({.name = "saturate_cast", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"dtype", AttrType::kDType}},
         .traits = kElementwise, .infer = infer_cast, .cpu = cast_kernel, .cpu_into = cast_into,
         .cpu_scalar = cast_scalar, .code = 1, .python = {.namespaces = kPyTop}});
}

}  // namespace kiln
