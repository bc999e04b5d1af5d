// Gradients of the normalization ops (nn_norm_ops.cc), as TF's nn_grad.py
// and nn_fused_batch_norm_grad.py build them:
//   fused_batch_norm -> fused_batch_norm_grad (x, scale, offset; the
//     statistics inputs get none), from the reserve spaces in training and
//     from the given mean and variance in inference;
//   fused_batch_norm_grad -> TF differentiates its composite _BatchNormGrad
//     with a tape; kiln writes that derivative out (below);
//   lrn -> lrn_grad; lrn_grad and nothing else: TF defines no gradient
//     (LookupError).
#include <string>

#include "kiln/error.h"
#include "ops/gradient.h"
#include "ops/nn_pool_grad.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

void grad_fused_batch_norm(Grad& g, const GradArgs& a, Dx dx) {
  const Attrs& at = a.attrs;  // epsilon, exponential_avg_factor, data_format, is_training
  bool training = std::get<bool>(at[3]);
  GradValue mean = training ? a.outputs[3] : a.inputs[3];
  GradValue variance = training ? a.outputs[4] : a.inputs[4];
  std::vector<GradValue> r = g.ops("fused_batch_norm_grad",
                                   std::vector<GradValue>{g.grad_or_zeros(a, 0), a.inputs[0],
                                                          a.inputs[1], mean, variance,
                                                          a.outputs[5]},
                                   {at[0], at[2], at[3]});
  dx[0] = r[0];
  dx[1] = r[1];
  dx[2] = r[2];
}

// How a per-channel vector meets x: the axes to reduce over and the shape
// that broadcasts (channels last, or (1, C, 1, 1[, 1])).
struct Channels {
  std::vector<int64_t> reduce;
  std::vector<int64_t> vector_shape;  // empty: channels last, broadcasts as is
};

Channels channels_of(Grad& g, const GradArgs& a, GradValue x, const std::string& format) {
  Shape s = g.spec(x).shape;
  if (!s.has_known_rank()) {
    throw UnimplementedError("[" + std::string(a.op.name) + "] kiln differentiates "
                             "fused_batch_norm_grad only for inputs of known rank.");
  }
  int64_t rank = s.rank();
  bool last = format == "NHWC" || format == "NDHWC";
  Channels c;
  for (int64_t i = 0; i < rank; ++i) {
    if (i != (last ? rank - 1 : 1)) c.reduce.push_back(i);
  }
  if (!last) {
    c.vector_shape.assign(static_cast<size_t>(rank), 1);
    c.vector_shape[1] = -1;
  }
  return c;
}

GradValue per_channel(Grad& g, GradValue v, const Channels& c) {
  return c.vector_shape.empty() ? v : g.reshape(v, c.vector_shape);
}
GradValue channel_mean(Grad& g, GradValue t, const Channels& c) {
  return g.op("reduce_mean", {t}, {c.reduce, true, false});
}
GradValue channel_sum(Grad& g, GradValue t, const Channels& c) {  // a [C] vector
  return g.op("reduce_sum", {t}, {c.reduce, false, false});
}

// F = <A, dx> + <B, dscale> + <E, doffset> for fused_batch_norm_grad's
// outputs with incoming gradients A, B, E; returns dF/d(dy), dF/dx,
// dF/dscale. In training (TF's _BatchNormGrad recomputes the mean and
// variance from x), per channel, with r = 1/sqrt(var(x) + eps),
// xh = (x - mean(x)) r, G = dy:
//   dx      = scale r (G - mean(G) - xh mean(G xh))
//   dscale  = sum(G xh),  doffset = sum(G)
// so, with m = mean(G xh), q = mean(A xh), k = mean(A (G - mean(G))):
//   dF/dG     = scale r (A - mean(A) - xh q) + B xh + E
//   dF/dscale = sum(A r (G - mean(G) - xh m))
//   dF/dx     = scale r^2 ((3 m q - k) xh - q (G - mean(G)) - m (A - mean(A)))
//               + B r (G - mean(G) - m xh)
// (the last through x's mean and variance). In inference, with the given
// mean and variance: dF/dG = A scale r + B (x - mean) r + E,
// dF/dscale = sum(A G r), dF/dx = B G r.
void grad_fused_batch_norm_grad(Grad& g, const GradArgs& a, Dx dx) {
  const Attrs& at = a.attrs;  // epsilon, data_format, is_training
  double eps = std::get<double>(at[0]);
  bool training = std::get<bool>(at[2]);
  GradValue dy = a.inputs[0], x = a.inputs[1], scale = a.inputs[2];
  Channels c = channels_of(g, a, x, std::get<std::string>(at[1]));
  // float16 and bfloat16 in float32, as TF's composite computes.
  GradValue G = g.cast(dy, float32), X = g.cast(x, float32);
  GradValue A = g.cast(g.grad_or_zeros(a, 0), float32);
  GradValue B = per_channel(g, g.grad_or_zeros(a, 1), c);
  GradValue E = per_channel(g, g.grad_or_zeros(a, 2), c);
  GradValue S = per_channel(g, scale, c);
  GradValue ggy, gx, gscale;
  if (training) {
    GradValue centered = g.sub(X, channel_mean(g, X, c));
    GradValue r = g.op("rsqrt", {g.add(channel_mean(g, g.mul(centered, centered), c),
                                       g.scalar(float32, eps))});
    GradValue xh = g.mul(centered, r);
    GradValue G0 = g.sub(G, channel_mean(g, G, c));
    GradValue A0 = g.sub(A, channel_mean(g, A, c));
    GradValue m = channel_mean(g, g.mul(G, xh), c);
    GradValue q = channel_mean(g, g.mul(A, xh), c);
    GradValue k = channel_mean(g, g.mul(A, G0), c);
    GradValue scale_r = g.mul(S, r);
    ggy = g.add(g.add(g.mul(scale_r, g.sub(A0, g.mul(xh, q))), g.mul(B, xh)), E);
    gscale = channel_sum(g, g.mul(g.mul(A, r), g.sub(G0, g.mul(xh, m))), c);
    GradValue three_mq = g.mul(g.scalar(float32, 3.0), g.mul(m, q));
    GradValue inner = g.sub(g.sub(g.mul(g.sub(three_mq, k), xh), g.mul(q, G0)), g.mul(m, A0));
    gx = g.add(g.mul(g.mul(scale_r, r), inner), g.mul(g.mul(B, r), g.sub(G0, g.mul(m, xh))));
  } else {
    GradValue mean = per_channel(g, a.inputs[3], c);
    GradValue r = g.op("rsqrt", {g.add(per_channel(g, a.inputs[4], c), g.scalar(float32, eps))});
    ggy = g.add(g.add(g.mul(g.mul(A, S), r), g.mul(g.mul(B, g.sub(X, mean)), r)), E);
    gscale = channel_sum(g, g.mul(g.mul(A, G), r), c);
    gx = g.mul(g.mul(B, G), r);
  }
  dx[0] = g.cast(ggy, g.dtype(dy));
  dx[1] = g.cast(gx, g.dtype(x));
  dx[2] = gscale;
}

void grad_lrn(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.op("lrn_grad", {a.grads[0], a.inputs[0], a.outputs[0]}, a.attrs);
}

}  // namespace

void register_nn_norm_gradients(Registry& r) {
  r.set_gradient("fused_batch_norm", grad_fused_batch_norm);
  r.set_gradient("fused_batch_norm_grad", grad_fused_batch_norm_grad);
  r.set_gradient("lrn", grad_lrn);
  r.set_gradient("lrn_grad", no_tf_gradient);
}

}  // namespace kiln
