// The normalization ops (src/ops/nn_norm_ops.cc) through the C++ API
// (include/kiln/ops/nn_norm.h): fused batch normalization and LRN against
// formulas computed here in double, their gradients, inference with
// unknown dimensions, TF's errors and the primitive cache.
// tests/python/test_nn_norm.py compares with TF and NumPy.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "error_matchers.h"
#include "kernels/cpu/dnnl_context.h"
#include "kiln/ops.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using V = std::vector<int64_t>;

// x (2, 2, 3, 2) NHWC: channel 0 holds 0..11 scaled, channel 1 their squares.
std::vector<float> values() {
  std::vector<float> v;
  for (int i = 0; i < 12; ++i) {
    v.push_back(0.25f * static_cast<float>(i) - 1.0f);
    v.push_back(std::sin(static_cast<float>(i)));
  }
  return v;
}

struct Stats {
  std::vector<double> mean, var;  // biased variance
};
Stats stats_of(const std::vector<float>& x, size_t channels) {
  Stats s{std::vector<double>(channels), std::vector<double>(channels)};
  double n = static_cast<double>(x.size() / channels);
  for (size_t i = 0; i < x.size(); ++i) s.mean[i % channels] += x[i] / n;
  for (size_t i = 0; i < x.size(); ++i) {
    double d = x[i] - s.mean[i % channels];
    s.var[i % channels] += d * d / n;
  }
  return s;
}

TEST(NnNorm, FusedBatchNormTrainingAndInference) {
  std::vector<float> xv = values();
  Tensor x = constant(xv, Shape{2, 2, 3, 2});
  Tensor scale = constant<float>({1.5f, -0.5f}), offset = constant<float>({0.25f, 1.0f});
  Tensor mean = constant<float>({0.5f, -0.5f}), var = constant<float>({2.0f, 0.5f});
  Stats s = stats_of(xv, 2);
  const double eps = 1e-3;
  FusedBatchNorm t = fused_batch_norm(x, scale, offset, mean, var,
                                      {.epsilon = 1e-3f, .exponential_avg_factor = 0.25f});
  std::vector<float> y = t.y.to_vector<float>();
  const double sc[2] = {1.5, -0.5}, of[2] = {0.25, 1.0};
  for (size_t i = 0; i < y.size(); ++i) {
    size_t c = i % 2;
    EXPECT_NEAR(y[i], (xv[i] - s.mean[c]) / std::sqrt(s.var[c] + eps) * sc[c] + of[c], 1e-5);
  }
  // running statistics: (1 - f) old + f batch, the batch variance Bessel-corrected
  std::vector<float> bm = t.batch_mean.to_vector<float>(), bv = t.batch_variance.to_vector<float>();
  const double old_mean[2] = {0.5, -0.5}, old_var[2] = {2.0, 0.5};
  for (size_t c = 0; c < 2; ++c) {
    EXPECT_NEAR(bm[c], 0.75 * old_mean[c] + 0.25 * s.mean[c], 1e-6);
    EXPECT_NEAR(bv[c], 0.75 * old_var[c] + 0.25 * s.var[c] * 12.0 / 11.0, 1e-6);
    EXPECT_NEAR(t.reserve_space_1.to_vector<float>()[c], s.mean[c], 1e-6);
    EXPECT_NEAR(t.reserve_space_2.to_vector<float>()[c], s.var[c], 1e-6);
  }
  // inference: the given statistics, in either layout
  FusedBatchNorm i = fused_batch_norm(x, scale, offset, mean, var, {.is_training = false});
  FusedBatchNorm ic = fused_batch_norm(transpose(x, V{0, 3, 1, 2}), scale, offset, mean, var,
                                       {.data_format = "NCHW", .is_training = false});
  EXPECT_EQ(transpose(ic.y, V{0, 2, 3, 1}).to_vector<float>(), i.y.to_vector<float>());
  y = i.y.to_vector<float>();
  for (size_t k = 0; k < y.size(); ++k) {
    size_t c = k % 2;
    EXPECT_NEAR(y[k], (xv[k] - old_mean[c]) / std::sqrt(old_var[c] + 1e-4) * sc[c] + of[c], 1e-5);
  }
  EXPECT_EQ(i.batch_mean.to_vector<float>(), mean.to_vector<float>());
}

