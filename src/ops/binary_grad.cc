// Gradients of the broadcasting binary ops (binary_ops.cc): each partial
// derivative is reduced back to its operand's shape (Grad::unbroadcast).
#include "ops/gradient.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

struct XY {
  GradValue x, y, dy;
};
XY xy(const GradArgs& a) { return {a.inputs[0], a.inputs[1], a.grads[0]}; }

void both(Grad& g, const XY& v, GradValue dx, GradValue dy, Dx out) {
  if (dx.defined()) out[0] = g.unbroadcast(dx, v.x);
  if (dy.defined()) out[1] = g.unbroadcast(dy, v.y);
}

void grad_add(Grad& g, const GradArgs& a, Dx dx) {
  XY v = xy(a);
  both(g, v, v.dy, v.dy, dx);
}
void grad_subtract(Grad& g, const GradArgs& a, Dx dx) {
  XY v = xy(a);
  both(g, v, v.dy, g.neg(v.dy), dx);
}
void grad_multiply(Grad& g, const GradArgs& a, Dx dx) {
  XY v = xy(a);
  both(g, v, g.mul(v.dy, v.y), g.mul(v.x, v.dy), dx);
}
void grad_divide(Grad& g, const GradArgs& a, Dx dx) {  // dy / y, -dy x / y^2
  XY v = xy(a);
  GradValue q = g.div(v.dy, v.y);
  both(g, v, q, g.neg(g.div(g.mul(q, v.x), v.y)), dx);
}
void grad_divide_no_nan(Grad& g, const GradArgs& a, Dx dx) {
  XY v = xy(a);
  GradValue q = g.op("divide_no_nan", {v.dy, v.y});
  GradValue r = g.op("divide_no_nan", {g.op("divide_no_nan", {g.neg(v.x), v.y}), v.y});
  both(g, v, q, g.mul(v.dy, r), dx);
}
void grad_floormod(Grad& g, const GradArgs& a, Dx dx) {  // x - floor(x/y) y
  XY v = xy(a);
  both(g, v, v.dy, g.mul(g.neg(v.dy), g.op("floordiv", {v.x, v.y})), dx);
}
void grad_pow(Grad& g, const GradArgs& a, Dx dx) {
  XY v = xy(a);
  GradValue z = a.outputs[0];
  // d/dx = y x^(y-1); d/dy = z log(x), 0 where x <= 0 (as TF).
  GradValue ddx = g.mul(v.dy, g.mul(v.y, g.op("pow", {v.x, g.sub(v.y, g.scalar_like(v.y, 1))})));
  GradValue positive = g.op("greater", {v.x, g.scalar_like(v.x, 0)});
  GradValue safe_x = g.op("where", {positive, v.x, g.ones_like(v.x)});
  GradValue log_x = g.op("where", {positive, g.op("log", {safe_x}), g.zeros_like(v.x)});
  both(g, v, ddx, g.mul(v.dy, g.mul(z, log_x)), dx);
}
// maximum/minimum: the gradient goes to the operand that was chosen (x on ties).
template <bool kMax>
void grad_extremum(Grad& g, const GradArgs& a, Dx dx) {
  XY v = xy(a);
  GradValue pick_x = g.op(kMax ? "greater_equal" : "less_equal", {v.x, v.y});
  GradValue zeros = g.zeros_like(v.dy);
  both(g, v, g.op("where", {pick_x, v.dy, zeros}), g.op("where", {pick_x, zeros, v.dy}), dx);
}
void grad_squared_difference(Grad& g, const GradArgs& a, Dx dx) {  // 2 (x - y) dy
  XY v = xy(a);
  GradValue d = g.mul(g.scalar_like(v.dy, 2), g.mul(g.sub(v.x, v.y), v.dy));
  both(g, v, d, g.neg(d), dx);
}
void grad_atan2(Grad& g, const GradArgs& a, Dx dx) {  // atan2(y, x): inputs are (y, x)
  XY v = xy(a);  // here v.x is the op's y, v.y its x
  GradValue denom = g.add(g.op("square", {v.x}), g.op("square", {v.y}));
  GradValue q = g.div(v.dy, denom);
  both(g, v, g.mul(q, v.y), g.neg(g.mul(q, v.x)), dx);
}
void grad_where(Grad& g, const GradArgs& a, Dx dx) {  // where(c, x, y): none for c
  GradValue c = a.inputs[0];
  GradValue dy = a.grads[0];
  GradValue zeros = g.zeros_like(dy);
  dx[1] = g.unbroadcast(g.op("where", {c, dy, zeros}), a.inputs[1]);
  dx[2] = g.unbroadcast(g.op("where", {c, zeros, dy}), a.inputs[2]);
}
void grad_clip_by_value(Grad& g, const GradArgs& a, Dx dx) {  // t clipped to [lo, hi]
  GradValue t = a.inputs[0], lo = a.inputs[1], hi = a.inputs[2], dy = a.grads[0];
  GradValue zeros = g.zeros_like(dy);
  GradValue below = g.op("less", {t, lo});
  GradValue above = g.op("greater", {t, hi});
  GradValue outside = g.op("logical_or", {below, above});
  dx[0] = g.unbroadcast(g.op("where", {outside, zeros, dy}), t);
  dx[1] = g.unbroadcast(g.op("where", {below, dy, zeros}), lo);
  dx[2] = g.unbroadcast(g.op("where", {above, dy, zeros}), hi);
}

}  // namespace

void register_binary_gradients(Registry& r) {
  r.set_gradient("add", grad_add);
  r.set_gradient("subtract", grad_subtract);
  r.set_gradient("multiply", grad_multiply);
  r.set_gradient("divide", grad_divide);
  r.set_gradient("divide_no_nan", grad_divide_no_nan);
  r.set_no_gradient("floordiv");  // piecewise constant (TF: None)
  r.set_gradient("floormod", grad_floormod);
  r.set_gradient("pow", grad_pow);
  r.set_gradient("maximum", grad_extremum<true>);
  r.set_gradient("minimum", grad_extremum<false>);
  r.set_gradient("squared_difference", grad_squared_difference);
  r.set_gradient("atan2", grad_atan2);
  r.set_gradient("where", grad_where);
  r.set_gradient("clip_by_value", grad_clip_by_value);
  for (const char* name : {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
                           "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or",
                           "bitwise_xor", "left_shift", "right_shift"}) {
    r.set_no_gradient(name);  // bool or integer results
  }
}

}  // namespace kiln
