// Pooling: max_pool (MaxPool), avg_pool (AvgPool), their 3-D forms, their
// gradients (MaxPoolGrad, AvgPoolGrad, MaxPoolGradGrad and the 3-D ones) and
// max_pool_with_argmax with its gradient, as TF's raw ops take them: ksize
// and strides one value per input axis, padding "SAME", "VALID" or (max_pool
// only) "EXPLICIT" with explicit_paddings, data_format NHWC/NCHW (NDHWC/NCDHW).
// TF's CPU kernels take only channels-last data; kiln's take both, as TF's
// GPU kernels do. Shared checks in nn_pool_window.cc; kernels in
// src/kernels/cpu/pool_loops*.cc.
#include <string>

#include "kernels/cpu/pool_loops.h"
#include "ops/nn_pool_window.h"
#include "ops/shape_common.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using A = AttrType;

// TF's dtypes for each kind of pooling; 3-D pooling (TF's CPU kernels:
// float32 and bfloat16) takes every float here, float64 included.
const std::initializer_list<DType> kMaxTypes = {float16, bfloat16, float32, float64, int8, int16,
                                                int32,   int64,    uint8,   uint16};
const std::initializer_list<DType> kArgmaxTypes = {float16, bfloat16, float32, float64,
                                                   int8,    int16,    int32,   int64,
                                                   uint8,   uint16,   uint32,  uint64};
const std::initializer_list<DType> kFloatTypes = {float16, bfloat16, float32, float64};

// Attribute positions: max_pool and its gradients have explicit_paddings.
constexpr PoolAttrIndex kWithExplicit{0, 1, 2, 3, 4};
constexpr PoolAttrIndex kPlain{0, 1, 2, -1, 3};
constexpr PoolAttrIndex kAvgGrad{1, 2, 3, -1, 4};  // after orig_input_shape
constexpr PoolAttrIndex kArgmax{0, 1, 3, -1, -1};  // Targmax at 2; NHWC only
constexpr PoolAttrIndex kArgmaxGrad{0, 1, 2, -1, -1};

// op.code: the number of spatial dimensions.
int spatial_of(const OpDef& op) { return op.code; }

PoolSpec spec_of(const OpDef& op, const Attrs& attrs, const PoolAttrIndex& at, PoolKind kind) {
  return read_pool_spec(op, attrs, at, spatial_of(op), kind);
}

void check_same_dtype(const OpDef& op, const char* what, DType got, DType want) {
  if (got != want) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] " + what + " is " +
                               std::string(got.name()) + " but orig_input is " +
                               std::string(want.name()) + "; give them one dtype.");
  }
}

// ---- forward pooling: max_pool, avg_pool, max_pool3d, avg_pool3d ----

bool is_max(const OpDef& op) { return op.name.starts_with("max"); }

Specs infer_pool(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  bool max = is_max(op);
  check_pool_dtype(op, in[0].dtype, max && spatial_of(op) == 2 ? kMaxTypes : kFloatTypes);
  PoolSpec s = spec_of(op, attrs, op.attrs.size() == 5 ? kWithExplicit : kPlain,
                       max ? PoolKind::kMax : PoolKind::kAvg);
  return {{in[0].dtype, pooled_shape(op, s, in[0].shape)}};
}

Arrays pool_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> out) {
  bool max = is_max(op);
  PoolSpec s = spec_of(op, attrs, op.attrs.size() == 5 ? kWithExplicit : kPlain,
                       max ? PoolKind::kMax : PoolKind::kAvg);
  cpu::PoolWindow w = pool_window(s, in[0].shape());
  return {max ? cpu::max_pool(in[0], w, out[0].shape) : cpu::avg_pool(in[0], w, out[0].shape)};
}

// ---- max_pool_grad, max_pool3d_grad: orig_input, orig_output, grad ----

PoolSpec max_grad_spec(const OpDef& op, const Attrs& attrs) {
  return spec_of(op, attrs, op.attrs.size() == 5 ? kWithExplicit : kPlain, PoolKind::kMaxGrad);
}

// Checks the three inputs of a max pooling gradient (grad shaped like the
// pooled output, or for the second-order op like orig_input); returns the
// pooled shape.
Shape check_max_grad_inputs(const OpDef& op, std::span<const TensorSpec> in, const PoolSpec& s,
                            bool grad_like_input) {
  check_pool_dtype(op, in[0].dtype, spatial_of(op) == 2 ? kMaxTypes : kFloatTypes);
  check_same_dtype(op, "orig_output", in[1].dtype, in[0].dtype);
  check_same_dtype(op, "grad", in[2].dtype, in[0].dtype);
  Shape pooled = pooled_shape(op, s, in[0].shape);
  check_shape_is(op, "orig_output", in[1].shape, pooled);
  check_shape_is(op, "grad", in[2].shape, grad_like_input ? in[0].shape : pooled);
  return pooled;
}

