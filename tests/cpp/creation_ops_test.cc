#include <gtest/gtest.h>

#include <limits>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

TEST(Range, IntegersAndFloats) {
  EXPECT_EQ(range(constant(0), constant(5), constant(1)).to_vector<int>(), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(range(constant(10), constant(1), constant(-3)).to_vector<int>(), (std::vector<int>{10, 7, 4}));
  EXPECT_EQ(range(constant(5), constant(1), constant(1)).size(), 0);  // a negative count: empty
  Tensor f = range(constant(3.0f), constant(10.5f), constant(1.0f));
  EXPECT_EQ(f.dtype(), float32);
  EXPECT_EQ(f.to_vector<float>(), (std::vector<float>{3, 4, 5, 6, 7, 8, 9, 10}));
  Tensor big = range(constant<int64_t>(INT64_MIN), constant<int64_t>(INT64_MAX),
                     constant<int64_t>(INT64_MAX));
  EXPECT_EQ(big.to_vector<int64_t>(), (std::vector<int64_t>{INT64_MIN, -1, INT64_MAX - 1}));
  EXPECT_EQ(range(constant<uint8_t>(250), constant<uint8_t>(255), constant<uint8_t>(2)).to_vector<int>(),
            (std::vector<int>{250, 252, 254}));
  EXPECT_EQ(range(constant(0), constant(1 << 17), constant(1)).to_vector<int>().back(), (1 << 17) - 1);
}

TEST(Range, Errors) {
  EXPECT_KILN_ERROR(range(constant(0), constant(5), constant(0)), InvalidArgumentError,
                    "[range] delta must not be 0");
  EXPECT_KILN_ERROR(range(constant(0.0), constant(std::numeric_limits<double>::infinity()), constant(1.0)), InvalidArgumentError,
                    "[range] start, limit and delta must be finite");
  EXPECT_KILN_ERROR(range(constant(0.0), constant(1e300), constant(1e-300)), InvalidArgumentError,
                    "too many elements");
  // Integer counts beyond int64 (2**63 and 2**64 - 1 elements) are refused, not wrapped.
  EXPECT_KILN_ERROR(range(constant<int64_t>(0), constant<int64_t>(INT64_MIN), constant<int64_t>(-1)),
                    InvalidArgumentError, "[range] the range has too many elements");
  EXPECT_KILN_ERROR(range(constant<int64_t>(INT64_MAX), constant<int64_t>(INT64_MIN), constant<int64_t>(-1)),
                    InvalidArgumentError, "[range] the range has too many elements");
  EXPECT_KILN_ERROR(range(constant(0), constant(5.0f), constant(1)), InvalidArgumentError,
                    "[range] start is int32 but limit is float32");
  EXPECT_KILN_ERROR(range(constant<int32_t>({0}), constant(5), constant(1)), InvalidArgumentError,
                    "[range] start must be a scalar, got shape (1,)");
  EXPECT_KILN_ERROR(range(constant(true), constant(true), constant(true)), InvalidArgumentError,
                    "[range] start is bool");
}

TEST(Linspace, ExactEndpointsAndAxes) {
  Tensor t = linspace(constant(0.0), constant(1.0), 4);
  std::vector<double> v = t.to_vector<double>();
  EXPECT_EQ(v.front(), 0.0);
  EXPECT_EQ(v.back(), 1.0);
  EXPECT_NEAR(v[1], 1.0 / 3, 1e-15);
  EXPECT_EQ(linspace(constant(0.1f), constant(0.7f), 7).to_vector<float>().back(), 0.7f);
  EXPECT_EQ(linspace(constant(2.0f), constant(9.0f), 1).to_vector<float>(), (std::vector<float>{2.0f}));
  EXPECT_EQ(linspace(constant(2.0f), constant(9.0f), 0).shape(), (Shape{0}));
  Tensor m = linspace(constant<float>({0, 1}), constant<float>({10, 20}), 3, 1);
  EXPECT_EQ(m.shape(), (Shape{2, 3}));
  EXPECT_EQ(m.to_vector<float>(), (std::vector<float>{0, 5, 10, 1, 10.5f, 20}));
  Tensor m0 = linspace(constant<float>({0, 1}), constant(10.0f), 3, -2);
  EXPECT_EQ(m0.shape(), (Shape{3, 2}));
  EXPECT_EQ(m0.to_vector<float>(), (std::vector<float>{0, 1, 5, 5.5f, 10, 10}));
}

TEST(Linspace, Errors) {
  EXPECT_KILN_ERROR(linspace(constant(0), constant(1), 3), InvalidArgumentError,
                    "[linspace] start is int32 and stop is int32");
  EXPECT_KILN_ERROR(linspace(constant(0.0f), constant(1.0), 3), InvalidArgumentError,
                    "both must have one float dtype");
  EXPECT_KILN_ERROR(linspace(constant(0.0), constant(1.0), -1), InvalidArgumentError,
                    "[linspace] num must be >= 0, got -1");
  EXPECT_KILN_ERROR(linspace(constant(0.0), constant(1.0), 3, 2), InvalidArgumentError,
                    "[linspace] axis 2 is out of range for a tensor of rank 1");
  EXPECT_KILN_ERROR(linspace(zeros(Shape{2}), zeros(Shape{3}), 3), InvalidArgumentError,
                    "[linspace] Incompatible shapes");
}

}  // namespace
}  // namespace kiln
