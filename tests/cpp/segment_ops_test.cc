// The segment and search families through the C++ API (Python's
// tests/python/test_data_ops.py compares the same ops with TF and NumPy).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

TEST(Segment, SortedReductionsAndEmptySegments) {
  Tensor data = constant<float>({1, 2, 3, 4}, Shape{4});
  Tensor ids = constant<int32_t>({0, 0, 2, 2});
  EXPECT_EQ(segment_sum(data, ids).to_vector<float>(), (std::vector<float>{3, 0, 7}));
  EXPECT_EQ(segment_mean(data, ids).to_vector<float>(), (std::vector<float>{1.5, 0, 3.5}));
  EXPECT_EQ(segment_max(data, ids).to_vector<float>(), (std::vector<float>{2, 0, 4}));
  EXPECT_EQ(segment_min(data, ids).to_vector<float>(), (std::vector<float>{1, 0, 3}));
  EXPECT_EQ(segment_prod(data, ids).to_vector<float>(), (std::vector<float>{2, 1, 12}));  // TF: 1 when empty
  Tensor rows = constant<int64_t>({1, 2, 3, 4, 5, 6}, Shape{3, 2});
  Tensor s = segment_sum(rows, constant<int64_t>({0, 1, 1}));
  EXPECT_EQ(s.shape(), (Shape{2, 2}));
  EXPECT_EQ(s.to_vector<int64_t>(), (std::vector<int64_t>{1, 2, 8, 10}));
  EXPECT_EQ(segment_mean(constant<int32_t>({1, 2, 4}), constant<int32_t>({0, 0, 0})).to_vector<int32_t>(),
            (std::vector<int32_t>{2}));  // 7 / 3 truncated, as TF
}

TEST(Segment, UnsortedDropsNegativeIdsAndFillsIdentities) {
  Tensor data = constant<int32_t>({1, 2, 3, 4});
  Tensor ids = constant<int32_t>({0, 2, 0, -1});
  EXPECT_EQ(unsorted_segment_sum(data, ids, 3).to_vector<int32_t>(), (std::vector<int32_t>{4, 0, 2}));
  EXPECT_EQ(unsorted_segment_prod(data, ids, 3).to_vector<int32_t>(), (std::vector<int32_t>{3, 1, 2}));
  const int32_t lo = std::numeric_limits<int32_t>::lowest(), hi = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(unsorted_segment_max(data, ids, 3).to_vector<int32_t>(), (std::vector<int32_t>{3, lo, 2}));
  EXPECT_EQ(unsorted_segment_min(data, ids, 3).to_vector<int32_t>(), (std::vector<int32_t>{1, hi, 2}));
  Tensor grid = unsorted_segment_sum(constant<float>({1, 2, 3, 4}, Shape{2, 2}),
                                     constant<int32_t>({0, 0, 1, 2}, Shape{2, 2}), 3);
  EXPECT_EQ(grid.to_vector<float>(), (std::vector<float>{3, 3, 4}));
  float nan = std::nanf("");
  EXPECT_TRUE(std::isnan(unsorted_segment_max(constant<float>({1, nan}), constant<int32_t>({0, 0}), 1)
                             .to_vector<float>()[0]));
}

TEST(Segment, Errors) {
  EXPECT_KILN_ERROR(segment_sum(constant<int32_t>({1, 2}), constant<int32_t>({1, 0})), InvalidArgumentError,
                    "[segment_sum] segment_ids[1] = 0 is less than the id before it (1)");
  EXPECT_KILN_ERROR(segment_sum(constant<int32_t>({1, 2}), constant<int32_t>({0, 1, 1})), InvalidArgumentError,
                    "does not start with segment_ids.shape");
  EXPECT_KILN_ERROR(unsorted_segment_sum(constant<int32_t>({1, 2}), constant<int32_t>({0, 5}), 3),
                    InvalidArgumentError, "segment_ids[1] = 5 is out of range [0, 3)");
  EXPECT_KILN_ERROR(unsorted_segment_sum(constant<int32_t>({1}), constant<int32_t>({0}), -1),
                    InvalidArgumentError, "num_segments = -1 must not be negative");
  EXPECT_KILN_ERROR(segment_max(constant<float>({1}), constant<float>({0})), InvalidArgumentError,
                    "segment_ids must be int32 or int64, got float32");
}

