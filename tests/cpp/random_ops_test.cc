#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }
double std_of(const std::vector<double>& v) {
  double m = mean_of(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size()));
}

TEST(Random, ReproducibleAndSeedSensitive) {
  Tensor a = random_uniform(Shape{1000}, float32, 0, 1, 1, 2);
  Tensor b = random_uniform(Shape{1000}, float32, 0, 1, 1, 2);
  EXPECT_EQ(a.to_vector<float>(), b.to_vector<float>());
  EXPECT_NE(a.to_vector<float>(), random_uniform(Shape{1000}, float32, 0, 1, 1, 3).to_vector<float>());
  EXPECT_NE(a.to_vector<float>(), random_uniform(Shape{1000}, float32, 0, 1, 2, 2).to_vector<float>());
  EXPECT_NE(a.to_vector<float>(), random_uniform(Shape{1000}, float32, 0, 1, 1, 2, 1).to_vector<float>());
}

TEST(Random, ElementIDependsOnlyOnI) {
  // A prefix of a longer (parallel) tensor equals the shorter (serial) one.
  std::vector<float> small = random_normal(Shape{1001}, float32, 0, 1, 7, 8).to_vector<float>();
  std::vector<float> large = random_normal(Shape{1 << 18}, float32, 0, 1, 7, 8).to_vector<float>();
  EXPECT_TRUE(std::equal(small.begin(), small.end(), large.begin()));
  std::vector<int64_t> si = random_uniform_int(Shape{3}, int64, -5, 5, 7, 8).to_vector<int64_t>();
  std::vector<int64_t> li = random_uniform_int(Shape{1 << 17}, int64, -5, 5, 7, 8).to_vector<int64_t>();
  EXPECT_TRUE(std::equal(si.begin(), si.end(), li.begin()));
}

TEST(Random, UniformDistribution) {
  for (DType d : {float16, bfloat16, float32, float64}) {
    std::vector<double> v = random_uniform(Shape{100000}, d, -2, 3, 11, 12).to_vector<double>();
    for (double x : v) ASSERT_TRUE(x >= -2 && x < 3) << d.name() << " " << x;
    EXPECT_NEAR(mean_of(v), 0.5, 0.03) << d.name();
    EXPECT_NEAR(std_of(v), 5 / std::sqrt(12.0), 0.03) << d.name();
  }
}

TEST(Random, UniformIntBounds) {
  for (DType d : {int32, int64}) {
    std::vector<int64_t> v = random_uniform_int(Shape{100000}, d, -3, 4, 5, 6).to_vector<int64_t>();
    std::vector<int> counts(7, 0);
    for (int64_t x : v) {
      ASSERT_TRUE(x >= -3 && x < 4) << x;
      counts[static_cast<size_t>(x + 3)]++;
    }
    for (int c : counts) EXPECT_NEAR(c, 100000 / 7.0, 700) << d.name();
  }
  // The full int32 range: maxval - minval does not fit int32, the arithmetic still wraps safely.
  std::vector<int32_t> w = random_uniform_int(Shape{1000}, int32, INT32_MIN, INT32_MAX, 1, 1).to_vector<int32_t>();
  EXPECT_NE(*std::min_element(w.begin(), w.end()), *std::max_element(w.begin(), w.end()));
}

TEST(Random, NormalDistribution) {
  for (DType d : {float16, bfloat16, float32, float64}) {
    std::vector<double> v = random_normal(Shape{100000}, d, 2.0, 3.0, 21, 22).to_vector<double>();
    EXPECT_NEAR(mean_of(v), 2.0, 0.05) << d.name();
    EXPECT_NEAR(std_of(v), 3.0, 0.05) << d.name();
    for (double x : v) ASSERT_TRUE(std::isfinite(x));
  }
}

TEST(Random, Errors) {
  EXPECT_KILN_ERROR(random_uniform_int(Shape{2}, int32, 5, 5), InvalidArgumentError,
                    "[random_uniform_int] Need minval < maxval, got 5 >= 5");
  EXPECT_KILN_ERROR(random_uniform_int(Shape{2}, int8, 0, 5), InvalidArgumentError,
                    "[random_uniform_int] dtype int8 is not supported; use int32 or int64");
  EXPECT_KILN_ERROR(random_uniform(Shape{2}, int32), InvalidArgumentError,
                    "[random_uniform] dtype int32 is not supported; use float16, bfloat16, float32 or float64");
  EXPECT_KILN_ERROR(random_normal(Shape{2}, complex64), InvalidArgumentError, "[random_normal] dtype complex64");
  EXPECT_KILN_ERROR(random_normal(Shape{-1}), InvalidArgumentError, "[random_normal] Dimension -1 must be >= 0");
}

TEST(Random, TruncatedNormalStaysWithinTwoStddevs) {
  for (DType d : {float32, float64}) {
    std::vector<double> v = truncated_normal(Shape{100000}, d, 1.0, 3.0, 4, 5).to_vector<double>();
    for (double x : v) ASSERT_LE(std::abs(x - 1.0), 6.0 + 1e-6) << d.name();
    EXPECT_NEAR(mean_of(v), 1.0, 0.05) << d.name();
    EXPECT_NEAR(std_of(v), 3.0 * 0.8796, 0.03) << d.name();  // sd of N(0, 1) cut at +-2
  }
  // Element i draws from substream i: the prefix of a parallel run is the serial run.
  std::vector<float> small = truncated_normal(Shape{100}, float32, 0, 1, 7, 8).to_vector<float>();
  std::vector<float> large = truncated_normal(Shape{1 << 18}, float32, 0, 1, 7, 8).to_vector<float>();
  EXPECT_TRUE(std::equal(small.begin(), small.end(), large.begin()));
}

TEST(Random, StatelessIsAFunctionOfTheSeed) {
  std::vector<float> a = stateless_random_uniform(Shape{64}, {1, 2}).to_vector<float>();
  EXPECT_EQ(a, stateless_random_uniform(Shape{64}, {1, 2}).to_vector<float>());
  EXPECT_NE(a, stateless_random_uniform(Shape{64}, {2, 1}).to_vector<float>());
  // Not the stateful stream of the same seeds.
  EXPECT_NE(a, random_uniform(Shape{64}, float32, 0, 1, 1, 2, 0).to_vector<float>());
  for (float x : a) ASSERT_TRUE(x >= 0 && x < 1);
}

TEST(Random, ZeroSizeAndScalar) {
  EXPECT_EQ(random_uniform(Shape{0, 4}).shape(), (Shape{0, 4}));
  EXPECT_EQ(random_normal(Shape{}).shape(), Shape{});
}

}  // namespace
}  // namespace kiln
