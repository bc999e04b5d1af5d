// Convolution ops (TF's raw ops): conv2d, conv3d, depthwise_conv2d_native and
// the gradients of each with respect to its input and its filter (their C++
// API is in src/api/nn_api.cc). One inference and one kernel serve all
// nine: OpDef::code says the spatial rank, what the op computes and whether
// the filter is depthwise (nn_conv_geometry.h); the kernels are in
// src/kernels/cpu/dnnl_conv.h, gradients in nn_conv_grad.cc.
#include <cstring>

#include "kernels/cpu/dnnl_conv.h"
#include "ops/nn_conv_geometry.h"
#include "ops/registry.h"

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

}  // namespace kiln
