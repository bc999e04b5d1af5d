// Gradients of the elementwise unary ops (unary_ops.cc): dy times the
// derivative, written with registry ops. `y` is the op's output where the
// derivative is cheaper from it (exp, tanh, sigmoid), as TF's are.
#include <cmath>
#include <numbers>

#include "ops/gradient.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

GradValue x_of(const GradArgs& a) { return a.inputs[0]; }
GradValue y_of(const GradArgs& a) { return a.outputs[0]; }
GradValue dy_of(const GradArgs& a) { return a.grads[0]; }

// dx = dy * f'(x), with f'(x) built by `derivative`.
template <GradValue (*Derivative)(Grad&, const GradArgs&)>
void chain(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.mul(dy_of(a), Derivative(g, a));
}

// dx = dy where mask, else 0.
GradValue masked(Grad& g, GradValue mask, GradValue dy) {
  return g.op("where", {mask, dy, g.zeros_like(dy)});
}

GradValue d_abs(Grad& g, const GradArgs& a) { return g.op("sign", {x_of(a)}); }
GradValue d_square(Grad& g, const GradArgs& a) { return g.mul(g.scalar_like(x_of(a), 2), x_of(a)); }
GradValue d_exp(Grad&, const GradArgs& a) { return y_of(a); }
GradValue d_expm1(Grad& g, const GradArgs& a) { return g.op("exp", {x_of(a)}); }
GradValue d_sin(Grad& g, const GradArgs& a) { return g.op("cos", {x_of(a)}); }
GradValue d_cos(Grad& g, const GradArgs& a) { return g.neg(g.op("sin", {x_of(a)})); }
GradValue d_tan(Grad& g, const GradArgs& a) {  // 1 + tan(x)^2
  return g.add(g.scalar_like(y_of(a), 1), g.op("square", {y_of(a)}));
}
GradValue d_sinh(Grad& g, const GradArgs& a) { return g.op("cosh", {x_of(a)}); }
GradValue d_cosh(Grad& g, const GradArgs& a) { return g.op("sinh", {x_of(a)}); }
GradValue d_tanh(Grad& g, const GradArgs& a) {  // 1 - tanh(x)^2
  return g.sub(g.scalar_like(y_of(a), 1), g.op("square", {y_of(a)}));
}
GradValue d_sigmoid(Grad& g, const GradArgs& a) {  // y (1 - y)
  return g.mul(y_of(a), g.sub(g.scalar_like(y_of(a), 1), y_of(a)));
}
GradValue d_erf(Grad& g, const GradArgs& a) {  // 2/sqrt(pi) exp(-x^2)
  GradValue x = x_of(a);
  return g.mul(g.scalar_like(x, 2 / std::sqrt(std::numbers::pi)),
               g.op("exp", {g.neg(g.op("square", {x}))}));
}
GradValue d_softplus(Grad& g, const GradArgs& a) { return g.op("sigmoid", {x_of(a)}); }

// dx = dy / f'-denominator(x), for derivatives of the form 1 / h(x).
template <GradValue (*Denominator)(Grad&, const GradArgs&)>
void over(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.div(dy_of(a), Denominator(g, a));
}
GradValue one_minus_x2(Grad& g, const GradArgs& a) {
  return g.sub(g.scalar_like(x_of(a), 1), g.op("square", {x_of(a)}));
}
GradValue sqrt_one_minus_x2(Grad& g, const GradArgs& a) { return g.op("sqrt", {one_minus_x2(g, a)}); }
GradValue one_plus_x2(Grad& g, const GradArgs& a) {
  return g.add(g.scalar_like(x_of(a), 1), g.op("square", {x_of(a)}));
}
GradValue x_itself(Grad&, const GradArgs& a) { return x_of(a); }
GradValue one_plus_x(Grad& g, const GradArgs& a) { return g.add(g.scalar_like(x_of(a), 1), x_of(a)); }
GradValue cosh_y(Grad& g, const GradArgs& a) { return g.op("cosh", {y_of(a)}); }
GradValue sinh_y(Grad& g, const GradArgs& a) { return g.op("sinh", {y_of(a)}); }
GradValue one_plus_abs_x_sq(Grad& g, const GradArgs& a) {
  return g.op("square", {g.add(g.scalar_like(x_of(a), 1), g.op("abs", {x_of(a)}))});
}

