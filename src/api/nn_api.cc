// The C++ API of the neural-network and image ops (include/kiln/ops/nn.h):
// each function runs its registry op eagerly, in the api layer, which sits
// above both the ops (src/ops/nn_*_ops.cc, image_ops.cc) and eager execution.
#include <string>
#include <vector>

#include "kiln/ops.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

// Runs registry op `name` eagerly on `inputs`; all its outputs.
Tensors run_op(const char* name, std::vector<Tensor> inputs, const Attrs& attrs) {
  return execute(Registry::get().at(name), inputs, attrs);
}

}  // namespace

// ---- convolutions (include/kiln/ops/nn_conv.h) ----

namespace {

// strides / dilations as the op takes them: one per axis of the input,
// from one value, one per spatial axis, or one per axis (TF's _get_sequence).
std::vector<int64_t> per_axis(const char* op, const std::vector<int64_t>& v, int spatial,
                              bool channels_last, const char* what) {
  const size_t n = static_cast<size_t>(spatial);
  if (v.size() == n + 2) return v;
  if (v.size() != 1 && v.size() != n) {
    throw InvalidArgumentError("[" + std::string(op) + "] " + what + " should be of length 1, " +
                               std::to_string(n) + " or " + std::to_string(n + 2) + ", got " +
                               std::to_string(v.size()) + " values.");
  }
  std::vector<int64_t> spatial_values = v.size() == 1 ? std::vector<int64_t>(n, v[0]) : v;
  std::vector<int64_t> out{1};
  if (!channels_last) out.push_back(1);
  out.insert(out.end(), spatial_values.begin(), spatial_values.end());
  if (channels_last) out.push_back(1);
  return out;
}

Attrs conv_call_attrs(const char* op, int spatial, const std::vector<int64_t>& strides,
                      const std::string& padding, const ConvOptions& o) {
  std::string format = o.data_format.empty() ? (spatial == 2 ? "NHWC" : "NDHWC") : o.data_format;
  const bool last = format.back() == 'C';
  std::vector<int64_t> pads = o.explicit_paddings;
  if (pads.size() == static_cast<size_t>(2 * spatial)) {  // spatial pairs only
    std::vector<int64_t> full{0, 0};
    if (!last) full.insert(full.end(), {0, 0});
    full.insert(full.end(), pads.begin(), pads.end());
    if (last) full.insert(full.end(), {0, 0});
    pads = full;
  }
  return {per_axis(op, strides, spatial, last, "strides"), padding, pads, format,
          per_axis(op, o.dilations, spatial, last, "dilations")};
}

// Runs op `name` (of `spatial` spatial axes); `sizes` is its input_sizes or
// filter_sizes, for the backprop ops.
Tensor run_conv(const char* name, int spatial, const Tensor& a, const Tensor& b,
                const std::vector<int64_t>& strides, const std::string& padding,
                const ConvOptions& o, const std::vector<int64_t>* sizes = nullptr) {
  Attrs attrs = conv_call_attrs(name, spatial, strides, padding, o);
  if (sizes != nullptr) attrs.insert(attrs.begin(), *sizes);
  return run_op(name, {a, b}, attrs)[0];
}

}  // namespace

Tensor conv2d(const Tensor& input, const Tensor& filter, const std::vector<int64_t>& strides,
              const std::string& padding, const ConvOptions& options) {
  return run_conv("conv2d", 2, input, filter, strides, padding, options);
}

Tensor conv3d(const Tensor& input, const Tensor& filter, const std::vector<int64_t>& strides,
              const std::string& padding, const ConvOptions& options) {
  return run_conv("conv3d", 3, input, filter, strides, padding, options);
}

Tensor conv2d_backprop_input(const std::vector<int64_t>& input_sizes, const Tensor& filter,
                             const Tensor& out_backprop, const std::vector<int64_t>& strides,
                             const std::string& padding, const ConvOptions& options) {
  return run_conv("conv2d_backprop_input", 2, filter, out_backprop, strides, padding, options,
                  &input_sizes);
}

