// Batch normalization and LRN on oneDNN (float32); float16 and bfloat16
// through float32. Primitives are cached by every parameter that decides
// them (shape, layout, flags, epsilon, LRN's constants).
#include "kernels/cpu/dnnl_norm.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "kernels/cpu/cast.h"
#include "kernels/cpu/dnnl_context.h"

namespace kiln::cpu {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Flags = dnnl::normalization_flags;

int64_t float_bits(float v) {
  int32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

Array to_float32(const Array& a) {
  if (a.dtype() == float32) return a.contiguous();
  Array f = Array::empty(float32, a.shape());
  cast(a, f, /*saturate=*/false);
  return f;
}

// Writes the float32 `f` into `out` (out's dtype, same shape).
void store(const Array& f, Array& out) {
  if (out.dtype() == float32) {
    if (f.data() != out.data()) std::memcpy(out.mutable_data(), f.data(), f.nbytes());
    return;
  }
  cast(f, out, /*saturate=*/false);
}

// ---- batch normalization ----

// x as the 4-D (batch, channels, spatial, 1) oneDNN sees.
memory::desc data_desc(const BatchNormShape& s) {
  return memory::desc({s.batch, s.channels, s.spatial, 1}, memory::data_type::f32,
                      s.channels_last ? Tag::nhwc : Tag::nchw);
}

memory::desc vector_desc(int64_t n) { return memory::desc({n}, memory::data_type::f32, Tag::a); }

Flags flags_of(bool training) {
  Flags f = Flags::use_scale | Flags::use_shift;
  return training ? f : f | Flags::use_global_stats;
}

dnnl_util::Key bnorm_key(const char* kind, const BatchNormShape& s, float epsilon, bool training) {
  dnnl_util::Key k(kind);
  k.add(s.batch).add(s.channels).add(s.spatial).add(s.channels_last ? 1 : 0);
  k.add(float_bits(epsilon)).add(training ? 1 : 0);
  return k;
}

dnnl::batch_normalization_forward::primitive_desc bnorm_forward_pd(const BatchNormShape& s,
                                                                   float epsilon, bool training) {
  dnnl::batch_normalization_forward::desc d(
      training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference,
      data_desc(s), epsilon, flags_of(training));
  return {d, dnnl_util::cached_attr(), dnnl_util::engine()};
}

struct BnormForward {
  dnnl::batch_normalization_forward primitive;
  memory::desc scratchpad;
};

struct BnormBackward {
  dnnl::batch_normalization_backward primitive;
  memory::desc scratchpad;
};

void fill(Array& a, float v) {
  float* p = static_cast<float*>(a.mutable_data());
  std::fill(p, p + a.size(), v);
}

void copy_into(const Array& src, Array& dst) {
  Array c = src.contiguous();
  std::memcpy(dst.mutable_data(), c.data(), static_cast<size_t>(c.nbytes()));
}

}  // namespace

void fused_batch_norm(const Array& x_in, const Array& scale_in, const Array& offset_in,
                      const Array& mean_in, const Array& variance_in, const BatchNormShape& s,
                      float epsilon, float factor, bool training, BatchNormOutputs& out) {
  const int64_t c = s.channels;
  const int64_t count = s.batch * s.spatial;  // values per channel
  if (count == 0 || c == 0) {
    // No values to normalize: statistics are NaN, as TF's (x has none).
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (Array* a : {&out.batch_mean, &out.batch_variance, &out.saved_mean, &out.saved_variance}) {
      fill(*a, nan);
    }
    return;
  }
  Array x = to_float32(x_in);
  Array yf = x_in.dtype() == float32 ? out.y : Array::empty(float32, x_in.shape());
  Array scale = scale_in.contiguous(), offset = offset_in.contiguous();
  auto entry = dnnl_util::cached<BnormForward>(bnorm_key("bnorm_fwd", s, epsilon, training), [&] {
    auto pd = bnorm_forward_pd(s, epsilon, training);
    return std::make_shared<BnormForward>(
        BnormForward{dnnl::batch_normalization_forward(pd), pd.scratchpad_desc()});
  });
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, dnnl_util::wrap(x, data_desc(s))},
                                       {DNNL_ARG_DST, dnnl_util::wrap(yf, data_desc(s))},
                                       {DNNL_ARG_SCALE, dnnl_util::wrap(scale, vector_desc(c))},
                                       {DNNL_ARG_SHIFT, dnnl_util::wrap(offset, vector_desc(c))}};
  if (training) {
    // oneDNN writes the batch's mean and biased variance: reserve spaces 1, 2.
    args.emplace(DNNL_ARG_MEAN, dnnl_util::wrap(out.saved_mean, vector_desc(c)));
    args.emplace(DNNL_ARG_VARIANCE, dnnl_util::wrap(out.saved_variance, vector_desc(c)));
  }
  // Kept alive until the primitive has run (wrap does not own memory).
  Array mean = training ? Array() : mean_in.contiguous();
  Array variance = training ? Array() : variance_in.contiguous();
  if (!training) {
    args.emplace(DNNL_ARG_MEAN, dnnl_util::wrap(mean, vector_desc(c)));
    args.emplace(DNNL_ARG_VARIANCE, dnnl_util::wrap(variance, vector_desc(c)));
  }
  dnnl_util::execute("fused_batch_norm", entry->primitive, entry->scratchpad, std::move(args));
  if (x_in.dtype() != float32) store(yf, out.y);

  if (!training) {
    copy_into(mean_in, out.batch_mean);
    copy_into(variance_in, out.batch_variance);
    copy_into(mean_in, out.saved_mean);
    copy_into(variance_in, out.saved_variance);
    return;
  }
  // TF's running statistics: the unbiased variance (n / max(n - 1, 1)),
  // blended with the old values unless the factor is 1.
  const float* m = out.saved_mean.data_as<float>();
  const float* v = out.saved_variance.data_as<float>();
  float* bm = static_cast<float*>(out.batch_mean.mutable_data());
  float* bv = static_cast<float*>(out.batch_variance.mutable_data());
  const float bessel =
      static_cast<float>(count) / static_cast<float>(std::max<int64_t>(count - 1, 1));
  if (factor == 1.0f) {
    for (int64_t i = 0; i < c; ++i) {
      bm[i] = m[i];
      bv[i] = v[i] * bessel;
    }
    return;
  }
  Array old_mean = mean_in.contiguous(), old_var = variance_in.contiguous();
  const float* om = old_mean.data_as<float>();
  const float* ov = old_var.data_as<float>();
  for (int64_t i = 0; i < c; ++i) {
    bm[i] = (1.0f - factor) * om[i] + factor * m[i];
    bv[i] = (1.0f - factor) * ov[i] + factor * (v[i] * bessel);
  }
}