void grad_negative(Grad& g, const GradArgs& a, Dx dx) { dx[0] = g.neg(dy_of(a)); }
void grad_asin(Grad& g, const GradArgs& a, Dx dx) { over<sqrt_one_minus_x2>(g, a, dx); }
void grad_acos(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.neg(g.div(dy_of(a), sqrt_one_minus_x2(g, a)));
}
void grad_sqrt(Grad& g, const GradArgs& a, Dx dx) {  // dy / (2 y)
  dx[0] = g.div(dy_of(a), g.mul(g.scalar_like(y_of(a), 2), y_of(a)));
}
void grad_rsqrt(Grad& g, const GradArgs& a, Dx dx) {  // dy * -0.5 y^3
  GradValue y = y_of(a);
  GradValue y3 = g.mul(g.op("square", {y}), y);
  dx[0] = g.mul(dy_of(a), g.mul(g.scalar_like(y, -0.5), y3));
}
void grad_reciprocal(Grad& g, const GradArgs& a, Dx dx) {  // -dy y^2
  dx[0] = g.neg(g.mul(dy_of(a), g.op("square", {y_of(a)})));
}
void grad_sign(Grad& g, const GradArgs& a, Dx dx) { dx[0] = g.zeros_like(x_of(a)); }

void grad_relu(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = x_of(a);
  dx[0] = masked(g, g.op("greater", {x, g.scalar_like(x, 0)}), dy_of(a));
}
void grad_relu6(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = x_of(a);
  GradValue inside = g.op("logical_and", {g.op("greater", {x, g.scalar_like(x, 0)}),
                                          g.op("less", {x, g.scalar_like(x, 6)})});
  dx[0] = masked(g, inside, dy_of(a));
}
void grad_leaky_relu(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = x_of(a);
  GradValue dy = dy_of(a);
  double alpha = attr<double>(a.op, a.attrs, "alpha");
  dx[0] = g.op("where", {g.op("greater", {x, g.scalar_like(x, 0)}), dy,
                         g.mul(dy, g.scalar_like(dy, alpha))});
}
void grad_elu(Grad& g, const GradArgs& a, Dx dx) {  // x > 0: dy, else dy (y + 1)
  GradValue x = x_of(a);
  GradValue dy = dy_of(a);
  dx[0] = g.op("where", {g.op("greater", {x, g.scalar_like(x, 0)}), dy,
                         g.mul(dy, g.add(y_of(a), g.scalar_like(dy, 1)))});
}
void grad_selu(Grad& g, const GradArgs& a, Dx dx) {  // x > 0: scale dy, else dy (y + scale alpha)
  constexpr double kAlpha = 1.6732632423543772848170429916717;
  constexpr double kScale = 1.0507009873554804934193349852946;
  GradValue x = x_of(a);
  GradValue dy = dy_of(a);
  dx[0] = g.op("where", {g.op("greater", {x, g.scalar_like(x, 0)}), g.mul(dy, g.scalar_like(dy, kScale)),
                         g.mul(dy, g.add(y_of(a), g.scalar_like(dy, kScale * kAlpha)))});
}
void grad_gelu(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = x_of(a);
  GradValue half = g.scalar_like(x, 0.5);
  GradValue one = g.scalar_like(x, 1);
  GradValue d;
  if (g.attr_bool(a, "approximate")) {
    // y = x/2 (1 + tanh(u)), u = c (x + k x^3): y' = (1 + t)/2 + x/2 (1 - t^2) c (1 + 3k x^2)
    constexpr double kK = 0.044715;
    GradValue c = g.scalar_like(x, std::sqrt(2 / std::numbers::pi));
    GradValue x2 = g.op("square", {x});
    GradValue u = g.mul(c, g.add(x, g.mul(g.scalar_like(x, kK), g.mul(x2, x))));
    GradValue t = g.op("tanh", {u});
    GradValue du = g.mul(c, g.add(one, g.mul(g.scalar_like(x, 3 * kK), x2)));
    d = g.add(g.mul(half, g.add(one, t)),
              g.mul(g.mul(half, x), g.mul(g.sub(one, g.op("square", {t})), du)));
  } else {
    // y = x Phi(x): y' = Phi(x) + x phi(x)
    GradValue cdf = g.mul(half, g.add(one, g.op("erf", {g.mul(x, g.scalar_like(x, 1 / std::numbers::sqrt2))})));
    GradValue pdf = g.mul(g.scalar_like(x, 1 / std::sqrt(2 * std::numbers::pi)),
                          g.op("exp", {g.mul(g.scalar_like(x, -0.5), g.op("square", {x}))}));
    d = g.add(cdf, g.mul(x, pdf));
  }
  dx[0] = g.mul(dy_of(a), d);
}