Specs infer_max_pool_grad(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  PoolSpec s = max_grad_spec(op, attrs);
  check_max_grad_inputs(op, in, s, /*grad_like_input=*/false);
  return {in[0]};
}

Arrays max_pool_grad_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                            std::span<const TensorSpec>) {
  cpu::PoolWindow w = pool_window(max_grad_spec(op, attrs), in[0].shape());
  return {cpu::max_pool_grad(in[0], in[2], w)};
}

// ---- max_pool_grad_grad, max_pool3d_grad_grad: grad is shaped like orig_input ----

Specs infer_max_pool_grad_grad(const OpDef& op, std::span<const TensorSpec> in,
                               const Attrs& attrs) {
  PoolSpec s = max_grad_spec(op, attrs);
  Shape pooled = check_max_grad_inputs(op, in, s, /*grad_like_input=*/true);
  return {{in[0].dtype, pooled}};
}

Arrays max_pool_grad_grad_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                                 std::span<const TensorSpec> out) {
  cpu::PoolWindow w = pool_window(max_grad_spec(op, attrs), in[0].shape());
  return {cpu::max_pool_grad_grad(in[0], in[2], w, out[0].shape)};
}

// ---- avg_pool_grad, avg_pool3d_grad: orig_input_shape (an attribute a tensor may give), grad ----

// The original input's shape from the attribute (unknown elements stay unknown).
Shape orig_input_shape(const OpDef& op, const Attrs& attrs) {
  const auto& v = attr<std::vector<int64_t>>(attrs, 0);
  const int rank = spatial_of(op) + 2;
  if (is_unknown_length(v)) return Shape(Dims(static_cast<size_t>(rank), kUnknownDim));
  if (static_cast<int>(v.size()) != rank) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] orig_input_shape must be "
                               "1-dimensional and " + std::to_string(rank) + " elements (the "
                               "shape of the pooled input), got " + list_text(v) + ".");
  }
  Dims d;
  for (int64_t x : v) {
    if (!is_known(x)) {
      d.push_back(kUnknownDim);
      continue;
    }
    if (x < 0) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] Expected a non-negative size, "
                                 "got " + std::to_string(x) + " in orig_input_shape " +
                                 list_text(v) + ".");
    }
    d.push_back(x);
  }
  Shape s(d);
  if (s.is_fully_defined() && !s.try_num_elements()) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] orig_input_shape " + list_text(v) +
                               " has more elements than fit in 64 bits.");
  }
  return s;
}

Specs infer_avg_pool_grad(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_pool_dtype(op, in[0].dtype, kFloatTypes);
  PoolSpec s = spec_of(op, attrs, kAvgGrad, PoolKind::kAvg);
  Shape orig = orig_input_shape(op, attrs);
  check_shape_is(op, "grad", in[0].shape, pooled_shape(op, s, orig));
  return {{in[0].dtype, orig}};
}

Arrays avg_pool_grad_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                            std::span<const TensorSpec> out) {
  PoolSpec s = spec_of(op, attrs, kAvgGrad, PoolKind::kAvg);
  return {cpu::avg_pool_grad(in[0], pool_window(s, out[0].shape), out[0].shape)};
}

// ---- max_pool_with_argmax and its gradient ----

void check_argmax_dtype(const OpDef& op, DType d) {
  if (d != int32 && d != int64) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] Value for attr 'Targmax' of " +
                               std::string(d.name()) + " is not in the list of allowed values: "
                               "int32, int64.");
  }
}

Specs infer_argmax(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_pool_dtype(op, in[0].dtype, kArgmaxTypes);
  DType index = attr<DType>(attrs, 2);
  check_argmax_dtype(op, index);
  PoolSpec s = spec_of(op, attrs, kArgmax, PoolKind::kArgmax);
  Shape pooled = pooled_shape(op, s, in[0].shape);
  return {{in[0].dtype, pooled}, {index, pooled}};
}

Arrays argmax_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  PoolSpec s = spec_of(op, attrs, kArgmax, PoolKind::kArgmax);
  Array y = Array::empty(out[0].dtype, out[0].shape);
  Array argmax = Array::empty(out[1].dtype, out[1].shape);
  cpu::max_pool_with_argmax(in[0], pool_window(s, in[0].shape()), attr<bool>(attrs, 4), y, argmax);
  return {std::move(y), std::move(argmax)};
}