void fused_batch_norm_grad(const Array& dy_in, const Array& x_in, const Array& scale_in,
                           const Array& mean_in, const Array& variance_in, const BatchNormShape& s,
                           float epsilon, bool training, Array& dx, Array& dscale, Array& doffset) {
  const int64_t c = s.channels;
  if (c == 0) return;
  if (s.batch * s.spatial == 0) {
    fill(dscale, 0.0f);
    fill(doffset, 0.0f);
    return;
  }
  Array x = to_float32(x_in), dy = to_float32(dy_in);
  Array dxf = dx.dtype() == float32 ? dx : Array::empty(float32, x_in.shape());
  auto entry = dnnl_util::cached<BnormBackward>(bnorm_key("bnorm_bwd", s, epsilon, training), [&] {
    auto fwd = bnorm_forward_pd(s, epsilon, /*training=*/true);
    if (!training) {
      dnnl::batch_normalization_forward::desc d(dnnl::prop_kind::forward_training, data_desc(s),
                                                epsilon, flags_of(false));
      fwd = {d, dnnl_util::cached_attr(), dnnl_util::engine()};
    }
    dnnl::batch_normalization_backward::desc d(dnnl::prop_kind::backward, data_desc(s),
                                               data_desc(s), epsilon, flags_of(training));
    dnnl::batch_normalization_backward::primitive_desc pd(d, dnnl_util::cached_attr(),
                                                          dnnl_util::engine(), fwd);
    return std::make_shared<BnormBackward>(
        BnormBackward{dnnl::batch_normalization_backward(pd), pd.scratchpad_desc()});
  });
  Array mean = mean_in.contiguous(), variance = variance_in.contiguous();
  Array scale = scale_in.contiguous();
  // oneDNN asks for the shift with use_shift even here, where no gradient
  // depends on it: zeros.
  Array shift = Array::empty(float32, Shape{c});
  fill(shift, 0.0f);
  dnnl_util::execute("fused_batch_norm_grad", entry->primitive, entry->scratchpad,
                     {{DNNL_ARG_SRC, dnnl_util::wrap(x, data_desc(s))},
                      {DNNL_ARG_DIFF_DST, dnnl_util::wrap(dy, data_desc(s))},
                      {DNNL_ARG_MEAN, dnnl_util::wrap(mean, vector_desc(c))},
                      {DNNL_ARG_VARIANCE, dnnl_util::wrap(variance, vector_desc(c))},
                      {DNNL_ARG_SCALE, dnnl_util::wrap(scale, vector_desc(c))},
                      {DNNL_ARG_SHIFT, dnnl_util::wrap(shift, vector_desc(c))},
                      {DNNL_ARG_DIFF_SRC, dnnl_util::wrap(dxf, data_desc(s))},
                      {DNNL_ARG_DIFF_SCALE, dnnl_util::wrap(dscale, vector_desc(c))},
                      {DNNL_ARG_DIFF_SHIFT, dnnl_util::wrap(doffset, vector_desc(c))}});
  if (dx.dtype() != float32) store(dxf, dx);
}

