// Convolution ops (TF's raw ops): conv2d, conv3d, depthwise_conv2d_native and
// the gradients of each with respect to its input and its filter, and the C++
// API of include/kiln/ops/nn_conv.h. One inference and one kernel serve all
// nine: OpDef::code says the spatial rank, what the op computes and whether
// the filter is depthwise (nn_conv_geometry.h); the kernels are in
// src/kernels/cpu/dnnl_conv.h, gradients in nn_conv_grad.cc.
#include <cstring>

#include "kernels/cpu/dnnl_conv.h"
#include "kiln/ops.h"
#include "ops/nn_conv_geometry.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

Specs infer_conv(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  return {resolve_conv(op, in, attrs).result};
}

Arrays conv_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> out) {
  const TensorSpec specs[2] = {{in[0].dtype(), in[0].shape()}, {in[1].dtype(), in[1].shape()}};
  const cpu::ConvGeometry g = resolve_conv(op, specs, attrs).geometry;
  if (out[0].shape.num_elements() == 0 || g.in_channels == 0) {
    // No channels to read (TF gives zeros for a depth-0 input too).
    Array zeros = Array::empty(out[0].dtype, out[0].shape);
    if (zeros.nbytes() > 0) {
      std::memset(zeros.mutable_data(), 0, static_cast<size_t>(zeros.nbytes()));
    }
    return {std::move(zeros)};
  }
  Array result;
  switch (conv_role(op)) {
    case ConvRole::kForward:
      result = cpu::conv_forward(in[0], in[1], g);
      break;
    case ConvRole::kBackpropInput:
      result = cpu::conv_backward_input(in[0], in[1], g);
      break;
    case ConvRole::kBackpropFilter:
      // A depthwise filter (k..., C, M) comes back as (k..., 1, C * M).
      result = cpu::conv_backward_filter(in[0], in[1], g).reshape(out[0].shape);
      break;
  }
  return {std::move(result)};
}

std::vector<AttrDef> conv_attrs(const char* sizes) {
  std::vector<AttrDef> a;
  if (sizes != nullptr) a.push_back({sizes, AttrType::kIntList, 1});
  for (AttrDef d : {AttrDef{"strides", AttrType::kIntList}, AttrDef{"padding", AttrType::kString},
                    AttrDef{"explicit_paddings", AttrType::kIntList},
                    AttrDef{"data_format", AttrType::kString},
                    AttrDef{"dilations", AttrType::kIntList}}) {
    a.push_back(d);
  }
  return a;
}

void add_conv(Registry& r, std::string_view name, std::string_view graph_type, int spatial,
              ConvRole role, bool depthwise) {
  const char* sizes = role == ConvRole::kBackpropInput    ? "input_sizes"
                      : role == ConvRole::kBackpropFilter ? "filter_sizes"
                                                          : nullptr;
  r.add({.name = name, .min_inputs = 2, .max_inputs = 2, .attrs = conv_attrs(sizes),
         .infer = infer_conv, .cpu = conv_kernel, .code = conv_code(spatial, role, depthwise),
         .graph_type = graph_type});
}

}  // namespace

void register_nn_conv_ops(Registry& r) {
  using R = ConvRole;
  add_conv(r, "conv2d", "Conv2D", 2, R::kForward, false);
  add_conv(r, "conv2d_backprop_input", "Conv2DBackpropInput", 2, R::kBackpropInput, false);
  add_conv(r, "conv2d_backprop_filter", "Conv2DBackpropFilter", 2, R::kBackpropFilter, false);
  add_conv(r, "conv3d", "Conv3D", 3, R::kForward, false);
  add_conv(r, "conv3d_backprop_input_v2", "Conv3DBackpropInputV2", 3, R::kBackpropInput, false);
  add_conv(r, "conv3d_backprop_filter_v2", "Conv3DBackpropFilterV2", 3, R::kBackpropFilter, false);
  add_conv(r, "depthwise_conv2d_native", "DepthwiseConv2dNative", 2, R::kForward, true);
  add_conv(r, "depthwise_conv2d_native_backprop_input", "DepthwiseConv2dNativeBackpropInput", 2,
           R::kBackpropInput, true);
  add_conv(r, "depthwise_conv2d_native_backprop_filter", "DepthwiseConv2dNativeBackpropFilter", 2,
           R::kBackpropFilter, true);
}

