// The shape family: values, views (shared memory), strided inputs, zero-size
// and rank-0 tensors, and every error message.
#include <gtest/gtest.h>

#include <limits>
#include <numeric>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

Tensor iota32(const Shape& shape) {
  std::vector<int32_t> v(static_cast<size_t>(shape.num_elements()));
  std::iota(v.begin(), v.end(), 0);
  return constant(v, shape);
}

bool shares(const Tensor& a, const Tensor& b) { return a.array().buffer().data() == b.array().buffer().data(); }

using V = std::vector<int32_t>;

TEST(ShapeOps, ReshapeIsAViewAndInfersMinusOne) {
  Tensor x = iota32(Shape{2, 3});
  Tensor y = reshape(x, {3, -1});
  EXPECT_EQ(y.shape(), (Shape{3, 2}));
  EXPECT_TRUE(shares(x, y));
  EXPECT_EQ(y.to_vector<int32_t>(), (V{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(reshape(x, {-1}).shape(), (Shape{6}));
  EXPECT_EQ(reshape(constant(7), {1, 1}).shape(), (Shape{1, 1}));
  EXPECT_EQ(reshape(zeros(Shape{0, 4}), {-1, 2}).shape(), (Shape{0, 2}));
  EXPECT_EQ(reshape(zeros(Shape{0, 4}), {2, 0, 3}).shape(), (Shape{2, 0, 3}));
}

TEST(ShapeOps, ReshapeOfStridedInput) {
  Tensor x = iota32(Shape{2, 3});
  Tensor t = transpose(x);  // (3, 2), not contiguous
  Tensor r = reshape(t, {6});  // needs a copy
  EXPECT_FALSE(shares(x, r));
  EXPECT_EQ(r.to_vector<int32_t>(), (V{0, 3, 1, 4, 2, 5}));
  Tensor s = reshape(t, {3, 1, 2});  // only splits axes: still a view
  EXPECT_TRUE(shares(x, s));
  EXPECT_EQ(s.to_vector<int32_t>(), (V{0, 3, 1, 4, 2, 5}));
}

TEST(ShapeOps, ReshapeErrors) {
  Tensor x = zeros(Shape{2, 3});
  EXPECT_KILN_ERROR(reshape(x, {4}), InvalidArgumentError,
                    "[reshape] cannot reshape a tensor of 6 elements (shape (2, 3)) into shape (4,)");
  EXPECT_KILN_ERROR(reshape(x, {-1, -1}), InvalidArgumentError, "more than one -1");
  EXPECT_KILN_ERROR(reshape(x, {4, -1}), InvalidArgumentError, "6 is not a multiple of 4");
  EXPECT_KILN_ERROR(reshape(x, {-2, 3}), InvalidArgumentError, "negative dimension -2");
  EXPECT_KILN_ERROR(reshape(zeros(Shape{0}), {0, -1}), InvalidArgumentError, "cannot be inferred");
}

TEST(ShapeOps, TransposeIsAView) {
  Tensor x = iota32(Shape{2, 3, 4});
  Tensor t = transpose(x, std::vector<int64_t>{2, 0, 1});
  EXPECT_EQ(t.shape(), (Shape{4, 2, 3}));
  EXPECT_TRUE(shares(x, t));
  EXPECT_EQ(t.to_vector<int32_t>()[1], 4);
  EXPECT_EQ(transpose(x).shape(), (Shape{4, 3, 2}));
  EXPECT_EQ(transpose(constant(1.0f)).shape(), Shape{});
  Tensor c = constant<std::complex<float>>({{1, 2}, {3, -4}});
  auto v = transpose(c, std::nullopt, true).to_vector<std::complex<float>>();
  EXPECT_EQ(v[0], std::complex<float>(1, -2));
  EXPECT_EQ(v[1], std::complex<float>(3, 4));
  EXPECT_KILN_ERROR(transpose(x, std::vector<int64_t>{0, 1}), InvalidArgumentError,
                    "[transpose] perm (0, 1) has 2 entries, but the tensor has rank 3");
  EXPECT_KILN_ERROR(transpose(x, std::vector<int64_t>{0, 1, 1}), InvalidArgumentError,
                    "given twice");
  EXPECT_KILN_ERROR(transpose(x, std::vector<int64_t>{0, 1, 3}), InvalidArgumentError,
                    "axis 3 is out of range");
}

TEST(ShapeOps, ExpandDimsAndSqueeze) {
  Tensor x = iota32(Shape{2, 3});
  EXPECT_EQ(expand_dims(x, 0).shape(), (Shape{1, 2, 3}));
  EXPECT_EQ(expand_dims(x, -1).shape(), (Shape{2, 3, 1}));
  EXPECT_EQ(expand_dims(x, 1).shape(), (Shape{2, 1, 3}));
  EXPECT_TRUE(shares(x, expand_dims(x, 2)));
  EXPECT_EQ(expand_dims(constant(1), 0).shape(), (Shape{1}));
  EXPECT_KILN_ERROR(expand_dims(x, 3), InvalidArgumentError, "[expand_dims] axis 3 is out of range");
  Tensor y = zeros(Shape{1, 2, 1, 3, 1});
  EXPECT_EQ(squeeze(y).shape(), (Shape{2, 3}));
  EXPECT_EQ(squeeze(y, {0, -1}).shape(), (Shape{2, 1, 3}));
  EXPECT_EQ(squeeze(zeros(Shape{1, 1})).shape(), Shape{});
  EXPECT_KILN_ERROR(squeeze(y, {1}), InvalidArgumentError,
                    "[squeeze] cannot squeeze axis 1 of shape (1, 2, 1, 3, 1): its size is 2, not 1");
}

TEST(ShapeOps, BroadcastToHasZeroStrides) {
  Tensor x = iota32(Shape{3, 1});
  Tensor b = broadcast_to(x, {2, 3, 4});
  EXPECT_EQ(b.shape(), (Shape{2, 3, 4}));
  EXPECT_TRUE(shares(x, b));
  EXPECT_EQ(b.array().strides()[0], 0);
  EXPECT_EQ(b.array().strides()[2], 0);
  auto v = b.to_vector<int32_t>();
  EXPECT_EQ(v[4], 1);
  EXPECT_EQ(v[12 + 11], 2);
  EXPECT_KILN_ERROR(broadcast_to(x, {4, 3}), InvalidArgumentError, "");
  EXPECT_KILN_ERROR(broadcast_to(iota32(Shape{2, 3}), {4, 3}), InvalidArgumentError,
                    "[broadcast_to] cannot broadcast a tensor of shape (2, 3) to shape (4, 3): axis 0 "
                    "has size 2, which is neither 1 nor 4");
  EXPECT_KILN_ERROR(broadcast_to(x, {3}), InvalidArgumentError, "fewer dimensions");
  EXPECT_KILN_ERROR(broadcast_to(x, {-3, 1}), InvalidArgumentError, "negative dimension");
}

TEST(ShapeOps, SliceAndStridedSlice) {
  Tensor x = iota32(Shape{3, 4});
  Tensor s = slice(x, {1, 1}, {2, -1});
  EXPECT_EQ(s.shape(), (Shape{2, 3}));
  EXPECT_TRUE(shares(x, s));
  EXPECT_EQ(s.to_vector<int32_t>(), (V{5, 6, 7, 9, 10, 11}));
  EXPECT_KILN_ERROR(slice(x, {0, 1}, {4, 1}), InvalidArgumentError, "[slice] size[0] = 4");
  EXPECT_KILN_ERROR(slice(x, {-1, 0}, {1, 1}), InvalidArgumentError, "[slice] begin[0] = -1");
  EXPECT_KILN_ERROR(slice(x, {0}, {1}), InvalidArgumentError, "one entry per axis");

  // x[::-2, 1:3]
  Tensor r = strided_slice(x, {0, 1}, {0, 3}, {.strides = {-2, 1}, .begin_mask = 1, .end_mask = 1});
  EXPECT_EQ(r.shape(), (Shape{2, 2}));
  EXPECT_EQ(r.to_vector<int32_t>(), (V{9, 10, 1, 2}));
  // x[1, ..., None]
  Tensor n = strided_slice(x, {1, 0, 0}, {2, 0, 0},
                           {.ellipsis_mask = 2, .new_axis_mask = 4, .shrink_axis_mask = 1});
  EXPECT_EQ(n.shape(), (Shape{4, 1}));
  EXPECT_EQ(n.to_vector<int32_t>(), (V{4, 5, 6, 7}));
  // Out-of-range bounds clamp, as in NumPy; x[-100:100:3, 5:]
  EXPECT_EQ(strided_slice(x, {-100, 5}, {100, 9}, {.strides = {3, 1}}).shape(), (Shape{1, 0}));
  EXPECT_KILN_ERROR(strided_slice(x, {5}, {6}, {.shrink_axis_mask = 1}), InvalidArgumentError,
                    "[strided_slice] index 5 is out of bounds for axis 0 with size 3");
  EXPECT_KILN_ERROR(strided_slice(x, {0}, {1}, {.strides = {0}}), InvalidArgumentError,
                    "a stride must be nonzero");
  EXPECT_KILN_ERROR(strided_slice(x, {0, 0, 0}, {1, 1, 1}), InvalidArgumentError, "too many indices");
  EXPECT_KILN_ERROR(strided_slice(x, {0, 0}, {1}), InvalidArgumentError, "same length");
  EXPECT_KILN_ERROR(strided_slice(x, {0, 0}, {1, 1}, {.ellipsis_mask = 3}), InvalidArgumentError,
                    "more than one ellipsis");
}

TEST(ShapeOps, StridedSliceHugeStridesDoNotOverflow) {
  Tensor x = iota32(Shape{5});
  int64_t big = std::numeric_limits<int64_t>::max(), small = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(strided_slice(x, {0}, {big}, {.strides = {big}}).to_vector<int32_t>(), (V{0}));
  EXPECT_EQ(strided_slice(x, {big}, {small}, {.strides = {small}}).to_vector<int32_t>(), (V{4}));
  EXPECT_EQ(strided_slice(x, {small}, {big}, {.strides = {2}}).to_vector<int32_t>(), (V{0, 2, 4}));
}

TEST(ShapeOps, SplitAndUnstackAreViews) {
  Tensor x = iota32(Shape{2, 6});
  auto parts = split(x, 3, 1);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1].to_vector<int32_t>(), (V{2, 3, 8, 9}));
  EXPECT_TRUE(shares(x, parts[2]));
  auto sized = split(x, std::vector<int64_t>{1, -1, 2}, 1);
  EXPECT_EQ(sized[1].shape(), (Shape{2, 3}));
  EXPECT_EQ(sized[2].to_vector<int32_t>(), (V{4, 5, 10, 11}));
  EXPECT_KILN_ERROR(split(x, 4, 1), InvalidArgumentError, "into 4 equal pieces");
  EXPECT_KILN_ERROR(split(x, std::vector<int64_t>{1, 2}, 1), InvalidArgumentError, "add up to 3");
  EXPECT_KILN_ERROR(split(x, std::vector<int64_t>{-1, -1}, 1), InvalidArgumentError, "more than one -1");
  EXPECT_KILN_ERROR(split(constant(1), 1), InvalidArgumentError, "cannot split a scalar");
  auto rows = unstack(x);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].to_vector<int32_t>(), (V{6, 7, 8, 9, 10, 11}));
  auto cols = unstack(x, std::nullopt, -1);
  ASSERT_EQ(cols.size(), 6u);
  EXPECT_EQ(cols[5].to_vector<int32_t>(), (V{5, 11}));
  EXPECT_TRUE(shares(x, cols[5]));
  EXPECT_EQ(unstack(zeros(Shape{0, 3})).size(), 0u);
  EXPECT_KILN_ERROR(unstack(x, 3), InvalidArgumentError, "[unstack] num = 3, but axis 0");
}

