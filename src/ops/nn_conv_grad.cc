// Gradients of the convolution ops, as TF's nn_grad.py builds them: each
// forward op's from its two backprop ops, and each backprop op's from the
// forward op and the other backprop op, so second derivatives work. The
// attributes (strides, padding, explicit_paddings, data_format, dilations)
// pass through unchanged.
#include "ops/gradient.h"
#include "ops/nn_conv_geometry.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

// The three ops of one family (2-D, 3-D, depthwise).
struct Family {
  const char* forward;
  const char* backprop_input;
  const char* backprop_filter;
};

Family family(const OpDef& op) {
  if (conv_depthwise(op)) {
    return {"depthwise_conv2d_native", "depthwise_conv2d_native_backprop_input",
            "depthwise_conv2d_native_backprop_filter"};
  }
  if (conv_spatial(op) == 3) {
    return {"conv3d", "conv3d_backprop_input_v2", "conv3d_backprop_filter_v2"};
  }
  return {"conv2d", "conv2d_backprop_input", "conv2d_backprop_filter"};
}

// The attributes every op of the family shares (a backprop op's follow its sizes).
Attrs window_attrs(const GradArgs& a) {
  size_t skip = conv_role(a.op) == ConvRole::kForward ? 0 : 1;
  return Attrs(a.attrs.begin() + static_cast<std::ptrdiff_t>(skip), a.attrs.end());
}

// backprop op `name` with sizes = the shape of `like` (a constant when
// known, else read when the graph runs).
GradValue backprop(Grad& g, const char* name, GradValue like, GradValue x, GradValue y,
                   const GradArgs& a) {
  Attrs attrs = window_attrs(a);
  TensorSpec s = g.spec(like);
  if (s.shape.is_fully_defined()) {
    const Dims& d = s.shape.dims();
    attrs.insert(attrs.begin(), std::vector<int64_t>(d.begin(), d.end()));
    return g.op(name, {x, y}, std::move(attrs));
  }
  attrs.insert(attrs.begin(), std::vector<int64_t>{});
  return g.op_with(name, {x, y}, std::move(attrs), {{0, g.shape_of(like)}});
}

// forward (input, filter) -> output.
void grad_forward(Grad& g, const GradArgs& a, Dx dx) {
  const Family f = family(a.op);
  GradValue input = a.inputs[0], filter = a.inputs[1], dy = a.grads[0];
  dx[0] = backprop(g, f.backprop_input, input, filter, dy, a);
  dx[1] = backprop(g, f.backprop_filter, filter, input, dy, a);
}

// backprop_input (filter, out_backprop) -> dx: linear in each input.
void grad_backprop_input(Grad& g, const GradArgs& a, Dx dx) {
  const Family f = family(a.op);
  GradValue filter = a.inputs[0], out_backprop = a.inputs[1], grad = a.grads[0];
  dx[0] = backprop(g, f.backprop_filter, filter, grad, out_backprop, a);
  dx[1] = g.op(f.forward, {grad, filter}, window_attrs(a));
}

// backprop_filter (input, out_backprop) -> dfilter.
void grad_backprop_filter(Grad& g, const GradArgs& a, Dx dx) {
  const Family f = family(a.op);
  GradValue input = a.inputs[0], out_backprop = a.inputs[1], grad = a.grads[0];
  dx[0] = backprop(g, f.backprop_input, input, grad, out_backprop, a);
  dx[1] = g.op(f.forward, {input, grad}, window_attrs(a));
}

}  // namespace

void register_nn_conv_gradients(Registry& r) {
  for (const char* name : {"conv2d", "conv3d", "depthwise_conv2d_native"}) {
    r.set_gradient(name, grad_forward);
  }
  for (const char* name : {"conv2d_backprop_input", "conv3d_backprop_input_v2",
                           "depthwise_conv2d_native_backprop_input"}) {
    r.set_gradient(name, grad_backprop_input);
  }
  for (const char* name : {"conv2d_backprop_filter", "conv3d_backprop_filter_v2",
                           "depthwise_conv2d_native_backprop_filter"}) {
    r.set_gradient(name, grad_backprop_filter);
  }
}

}  // namespace kiln