// ---- LRN ----

namespace {

// TF's window c - radius .. c + radius, clipped to the channels: a radius
// beyond the channels is the same window as channels - 1. oneDNN divides
// alpha by its local size where TF does not, so alpha is scaled by it.
struct LrnParams {
  int64_t size;
  float alpha;
};
LrnParams lrn_params(int64_t channels, int64_t radius, float alpha) {
  int64_t r = std::min<int64_t>(radius, std::max<int64_t>(channels - 1, 0));
  int64_t size = 2 * r + 1;
  return {size, alpha * static_cast<float>(size)};
}

memory::desc lrn_desc(const Array& x) {
  const Dims& d = x.dims();  // NHWC
  return memory::desc({d[0], d[3], d[1], d[2]}, memory::data_type::f32, Tag::nhwc);
}

dnnl_util::Key lrn_key(const char* kind, const Array& x, const LrnParams& p, float bias,
                       float beta) {
  dnnl_util::Key k(kind);
  for (int64_t v : x.dims()) k.add(v);
  k.add(p.size).add(float_bits(p.alpha)).add(float_bits(bias)).add(float_bits(beta));
  return k;
}

dnnl::lrn_forward::primitive_desc lrn_forward_pd(const Array& x, const LrnParams& p, float bias,
                                                 float beta, dnnl::prop_kind prop) {
  dnnl::lrn_forward::desc d(prop, dnnl::algorithm::lrn_across_channels, lrn_desc(x), p.size,
                            p.alpha, beta, bias);
  return {d, dnnl_util::cached_attr(), dnnl_util::engine()};
}

struct LrnForward {
  dnnl::lrn_forward primitive;
  memory::desc scratchpad;
};

struct LrnBackward {
  dnnl::lrn_forward::primitive_desc fwd_pd;
  dnnl::lrn_forward fwd;
  dnnl::lrn_backward bwd;
  memory::desc bwd_scratchpad;
};

// A window of one channel (radius 0, or a single channel) makes LRN
// elementwise: with s = bias + alpha x^2, y = x s^-beta and
// dy/dx = s^-beta - 2 alpha beta x^2 s^(-beta-1). Computed here because
// oneDNN 2.6's AVX-512 backward kernel crashes while it is built for a window
// of one (found by tests/python/test_nn_fuzz.py on a Zen 4 machine).
void lrn_grad_one_channel(const Array& dy, const Array& x, float bias, float alpha, float beta,
                          Array& dx) {
  const float* xs = x.data_as<float>();
  const float* g = dy.data_as<float>();
  auto* out = static_cast<float*>(dx.mutable_data());
  const double a = alpha, b = beta;
  for (int64_t i = 0; i < x.size(); ++i) {
    const double v = xs[i], s = bias + a * v * v;
    out[i] =
        static_cast<float>(g[i] * (std::pow(s, -b) - 2.0 * a * b * v * v * std::pow(s, -b - 1.0)));
  }
}

}  // namespace