TEST(Search, UniqueKeepsFirstAppearanceOrder) {
  UniqueResult u = unique_with_counts(constant<int32_t>({4, 1, 4, 2, 1, 4}), int64);
  EXPECT_EQ(u.y.to_vector<int32_t>(), (std::vector<int32_t>{4, 1, 2}));
  EXPECT_EQ(u.idx.to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 0, 2, 1, 0}));
  EXPECT_EQ(u.count->to_vector<int64_t>(), (std::vector<int64_t>{3, 2, 1}));
  UniqueResult z = unique(constant<float>({0.0f, -0.0f, std::nanf(""), std::nanf("")}));
  EXPECT_EQ(z.y.shape(), Shape{3});  // the zeros are one value, each NaN its own
  EXPECT_FALSE(z.count.has_value());
  EXPECT_KILN_ERROR(unique(constant<int32_t>({1, 2}, Shape{1, 2})), InvalidArgumentError,
                    "unique expects a 1D vector");
}

TEST(Search, BincountHistogramSearchsorted) {
  EXPECT_EQ(bincount(constant<int32_t>({1, 1, 3})).to_vector<int32_t>(), (std::vector<int32_t>{0, 2, 0, 1}));
  EXPECT_EQ(bincount(constant<int32_t>({1, 1, 3}), constant<float>({0.5, 1, 2}), 5).to_vector<float>(),
            (std::vector<float>{0, 1.5, 0, 2, 0}));
  EXPECT_EQ(bincount(constant<int32_t>({1, 1, 3}), std::nullopt, 0, 2).to_vector<int32_t>(),
            (std::vector<int32_t>{0, 2}));
  Tensor per_row = bincount(constant<int64_t>({1, 2, 2, 3}, Shape{2, 2}), std::nullopt, 0, std::nullopt, int64,
                            true, -1);
  EXPECT_EQ(per_row.shape(), (Shape{2, 4}));
  EXPECT_EQ(per_row.to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 1, 0, 0, 0, 1, 1}));
  EXPECT_KILN_ERROR(bincount(constant<int32_t>({1, -1})), InvalidArgumentError, "arr[1] = -1 is negative");
  Tensor h = histogram_fixed_width(constant<double>({-1, 0, 1.5, 2, 5, 15}), constant<double>({0, 5}), 5);
  EXPECT_EQ(h.to_vector<int32_t>(), (std::vector<int32_t>{2, 1, 1, 0, 2}));
  EXPECT_KILN_ERROR(histogram_fixed_width(constant<float>({1}), constant<float>({1, 1}), 2), InvalidArgumentError,
                    "value_range should satisfy value_range[0] < value_range[1]");
  Tensor seq = constant<int32_t>({1, 3, 5, 2, 4, 6}, Shape{2, 3});
  Tensor vals = constant<int32_t>({3, 4, 1, 7}, Shape{2, 2});
  EXPECT_EQ(searchsorted(seq, vals).to_vector<int32_t>(), (std::vector<int32_t>{1, 2, 0, 3}));
  EXPECT_EQ(searchsorted(seq, vals, true, int64).to_vector<int64_t>(), (std::vector<int64_t>{2, 2, 0, 3}));
  EXPECT_KILN_ERROR(searchsorted(seq, constant<int32_t>({3, 4}, Shape{1, 2})), InvalidArgumentError,
                    "the leading dimensions of both must match");
}

}  // namespace
}  // namespace kiln