// ---- C++ API ----

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
Tensor run(const char* name, int spatial, const Tensor& a, const Tensor& b,
           const std::vector<int64_t>& strides, const std::string& padding, const ConvOptions& o,
           const std::vector<int64_t>* sizes = nullptr) {
  Attrs attrs = conv_call_attrs(name, spatial, strides, padding, o);
  if (sizes != nullptr) attrs.insert(attrs.begin(), *sizes);
  std::vector<Tensor> in{a, b};
  return execute1(Registry::get().at(name), in, attrs);
}

}  // namespace

Tensor conv2d(const Tensor& input, const Tensor& filter, const std::vector<int64_t>& strides,
              const std::string& padding, const ConvOptions& options) {
  return run("conv2d", 2, input, filter, strides, padding, options);
}

Tensor conv3d(const Tensor& input, const Tensor& filter, const std::vector<int64_t>& strides,
              const std::string& padding, const ConvOptions& options) {
  return run("conv3d", 3, input, filter, strides, padding, options);
}

Tensor conv2d_backprop_input(const std::vector<int64_t>& input_sizes, const Tensor& filter,
                             const Tensor& out_backprop, const std::vector<int64_t>& strides,
                             const std::string& padding, const ConvOptions& options) {
  return run("conv2d_backprop_input", 2, filter, out_backprop, strides, padding, options,
             &input_sizes);
}

Tensor conv2d_backprop_filter(const Tensor& input, const std::vector<int64_t>& filter_sizes,
                              const Tensor& out_backprop, const std::vector<int64_t>& strides,
                              const std::string& padding, const ConvOptions& options) {
  return run("conv2d_backprop_filter", 2, input, out_backprop, strides, padding, options,
             &filter_sizes);
}

Tensor conv3d_backprop_input(const std::vector<int64_t>& input_sizes, const Tensor& filter,
                             const Tensor& out_backprop, const std::vector<int64_t>& strides,
                             const std::string& padding, const ConvOptions& options) {
  return run("conv3d_backprop_input_v2", 3, filter, out_backprop, strides, padding, options,
             &input_sizes);
}

Tensor conv3d_backprop_filter(const Tensor& input, const std::vector<int64_t>& filter_sizes,
                              const Tensor& out_backprop, const std::vector<int64_t>& strides,
                              const std::string& padding, const ConvOptions& options) {
  return run("conv3d_backprop_filter_v2", 3, input, out_backprop, strides, padding, options,
             &filter_sizes);
}

Tensor depthwise_conv2d(const Tensor& input, const Tensor& filter,
                        const std::vector<int64_t>& strides, const std::string& padding,
                        const ConvOptions& options) {
  return run("depthwise_conv2d_native", 2, input, filter, strides, padding, options);
}

Tensor depthwise_conv2d_backprop_input(const std::vector<int64_t>& input_sizes,
                                       const Tensor& filter, const Tensor& out_backprop,
                                       const std::vector<int64_t>& strides,
                                       const std::string& padding, const ConvOptions& options) {
  return run("depthwise_conv2d_native_backprop_input", 2, filter, out_backprop, strides, padding,
             options, &input_sizes);
}

Tensor depthwise_conv2d_backprop_filter(const Tensor& input,
                                        const std::vector<int64_t>& filter_sizes,
                                        const Tensor& out_backprop,
                                        const std::vector<int64_t>& strides,
                                        const std::string& padding, const ConvOptions& options) {
  return run("depthwise_conv2d_native_backprop_filter", 2, input, out_backprop, strides, padding,
             options, &filter_sizes);
}

Tensor conv2d_transpose(const Tensor& input, const Tensor& filter,
                        const std::vector<int64_t>& output_shape,
                        const std::vector<int64_t>& strides, const std::string& padding,
                        const ConvOptions& options) {
  return conv2d_backprop_input(output_shape, filter, input, strides, padding, options);
}

}  // namespace kiln
