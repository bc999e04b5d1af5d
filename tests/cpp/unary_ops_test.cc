#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

std::vector<double> as_doubles(const Tensor& t) { return t.to_vector<double>(); }

TEST(UnaryOps, SignAndMagnitudeOnIntegersWrap) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  Tensor x = constant<int32_t>({-3, 0, 7, kMin});
  EXPECT_EQ(abs(x).to_vector<int32_t>(), (std::vector<int32_t>{3, 0, 7, kMin}));
  EXPECT_EQ(negative(x).to_vector<int32_t>(), (std::vector<int32_t>{3, 0, -7, kMin}));
  EXPECT_EQ(sign(x).to_vector<int32_t>(), (std::vector<int32_t>{-1, 0, 1, -1}));
  EXPECT_EQ(square(constant<int8_t>({100})).to_vector<int8_t>()[0], static_cast<int8_t>(16));
  EXPECT_EQ(invert(constant<uint8_t>({0, 255})).to_vector<uint8_t>(),
            (std::vector<uint8_t>{255, 0}));
}

TEST(UnaryOps, ComplexAbsIsReal) {
  Tensor z = constant<std::complex<float>>({{3, 4}});
  Tensor a = abs(z);
  EXPECT_EQ(a.dtype(), float32);
  EXPECT_FLOAT_EQ(a.to_vector<float>()[0], 5.0f);
}

TEST(UnaryOps, RoundIsBankers) {
  Tensor x = constant<float>({0.5f, 1.5f, 2.5f, -0.5f, -1.5f});
  EXPECT_EQ(round(x).to_vector<float>(), (std::vector<float>{0, 2, 2, -0, -2}));
}

TEST(UnaryOps, TranscendentalsMatchLibm) {
  std::vector<double> v;
  for (int i = -200; i <= 200; ++i) v.push_back(i * 0.05);
  Tensor x = constant<double>(v);
  std::vector<double> e = as_doubles(exp(x)), t = as_doubles(tanh(x));
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_NEAR(e[i], std::exp(v[i]), 2e-16 * std::exp(v[i]));
    EXPECT_NEAR(t[i], std::tanh(v[i]), 2e-16);
  }
}

TEST(UnaryOps, SpecialValues) {
  float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  Tensor x = constant<float>({-inf, inf, nan, 100.0f, -100.0f});
  std::vector<float> e = exp(x).to_vector<float>();
  EXPECT_EQ(e[0], 0.0f);
  EXPECT_EQ(e[1], inf);
  EXPECT_TRUE(std::isnan(e[2]));
  EXPECT_EQ(e[3], inf);
  std::vector<float> s = sigmoid(x).to_vector<float>();
  EXPECT_EQ(s[0], 0.0f);
  EXPECT_EQ(s[1], 1.0f);
  EXPECT_TRUE(std::isnan(s[2]));
  EXPECT_EQ(relu(constant<float>({nan})).to_vector<float>()[0] != 0.0f, true);
  EXPECT_EQ(is_nan(x).to_vector<uint8_t>(), (std::vector<uint8_t>{0, 0, 1, 0, 0}));
  EXPECT_EQ(softplus(constant<float>({1000.0f})).to_vector<float>()[0], 1000.0f);
}

TEST(UnaryOps, HalfComputesInFloat) {
  Tensor x = fill(Shape{3}, 1.0, float16);
  Tensor y = exp(x);
  EXPECT_EQ(y.dtype(), float16);
  EXPECT_NEAR(as_doubles(y)[0], std::exp(1.0), 2e-3);
}

TEST(UnaryOps, StridedInputs) {
  Tensor x = constant<float>({0, 1, 2, 3, 4, 5}, Shape{2, 3});
  Tensor xt(x.array().transpose({1, 0}));  // (3, 2), not contiguous
  std::vector<float> got = exp(xt).to_vector<float>();
  std::vector<float> order = {0, 3, 1, 4, 2, 5};
  for (size_t i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(got[i], std::exp(order[i]));
  EXPECT_EQ(negative(xt).to_vector<float>(), (std::vector<float>{-0.f, -3, -1, -4, -2, -5}));
}

TEST(UnaryOps, ZeroSizeAndScalar) {
  EXPECT_EQ(exp(zeros(Shape{0, 3})).shape(), (Shape{0, 3}));
  EXPECT_DOUBLE_EQ(sqrt(constant(4.0)).item<double>(), 2.0);
}

TEST(UnaryOps, SoftmaxAlongAnyAxis) {
  Tensor x = constant<float>({1, 2, 3, 1000, 1000, 1000}, Shape{2, 3});
  std::vector<float> s = softmax(x).to_vector<float>();
  double z = std::exp(-2.0) + std::exp(-1.0) + 1.0;
  EXPECT_NEAR(s[0], std::exp(-2.0) / z, 1e-7);
  EXPECT_NEAR(s[3], 1.0 / 3, 1e-7);  // no overflow
  std::vector<float> c = softmax(x, 0).to_vector<float>();
  EXPECT_NEAR(c[0], 0.0, 1e-7);
  EXPECT_NEAR(c[3], 1.0, 1e-7);
  std::vector<float> l = log_softmax(x).to_vector<float>();
  EXPECT_NEAR(l[2], -std::log(z), 1e-6);
}

TEST(UnaryOps, Errors) {
  EXPECT_KILN_ERROR(exp(constant<int32_t>({1})), InvalidArgumentError,
                    "[exp] expects a floating-point or complex tensor");
  EXPECT_KILN_ERROR(floor(constant<int32_t>({1})), InvalidArgumentError, "got int32");
  EXPECT_KILN_ERROR(invert(constant<float>({1})), InvalidArgumentError,
                    "[invert] expects an integer tensor");
  EXPECT_KILN_ERROR(abs(constant<bool>({true})), InvalidArgumentError, "[abs]");
  EXPECT_KILN_ERROR(logical_not(constant<int32_t>({1})), InvalidArgumentError,
                    "[logical_not] expects a bool tensor");
  EXPECT_KILN_ERROR(softmax(constant(1.0f)), InvalidArgumentError, "at least one dimension");
  EXPECT_KILN_ERROR(softmax(zeros(Shape{2, 3}), 2), InvalidArgumentError,
                    "[softmax] axis 2 is out of range for a tensor of rank 2");
}

}  // namespace
}  // namespace kiln
