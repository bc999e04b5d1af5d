// kiln::data's batching: batch (and its two rewrites: batches of tensor
// slices as row views, a map with a batched function after the batch),
// padded_batch and unbatch; values, specs, cardinality and errors.
#include <gtest/gtest.h>

#include <atomic>

#include "data_test_util.h"
#include "error_matchers.h"
#include "kiln/data.h"
#include "kiln/tensor.h"

namespace kiln::data {
namespace {

using namespace testing;

// batch() of from_tensor_slices hands out row ranges of the sliced tensor:
// views of its buffer, with the values and spec an element-by-element batch has.
TEST(DataTransforms, BatchOfSlicesIsAViewOfRowRanges) {
  Array source =
      constant<int64_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}).array().reshape(Shape{6, 2});
  for (bool drop : {false, true}) {
    DatasetPtr fused = batch(from_tensor_slices({source}), 4, drop);
    // A map between them keeps the element-by-element path: the reference.
    DatasetPtr plain =
        batch(map(from_tensor_slices({source}), [](Element e, const RunOptions&) { return e; },
                  {tensor_spec(int64, Shape{2})}),
              4, drop);
    EXPECT_EQ(fused->type_name(), "_BatchDataset");
    EXPECT_EQ(fused->cardinality(), plain->cardinality());
    EXPECT_EQ(describe(fused->spec()[0]), describe(plain->spec()[0]));
    std::vector<Element> a = collect(fused), b = collect(plain);
    ASSERT_EQ(a.size(), drop ? 1u : 2u);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(shape_of_first(a[i]), shape_of_first(b[i]));
      EXPECT_EQ(values_of(a[i][0]), values_of(b[i][0]));
      EXPECT_EQ(std::get<Array>(a[i][0]).buffer().data(), source.buffer().data())
          << "a batch of slices shares the source's buffer";
    }
  }
}

// map(f).batch(n) with a batched form of f: one call per batch, the same elements.
TEST(DataTransforms, BatchAfterAMapWithABatchedFunctionCallsItOncePerBatch) {
  std::atomic<int> per_element{0}, per_batch{0};
  ElementFn batched = [&](Element e, const RunOptions&) {
    ++per_batch;
    Tensor t(std::get<Array>(e[0]));
    std::vector<int64_t> v = t.to_vector<int64_t>();
    for (int64_t& x : v) x *= 10;
    return Element{constant(v).array()};
  };
  DatasetPtr fused =
      batch(map(range_of(10), times(10, &per_element), kScalar, 0, true, batched), 4, false);
  DatasetPtr plain = batch(map(range_of(10), times(10, &per_element), kScalar), 4, false);
  EXPECT_EQ(fused->type_name(), "_BatchDataset");
  EXPECT_EQ(describe(fused->spec()[0]), describe(plain->spec()[0]));
  EXPECT_EQ(fused->cardinality(), 3);
  std::vector<Element> a = collect(fused);
  EXPECT_EQ(per_batch.load(), 3);
  EXPECT_EQ(per_element.load(), 0);
  std::vector<Element> b = collect(plain);
  EXPECT_EQ(per_element.load(), 10);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(values_of(a[i][0]), values_of(b[i][0]));
}

