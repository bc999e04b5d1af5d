#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

using Axes = std::vector<int64_t>;

Tensor iota_f32(int64_t n, const Shape& shape) {
  std::vector<float> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0.0f);
  return constant(v, shape);
}

TEST(ReductionOps, SumOverAxes) {
  Tensor x = iota_f32(6, Shape{2, 3});
  EXPECT_EQ(reduce_sum(x).item<float>(), 15.0f);
  EXPECT_EQ(reduce_sum(x, Axes{0}).to_vector<float>(), (std::vector<float>{3, 5, 7}));
  EXPECT_EQ(reduce_sum(x, Axes{-1}).to_vector<float>(), (std::vector<float>{3, 12}));
  Tensor kept = reduce_sum(x, Axes{1}, /*keepdims=*/true);
  EXPECT_EQ(kept.shape(), (Shape{2, 1}));
  EXPECT_EQ(reduce_sum(x, Axes{}).shape(), (Shape{2, 3}));  // an empty list reduces nothing
  EXPECT_EQ(reduce_sum(x, std::nullopt, true).shape(), (Shape{1, 1}));
}

TEST(ReductionOps, StridedInputReadInPlace) {
  Tensor x = iota_f32(24, Shape{2, 3, 4});
  Tensor t(x.array().transpose({2, 0, 1}));  // (4, 2, 3), not contiguous
  EXPECT_EQ(reduce_sum(t, Axes{0}).to_vector<float>(),
            (std::vector<float>{6, 22, 38, 54, 70, 86}));
  EXPECT_EQ(reduce_max(t, Axes{1, 2}).to_vector<float>(), (std::vector<float>{20, 21, 22, 23}));
}

TEST(ReductionOps, IntegerRules) {
  Tensor i8 = constant<int8_t>({100, 100});
  EXPECT_EQ(reduce_sum(i8).item<int>(), -56);               // wraps as TF
  EXPECT_EQ(reduce_mean(constant<int8_t>({100, 100, 100})).item<int>(), 100);  // wide sum
  EXPECT_EQ(reduce_mean(constant<int8_t>({-100, -100, -1})).item<int>(), -67);  // truncates
  EXPECT_EQ(reduce_mean(constant<uint8_t>({200, 100})).item<int>(), 150);
  EXPECT_EQ(reduce_prod(constant<int32_t>({1 << 20, 1 << 20})).item<int>(), 0);
  EXPECT_EQ(reduce_max(constant<uint64_t>({(1ull << 63) + 1, 1})).item<uint64_t>(),
            (1ull << 63) + 1);
}

