#include <gtest/gtest.h>

#include <vector>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

TEST(IndexGather, Axis0AndAxis1) {
  Tensor p = constant<float>({0, 1, 2, 3, 4, 5}, Shape{3, 2});
  Tensor g = gather(p, constant<int32_t>({2, 0, 2}));
  EXPECT_EQ(g.shape(), (Shape{3, 2}));
  EXPECT_EQ(g.to_vector<float>(), (std::vector<float>{4, 5, 0, 1, 4, 5}));
  Tensor h = gather(p, constant<int64_t>({1, 1, 0}, Shape{1, 3}), 1);
  EXPECT_EQ(h.shape(), (Shape{3, 1, 3}));
  EXPECT_EQ(h.to_vector<float>(), (std::vector<float>{1, 1, 0, 3, 3, 2, 5, 5, 4}));
}

TEST(IndexGather, BatchDimsAndStridedParams) {
  Tensor p = constant<int32_t>({1, 2, 3, 4}, Shape{2, 2});
  Tensor i = constant<int32_t>({1, 0}, Shape{2, 1});
  EXPECT_EQ(gather(p, i, 1, -1).to_vector<int32_t>(), (std::vector<int32_t>{2, 3}));
  Tensor pt(p.array().transpose({1, 0}));  // [[1, 3], [2, 4]], not contiguous
  EXPECT_EQ(gather(pt, constant<int32_t>({1})).to_vector<int32_t>(), (std::vector<int32_t>{2, 4}));
  EXPECT_EQ(gather(pt, constant<int32_t>({1, 0}), 1).to_vector<int32_t>(),
            (std::vector<int32_t>{3, 1, 4, 2}));
}

TEST(IndexGather, ScalarIndexAndZeroSize) {
  Tensor p = constant<double>({1.5, 2.5, 3.5});
  Tensor s = gather(p, constant<int32_t>(2));
  EXPECT_EQ(s.shape(), Shape{});
  EXPECT_EQ(s.item<double>(), 3.5);
  EXPECT_EQ(gather(p, zeros(Shape{0}, int32)).shape(), Shape{0});
  EXPECT_EQ(gather(zeros(Shape{0, 4}), zeros(Shape{2, 0}, int64), 1).shape(), (Shape{0, 2, 0}));
}

TEST(IndexGather, Errors) {
  Tensor p = constant<int32_t>({1, 2, 3, 4, 5});
  EXPECT_KILN_ERROR(gather(p, constant<int32_t>({1, 7})), InvalidArgumentError,
                    "[gather] indices[1] = 7 is not in [0, 5)");
  EXPECT_KILN_ERROR(gather(p, constant<int64_t>({0, 1, 2, -1}, Shape{2, 2})), InvalidArgumentError,
                    "indices[1,1] = -1 is not in [0, 5)");
  EXPECT_KILN_ERROR(gather(p, constant<float>({1})), InvalidArgumentError,
                    "[gather] indices must be an integer tensor");
  EXPECT_KILN_ERROR(gather(constant(1.0f), constant<int32_t>({0})), InvalidArgumentError,
                    "params must be at least 1-dimensional");
  EXPECT_KILN_ERROR(gather(p, constant<int32_t>({0}), 1), InvalidArgumentError, "axis 1 is out of range");
  EXPECT_KILN_ERROR(gather(zeros(Shape{2, 2}), zeros(Shape{3, 1}, int32), 1, 1), InvalidArgumentError,
                    "params.shape[0] = 2 does not match indices.shape[0] = 3");
  EXPECT_KILN_ERROR(gather(zeros(Shape{2, 2}), zeros(Shape{2, 1}, int32), 0, 1), InvalidArgumentError,
                    "axis 0 is a batch axis");
  EXPECT_KILN_ERROR(gather(zeros(Shape{2, 2}), zeros(Shape{2, 1}, int32), 0, 3), InvalidArgumentError,
                    "batch_dims 3 is out of range for indices of rank 2");
  EXPECT_KILN_ERROR(gather(zeros(Shape{2}), zeros(Shape{2, 1}, int32), 0, 1), InvalidArgumentError,
                    "batch_dims (1) must be less than the rank of params (1)");
}