TEST(NnNorm, FusedBatchNormGradientIsTheFormula) {
  std::vector<float> xv = values();
  Tensor x = constant(xv, Shape{2, 2, 3, 2});
  std::vector<float> dyv;
  for (int i = 0; i < 24; ++i) dyv.push_back(std::cos(0.7f * static_cast<float>(i)));
  Tensor dy = constant(dyv, Shape{2, 2, 3, 2});
  Tensor scale = constant<float>({1.5f, -0.5f});
  Stats s = stats_of(xv, 2);
  Tensor mean = constant<float>({static_cast<float>(s.mean[0]), static_cast<float>(s.mean[1])});
  Tensor var = constant<float>({static_cast<float>(s.var[0]), static_cast<float>(s.var[1])});
  for (bool training : {true, false}) {
    FusedBatchNormGrad g = fused_batch_norm_grad(dy, x, scale, mean, var, {.epsilon = 1e-3f,
                                                 .is_training = training});
    std::vector<double> sum_dy(2), sum_dy_xh(2);
    for (size_t i = 0; i < 24; ++i) {
      size_t c = i % 2;
      double xh = (xv[i] - s.mean[c]) / std::sqrt(s.var[c] + 1e-3);
      sum_dy[c] += dyv[i];
      sum_dy_xh[c] += dyv[i] * xh;
    }
    std::vector<float> dx = g.x_backprop.to_vector<float>();
    const double sc[2] = {1.5, -0.5};
    for (size_t i = 0; i < 24; ++i) {
      size_t c = i % 2;
      double r = 1 / std::sqrt(s.var[c] + 1e-3), xh = (xv[i] - s.mean[c]) * r;
      double want = training ? sc[c] * r * (dyv[i] - sum_dy[c] / 12 - xh * sum_dy_xh[c] / 12)
                             : dyv[i] * sc[c] * r;
      EXPECT_NEAR(dx[i], want, 1e-5) << "training " << training << " element " << i;
    }
    for (size_t c = 0; c < 2; ++c) {
      EXPECT_NEAR(g.scale_backprop.to_vector<float>()[c], sum_dy_xh[c], 1e-5);
      EXPECT_NEAR(g.offset_backprop.to_vector<float>()[c], sum_dy[c], 1e-5);
    }
  }
}

TEST(NnNorm, LrnIsTfsFormula) {
  std::vector<float> xv;
  for (int i = 0; i < 2 * 5; ++i) xv.push_back(std::sin(static_cast<float>(i)) * 2);
  Tensor x = constant(xv, Shape{1, 2, 1, 5});
  const int radius = 1;
  const double bias = 1.5, alpha = 0.3, beta = 0.75;
  std::vector<float> y = lrn(x, radius, bias, alpha, beta).to_vector<float>();
  std::vector<double> dyv(10, 0.0);
  for (int p = 0; p < 2; ++p) {
    for (int c = 0; c < 5; ++c) {
      double sq = 0;
      for (int j = std::max(c - radius, 0); j <= std::min(c + radius, 4); ++j) {
        sq += xv[p * 5 + j] * xv[p * 5 + j];
      }
      EXPECT_NEAR(y[static_cast<size_t>(p * 5 + c)],
                  xv[p * 5 + c] / std::pow(bias + alpha * sq, beta), 1e-5);
    }
  }
  // a radius beyond the channels is the whole depth
  EXPECT_EQ(lrn(x, 4, bias, alpha, beta).to_vector<float>(),
            lrn(x, 1000, bias, alpha, beta).to_vector<float>());
  // lrn_grad against central differences of lrn in double-checked float32 steps
  Tensor dy = constant<float>({0.5f, -1, 2, 0.25f, 1, -0.5f, 1.5f, 0, -2, 1}, Shape{1, 2, 1, 5});
  Tensor y_again = lrn(x, radius, bias, alpha, beta);
  std::vector<float> dx = lrn_grad(dy, x, y_again, radius, bias, alpha, beta).to_vector<float>();
  std::vector<float> dyf = dy.to_vector<float>();
  for (size_t e = 0; e < 10; ++e) {
    auto at = [&](float h) {
      std::vector<float> moved = xv;
      moved[e] += h;
      std::vector<float> out = lrn(constant(moved, Shape{1, 2, 1, 5}), radius, bias, alpha, beta)
                                   .to_vector<float>();
      double total = 0;
      for (size_t k = 0; k < 10; ++k) total += static_cast<double>(out[k]) * dyf[k];
      return total;
    };
    EXPECT_NEAR(dx[e], (at(1e-2f) - at(-1e-2f)) / 2e-2, 2e-3) << "element " << e;
  }
}