// inputs: input, grad, argmax
Specs infer_grad_with_argmax(const OpDef& op, std::span<const TensorSpec> in,
                             const Attrs& attrs) {
  check_pool_dtype(op, in[0].dtype, kArgmaxTypes);
  check_same_dtype(op, "grad", in[1].dtype, in[0].dtype);
  check_argmax_dtype(op, in[2].dtype);
  PoolSpec s = spec_of(op, attrs, kArgmaxGrad, PoolKind::kArgmax);
  Shape pooled = pooled_shape(op, s, in[0].shape);
  check_shape_is(op, "grad", in[1].shape, pooled);
  check_shape_is(op, "argmax", in[2].shape, pooled);
  return {in[0]};
}

Arrays grad_with_argmax_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                               std::span<const TensorSpec> out) {
  PoolSpec s = spec_of(op, attrs, kArgmaxGrad, PoolKind::kArgmax);
  try {
    return {cpu::max_pool_grad_with_argmax(in[1], in[2], pool_window(s, in[0].shape()),
                                           attr<bool>(attrs, 3), out[0].shape)};
  } catch (const InvalidArgumentError& e) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] " + e.what());
  }
}

std::vector<AttrDef> window_attrs(bool explicit_paddings) {
  std::vector<AttrDef> a{{"ksize", A::kIntList}, {"strides", A::kIntList}, {"padding", A::kString}};
  if (explicit_paddings) a.push_back({"explicit_paddings", A::kIntList});
  a.push_back({"data_format", A::kString});
  return a;
}

}  // namespace

void register_nn_pool_ops(Registry& r) {
  for (int spatial : {2, 3}) {
    bool two = spatial == 2;
    r.add({.name = two ? "max_pool" : "max_pool3d", .min_inputs = 1, .max_inputs = 1,
           .attrs = window_attrs(two), .infer = infer_pool, .cpu = pool_kernel, .code = spatial,
           .graph_type = two ? "MaxPool" : "MaxPool3D"});
    r.add({.name = two ? "avg_pool" : "avg_pool3d", .min_inputs = 1, .max_inputs = 1,
           .attrs = window_attrs(false), .infer = infer_pool, .cpu = pool_kernel, .code = spatial,
           .graph_type = two ? "AvgPool" : "AvgPool3D"});
    r.add({.name = two ? "max_pool_grad" : "max_pool3d_grad", .min_inputs = 3, .max_inputs = 3,
           .attrs = window_attrs(two), .infer = infer_max_pool_grad, .cpu = max_pool_grad_kernel,
           .code = spatial, .graph_type = two ? "MaxPoolGrad" : "MaxPool3DGrad"});
    // TF's MaxPoolGradGrad has no explicit_paddings (its gradient of an
    // explicitly padded max_pool fails); kiln's takes them.
    r.add({.name = two ? "max_pool_grad_grad" : "max_pool3d_grad_grad", .min_inputs = 3,
           .max_inputs = 3, .attrs = window_attrs(two), .infer = infer_max_pool_grad_grad,
           .cpu = max_pool_grad_grad_kernel, .code = spatial,
           .graph_type = two ? "MaxPoolGradGrad" : "MaxPool3DGradGrad"});
    std::vector<AttrDef> avg_grad_attrs{{"orig_input_shape", A::kIntList, 1}};
    for (const AttrDef& a : window_attrs(false)) avg_grad_attrs.push_back(a);
    r.add({.name = two ? "avg_pool_grad" : "avg_pool3d_grad", .min_inputs = 1, .max_inputs = 1,
           .attrs = avg_grad_attrs, .infer = infer_avg_pool_grad, .cpu = avg_pool_grad_kernel,
           .code = spatial, .graph_type = two ? "AvgPoolGrad" : "AvgPool3DGrad"});
  }
  r.add({.name = "max_pool_with_argmax", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"ksize", A::kIntList}, {"strides", A::kIntList}, {"Targmax", A::kDType},
                   {"padding", A::kString}, {"include_batch_in_index", A::kBool}},
         .infer = infer_argmax, .cpu = argmax_kernel, .code = 2,
         .graph_type = "MaxPoolWithArgmax"});
  r.add({.name = "max_pool_grad_with_argmax", .min_inputs = 3, .max_inputs = 3,
         .attrs = {{"ksize", A::kIntList}, {"strides", A::kIntList}, {"padding", A::kString},
                   {"include_batch_in_index", A::kBool}},
         .infer = infer_grad_with_argmax, .cpu = grad_with_argmax_kernel, .code = 2,
         .graph_type = "MaxPoolGradWithArgmax"});
}

}  // namespace kiln