Array lrn(const Array& x_in, int64_t radius, float bias, float alpha, float beta) {
  Array y = Array::empty(x_in.dtype(), x_in.shape());
  if (y.size() == 0) return y;
  Array x = to_float32(x_in);
  LrnParams p = lrn_params(x.dims()[3], radius, alpha);
  auto entry = dnnl_util::cached<LrnForward>(lrn_key("lrn_fwd", x, p, bias, beta), [&] {
    auto pd = lrn_forward_pd(x, p, bias, beta, dnnl::prop_kind::forward_inference);
    return std::make_shared<LrnForward>(LrnForward{dnnl::lrn_forward(pd), pd.scratchpad_desc()});
  });
  Array yf = y.dtype() == float32 ? y : Array::empty(float32, x.shape());
  dnnl_util::execute("lrn", entry->primitive, entry->scratchpad,
                     {{DNNL_ARG_SRC, dnnl_util::wrap(x, lrn_desc(x))},
                      {DNNL_ARG_DST, dnnl_util::wrap(yf, lrn_desc(x))}});
  if (y.dtype() != float32) store(yf, y);
  return y;
}

Array lrn_grad(const Array& dy_in, const Array& x_in, int64_t radius, float bias, float alpha,
               float beta) {
  Array dx = Array::empty(x_in.dtype(), x_in.shape());
  if (dx.size() == 0) return dx;
  Array x = to_float32(x_in), dy = to_float32(dy_in);
  LrnParams p = lrn_params(x.dims()[3], radius, alpha);
  Array dxf = dx.dtype() == float32 ? dx : Array::empty(float32, x.shape());
  if (p.size == 1) {
    lrn_grad_one_channel(dy, x, bias, p.alpha, beta, dxf);
    if (dx.dtype() != float32) store(dxf, dx);
    return dx;
  }
  auto entry = dnnl_util::cached<LrnBackward>(lrn_key("lrn_bwd", x, p, bias, beta), [&] {
    auto fwd_pd = lrn_forward_pd(x, p, bias, beta, dnnl::prop_kind::forward_training);
    dnnl::lrn_backward::desc d(dnnl::algorithm::lrn_across_channels, lrn_desc(x), lrn_desc(x),
                               p.size, p.alpha, beta, bias);
    dnnl::lrn_backward::primitive_desc bwd_pd(d, dnnl_util::cached_attr(), dnnl_util::engine(),
                                              fwd_pd);
    return std::make_shared<LrnBackward>(LrnBackward{
        fwd_pd, dnnl::lrn_forward(fwd_pd), dnnl::lrn_backward(bwd_pd), bwd_pd.scratchpad_desc()});
  });
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, dnnl_util::wrap(x, lrn_desc(x))},
                                       {DNNL_ARG_DIFF_DST, dnnl_util::wrap(dy, lrn_desc(x))},
                                       {DNNL_ARG_DIFF_SRC, dnnl_util::wrap(dxf, lrn_desc(x))}};
  memory::desc ws = entry->fwd_pd.workspace_desc();
  if (ws.get_size() != 0) {
    // The forward pass's workspace (this call's own), from x again.
    memory workspace(ws, dnnl_util::engine());
    Array y = Array::empty(float32, x.shape());
    dnnl_util::execute("lrn_grad", entry->fwd, entry->fwd_pd.scratchpad_desc(),
                       {{DNNL_ARG_SRC, dnnl_util::wrap(x, lrn_desc(x))},
                        {DNNL_ARG_DST, dnnl_util::wrap(y, lrn_desc(x))},
                        {DNNL_ARG_WORKSPACE, workspace}});
    args.emplace(DNNL_ARG_WORKSPACE, workspace);
  }
  dnnl_util::execute("lrn_grad", entry->bwd, entry->bwd_scratchpad, std::move(args));
  if (dx.dtype() != float32) store(dxf, dx);
  return dx;
}

}  // namespace kiln::cpu