Tensor conv2d_backprop_filter(const Tensor& input, const std::vector<int64_t>& filter_sizes,
                              const Tensor& out_backprop, const std::vector<int64_t>& strides,
                              const std::string& padding, const ConvOptions& options) {
  return run_conv("conv2d_backprop_filter", 2, input, out_backprop, strides, padding, options,
                  &filter_sizes);
}

Tensor conv3d_backprop_input(const std::vector<int64_t>& input_sizes, const Tensor& filter,
                             const Tensor& out_backprop, const std::vector<int64_t>& strides,
                             const std::string& padding, const ConvOptions& options) {
  return run_conv("conv3d_backprop_input_v2", 3, filter, out_backprop, strides, padding, options,
                  &input_sizes);
}

Tensor conv3d_backprop_filter(const Tensor& input, const std::vector<int64_t>& filter_sizes,
                              const Tensor& out_backprop, const std::vector<int64_t>& strides,
                              const std::string& padding, const ConvOptions& options) {
  return run_conv("conv3d_backprop_filter_v2", 3, input, out_backprop, strides, padding, options,
                  &filter_sizes);
}

Tensor depthwise_conv2d(const Tensor& input, const Tensor& filter,
                        const std::vector<int64_t>& strides, const std::string& padding,
                        const ConvOptions& options) {
  return run_conv("depthwise_conv2d_native", 2, input, filter, strides, padding, options);
}

Tensor depthwise_conv2d_backprop_input(const std::vector<int64_t>& input_sizes,
                                       const Tensor& filter, const Tensor& out_backprop,
                                       const std::vector<int64_t>& strides,
                                       const std::string& padding, const ConvOptions& options) {
  return run_conv("depthwise_conv2d_native_backprop_input", 2, filter, out_backprop, strides,
                  padding, options, &input_sizes);
}

Tensor depthwise_conv2d_backprop_filter(const Tensor& input,
                                        const std::vector<int64_t>& filter_sizes,
                                        const Tensor& out_backprop,
                                        const std::vector<int64_t>& strides,
                                        const std::string& padding, const ConvOptions& options) {
  return run_conv("depthwise_conv2d_native_backprop_filter", 2, input, out_backprop, strides,
                  padding, options, &filter_sizes);
}

Tensor conv2d_transpose(const Tensor& input, const Tensor& filter,
                        const std::vector<int64_t>& output_shape,
                        const std::vector<int64_t>& strides, const std::string& padding,
                        const ConvOptions& options) {
  return conv2d_backprop_input(output_shape, filter, input, strides, padding, options);
}

// ---- pooling (include/kiln/ops/nn_pool.h) ----

namespace {

// The window attributes; an empty data_format is channels last for the rank.
Attrs window(const PoolArgs& a, bool explicit_paddings, int spatial = 2) {
  Attrs attrs{a.ksize, a.strides, a.padding};
  if (explicit_paddings) attrs.emplace_back(a.explicit_paddings);
  std::string format = a.data_format;
  if (format.empty()) format = spatial == 3 ? "NDHWC" : "NHWC";
  attrs.emplace_back(format);
  return attrs;
}

}  // namespace

