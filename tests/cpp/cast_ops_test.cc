#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(Cast, FloatToIntTruncatesAndSaturates) {
  Tensor x = constant<float>({2.7f, -2.7f, 3e9f, -3e9f, kNaN, kInf, -kInf, 0.5f});
  EXPECT_EQ(cast(x, int32).to_vector<int32_t>(),
            (std::vector<int32_t>{2, -2, INT32_MAX, INT32_MIN, 0, INT32_MAX, INT32_MIN, 0}));
  EXPECT_EQ(cast(x, uint8).to_vector<int>(), (std::vector<int>{2, 0, 255, 0, 0, 255, 0, 0}));
  EXPECT_EQ(cast(x, bool_).to_vector<int>(), (std::vector<int>{1, 1, 1, 1, 1, 1, 1, 1}));
}

TEST(Cast, SimdPathsMatchScalarRules) {
  // Long enough for full vectors and a tail, and for the parallel path.
  for (int64_t n : {int64_t{37}, int64_t{1} << 17}) {
    std::vector<double> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      double special[] = {kNaN, kInf, -kInf, 3e9, -3e9, 2.5, -2.5, 65520.0, 1e-8};
      v[static_cast<size_t>(i)] = i % 3 == 0 ? special[(i / 3) % 9] : (i - n / 2) * 0.37;
    }
    Tensor d = constant(v);
    Tensor f = cast(d, float32);
    std::vector<float> fv = f.to_vector<float>();
    for (int64_t i = 0; i < n; ++i) {
      auto k = static_cast<size_t>(i);
      float want = static_cast<float>(v[k]);
      ASSERT_TRUE(fv[k] == want || (std::isnan(fv[k]) && std::isnan(want))) << i;
    }
    for (DType to : {int32, float16, float64}) {
      Tensor out = cast(f, to);
      std::vector<double> got = out.to_vector<double>();
      for (int64_t i = 0; i < n; ++i) {
        auto k = static_cast<size_t>(i);
        double want = visit_dtype(to, [&](auto tag) { return cast_value<double>(cast_value<decltype(tag)>(fv[k])); });
        ASSERT_TRUE(got[k] == want || (std::isnan(got[k]) && std::isnan(want))) << to.name() << " " << i;
      }
    }
    std::vector<int32_t> i32 = cast(d, int32).to_vector<int32_t>();
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(i32[static_cast<size_t>(i)], cast_value<int32_t>(v[static_cast<size_t>(i)]));
    Tensor ti = cast(d, int32);
    std::vector<double> as_f64 = cast(ti, float64).to_vector<double>();
    std::vector<float> as_f32 = cast(ti, float32).to_vector<float>();
    for (int64_t i = 0; i < n; ++i) {
      auto k = static_cast<size_t>(i);
      ASSERT_EQ(as_f64[k], static_cast<double>(i32[k]));
      ASSERT_EQ(as_f32[k], static_cast<float>(i32[k]));
    }
    std::vector<float> back = cast(cast(f, float16), float32).to_vector<float>();
    for (int64_t i = 0; i < n; ++i) {
      auto k = static_cast<size_t>(i);
      float want = static_cast<float>(static_cast<half>(fv[k]));
      ASSERT_TRUE(back[k] == want || (std::isnan(back[k]) && std::isnan(want))) << i;
    }
  }
}

TEST(Cast, HalfRoundsToNearestEven) {
  // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): even wins.
  Tensor x = constant<float>({1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f, 70000.0f});
  EXPECT_EQ(cast(x, float16).to_vector<float>(), (std::vector<float>{1.0f, 1.0f + 0x1p-9f, kInf}));
  Tensor b = cast(constant<float>({1.0f + 0x1p-8f, 1.0f + 3 * 0x1p-8f}), bfloat16);
  EXPECT_EQ(b.to_vector<float>(), (std::vector<float>{1.0f, 1.0f + 0x1p-6f}));
}

