// Binary family: arithmetic, comparisons, logical, bitwise, where, clip_by_value.
// NumPy-level value checks live in tests/python/test_binary_ops.py; these
// cover the C++ API, the edge cases that must never be UB, and every error.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

TEST(Add, SameShape) {
  Tensor x = constant<int32_t>({9, 10, 11, 12}, Shape{2, 2});
  Tensor y = constant<int32_t>({13, 14, 15, 16}, Shape{2, 2});
  Tensor z = add(x, y);
  EXPECT_EQ(z.dtype(), int32);
  EXPECT_EQ(z.shape(), (Shape{2, 2}));
  EXPECT_EQ(z.to_vector<int32_t>(), (std::vector<int32_t>{22, 24, 26, 28}));
}

TEST(Add, BroadcastsWithoutMaterialising) {
  Tensor col = constant<float>({1, 2, 3}, Shape{3, 1});
  Tensor row = constant<float>({10, 20}, Shape{2});
  Tensor z = add(col, row);
  EXPECT_EQ(z.shape(), (Shape{3, 2}));
  EXPECT_EQ(z.to_vector<float>(), (std::vector<float>{11, 21, 12, 22, 13, 23}));
  Tensor s = add(constant(0.5f), row);
  EXPECT_EQ(s.to_vector<float>(), (std::vector<float>{10.5f, 20.5f}));
  EXPECT_EQ(add(constant(1.0), constant(2.0)).item<double>(), 3.0);
}

TEST(Add, StridedInputs) {
  Tensor x = constant<int64_t>({0, 1, 2, 3, 4, 5}, Shape{2, 3});
  Tensor xt(x.array().transpose({1, 0}));  // (3, 2), not contiguous
  Tensor z = add(xt, xt);
  EXPECT_EQ(z.to_vector<int64_t>(), (std::vector<int64_t>{0, 6, 2, 8, 4, 10}));
}

TEST(Add, EveryNumericDtype) {
  for (int i = 0; i < kNumDTypes; ++i) {
    DType d(static_cast<DTypeCode>(i));
    if (d.is_bool()) continue;
    Tensor z = add(fill(Shape{3}, 1.0, d), fill(Shape{3}, 2.0, d));
    EXPECT_EQ(z.dtype(), d);
    EXPECT_EQ(z.to_vector<double>(), (std::vector<double>{3, 3, 3})) << d.name();
  }
}

TEST(Add, IntegersWrapAround) {
  Tensor big = constant<int32_t>({std::numeric_limits<int32_t>::max()});
  EXPECT_EQ(add(big, constant<int32_t>({1})).to_vector<int32_t>()[0],
            std::numeric_limits<int32_t>::min());
}

TEST(Add, ZeroSize) {
  Tensor z = add(zeros(Shape{0, 3}), zeros(Shape{1, 3}));
  EXPECT_EQ(z.shape(), (Shape{0, 3}));
}

TEST(Add, Errors) {
  EXPECT_KILN_ERROR(add(zeros(Shape{2}, int32), zeros(Shape{2}, float32)), InvalidArgumentError,
                    "[add] x is int32 but y is float32; kiln does not promote");
  EXPECT_KILN_ERROR(add(zeros(Shape{2, 3}), zeros(Shape{4})), InvalidArgumentError,
                    "[add] Incompatible shapes: (2, 3) and (4,) do not broadcast");
  EXPECT_KILN_ERROR(add(zeros(Shape{2}, bool_), zeros(Shape{2}, bool_)), InvalidArgumentError,
                    "[add] is not defined for bool tensors; it accepts integer, float, complex");
}

TEST(BroadcastShapes, PartialShapes) {
  EXPECT_EQ(broadcast_shapes(Shape{kUnknownDim, 3}, Shape{4, 1}, "t"), (Shape{4, 3}));
  EXPECT_EQ(broadcast_shapes(Shape{kUnknownDim}, Shape{1}, "t"), (Shape{kUnknownDim}));
  EXPECT_EQ(broadcast_shapes(Shape::unknown_rank(), Shape{1}, "t"), Shape::unknown_rank());
  EXPECT_EQ(broadcast_shapes(Shape{}, Shape{2, 5}, "t"), (Shape{2, 5}));
}

