// Normalization: fused_batch_norm (TF's FusedBatchNormV3) and its gradient
// (FusedBatchNormGradV3), lrn (LRN) and lrn_grad (LRNGrad), with TF's
// attributes, outputs and errors. Kernels in src/kernels/cpu/dnnl_norm.cc.
#include <limits>
#include <string>

#include "kernels/cpu/dnnl_norm.h"
#include "ops/registry.h"
#include "ops/shape_common.h"

namespace kiln {
namespace {

using A = AttrType;

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

// TF's name of a dtype in its attribute errors.
std::string tf_name(DType d) {
  if (d == float16) return "half";
  if (d == float32) return "float";
  if (d == float64) return "double";
  return std::string(d.name());
}

void check_t(const OpDef& op, DType d) {
  if (d != float16 && d != bfloat16 && d != float32) {
    throw InvalidArgumentError(prefix(op) + "Value for attr 'T' of " + tf_name(d) +
                               " is not in the list of allowed values: half, bfloat16, float; "
                               "cast x to float32 first, e.g. kiln.cast(x, kiln.float32).");
  }
}

void check_u(const OpDef& op, const char* what, DType d) {
  if (d != float32) {
    throw InvalidArgumentError(prefix(op) + "Value for attr 'U' of " + tf_name(d) +
                               " is not in the list of allowed values: float (" + what +
                               " must be float32, whatever x's dtype).");
  }
}

// ---- batch normalization: attrs epsilon, [exponential_avg_factor,] data_format, is_training ----

struct Layout {
  int rank;            // 4 or 5
  bool channels_last;
};

Layout layout_of(const OpDef& op, const std::string& f) {
  if (f == "NHWC") return {4, true};
  if (f == "NCHW") return {4, false};
  if (f == "NDHWC") return {5, true};
  if (f == "NCDHW") return {5, false};
  throw InvalidArgumentError(prefix(op) + "Value for attr 'data_format' of \"" + f +
                             "\" is not in the list of allowed values: \"NHWC\", \"NCHW\", "
                             "\"NDHWC\", \"NCDHW\".");
}

// x's channel count (kUnknownDim when unknown); checks its rank.
int64_t channels_of(const OpDef& op, const char* what, const Shape& x, const Layout& l) {
  if (!x.has_known_rank()) return kUnknownDim;
  if (x.rank() != 4 && x.rank() != 5) {
    throw InvalidArgumentError(prefix(op) + what + " must be 4 or 5-dimensional, got shape " +
                               x.to_string() + ".");
  }
  if (x.rank() != l.rank) {
    throw InvalidArgumentError(prefix(op) + what + " has shape " + x.to_string() + " but its "
                               "data_format is for " + std::to_string(l.rank) + "-D input; use " +
                               (x.rank() == 4 ? "NHWC or NCHW" : "NDHWC or NCDHW") + ".");
  }
  return x.dim(l.channels_last ? -1 : 1);
}

// x's shape with its channel dimension filled in from the per-channel
// vectors where x leaves it unknown (as TF's shape function merges them).
Shape with_channels(const Shape& x, const Layout& l, int64_t c) {
  if (!x.has_known_rank() || x.rank() != l.rank) return x;
  Dims d = x.dims();
  d[l.channels_last ? d.size() - 1 : 1] = c;
  return Shape(d);
}

// A per-channel vector: rank 1 with `channels` elements. `when` prefixes
// the size error ("When is_training=false, ") where TF's does.
void check_vector(const OpDef& op, const char* what, const TensorSpec& v, int64_t channels,
                  const std::string& when = "") {
  check_u(op, what, v.dtype);
  if (!v.shape.has_known_rank()) return;
  if (v.shape.rank() != 1) {
    throw InvalidArgumentError(prefix(op) + what + " must be 1-dimensional, got shape " +
                               v.shape.to_string() + ".");
  }
  int64_t n = v.shape.dim(0);
  if (n != kUnknownDim && channels != kUnknownDim && n != channels) {
    throw InvalidArgumentError(prefix(op) + when + what + " must have the same number of "
                               "elements as the channels of x, got " + std::to_string(n) +
                               " and " + std::to_string(channels) + ".");
  }
}

// inputs: x, scale, offset, mean, variance. attrs: epsilon,
// exponential_avg_factor, data_format, is_training. outputs: y, batch_mean,
// batch_variance, reserve_space_1, reserve_space_2, reserve_space_3.
Specs infer_fused_batch_norm(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_t(op, in[0].dtype);
  Layout l = layout_of(op, attr<std::string>(attrs, 2));
  bool training = attr<bool>(attrs, 3);
  double factor = attr<double>(attrs, 1);
  int64_t c = channels_of(op, "input", in[0].shape, l);
  check_vector(op, "scale", in[1], c);
  check_vector(op, "offset", in[2], c);
  if (c == kUnknownDim && in[1].shape.has_known_rank() && in[1].shape.rank() == 1) {
    c = in[1].shape.dim(0);
  }
  // The statistics are read in inference and to blend running averages;
  // otherwise (TF's python passes empty ones) any vector will do.
  std::string when = !training ? "When is_training=false, "
                     : factor != 1.0 ? "When exponential_avg_factor != 1, " : "";
  for (int i : {3, 4}) {
    const char* what = i == 3 ? "mean" : "variance";
    if (!when.empty()) {
      check_vector(op, what, in[static_cast<size_t>(i)], c, when);
    } else {
      check_u(op, what, in[static_cast<size_t>(i)].dtype);
    }
  }
  TensorSpec stat{float32, Shape{c}};
  return {{in[0].dtype, with_channels(in[0].shape, l, c)}, stat, stat, stat, stat,
          {float32, Shape{}}};
}

cpu::BatchNormShape batch_norm_shape(const Shape& x, bool channels_last) {
  const Dims& d = x.dims();
  int64_t c = channels_last ? d.back() : d[1];
  int64_t spatial = 1;
  for (size_t i = 1; i < d.size(); ++i) {
    if (i != (channels_last ? d.size() - 1 : 1)) spatial *= d[i];
  }
  return {d[0], c, spatial, channels_last};
}

Arrays fused_batch_norm_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                               std::span<const TensorSpec> out) {
  Layout l = layout_of(op, attr<std::string>(attrs, 2));
  cpu::BatchNormOutputs o;
  o.y = Array::empty(out[0].dtype, out[0].shape);
  o.batch_mean = Array::empty(float32, out[1].shape);
  o.batch_variance = Array::empty(float32, out[2].shape);
  o.saved_mean = Array::empty(float32, out[3].shape);
  o.saved_variance = Array::empty(float32, out[4].shape);
  cpu::fused_batch_norm(in[0], in[1], in[2], in[3], in[4],
                        batch_norm_shape(in[0].shape(), l.channels_last),
                        static_cast<float>(attr<double>(attrs, 0)),
                        static_cast<float>(attr<double>(attrs, 1)), attr<bool>(attrs, 3), o);
  Array rs3 = Array::empty(float32, Shape{});
  *static_cast<float*>(rs3.mutable_data()) = 0.0f;  // unused on CPU, as TF's
  return {std::move(o.y), std::move(o.batch_mean), std::move(o.batch_variance),
          std::move(o.saved_mean), std::move(o.saved_variance), std::move(rs3)};
}

// inputs: y_backprop, x, scale, reserve_space_1, reserve_space_2,
// reserve_space_3. attrs: epsilon, data_format, is_training. outputs:
// x_backprop, scale_backprop, offset_backprop, reserve_space_4, reserve_space_5.
Specs infer_fused_batch_norm_grad(const OpDef& op, std::span<const TensorSpec> in,
                                  const Attrs& attrs) {
  check_t(op, in[1].dtype);
  if (in[0].dtype != in[1].dtype) {
    throw InvalidArgumentError(prefix(op) + "y_backprop is " + std::string(in[0].dtype.name()) +
                               " but x is " + std::string(in[1].dtype.name()) +
                               "; give them one dtype.");
  }
  Layout l = layout_of(op, attr<std::string>(attrs, 1));
  int64_t c = channels_of(op, "x", in[1].shape, l);
  channels_of(op, "y_backprop", in[0].shape, l);
  if (!in[0].shape.is_compatible_with(in[1].shape)) {
    throw InvalidArgumentError(prefix(op) + "x and y_backprop must have same shape, but x has "
                               "shape " + in[1].shape.to_string() + " and y_backprop has shape " +
                               in[0].shape.to_string() + ".");
  }
  check_vector(op, "scale", in[2], c);
  check_vector(op, "reserve_space_1", in[3], c);
  check_vector(op, "reserve_space_2", in[4], c);
  check_u(op, "reserve_space_3", in[5].dtype);
  if (c == kUnknownDim && in[2].shape.has_known_rank() && in[2].shape.rank() == 1) {
    c = in[2].shape.dim(0);
  }
  Shape x = in[1].shape.has_known_rank() ? in[1].shape : in[0].shape;
  TensorSpec stat{float32, Shape{c}}, empty{float32, Shape{0}};
  return {{in[1].dtype, with_channels(x, l, c)}, stat, stat, empty, empty};
}

Arrays fused_batch_norm_grad_kernel(const OpDef& op, std::span<const Array> in,
                                    const Attrs& attrs, std::span<const TensorSpec> out) {
  Layout l = layout_of(op, attr<std::string>(attrs, 1));
  Array dx = Array::empty(out[0].dtype, out[0].shape);
  Array dscale = Array::empty(float32, out[1].shape), doffset = Array::empty(float32, out[2].shape);
  cpu::fused_batch_norm_grad(in[0], in[1], in[2], in[3], in[4],
                             batch_norm_shape(in[1].shape(), l.channels_last),
                             static_cast<float>(attr<double>(attrs, 0)), attr<bool>(attrs, 2), dx,
                             dscale, doffset);
  return {std::move(dx), std::move(dscale), std::move(doffset), Array::empty(float32, Shape{0}),
          Array::empty(float32, Shape{0})};
}

// ---- LRN: attrs depth_radius, bias, alpha, beta ----

void check_lrn(const OpDef& op, DType d, const Attrs& attrs) {
  if (d != float16 && d != bfloat16 && d != float32) {
    throw InvalidArgumentError(prefix(op) + "Value for attr 'T' of " + tf_name(d) +
                               " is not in the list of allowed values: half, bfloat16, float; "
                               "cast the input to float32 first.");
  }
  int64_t r = attr<int64_t>(attrs, 0);
  if (r < 0 || r >= std::numeric_limits<int32_t>::max()) {
    throw InvalidArgumentError(prefix(op) + "depth_radius = " + std::to_string(r) +
                               " larger than int max: it must be in [0, 2^31 - 1).");
  }
}

void check_rank4(const OpDef& op, const char* what, const Shape& s) {
  if (s.has_known_rank() && s.rank() != 4) {
    throw InvalidArgumentError(prefix(op) + what + " must be 4-dimensional (NHWC: LRN works "
                               "across the last axis), got shape " + s.to_string() + ".");
  }
}

Specs infer_lrn(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_lrn(op, in[0].dtype, attrs);
  check_rank4(op, "in", in[0].shape);
  return {in[0]};
}

Arrays lrn_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                  std::span<const TensorSpec>) {
  return {cpu::lrn(in[0], attr<int64_t>(attrs, 0), static_cast<float>(attr<double>(attrs, 1)),
                   static_cast<float>(attr<double>(attrs, 2)),
                   static_cast<float>(attr<double>(attrs, 3)))};
}

