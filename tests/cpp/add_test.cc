#include <gtest/gtest.h>

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
                    "not defined for bool");
}

TEST(BroadcastShapes, PartialShapes) {
  EXPECT_EQ(broadcast_shapes(Shape{kUnknownDim, 3}, Shape{4, 1}, "t"), (Shape{4, 3}));
  EXPECT_EQ(broadcast_shapes(Shape{kUnknownDim}, Shape{1}, "t"), (Shape{kUnknownDim}));
  EXPECT_EQ(broadcast_shapes(Shape::unknown_rank(), Shape{1}, "t"), Shape::unknown_rank());
  EXPECT_EQ(broadcast_shapes(Shape{}, Shape{2, 5}, "t"), (Shape{2, 5}));
}

}  // namespace
}  // namespace kiln