TEST(IndexGatherNd, TuplesBatchAndErrors) {
  Tensor p = constant<int32_t>({1, 2, 3, 4}, Shape{2, 2});
  EXPECT_EQ(gather_nd(p, constant<int32_t>({0, 1, 1, 0}, Shape{2, 2})).to_vector<int32_t>(),
            (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(gather_nd(p, constant<int32_t>({1}, Shape{1, 1})).to_vector<int32_t>(), (std::vector<int32_t>{3, 4}));
  EXPECT_EQ(gather_nd(p, constant<int32_t>({1, 0}, Shape{2, 1}), 1).to_vector<int32_t>(),
            (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(gather_nd(p, zeros(Shape{2, 0}, int32)).shape(), (Shape{2, 2, 2}));
  EXPECT_KILN_ERROR(gather_nd(p, constant<int32_t>({0, 1, 5, 0}, Shape{2, 2})), InvalidArgumentError,
                    "[gather_nd] indices[1] = [5, 0] does not index into params of shape (2, 2): 5 is not in [0, 2)");
  EXPECT_KILN_ERROR(gather_nd(p, constant<int32_t>({0, 1, 1}, Shape{1, 3})), InvalidArgumentError,
                    "index tuples have length 3");
  EXPECT_KILN_ERROR(gather_nd(p, constant<int32_t>(0)), InvalidArgumentError, "indices must be at least 1-dimensional");
  EXPECT_KILN_ERROR(gather_nd(p, zeros(Shape{2, 1}, int32), 2), InvalidArgumentError, "batch_dims 2 is out of range");
}

TEST(IndexScatter, SumsDuplicatesAndUpdatesLastWins) {
  Tensor idx = constant<int32_t>({1, 1, 3}, Shape{3, 1});
  Tensor s = scatter_nd(idx, constant<float>({1, 2, 3}), Shape{5});
  EXPECT_EQ(s.to_vector<float>(), (std::vector<float>{0, 3, 0, 3, 0}));
  Tensor b = scatter_nd(constant<int64_t>({1, 1}, Shape{2, 1}), constant<bool>({true, true}), Shape{3});
  EXPECT_EQ(b.to_vector<int>(), (std::vector<int>{0, 1, 0}));
  Tensor w = scatter_nd(constant<int32_t>({0, 0}, Shape{2, 1}), constant<int8_t>({100, 100}), Shape{1});
  EXPECT_EQ(w.to_vector<int>(), (std::vector<int>{-56}));  // wraps
  Tensor rows = scatter_nd(constant<int32_t>({1}, Shape{1, 1}), constant<int32_t>({7, 8}, Shape{1, 2}), Shape{2, 2});
  EXPECT_EQ(rows.to_vector<int32_t>(), (std::vector<int32_t>{0, 0, 7, 8}));
  Tensor u = tensor_scatter_nd_update(constant<int32_t>({1, 2, 3}), constant<int32_t>({1, 1}, Shape{2, 1}),
                                      constant<int32_t>({7, 8}));
  EXPECT_EQ(u.to_vector<int32_t>(), (std::vector<int32_t>{1, 8, 3}));
}

TEST(IndexScatter, StridedUpdates) {
  Tensor upd = constant<double>({1, 2, 3, 4}, Shape{2, 2});
  Tensor ut(upd.array().transpose({1, 0}));  // [[1, 3], [2, 4]]
  Tensor idx = constant<int32_t>({0, 2}, Shape{2, 1});
  EXPECT_EQ(scatter_nd(idx, ut, Shape{3, 2}).to_vector<double>(), (std::vector<double>{1, 3, 0, 0, 2, 4}));
  EXPECT_EQ(tensor_scatter_nd_update(zeros(Shape{3, 2}, float64), idx, ut).to_vector<double>(),
            (std::vector<double>{1, 3, 0, 0, 2, 4}));
}

TEST(IndexScatter, Errors) {
  EXPECT_KILN_ERROR(scatter_nd(constant<int32_t>({1, 7}, Shape{2, 1}), constant<float>({1, 2}), Shape{5}),
                    InvalidArgumentError, "[scatter_nd] indices[1] = [7] does not index into the output of shape (5,): 7 is not in [0, 5)");
  EXPECT_KILN_ERROR(scatter_nd(constant<int32_t>({1, 1}, Shape{2, 1}), constant<float>({1, 2, 3}), Shape{3}),
                    InvalidArgumentError, "updates has shape (3,); updates must have shape indices.shape[:-1]");
  EXPECT_KILN_ERROR(scatter_nd(constant<int32_t>({1, 1}, Shape{1, 2}), constant<float>({1}), Shape{3}),
                    InvalidArgumentError, "index tuples have length 2");
  EXPECT_KILN_ERROR(tensor_scatter_nd_update(constant<int32_t>({1, 2}), constant<int32_t>({4}, Shape{1, 1}),
                                             constant<int32_t>({1})),
                    InvalidArgumentError, "[tensor_scatter_nd_update] indices[0] = [4] does not index into tensor");
  EXPECT_KILN_ERROR(tensor_scatter_nd_update(constant<int32_t>({1, 2}), constant<int32_t>({0}, Shape{1, 1}),
                                             constant<float>({1})),
                    InvalidArgumentError, "tensor is int32 but updates is float32");
}

TEST(IndexBooleanMask, AxesAndErrors) {
  Tensor t = constant<int32_t>({1, 2, 3, 4, 5, 6}, Shape{3, 2});
  Tensor m = boolean_mask(t, constant<bool>({true, false, true}));
  EXPECT_EQ(m.shape(), (Shape{2, 2}));
  EXPECT_EQ(m.to_vector<int32_t>(), (std::vector<int32_t>{1, 2, 5, 6}));
  Tensor m1 = boolean_mask(t, constant<bool>({false, true}), 1);
  EXPECT_EQ(m1.shape(), (Shape{3, 1}));
  EXPECT_EQ(m1.to_vector<int32_t>(), (std::vector<int32_t>{2, 4, 6}));
  Tensor m2 = boolean_mask(t, constant<int32_t>({0, 1, 1, 0, 0, 1}, Shape{3, 2}));
  EXPECT_EQ(m2.to_vector<int32_t>(), (std::vector<int32_t>{2, 3, 6}));
  EXPECT_EQ(boolean_mask(t, zeros(Shape{3}, bool_)).shape(), (Shape{0, 2}));
  EXPECT_KILN_ERROR(boolean_mask(t, constant(true)), ValueError, "[boolean_mask] mask cannot be a scalar");
  EXPECT_KILN_ERROR(boolean_mask(t, constant<bool>({true, false})), ValueError,
                    "mask shape (2,) is incompatible with tensor.shape[0:1] = (3,)");
  EXPECT_KILN_ERROR(boolean_mask(t, constant<bool>({true, false}), 2), InvalidArgumentError, "axis 2 is out of range");
}

TEST(IndexWhere, Coordinates) {
  Tensor w = where_indices(constant<bool>({true, false, false, true}, Shape{2, 2}));
  EXPECT_EQ(w.dtype(), int64);
  EXPECT_EQ(w.shape(), (Shape{2, 2}));
  EXPECT_EQ(w.to_vector<int64_t>(), (std::vector<int64_t>{0, 0, 1, 1}));
  EXPECT_EQ(where_indices(constant<float>({1, 0, 2})).to_vector<int64_t>(), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(where_indices(zeros(Shape{0, 3})).shape(), (Shape{0, 2}));
}

TEST(IndexOneHot, ValuesAxesErrors) {
  Tensor o = one_hot(constant<int32_t>({0, 3, -1, 2}), 3);
  EXPECT_EQ(o.shape(), (Shape{4, 3}));
  EXPECT_EQ(o.to_vector<float>(), (std::vector<float>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  Tensor a0 = one_hot(constant<uint8_t>({0, 2}), 3, constant<int32_t>(5), constant<int32_t>(1), 0);
  EXPECT_EQ(a0.shape(), (Shape{3, 2}));
  EXPECT_EQ(a0.to_vector<int32_t>(), (std::vector<int32_t>{5, 1, 1, 1, 1, 5}));
  EXPECT_EQ(one_hot(constant<int64_t>(1), 2, bool_).to_vector<int>(), (std::vector<int>{0, 1}));
  EXPECT_KILN_ERROR(one_hot(constant<int32_t>({0}), 3, constant(1), constant(0.0f)), TypeError,
                    "[one_hot] on_value is int32 but off_value is float32");
  EXPECT_KILN_ERROR(one_hot(constant<int32_t>({0}), -1), InvalidArgumentError, "depth must be non-negative, got -1");
  EXPECT_KILN_ERROR(one_hot(constant<int32_t>({0}), 3, float32, -2), InvalidArgumentError,
                    "axis -2 is out of range for indices of shape (1,); use -1");
  EXPECT_KILN_ERROR(one_hot(constant<float>({0}), 3), InvalidArgumentError, "indices must be an integer tensor");
  EXPECT_KILN_ERROR(one_hot(constant<int32_t>({0}), 3, constant<int32_t>({1}), constant(0)), InvalidArgumentError,
                    "on_value must be a scalar");
}

TEST(IndexSequenceMask, LengthsAndMaxlen) {
  Tensor m = sequence_mask(constant<int32_t>({1, 3, 2}), 4);
  EXPECT_EQ(m.shape(), (Shape{3, 4}));
  EXPECT_EQ(m.to_vector<int>(), (std::vector<int>{1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0}));
  Tensor d = sequence_mask(constant<int64_t>({1, -3, 2}), std::nullopt, float32);
  EXPECT_EQ(d.shape(), (Shape{3, 2}));
  EXPECT_EQ(d.to_vector<float>(), (std::vector<float>{1, 0, 0, 0, 1, 1}));
  Tensor f = sequence_mask(constant<float>({1.5f, 0.0f}));
  EXPECT_EQ(f.shape(), (Shape{2, 2}));
  EXPECT_EQ(f.to_vector<int>(), (std::vector<int>{1, 1, 0, 0}));
  EXPECT_EQ(sequence_mask(zeros(Shape{0}, int32)).shape(), (Shape{0, 0}));
  EXPECT_KILN_ERROR(sequence_mask(constant<int32_t>({1}), -2), InvalidArgumentError,
                    "[sequence_mask] maxlen must be non-negative, got -2");
  EXPECT_KILN_ERROR(sequence_mask(constant<bool>({true})), InvalidArgumentError,
                    "lengths must be an integer or float tensor, got bool");
}

}  // namespace
}  // namespace kiln