TEST(ReductionOps, EmptyReductionsGiveIdentities) {
  Tensor e = zeros(Shape{0});
  EXPECT_EQ(reduce_sum(e).item<float>(), 0.0f);
  EXPECT_EQ(reduce_prod(e).item<float>(), 1.0f);
  EXPECT_EQ(reduce_max(e).item<float>(), -INFINITY);
  EXPECT_EQ(reduce_min(e).item<float>(), INFINITY);
  EXPECT_TRUE(std::isnan(reduce_mean(e).item<float>()));
  EXPECT_EQ(reduce_logsumexp(e).item<float>(), -INFINITY);
  EXPECT_EQ(reduce_max(zeros(Shape{0}, int32)).item<int>(), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(reduce_mean(zeros(Shape{0}, int32)).item<int>(), 0);
  EXPECT_FALSE(reduce_any(zeros(Shape{0}, bool_)).item<bool>());
  EXPECT_TRUE(reduce_all(zeros(Shape{0}, bool_)).item<bool>());
  EXPECT_EQ(reduce_sum(zeros(Shape{0, 3}), Axes{0}).to_vector<float>(),
            (std::vector<float>{0, 0, 0}));
}

TEST(ReductionOps, NaNPropagatesThroughMaxAndArgmax) {
  Tensor x = constant<float>({1.0f, NAN, 2.0f});
  EXPECT_TRUE(std::isnan(reduce_max(x).item<float>()));
  EXPECT_TRUE(std::isnan(reduce_min(x).item<float>()));
  EXPECT_EQ(argmax(x).item<int64_t>(), 1);
  EXPECT_EQ(argmin(x).item<int64_t>(), 1);
}

TEST(ReductionOps, LogSumExpVarianceStd) {
  Tensor x = constant<double>({1000.0, 1000.0});
  EXPECT_NEAR(reduce_logsumexp(x).item<double>(), 1000.0 + std::log(2.0), 1e-12);
  EXPECT_EQ(reduce_logsumexp(constant<float>({INFINITY, 1.0f})).item<float>(), INFINITY);
  EXPECT_DOUBLE_EQ(reduce_variance(constant<double>({1, 2, 4})).item<double>(), 14.0 / 9.0);
  EXPECT_DOUBLE_EQ(reduce_std(constant<double>({1, 3})).item<double>(), 1.0);
  Tensor c = reduce_variance(constant<std::complex<double>>({{1, 1}, {2, 0}}));
  EXPECT_EQ(c.dtype(), float64);
  EXPECT_DOUBLE_EQ(c.item<double>(), 0.5);
}

TEST(ReductionOps, LargeSumIsAccurateAndDeterministic) {
  const int64_t n = 1 << 22;
  std::vector<float> v(static_cast<size_t>(n));
  double exact = 0;
  for (int64_t i = 0; i < n; ++i) {
    v[static_cast<size_t>(i)] = static_cast<float>((i % 1000) * 0.001 + 0.1);
    exact += v[static_cast<size_t>(i)];
  }
  Tensor x = constant(v, Shape{n});
  float s = reduce_sum(x).item<float>();
  EXPECT_NEAR(s, exact, std::abs(exact) * 1e-6);
  for (int run = 0; run < 3; ++run) EXPECT_EQ(reduce_sum(x).item<float>(), s);
  Tensor rows = reduce_sum(constant(v, Shape{1024, n / 1024}), Axes{0});
  Tensor again = reduce_sum(constant(v, Shape{1024, n / 1024}), Axes{0});
  EXPECT_EQ(rows.to_vector<float>(), again.to_vector<float>());
}

TEST(ReductionOps, ArgmaxArgmin) {
  Tensor x = constant<int32_t>({1, 5, 3, 2}, Shape{2, 2});
  EXPECT_EQ(argmax(x).to_vector<int64_t>(), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(argmax(x, 1, int32).dtype(), int32);
  EXPECT_EQ(argmin(x, -1).to_vector<int64_t>(), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(argmax(constant<float>({1, 3, 3})).item<int64_t>(), 1);  // first of ties
  EXPECT_EQ(argmax(zeros(Shape{0, 3}), 1).shape(), (Shape{0}));
}

TEST(ReductionOps, CumsumCumprod) {
  Tensor x = constant<int32_t>({1, 2, 3});
  EXPECT_EQ(cumsum(x).to_vector<int>(), (std::vector<int>{1, 3, 6}));
  EXPECT_EQ(cumsum(x, 0, true, true).to_vector<int>(), (std::vector<int>{5, 3, 0}));
  EXPECT_EQ(cumprod(x, 0, true).to_vector<int>(), (std::vector<int>{1, 1, 2}));
  EXPECT_EQ(cumsum(constant<int8_t>({100, 100})).to_vector<int>(), (std::vector<int>{100, -56}));
  Tensor m = constant<int32_t>({1, 2, 3, 4}, Shape{2, 2});
  EXPECT_EQ(cumsum(m, -1).to_vector<int>(), (std::vector<int>{1, 3, 3, 7}));
}

TEST(ReductionOps, SortArgsortTopK) {
  Tensor x = constant<float>({3, NAN, 1, 2});
  std::vector<float> s = sort(x).to_vector<float>();
  EXPECT_EQ(std::vector<float>(s.begin(), s.begin() + 3), (std::vector<float>{1, 2, 3}));
  EXPECT_TRUE(std::isnan(s[3]));
  EXPECT_TRUE(std::isnan(sort(x, -1, "DESCENDING").to_vector<float>()[0]));
  EXPECT_EQ(argsort(constant<int32_t>({3, 1, 2, 1})).to_vector<int>(),
            (std::vector<int>{1, 3, 2, 0}));
  EXPECT_EQ(argsort(constant<int32_t>({3, 1, 2, 1}), -1, "DESCENDING").to_vector<int>(),
            (std::vector<int>{0, 2, 1, 3}));
  TopK t = top_k(constant<int32_t>({1, 3, 2, 3}), 2);
  EXPECT_EQ(t.values.to_vector<int>(), (std::vector<int>{3, 3}));
  EXPECT_EQ(t.indices.to_vector<int>(), (std::vector<int>{1, 3}));
  EXPECT_EQ(t.indices.dtype(), int32);
  EXPECT_EQ(sort(constant<int32_t>({3, 1, 0, 2}, Shape{2, 2}), 0).to_vector<int>(),
            (std::vector<int>{0, 1, 3, 2}));
}

TEST(ReductionOps, Errors) {
  EXPECT_KILN_ERROR(reduce_sum(zeros(Shape{2, 3}), Axes{2}), InvalidArgumentError,
                    "[reduce_sum] axis 2 is out of range for a tensor of rank 2");
  EXPECT_KILN_ERROR(reduce_sum(zeros(Shape{2, 3}), Axes{0, -2}), InvalidArgumentError,
                    "[reduce_sum] axis -2 is given twice");
  EXPECT_KILN_ERROR(reduce_sum(zeros(Shape{2}, bool_)), InvalidArgumentError,
                    "[reduce_sum] does not accept bool tensors; it needs a numeric dtype");
  EXPECT_KILN_ERROR(reduce_max(zeros(Shape{2}, complex64)), InvalidArgumentError,
                    "[reduce_max] does not accept complex64 tensors");
  EXPECT_KILN_ERROR(reduce_max(zeros(Shape{2}, bool_)), InvalidArgumentError,
                    "Use kiln.reduce_any / kiln.reduce_all");
  EXPECT_KILN_ERROR(reduce_any(zeros(Shape{2})), InvalidArgumentError,
                    "[reduce_any] does not accept float32 tensors; it needs a bool tensor");
  EXPECT_KILN_ERROR(reduce_logsumexp(zeros(Shape{2}, int32)), InvalidArgumentError,
                    "[reduce_logsumexp] does not accept int32 tensors; it needs a floating dtype");
  EXPECT_KILN_ERROR(reduce_std(zeros(Shape{2}, int32)), InvalidArgumentError,
                    "it needs a floating or complex dtype");
  EXPECT_KILN_ERROR(argmax(zeros(Shape{0})), InvalidArgumentError,
                    "[argmax] Reduction axis 0 is empty in shape (0,)");
  EXPECT_KILN_ERROR(argmax(zeros(Shape{})), InvalidArgumentError,
                    "[argmax] needs a tensor of rank >= 1, got a scalar");
  EXPECT_KILN_ERROR(argmin(zeros(Shape{2}), 0, float32), InvalidArgumentError,
                    "[argmin] output_type must be int16, uint16, int32 or int64, got float32");
  EXPECT_KILN_ERROR(argmax(zeros(Shape{40000}), 0, int16), InvalidArgumentError,
                    "is too long for output_type int16");
  EXPECT_KILN_ERROR(argmax(zeros(Shape{2}, complex64)), InvalidArgumentError,
                    "[argmax] does not accept complex64 tensors");
  EXPECT_KILN_ERROR(cumsum(zeros(Shape{2}, bool_)), InvalidArgumentError,
                    "[cumsum] does not accept bool tensors");
  EXPECT_KILN_ERROR(cumprod(zeros(Shape{})), InvalidArgumentError,
                    "[cumprod] needs a tensor of rank >= 1");
  EXPECT_KILN_ERROR(cumsum(zeros(Shape{2, 2}), 2), InvalidArgumentError,
                    "[cumsum] axis 2 is out of range for a tensor of rank 2");
  EXPECT_KILN_ERROR(sort(zeros(Shape{2}), -1, "UP"), ValueError,
                    "[sort] Argument `direction` should be one of ASCENDING, DESCENDING. "
                    "Received: direction=UP");
  EXPECT_KILN_ERROR(sort(zeros(Shape{2}, bool_)), InvalidArgumentError,
                    "[sort] does not accept bool tensors");
  EXPECT_KILN_ERROR(argsort(zeros(Shape{})), InvalidArgumentError,
                    "[argsort] needs a tensor of rank >= 1");
  EXPECT_KILN_ERROR(top_k(zeros(Shape{2}), 3), InvalidArgumentError,
                    "[top_k] input must have at least k columns. Had 2, needed 3");
  EXPECT_KILN_ERROR(top_k(zeros(Shape{2}), -1), InvalidArgumentError, "[top_k] Need k >= 0, got -1");
  EXPECT_KILN_ERROR(top_k(zeros(Shape{2}), 1, true, int16), InvalidArgumentError,
                    "[top_k] index_type must be int32 or int64, got int16");
}

}  // namespace
}  // namespace kiln