TEST(NnNorm, InferenceFillsChannelsFromTheVectors) {
  const OpDef& op = Registry::get().at("fused_batch_norm");
  Attrs attrs{1e-3, 1.0, std::string("NCHW"), true};
  std::vector<TensorSpec> in{{float32, Shape{kUnknownDim, kUnknownDim, kUnknownDim, kUnknownDim}},
                             {float32, Shape{3}}, {float32, Shape{3}}, {float32, Shape{0}},
                             {float32, Shape{0}}};
  Specs out = op.infer(op, in, attrs);
  EXPECT_EQ(out[0].shape, (Shape{kUnknownDim, 3, kUnknownDim, kUnknownDim}));
  EXPECT_EQ(out[1].shape, Shape{3});
  EXPECT_EQ(out[5].shape, Shape{});
}

TEST(NnNorm, TfsErrors) {
  Tensor x = zeros(Shape{2, 4, 5, 3});
  Tensor c3 = ones(Shape{3}), c2 = ones(Shape{2}), none = zeros(Shape{0});
  EXPECT_KILN_ERROR(fused_batch_norm(x, c2, c3, none, none), InvalidArgumentError,
                    "[fused_batch_norm] scale must have the same number of elements as the "
                    "channels of x, got 2 and 3");
  EXPECT_KILN_ERROR(fused_batch_norm(x, c3, c3, none, none, {.is_training = false}),
                    InvalidArgumentError,
                    "When is_training=false, mean must have the same number of elements");
  EXPECT_KILN_ERROR(fused_batch_norm(cast(x, float64), c3, c3, none, none), InvalidArgumentError,
                    "Value for attr 'T' of double");
  EXPECT_KILN_ERROR(fused_batch_norm(x, c3, c3, none, none, {.data_format = "NCDHW"}),
                    InvalidArgumentError, "data_format is for 5-D input");
  EXPECT_KILN_ERROR(fused_batch_norm_grad(x, zeros(Shape{1, 4, 5, 3}), c3, c3, c3),
                    InvalidArgumentError, "x and y_backprop must have same shape");
  EXPECT_KILN_ERROR(lrn(x, -1), InvalidArgumentError,
                    "[lrn] depth_radius = -1 larger than int max");
  EXPECT_KILN_ERROR(lrn(zeros(Shape{4, 5, 3}), 1), InvalidArgumentError,
                    "in must be 4-dimensional");
  EXPECT_KILN_ERROR(lrn_grad(x, x, zeros(Shape{2, 4, 5, 2})), InvalidArgumentError,
                    "input_grads, input_image, and out_image should have the same shape");
}

TEST(NnNorm, PrimitivesAreBuiltOnceAndReused) {
  Tensor x = constant(values(), Shape{2, 2, 3, 2});
  Tensor s = ones(Shape{2}), o = zeros(Shape{2}), none = zeros(Shape{0});
  fused_batch_norm(x, s, o, none, none, {.epsilon = 0.0123f});
  lrn(x, 1);
  cpu::dnnl_util::CacheStats before = cpu::dnnl_util::cache_stats();
  fused_batch_norm(x, s, o, none, none, {.epsilon = 0.0123f});
  lrn(x, 1);
  cpu::dnnl_util::CacheStats after = cpu::dnnl_util::cache_stats();
  EXPECT_EQ(after.misses, before.misses);
  EXPECT_GE(after.hits, before.hits + 2);
  // epsilon decides the primitive: another one is another entry
  fused_batch_norm(x, s, o, none, none, {.epsilon = 0.0124f});
  EXPECT_EQ(cpu::dnnl_util::cache_stats().misses, after.misses + 1);
}

}  // namespace
}  // namespace kiln