TEST(Cast, ComplexBoolAndIntegers) {
  Tensor c = constant<std::complex<float>>({{1.5f, 2.0f}, {0.0f, 3.0f}, {0.0f, 0.0f}});
  EXPECT_EQ(cast(c, float64).to_vector<double>(), (std::vector<double>{1.5, 0.0, 0.0}));
  EXPECT_EQ(cast(c, bool_).to_vector<int>(), (std::vector<int>{1, 0, 0}));  // real part != 0
  Tensor b = constant<bool>({true, false});
  EXPECT_EQ(cast(b, float32).to_vector<float>(), (std::vector<float>{1, 0}));
  EXPECT_EQ(cast(b, complex128).to_vector<std::complex<double>>()[0], std::complex<double>(1, 0));
  Tensor i = constant<int32_t>({300, -1});
  EXPECT_EQ(cast(i, uint8).to_vector<int>(), (std::vector<int>{44, 255}));  // wraps
  EXPECT_EQ(cast(i, uint32).to_vector<uint32_t>(), (std::vector<uint32_t>{300, 4294967295u}));
}

TEST(Cast, EveryPairRoundTripsSmallValues) {
  for (int a = 0; a < kNumDTypes; ++a) {
    for (int b = 0; b < kNumDTypes; ++b) {
      DType from(static_cast<DTypeCode>(a)), to(static_cast<DTypeCode>(b));
      Tensor x = cast(constant<int32_t>({0, 1, 1, 0, 1}), from);
      Tensor y = cast(x, to);
      EXPECT_EQ(y.dtype(), to);
      EXPECT_EQ(y.to_vector<int>(), (std::vector<int>{0, 1, 1, 0, 1})) << from.name() << "->" << to.name();
    }
  }
}

TEST(Cast, SameDtypeSharesTheBuffer) {
  Tensor x = constant<float>({1, 2});
  EXPECT_EQ(cast(x, float32).array().data(), x.array().data());
  EXPECT_EQ(saturate_cast(x, float32).array().data(), x.array().data());
}

TEST(Cast, StridedRankZeroAndZeroSize) {
  Tensor x = constant<int64_t>({0, 1, 2, 3, 4, 5}, Shape{2, 3});
  Tensor xt(x.array().transpose({1, 0}));
  Tensor y = cast(xt, float32);
  EXPECT_EQ(y.shape(), (Shape{3, 2}));
  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(cast(constant(2.5), int8).item<int>(), 2);
  EXPECT_EQ(cast(zeros(Shape{0, 3}), int32).shape(), (Shape{0, 3}));
}

TEST(SaturateCast, ClampsToTheTargetRange) {
  EXPECT_EQ(saturate_cast(constant<int32_t>({300, -5, 7}), uint8).to_vector<int>(),
            (std::vector<int>{255, 0, 7}));
  EXPECT_EQ(saturate_cast(constant<int64_t>({-1, int64_t{1} << 40}), uint32).to_vector<int64_t>(),
            (std::vector<int64_t>{0, 4294967295}));
  EXPECT_EQ(saturate_cast(constant<uint64_t>({UINT64_MAX}), int64).to_vector<int64_t>(),
            (std::vector<int64_t>{INT64_MAX}));
  std::vector<float> f = saturate_cast(constant<double>({1e300, -INFINITY, NAN, 1.5}), float32).to_vector<float>();
  EXPECT_EQ(f[0], std::numeric_limits<float>::max());
  EXPECT_EQ(f[1], -std::numeric_limits<float>::max());
  EXPECT_TRUE(std::isnan(f[2]));
  EXPECT_EQ(f[3], 1.5f);
  EXPECT_EQ(saturate_cast(constant<float>({1e6f, -kInf}), float16).to_vector<float>(),
            (std::vector<float>{65504.0f, -65504.0f}));
  EXPECT_EQ(saturate_cast(constant<uint64_t>({UINT64_MAX}), float16).to_vector<float>()[0], 65504.0f);
  EXPECT_EQ(saturate_cast(constant<float>({3e9f, kNaN}), int32).to_vector<int32_t>(),
            (std::vector<int32_t>{INT32_MAX, 0}));
  Tensor c = constant<std::complex<float>>({{300.0f, -1.0f}});
  EXPECT_EQ(saturate_cast(c, uint8).to_vector<int>(), (std::vector<int>{255}));
  Tensor big = constant<std::complex<double>>({{1e300, -1e300}});
  EXPECT_EQ(saturate_cast(big, complex64).to_vector<std::complex<float>>()[0],
            std::complex<float>(std::numeric_limits<float>::max(), -std::numeric_limits<float>::max()));
}

}  // namespace
}  // namespace kiln