// inputs: input_grads, input_image, output_image
Specs infer_lrn_grad(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_lrn(op, in[1].dtype, attrs);
  for (const TensorSpec& t : in) {
    if (t.dtype != in[1].dtype) {
      throw InvalidArgumentError(prefix(op) + "input_grads, input_image and output_image must "
                                 "have one dtype, got " + std::string(in[0].dtype.name()) + ", " +
                                 std::string(in[1].dtype.name()) + " and " +
                                 std::string(in[2].dtype.name()) + ".");
    }
    check_rank4(op, "inputs", t.shape);
  }
  if (!in[0].shape.is_compatible_with(in[1].shape) ||
      !in[1].shape.is_compatible_with(in[2].shape)) {
    throw InvalidArgumentError(prefix(op) + "input_grads, input_image, and out_image should have "
                               "the same shape, got " + in[0].shape.to_string() + ", " +
                               in[1].shape.to_string() + " and " + in[2].shape.to_string() + ".");
  }
  Shape s = in[1].shape.has_known_rank() ? in[1].shape : in[0].shape;
  return {{in[1].dtype, s}};
}

Arrays lrn_grad_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                       std::span<const TensorSpec>) {
  return {cpu::lrn_grad(in[0], in[1], attr<int64_t>(attrs, 0),
                        static_cast<float>(attr<double>(attrs, 1)),
                        static_cast<float>(attr<double>(attrs, 2)),
                        static_cast<float>(attr<double>(attrs, 3)))};
}