void grad_softmax(Grad& g, const GradArgs& a, Dx dx) {  // (dy - sum(dy y)) y
  GradValue y = y_of(a);
  GradValue dy = dy_of(a);
  std::vector<int64_t> axis{g.attr_int(a, "axis")};
  GradValue s = g.reduce_sum(g.mul(dy, y), axis, true);
  dx[0] = g.mul(g.sub(dy, s), y);
}
void grad_log_softmax(Grad& g, const GradArgs& a, Dx dx) {  // dy - sum(dy) exp(y)
  GradValue dy = dy_of(a);
  std::vector<int64_t> axis{g.attr_int(a, "axis")};
  dx[0] = g.sub(dy, g.mul(g.reduce_sum(dy, axis, true), g.op("exp", {y_of(a)})));
}

}  // namespace

void register_unary_gradients(Registry& r) {
  r.set_gradient("abs", chain<d_abs>);
  r.set_gradient("negative", grad_negative);
  r.set_gradient("sign", grad_sign);
  r.set_gradient("square", chain<d_square>);
  r.set_gradient("relu", grad_relu);
  r.set_gradient("relu6", grad_relu6);
  for (const char* name : {"round", "floor", "ceil", "invert", "logical_not", "is_nan", "is_inf",
                           "is_finite"}) {
    r.set_no_gradient(name);  // piecewise constant, or not a number: TF's None
  }
  r.set_gradient("sqrt", grad_sqrt);
  r.set_gradient("rsqrt", grad_rsqrt);
  r.set_gradient("reciprocal", grad_reciprocal);
  r.set_gradient("exp", chain<d_exp>);
  r.set_gradient("expm1", chain<d_expm1>);
  r.set_gradient("log", over<x_itself>);
  r.set_gradient("log1p", over<one_plus_x>);
  r.set_gradient("sin", chain<d_sin>);
  r.set_gradient("cos", chain<d_cos>);
  r.set_gradient("tan", chain<d_tan>);
  r.set_gradient("asin", grad_asin);
  r.set_gradient("acos", grad_acos);
  r.set_gradient("atan", over<one_plus_x2>);
  r.set_gradient("sinh", chain<d_sinh>);
  r.set_gradient("cosh", chain<d_cosh>);
  r.set_gradient("tanh", chain<d_tanh>);
  r.set_gradient("asinh", over<cosh_y>);
  r.set_gradient("acosh", over<sinh_y>);
  r.set_gradient("atanh", over<one_minus_x2>);
  r.set_gradient("sigmoid", chain<d_sigmoid>);
  r.set_gradient("erf", chain<d_erf>);
  r.set_gradient("elu", grad_elu);
  r.set_gradient("selu", grad_selu);
  r.set_gradient("softplus", chain<d_softplus>);
  r.set_gradient("softsign", over<one_plus_abs_x_sq>);
  r.set_gradient("leaky_relu", grad_leaky_relu);
  r.set_gradient("gelu", grad_gelu);
  r.set_gradient("softmax", grad_softmax);
  r.set_gradient("log_softmax", grad_log_softmax);
}

}  // namespace kiln