TEST(BinaryOps, Arithmetic) {
  Tensor x = constant<int32_t>({7, -7, 7, -7});
  Tensor y = constant<int32_t>({2, 2, -2, -2});
  EXPECT_EQ(subtract(x, y).to_vector<int32_t>(), (std::vector<int32_t>{5, -9, 9, -5}));
  EXPECT_EQ(multiply(x, y).to_vector<int32_t>(), (std::vector<int32_t>{14, -14, -14, 14}));
  EXPECT_EQ(floordiv(x, y).to_vector<int32_t>(), (std::vector<int32_t>{3, -4, -4, 3}));
  EXPECT_EQ(floormod(x, y).to_vector<int32_t>(), (std::vector<int32_t>{1, 1, -1, -1}));
  EXPECT_EQ(maximum(x, y).to_vector<int32_t>(), (std::vector<int32_t>{7, 2, 7, -2}));
  EXPECT_EQ(minimum(x, y).to_vector<int32_t>(), (std::vector<int32_t>{2, -7, -2, -7}));
  EXPECT_EQ(squared_difference(x, y).to_vector<int32_t>(), (std::vector<int32_t>{25, 81, 81, 25}));
  EXPECT_EQ(pow(constant<int32_t>({3, 2, -2}), constant<int32_t>({4, 0, 3})).to_vector<int32_t>(),
            (std::vector<int32_t>{81, 1, -8}));
}

TEST(BinaryOps, TrueDivisionDtypes) {
  EXPECT_EQ(divide(constant<int8_t>({1}), constant<int8_t>({2})).dtype(), float32);
  EXPECT_EQ(divide(constant<uint16_t>({1}), constant<uint16_t>({2})).dtype(), float32);
  Tensor q = divide(constant<int32_t>({1, 1}), constant<int32_t>({2, 0}));
  EXPECT_EQ(q.dtype(), float64);
  EXPECT_EQ(q.to_vector<double>()[0], 0.5);
  EXPECT_TRUE(std::isinf(q.to_vector<double>()[1]));
  EXPECT_EQ(divide(constant<uint64_t>({3}), constant<uint64_t>({2})).dtype(), float64);
  EXPECT_EQ(divide(constant<float>({3}), constant<float>({2})).dtype(), float32);
}

TEST(BinaryOps, IntegerEdgeCasesAreDefined) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(floordiv(constant<int32_t>({kMin}), constant<int32_t>({-1})).to_vector<int32_t>()[0], kMin);
  EXPECT_EQ(floormod(constant<int32_t>({kMin}), constant<int32_t>({-1})).to_vector<int32_t>()[0], 0);
  EXPECT_EQ(multiply(constant<uint16_t>({65535}), constant<uint16_t>({65535})).to_vector<uint16_t>()[0],
            1);
  EXPECT_EQ(pow(constant<int32_t>({3}), constant<int32_t>({40})).to_vector<int32_t>()[0], 689956897);
  // Shift amounts are clamped to [0, bits - 1], as TF.
  EXPECT_EQ(left_shift(constant<int32_t>({1, 1, 1, -1}), constant<int32_t>({31, 32, -1, 40}))
                .to_vector<int32_t>(),
            (std::vector<int32_t>{kMin, kMin, 1, kMin}));
  EXPECT_EQ(right_shift(constant<int32_t>({-8, -8, 8, 8}), constant<int32_t>({1, 40, -1, 33}))
                .to_vector<int32_t>(),
            (std::vector<int32_t>{-4, -1, 8, 0}));
  EXPECT_EQ(right_shift(constant<uint8_t>({200, 200}), constant<uint8_t>({9, 1})).to_vector<uint8_t>(),
            (std::vector<uint8_t>{1, 100}));
}