std::vector<AttrDef> lrn_attrs() {
  return {{"depth_radius", A::kInt}, {"bias", A::kFloat}, {"alpha", A::kFloat},
          {"beta", A::kFloat}};
}

}  // namespace

void register_nn_norm_ops(Registry& r) {
  r.add({.name = "fused_batch_norm", .min_inputs = 5, .max_inputs = 5,
         .attrs = {{"epsilon", A::kFloat}, {"exponential_avg_factor", A::kFloat},
                   {"data_format", A::kString}, {"is_training", A::kBool}},
         .infer = infer_fused_batch_norm, .cpu = fused_batch_norm_kernel,
         .graph_type = "FusedBatchNormV3"});
  r.add({.name = "fused_batch_norm_grad", .min_inputs = 6, .max_inputs = 6,
         .attrs = {{"epsilon", A::kFloat}, {"data_format", A::kString},
                   {"is_training", A::kBool}},
         .infer = infer_fused_batch_norm_grad, .cpu = fused_batch_norm_grad_kernel,
         .graph_type = "FusedBatchNormGradV3"});
  r.add({.name = "lrn", .min_inputs = 1, .max_inputs = 1, .attrs = lrn_attrs(),
         .infer = infer_lrn, .cpu = lrn_kernel, .graph_type = "LRN"});
  r.add({.name = "lrn_grad", .min_inputs = 3, .max_inputs = 3, .attrs = lrn_attrs(),
         .infer = infer_lrn_grad, .cpu = lrn_grad_kernel, .graph_type = "LRNGrad"});
}

}  // namespace kiln