Tensor max_pool(const Tensor& x, const PoolArgs& a) {
  return run_op("max_pool", {x}, window(a, true))[0];
}
Tensor avg_pool(const Tensor& x, const PoolArgs& a) {
  return run_op("avg_pool", {x}, window(a, false))[0];
}
Tensor max_pool3d(const Tensor& x, const PoolArgs& a) {
  return run_op("max_pool3d", {x}, window(a, false, 3))[0];
}
Tensor avg_pool3d(const Tensor& x, const PoolArgs& a) {
  return run_op("avg_pool3d", {x}, window(a, false, 3))[0];
}
Tensor max_pool_grad(const Tensor& orig_input, const Tensor& orig_output, const Tensor& grad,
                     const PoolArgs& a) {
  bool two = orig_input.shape().rank() != 5;
  return run_op(two ? "max_pool_grad" : "max_pool3d_grad", {orig_input, orig_output, grad},
                window(a, two, two ? 2 : 3))[0];
}
Tensor max_pool_grad_grad(const Tensor& orig_input, const Tensor& orig_output, const Tensor& grad,
                          const PoolArgs& a) {
  bool two = orig_input.shape().rank() != 5;
  return run_op(two ? "max_pool_grad_grad" : "max_pool3d_grad_grad",
                {orig_input, orig_output, grad}, window(a, two, two ? 2 : 3))[0];
}
Tensor avg_pool_grad(const std::vector<int64_t>& orig_input_shape, const Tensor& grad,
                     const PoolArgs& a) {
  bool three = orig_input_shape.size() == 5;
  Attrs attrs{orig_input_shape};
  for (AttrValue& v : window(a, false, three ? 3 : 2)) attrs.push_back(std::move(v));
  return run_op(three ? "avg_pool3d_grad" : "avg_pool_grad", {grad}, attrs)[0];
}
MaxPoolWithArgmax max_pool_with_argmax(const Tensor& x, const std::vector<int64_t>& ksize,
                                       const std::vector<int64_t>& strides,
                                       const std::string& padding, DType argmax_dtype,
                                       bool include_batch_in_index) {
  Tensors out = run_op("max_pool_with_argmax", {x},
                       {ksize, strides, argmax_dtype, padding, include_batch_in_index});
  return {out[0], out[1]};
}
Tensor max_pool_grad_with_argmax(const Tensor& input, const Tensor& grad, const Tensor& argmax,
                                 const std::vector<int64_t>& ksize,
                                 const std::vector<int64_t>& strides, const std::string& padding,
                                 bool include_batch_in_index) {
  return run_op("max_pool_grad_with_argmax", {input, grad, argmax},
                {ksize, strides, padding, include_batch_in_index})[0];
}

// ---- normalization (include/kiln/ops/nn_norm.h) ----

FusedBatchNorm fused_batch_norm(const Tensor& x, const Tensor& scale, const Tensor& offset,
                                const Tensor& mean, const Tensor& variance,
                                const FusedBatchNormArgs& a) {
  Tensors o = run_op("fused_batch_norm", {x, scale, offset, mean, variance},
                     {static_cast<double>(a.epsilon), static_cast<double>(a.exponential_avg_factor),
                      a.data_format, a.is_training});
  return {o[0], o[1], o[2], o[3], o[4], o[5]};
}

FusedBatchNormGrad fused_batch_norm_grad(const Tensor& y_backprop, const Tensor& x,
                                         const Tensor& scale, const Tensor& reserve_space_1,
                                         const Tensor& reserve_space_2,
                                         const FusedBatchNormArgs& a) {
  Tensor rs3 = Tensor(Array::empty(float32, Shape{0}));
  Tensors o =
      run_op("fused_batch_norm_grad", {y_backprop, x, scale, reserve_space_1, reserve_space_2, rs3},
             {static_cast<double>(a.epsilon), a.data_format, a.is_training});
  return {o[0], o[1], o[2]};
}

Tensor lrn(const Tensor& x, int64_t depth_radius, double bias, double alpha, double beta) {
  return run_op("lrn", {x}, {depth_radius, bias, alpha, beta})[0];
}

Tensor lrn_grad(const Tensor& input_grads, const Tensor& input_image, const Tensor& output_image,
                int64_t depth_radius, double bias, double alpha, double beta) {
  return run_op("lrn_grad", {input_grads, input_image, output_image},
                {depth_radius, bias, alpha, beta})[0];
}

// ---- images (include/kiln/ops/image.h) ----

Tensor resize(const Tensor& images, const std::vector<int64_t>& size, const std::string& method,
              bool align_corners, bool half_pixel_centers, bool antialias) {
  return run_op("resize", {images},
                {size, method, align_corners, half_pixel_centers, antialias})[0];
}

}  // namespace kiln
