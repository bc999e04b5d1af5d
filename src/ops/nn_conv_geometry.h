// The convolution ops' shared reading of their attributes and shapes
// (nn_conv_geometry.cc): one function checks a call of any of the nine ops
// (conv2d, conv3d, depthwise_conv2d_native and the backprops of each) and
// gives both its output shape, partly known in graphs, and the geometry the
// kernels run (src/kernels/cpu/dnnl_conv.h).
#pragma once

#include <span>

#include "kernels/cpu/dnnl_conv.h"
#include "ops/op_def.h"

namespace kiln {

// What an op computes, from its inputs:
//   kForward         (input, filter)         -> output
//   kBackpropInput   (filter, out_backprop)  -> input's gradient, of shape attrs[0] (input_sizes)
//   kBackpropFilter  (input, out_backprop)   -> filter's gradient, of shape attrs[0] (filter_sizes)
// The other attributes follow, in this order, after input_sizes/filter_sizes:
//   strides (one per axis), padding ("SAME", "VALID", "EXPLICIT"),
//   explicit_paddings (two per axis), data_format, dilations (one per axis).
enum class ConvRole { kForward = 0, kBackpropInput = 1, kBackpropFilter = 2 };

// OpDef::code of the convolution ops: the spatial rank (2 or 3), the role,
// and whether the filter is depthwise ((kernel..., C, multiplier)).
constexpr int conv_code(int spatial, ConvRole role, bool depthwise) {
  return spatial | (static_cast<int>(role) << 2) | (depthwise ? 16 : 0);
}
inline int conv_spatial(const OpDef& op) { return op.code & 3; }
inline ConvRole conv_role(const OpDef& op) { return static_cast<ConvRole>((op.code >> 2) & 3); }
inline bool conv_depthwise(const OpDef& op) { return (op.code & 16) != 0; }

struct ConvCall {
  TensorSpec result;        // the op's output (dims kUnknownDim where unknown)
  cpu::ConvGeometry geometry;  // complete only when every shape is known
};

// Checks the call (dtypes, ranks, attributes, channel counts, sizes; TF's
// errors, as InvalidArgumentError or UnimplementedError with "[op] ") and
// resolves it.
ConvCall resolve_conv(const OpDef& op, std::span<const TensorSpec> inputs, const Attrs& attrs);

}  // namespace kiln