TEST(BinaryOps, FloatEdgeCases) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor a = constant<float>({nan, 1.0f, 5.0f, -5.0f});
  Tensor b = constant<float>({1.0f, nan, -3.0f, 3.0f});
  auto mx = maximum(a, b).to_vector<float>();
  auto mn = minimum(a, b).to_vector<float>();
  EXPECT_TRUE(std::isnan(mx[0]) && std::isnan(mx[1]) && std::isnan(mn[0]) && std::isnan(mn[1]));
  EXPECT_EQ(mx[2], 5.0f);
  EXPECT_EQ(mn[3], -5.0f);
  auto mod = floormod(a, b).to_vector<float>();
  EXPECT_EQ(mod[2], -1.0f);
  EXPECT_EQ(mod[3], 1.0f);
  auto dnn = divide_no_nan(constant<float>({1.0f, nan, 1.0f}), constant<float>({0.0f, 0.0f, 2.0f}))
                 .to_vector<float>();
  EXPECT_EQ(dnn, (std::vector<float>{0.0f, 0.0f, 0.5f}));
  EXPECT_FLOAT_EQ(atan2(constant<float>({1.0f}), constant<float>({1.0f})).item<float>(),
                  static_cast<float>(M_PI / 4));
}

TEST(BinaryOps, ComparisonsAndLogical) {
  Tensor x = constant<int64_t>({1, 2, 3});
  Tensor y = constant<int64_t>({2});
  EXPECT_EQ(less(x, y).dtype(), bool_);
  EXPECT_EQ(less(x, y).to_vector<bool>(), (std::vector<bool>{true, false, false}));
  EXPECT_EQ(less_equal(x, y).to_vector<bool>(), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(greater(x, y).to_vector<bool>(), (std::vector<bool>{false, false, true}));
  EXPECT_EQ(greater_equal(x, y).to_vector<bool>(), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(equal(x, y).to_vector<bool>(), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(not_equal(x, y).to_vector<bool>(), (std::vector<bool>{true, false, true}));
  Tensor p = constant<bool>({true, true, false, false});
  Tensor q = constant<bool>({true, false, true, false});
  EXPECT_EQ(logical_and(p, q).to_vector<bool>(), (std::vector<bool>{true, false, false, false}));
  EXPECT_EQ(logical_or(p, q).to_vector<bool>(), (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(logical_xor(p, q).to_vector<bool>(), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(equal(p, q).to_vector<bool>(), (std::vector<bool>{true, false, false, true}));
  Tensor i = constant<uint8_t>({0b1100});
  Tensor j = constant<uint8_t>({0b1010});
  EXPECT_EQ(bitwise_and(i, j).to_vector<uint8_t>()[0], 0b1000);
  EXPECT_EQ(bitwise_or(i, j).to_vector<uint8_t>()[0], 0b1110);
  EXPECT_EQ(bitwise_xor(i, j).to_vector<uint8_t>()[0], 0b0110);
}

TEST(BinaryOps, LargeAndBroadcastRowsMatchScalarPath) {
  // Large enough for the parallel path; the broadcast operand is a column,
  // which the SIMD kernels see as a scalar per row.
  const int64_t rows = 300, cols = 301;
  std::vector<float> a(rows * cols), c(rows);
  for (int64_t k = 0; k < rows * cols; ++k) a[k] = static_cast<float>(k % 97) - 40.0f;
  for (int64_t r = 0; r < rows; ++r) c[r] = static_cast<float>(r % 13) - 6.0f;
  Tensor ta = constant(a, Shape{rows, cols});
  Tensor tc = constant(c, Shape{rows, 1});
  auto sum = add(ta, tc).to_vector<float>();
  auto mx = maximum(tc, ta).to_vector<float>();
  auto quo = divide(ta, tc).to_vector<float>();
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t k = 0; k < cols; ++k) {
      float x = a[r * cols + k];
      ASSERT_EQ(sum[r * cols + k], x + c[r]);
      ASSERT_EQ(mx[r * cols + k], std::max(c[r], x));
      float q = quo[r * cols + k], want = x / c[r];
      ASSERT_TRUE(q == want || (std::isnan(q) && std::isnan(want)));
    }
  }
}

TEST(Where, BroadcastsThreeWays) {
  Tensor cond = constant<bool>({true, false}, Shape{2, 1});
  Tensor z = where(cond, constant<int32_t>({1, 2, 3}), constant<int32_t>(0));
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(z.to_vector<int32_t>(), (std::vector<int32_t>{1, 2, 3, 0, 0, 0}));
}

TEST(ClipByValue, TFOrder) {
  Tensor t = constant<float>({1, 5, 9, std::numeric_limits<float>::quiet_NaN()});
  auto v = clip_by_value(t, constant(2.0f), constant(7.0f)).to_vector<float>();
  EXPECT_EQ(v[0], 2.0f);
  EXPECT_EQ(v[1], 5.0f);
  EXPECT_EQ(v[2], 7.0f);
  EXPECT_TRUE(std::isnan(v[3]));
  // A lower bound above the upper one wins (minimum first, then maximum).
  EXPECT_EQ(clip_by_value(constant<int32_t>({1, 5}), constant<int32_t>(4), constant<int32_t>(2))
                .to_vector<int32_t>(),
            (std::vector<int32_t>{4, 4}));
}

TEST(BinaryOps, Errors) {
  EXPECT_KILN_ERROR(floordiv(constant<int32_t>({5}), constant<int32_t>({0})), InvalidArgumentError,
                    "[floordiv] Integer division by zero");
  EXPECT_KILN_ERROR(floormod(constant<uint8_t>({5}), constant<uint8_t>({0})), InvalidArgumentError,
                    "[floormod] Integer division by zero");
  EXPECT_KILN_ERROR(pow(constant<int32_t>({2}), constant<int32_t>({-1})), InvalidArgumentError,
                    "[pow] Integers to negative integer powers are not allowed");
  EXPECT_KILN_ERROR(floordiv(zeros(Shape{1}, complex64), zeros(Shape{1}, complex64)),
                    InvalidArgumentError,
                    "[floordiv] is not defined for complex64 tensors; it accepts integer, float");
  EXPECT_KILN_ERROR(less(zeros(Shape{1}, bool_), zeros(Shape{1}, bool_)), InvalidArgumentError,
                    "[less] is not defined for bool tensors");
  EXPECT_KILN_ERROR(logical_and(zeros(Shape{1}, int32), zeros(Shape{1}, int32)),
                    InvalidArgumentError,
                    "[logical_and] is not defined for int32 tensors; it accepts bool tensors. "
                    "Compare first");
  EXPECT_KILN_ERROR(bitwise_or(zeros(Shape{1}), zeros(Shape{1})), InvalidArgumentError,
                    "[bitwise_or] is not defined for float32 tensors; it accepts integer tensors");
  EXPECT_KILN_ERROR(atan2(zeros(Shape{1}, int32), zeros(Shape{1}, int32)), InvalidArgumentError,
                    "[atan2] is not defined for int32 tensors; it accepts float tensors");
  EXPECT_KILN_ERROR(atan2(zeros(Shape{1}), zeros(Shape{1}, float64)), InvalidArgumentError,
                    "[atan2] y is float32 but x is float64");
  EXPECT_KILN_ERROR(where(zeros(Shape{2}, int32), zeros(Shape{2}), zeros(Shape{2})),
                    InvalidArgumentError, "[where] condition must be bool, got int32");
  EXPECT_KILN_ERROR(where(zeros(Shape{2}, bool_), zeros(Shape{2}), zeros(Shape{2}, int32)),
                    InvalidArgumentError, "[where] x is float32 but y is int32");
  EXPECT_KILN_ERROR(where(zeros(Shape{3}, bool_), zeros(Shape{2}), zeros(Shape{2})),
                    InvalidArgumentError, "[where] Incompatible shapes: (3,) and (2,)");
  EXPECT_KILN_ERROR(clip_by_value(zeros(Shape{3}), zeros(Shape{2, 3}), zeros(Shape{})), ValueError,
                    "[clip_by_value] Shapes (3,) and (2, 3) are incompatible");
  EXPECT_KILN_ERROR(clip_by_value(zeros(Shape{3}), zeros(Shape{}, float64), zeros(Shape{})),
                    InvalidArgumentError,
                    "[clip_by_value] t is float32 but clip_value_min is float64");
  EXPECT_KILN_ERROR(clip_by_value(zeros(Shape{3}, complex64), zeros(Shape{}, complex64),
                                  zeros(Shape{}, complex64)),
                    InvalidArgumentError, "[clip_by_value] is not defined for complex64");
}

}  // namespace
}  // namespace kiln