TEST(ShapeOps, ReverseUsesNegativeStrides) {
  Tensor x = iota32(Shape{2, 3});
  Tensor r = reverse(x, {1});
  EXPECT_TRUE(shares(x, r));
  EXPECT_LT(r.array().strides()[1], 0);
  EXPECT_EQ(r.to_vector<int32_t>(), (V{2, 1, 0, 5, 4, 3}));
  EXPECT_EQ(reverse(x, {0, -1}).to_vector<int32_t>(), (V{5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(reverse(zeros(Shape{0, 2}), {0}).shape(), (Shape{0, 2}));
  EXPECT_KILN_ERROR(reverse(x, {2}), InvalidArgumentError, "[reverse] axis 2 is out of range");
}

TEST(ShapeOps, ConcatAndStack) {
  Tensor a = iota32(Shape{2, 2});
  Tensor b = iota32(Shape{2, 1});
  EXPECT_EQ(concat({a, b}, 1).to_vector<int32_t>(), (V{0, 1, 0, 2, 3, 1}));
  EXPECT_EQ(concat({a, transpose(a)}, 0).to_vector<int32_t>(), (V{0, 1, 2, 3, 0, 2, 1, 3}));
  EXPECT_EQ(concat({zeros(Shape{0, 2}, int32), a}, 0).shape(), (Shape{2, 2}));
  EXPECT_KILN_ERROR(concat({a, b}, 0), InvalidArgumentError,
                    "[concat] the shapes of the inputs must match except along axis 0");
  EXPECT_KILN_ERROR(concat({a, zeros(Shape{2, 2})}, 0), InvalidArgumentError,
                    "[concat] all inputs must have the same dtype, but input 0 (int32, shape (2, 2)) "
                    "and input 1 (float32, shape (2, 2)) differ");
  EXPECT_KILN_ERROR(concat({a, iota32(Shape{4})}, 0), InvalidArgumentError, "same rank");
  EXPECT_KILN_ERROR(concat({constant(1), constant(2)}, 0), InvalidArgumentError, "cannot concatenate scalars");
  EXPECT_KILN_ERROR(concat({a, a}, 2), InvalidArgumentError, "[concat] axis 2 is out of range");

  Tensor s = stack({a, a, a}, 1);
  EXPECT_EQ(s.shape(), (Shape{2, 3, 2}));
  EXPECT_EQ(s.to_vector<int32_t>(), (V{0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3}));
  EXPECT_EQ(stack({constant(1), constant(2)}).to_vector<int32_t>(), (V{1, 2}));
  EXPECT_KILN_ERROR(stack({a, b}), InvalidArgumentError, "[stack] all inputs must have the same shape");
  EXPECT_KILN_ERROR(stack({a, a}, 3), InvalidArgumentError, "[stack] axis 3 is out of range");
}

TEST(ShapeOps, Tile) {
  Tensor x = iota32(Shape{2, 2});
  EXPECT_EQ(tile(x, {1, 2}).to_vector<int32_t>(), (V{0, 1, 0, 1, 2, 3, 2, 3}));
  EXPECT_EQ(tile(x, {2, 1}).to_vector<int32_t>(), (V{0, 1, 2, 3, 0, 1, 2, 3}));
  EXPECT_EQ(tile(x, {0, 3}).shape(), (Shape{0, 6}));
  EXPECT_EQ(tile(reverse(x, {0}), {1, 2}).to_vector<int32_t>(), (V{2, 3, 2, 3, 0, 1, 0, 1}));
  EXPECT_KILN_ERROR(tile(x, {2}), InvalidArgumentError, "[tile] multiples (2,) has 1 entries");
  EXPECT_KILN_ERROR(tile(x, {2, -1}), InvalidArgumentError, "negative entry -1");
}

TEST(ShapeOps, PadModes) {
  Tensor x = iota32(Shape{2, 3});
  Tensor c = pad(x, {{1, 0}, {0, 2}}, "CONSTANT", constant<int32_t>(9));
  EXPECT_EQ(c.shape(), (Shape{3, 5}));
  EXPECT_EQ(c.to_vector<int32_t>(), (V{9, 9, 9, 9, 9, 0, 1, 2, 9, 9, 3, 4, 5, 9, 9}));
  Tensor r = pad(x, {{1, 1}, {2, 2}}, "reflect");
  EXPECT_EQ(r.to_vector<int32_t>(), (V{5, 4, 3, 4, 5, 4, 3, 2, 1, 0, 1, 2, 1, 0, 5, 4, 3, 4, 5, 4, 3,
                                       2, 1, 0, 1, 2, 1, 0}));
  Tensor s = pad(x, {{0, 0}, {3, 1}}, "Symmetric");
  EXPECT_EQ(s.to_vector<int32_t>(), (V{2, 1, 0, 0, 1, 2, 2, 5, 4, 3, 3, 4, 5, 5}));
  EXPECT_EQ(pad(constant(1.5), {}).item<double>(), 1.5);
  EXPECT_KILN_ERROR(pad(x, {{0, 0}, {3, 0}}, "REFLECT"), InvalidArgumentError,
                    "[pad] paddings (3, 0) on axis 1 of shape (2, 3) are too large for REFLECT mode: "
                    "each must be <= 2");
  EXPECT_KILN_ERROR(pad(x, {{0, 0}, {4, 0}}, "SYMMETRIC"), InvalidArgumentError, "each must be <= 3");
  EXPECT_KILN_ERROR(pad(x, {{0, 0}}), InvalidArgumentError, "paddings must have shape (2, 2)");
  EXPECT_KILN_ERROR(pad(x, {{0, 0}, {-1, 0}}), InvalidArgumentError, "negative entry -1");
  EXPECT_KILN_ERROR(pad(x, {{0, 0}, {0, 0}}, "EDGE"), InvalidArgumentError, "mode 'EDGE' is not one of");
  EXPECT_KILN_ERROR(pad(x, {{0, 0}, {0, 0}}, "CONSTANT", constant(1.0f)), InvalidArgumentError,
                    "constant_values is float32 but the tensor is int32");
}

TEST(ShapeOps, Roll) {
  Tensor x = iota32(Shape{2, 3});
  EXPECT_EQ(roll(x, {1}, {1}).to_vector<int32_t>(), (V{2, 0, 1, 5, 3, 4}));
  EXPECT_EQ(roll(x, {1, -4}, {0, 1}).to_vector<int32_t>(), (V{4, 5, 3, 1, 2, 0}));
  EXPECT_EQ(roll(x, {2, 2}, {1, 1}).to_vector<int32_t>(), (V{2, 0, 1, 5, 3, 4}));  // shifts add
  EXPECT_EQ(roll(zeros(Shape{0, 3}), {1}, {0}).shape(), (Shape{0, 3}));
  EXPECT_KILN_ERROR(roll(x, {1, 2}, {0}), InvalidArgumentError, "must have the same length");
  EXPECT_KILN_ERROR(roll(x, {1}, {2}), InvalidArgumentError, "[roll] axis 2 is out of range");
}

TEST(ShapeOps, ShapeSizeRankIdentity) {
  Tensor x = zeros(Shape{2, 0, 5});
  EXPECT_EQ(shape(x).to_vector<int32_t>(), (V{2, 0, 5}));
  EXPECT_EQ(shape(x, int64).dtype(), int64);
  EXPECT_EQ(shape(constant(1)).shape(), (Shape{0}));
  EXPECT_EQ(size(zeros(Shape{3, 4})).item<int32_t>(), 12);
  EXPECT_EQ(size(x, int64).dtype(), int64);
  EXPECT_EQ(rank(x).item<int32_t>(), 3);
  EXPECT_TRUE(shares(x, identity(x)));
  EXPECT_KILN_ERROR(shape(x, float32), TypeError, "[shape] out_type must be int32 or int64");
}

TEST(ShapeOps, LargeCopiesTakeTheParallelPath) {
  Tensor x = iota32(Shape{300, 400});
  Tensor t = tile(x, {2, 1});
  auto v = t.to_vector<int32_t>();
  EXPECT_EQ(v[120000 + 399], 399);
  Tensor c = concat({transpose(x), transpose(x)}, 1);
  EXPECT_EQ(c.shape(), (Shape{400, 600}));
  EXPECT_EQ(c.to_vector<int32_t>()[600 * 2 + 301], 400 + 2);
  Tensor p = pad(x, {{1, 1}, {1, 1}}, "SYMMETRIC");
  EXPECT_EQ(p.to_vector<int32_t>()[0], 0);
  EXPECT_EQ(p.to_vector<int32_t>()[402 * 301 + 401], 300 * 400 - 1);
}

}  // namespace
}  // namespace kiln