TEST(DataTransforms, BatchStacksRowsAndKeepsTheRemainder) {
  DatasetPtr b = batch(range_of(7), 3, false);
  EXPECT_EQ(b->cardinality(), 3);
  EXPECT_EQ(b->type_name(), "_BatchDataset");
  EXPECT_EQ(describe(b->spec()[0]), "TensorSpec(shape=(None,), dtype=int64)");
  std::vector<Element> got = collect(b);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(values_of(got[0][0]), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(values_of(got[1][0]), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(values_of(got[2][0]), (std::vector<int64_t>{6}));
  EXPECT_EQ(std::get<Array>(got[2][0]).shape(), Shape{1});

  DatasetPtr dropped = batch(range_of(7), 3, true);
  EXPECT_EQ(dropped->cardinality(), 2);
  EXPECT_EQ(describe(dropped->spec()[0]), "TensorSpec(shape=(3,), dtype=int64)");
  EXPECT_EQ(collect(dropped).size(), 2u);
  EXPECT_EQ(batch(repeat(range_of(2), -1), 3, false)->cardinality(), kInfiniteCardinality);

  // Rows of matrices become a rank-3 batch; a batch of batches nests.
  DatasetPtr rows = from_tensor_slices({constant<int64_t>(iota(0, 12), Shape{3, 2, 2}).array()});
  got = collect(batch(rows, 2, false));
  EXPECT_EQ(std::get<Array>(got[0][0]).shape(), (Shape{2, 2, 2}));
  EXPECT_EQ(values_of(got[0][0]), iota(0, 8));
  EXPECT_EQ(values_of(got[1][0]), iota(8, 12));
  EXPECT_EQ(values_of(collect(batch(batch(range_of(4), 2, true), 2, true))[0][0]), iota(0, 4));
}

TEST(DataTransforms, BatchErrors) {
  EXPECT_KILN_ERROR(batch(range_of(3), 0, false), InvalidArgumentError,
                    "Batch size must be greater than zero, got 0.");
  EXPECT_KILN_ERROR(batch(range_of(3), -2, false), InvalidArgumentError,
                    "Batch size must be greater than zero, got -2.");
  DatasetPtr ragged = list_of({i64s({1, 2}), i64s({3, 4, 5})}, Shape{kUnknownDim});
  EXPECT_KILN_ERROR(collect(batch(ragged, 2, false)), InvalidArgumentError,
                    "Cannot add tensor to the batch: number of elements does not match. Shapes "
                    "are: [tensor]: [3], [batch]: [2] (component 0, element 1 of the batch).");
  DatasetPtr windows = window(range_of(4), 2, 2, 1, true);
  EXPECT_KILN_ERROR(collect(batch(windows, 2, false)), InvalidArgumentError,
                    "Cannot batch component 0: it is a dataset (a window)");
}

TEST(DataTransforms, PaddedBatchPadsToTheLargestOrToTheGivenShape) {
  DatasetPtr d = list_of({i64s({1}), i64s({2, 2}), i64s({3, 3, 3})}, Shape{kUnknownDim});
  DatasetPtr largest = padded_batch(d, 3, {Shape::unknown_rank()}, {i64(-1)}, false);
  EXPECT_EQ(largest->type_name(), "_PaddedBatchDataset");
  EXPECT_EQ(describe(largest->spec()[0]), "TensorSpec(shape=(None, None), dtype=int64)");
  std::vector<Element> got = collect(largest);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<Array>(got[0][0]).shape(), (Shape{3, 3}));
  EXPECT_EQ(values_of(got[0][0]), (std::vector<int64_t>{1, -1, -1, 2, 2, -1, 3, 3, 3}));

  DatasetPtr to4 = padded_batch(d, 2, {Shape{4}}, {i64(0)}, false);
  EXPECT_EQ(describe(to4->spec()[0]), "TensorSpec(shape=(None, 4), dtype=int64)");
  got = collect(to4);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(values_of(got[0][0]), (std::vector<int64_t>{1, 0, 0, 0, 2, 2, 0, 0}));
  EXPECT_EQ(values_of(got[1][0]), (std::vector<int64_t>{3, 3, 3, 0}));
}

TEST(DataTransforms, PaddedBatchErrors) {
  DatasetPtr d = list_of({i64s({1}), i64s({2, 2, 2})}, Shape{kUnknownDim});
  // Known only when the element comes: the error is the batch's.
  EXPECT_KILN_ERROR(collect(padded_batch(d, 2, {Shape{2}}, {i64(0)}, false)), DataLossError,
                    "Attempted to pad to a smaller size than the input element. Component 0 of "
                    "element 1 has shape [3], larger than padded_shapes [2].");
  // Known from the spec: the error is padded_batch's own.
  DatasetPtr three = list_of({i64s({1, 2, 3})}, Shape{3});
  EXPECT_KILN_ERROR(padded_batch(three, 2, {Shape{2}}, {i64(0)}, false), ValueError,
                    "The padded shape (2,) is not compatible with the shape (3,) of component 0.");
  EXPECT_KILN_ERROR(padded_batch(three, 2, {Shape{2, 2}}, {i64(0)}, false), ValueError,
                    "is not compatible with the shape (3,)");
  EXPECT_KILN_ERROR(padded_batch(three, 2, {Shape{4}}, {constant(0.5f).array()}, false), TypeError,
                    "padded_batch: padding_values[0] must be a scalar of the component's dtype");
  EXPECT_KILN_ERROR(padded_batch(three, 2, {}, {}, false), InvalidArgumentError,
                    "padded_shapes and padding_values need one entry per component (1).");
  EXPECT_KILN_ERROR(padded_batch(three, 0, {Shape{4}}, {i64(0)}, false), InvalidArgumentError,
                    "Batch size must be greater than zero, got 0.");
}

TEST(DataTransforms, UnbatchSplitsAlongTheFirstAxis) {
  DatasetPtr u = unbatch(batch(range_of(7), 3, false));
  EXPECT_EQ(describe(u->spec()[0]), "TensorSpec(shape=(), dtype=int64)");
  EXPECT_EQ(u->cardinality(), kUnknownCardinality);
  EXPECT_EQ(scalars(u), iota(0, 7));
  EXPECT_EQ(unbatch(batch(repeat(range_of(2), -1), 2, false))->cardinality(), kInfiniteCardinality);
  DatasetPtr two =
      from_tensors({constant<int64_t>({1, 2, 3, 4}, Shape{2, 2}).array(), i64s({7, 8})});
  std::vector<Element> got = collect(unbatch(two));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(values_of(got[1][0]), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(item(got[1][1]), 8);
}

TEST(DataTransforms, UnbatchErrors) {
  EXPECT_KILN_ERROR(unbatch(range_of(3)), ValueError,
                    "Cannot unbatch an input with scalar components: every component needs a first "
                    "dimension to split along, but one is TensorSpec(shape=(), dtype=int64).");
  // A spec of unknown rank lets a scalar through to the element itself.
  auto list = std::make_shared<std::vector<Element>>(std::vector<Element>{{i64(1)}});
  DatasetPtr unknown = from_elements(list, {tensor_spec(int64, Shape::unknown_rank())});
  EXPECT_KILN_ERROR(collect(unbatch(unknown)), ValueError,
                    "Unbatching a tensor is only supported for rank >= 1: unbatch got a scalar "
                    "component (shape ())");
  DatasetPtr mismatched = from_tensors({i64s({1, 2}), i64s({1, 2, 3})});
  EXPECT_KILN_ERROR(
      collect(unbatch(mismatched)), InvalidArgumentError,
      "unbatch: the components of an element differ in their first dimension (2 and 3).");
}

}  // namespace
}  // namespace kiln::data
