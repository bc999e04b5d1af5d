// Gradients of the shape, index, segment and creation ops against central
// finite differences (gradient_check.h), plus the cases differences cannot
// check: outputs with no incoming gradient, ties, None inputs, and the
// UnimplementedErrors of gradients that need a rank known only when a graph
// runs.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "error_matchers.h"
#include "gradient_check.h"
#include "ops/gradient.h"

namespace kiln {
namespace {

using testing::expect_gradient_matches;
using testing::random_doubles;
using IntList = std::vector<int64_t>;

Array ints(std::vector<int32_t> v, const Shape& s) { return constant(v, s).array(); }
Array ints(std::vector<int32_t> v) { return constant(v).array(); }
Array doubles(std::vector<double> v, const Shape& s) { return constant(v, s).array(); }

// The gradients of `name` at `inputs` when only output `output` gets the
// incoming gradient `seed` (other outputs get none); nullopt for None.
std::vector<std::optional<Array>> gradients_of_output(std::string_view name,
                                                      std::vector<Array> inputs, const Attrs& attrs,
                                                      size_t output, const Array& seed) {
  std::vector<std::optional<Array>> seeds(output + 1);
  seeds[output] = seed;
  return testing::op_gradients(name, inputs, attrs, seeds);
}

std::vector<double> values(const std::optional<Array>& a) {
  EXPECT_TRUE(a.has_value()) << "no gradient";
  return a ? Tensor(*a).to_vector<double>() : std::vector<double>{};
}

// ---- shape ops ----

TEST(ShapeGrad, ReshapeExpandSqueezeTransposeBroadcast) {
  Array x = random_doubles(Shape{2, 3, 1});
  expect_gradient_matches("reshape", {x}, {IntList{3, -1}});
  expect_gradient_matches("expand_dims", {x}, {int64_t{-1}});
  expect_gradient_matches("squeeze", {x}, {IntList{}});
  expect_gradient_matches("squeeze", {x}, {IntList{-1}});
  expect_gradient_matches("transpose", {x}, {IntList{2, 0, 1}, false});
  expect_gradient_matches("transpose", {x}, {IntList{-1, 0, -2}, false});
  expect_gradient_matches("transpose", {x}, {IntList{}, false});  // reversed axes
  expect_gradient_matches("broadcast_to", {random_doubles(Shape{3, 1})}, {IntList{2, 3, 4}});
  expect_gradient_matches("broadcast_to", {random_doubles(Shape{})}, {IntList{2, 2}});
}

TEST(ShapeGrad, Slice) {
  Array x = random_doubles(Shape{4, 5});
  expect_gradient_matches("slice", {x}, {IntList{1, 2}, IntList{2, 3}});
  expect_gradient_matches("slice", {x}, {IntList{0, 3}, IntList{-1, -1}});
  expect_gradient_matches("slice", {x}, {IntList{4, 0}, IntList{0, 5}});  // empty
}

Attrs strided(IntList begin, IntList end, IntList strides, int64_t begin_mask = 0,
              int64_t end_mask = 0, int64_t ellipsis = 0, int64_t new_axis = 0,
              int64_t shrink = 0) {
  return {begin, end, strides, begin_mask, end_mask, ellipsis, new_axis, shrink};
}

TEST(ShapeGrad, StridedSliceEveryMask) {
  Array x = random_doubles(Shape{4, 5, 3});
  const std::vector<Attrs> cases = {
      strided({1, 0, 0}, {3, 5, 3}, {1, 2, 1}),                          // x[1:3, ::2]
      strided({-1, 4, 0}, {0, 0, 3}, {-1, -2, 1}),                       // negative strides
      strided({0, 1}, {0, 4}, {1, 1}, 1, 1),                             // begin/end masks
      strided({2, -1}, {3, 0}, {1, 1}, 0, 0, 0, 0, 3),                   // x[2, -1] (shrink)
      strided({0, 1}, {0, 2}, {1, 1}, 0, 0, 1, 0, 2),                    // x[..., 1]
      strided({0, 1, 0}, {0, 3, 0}, {1, 1, 1}, 0, 0, 0, 1),              // x[newaxis, 1:3]
      strided({1, 0, 0, 2}, {2, 0, 0, 3}, {1, 1, 1, 1}, 0, 0, 4, 2, 1),  // x[1, newaxis, ..., 2:3]
      strided({-3, 0, 2}, {-1, 0, -4}, {2, 1, -1}, 0, 2, 0, 0, 0),       // negative begin, end
      strided({10}, {-10}, {-3}),                                        // clamped bounds
      strided({3}, {1}, {1}),                                            // empty
  };
  for (const Attrs& attrs : cases) expect_gradient_matches("strided_slice", {x}, attrs);
}

TEST(ShapeGrad, SplitAndUnstack) {
  Array x = random_doubles(Shape{3, 6});
  expect_gradient_matches("split", {x}, {int64_t{1}, int64_t{3}, IntList{}});
  expect_gradient_matches("split", {x}, {int64_t{-1}, int64_t{3}, IntList{1, -1, 2}});
  expect_gradient_matches("unstack", {x}, {int64_t{3}, int64_t{0}});
  expect_gradient_matches("unstack", {x}, {int64_t{6}, int64_t{-1}});
}

TEST(ShapeGrad, SplitOutputsWithoutGradientGetZeros) {
  Array x = random_doubles(Shape{2, 3});
  auto dx = gradients_of_output("split", {x}, {int64_t{1}, int64_t{3}, IntList{}}, 1,
                                doubles({5, 7}, Shape{2, 1}));
  ASSERT_TRUE(dx[0]);
  EXPECT_EQ(dx[0]->shape(), (Shape{2, 3}));
  EXPECT_EQ(values(dx[0]), (std::vector<double>{0, 5, 0, 0, 7, 0}));
  dx = gradients_of_output("unstack", {x}, {int64_t{2}, int64_t{0}}, 0,
                           doubles({1, 2, 3}, Shape{3}));
  EXPECT_EQ(values(dx[0]), (std::vector<double>{1, 2, 3, 0, 0, 0}));
}

TEST(ShapeGrad, ReverseConcatStackTileRoll) {
  Array x = random_doubles(Shape{2, 3, 2});
  expect_gradient_matches("reverse", {x}, {IntList{0, -1}});
  expect_gradient_matches("concat",
                          {random_doubles(Shape{2, 1}), random_doubles(Shape{2, 3}, -2, 2, 8),
                           random_doubles(Shape{2, 2}, -2, 2, 9)},
                          {int64_t{-1}});
  expect_gradient_matches("concat", {x}, {int64_t{0}});
  expect_gradient_matches(
      "stack", {random_doubles(Shape{2, 3}), random_doubles(Shape{2, 3}, -2, 2, 8)}, {int64_t{1}});
  expect_gradient_matches("stack", {random_doubles(Shape{2}), random_doubles(Shape{2}, -2, 2, 8)},
                          {int64_t{-1}});
  expect_gradient_matches("tile", {x}, {IntList{2, 1, 3}});
  expect_gradient_matches("tile", {random_doubles(Shape{})}, {IntList{}});
  expect_gradient_matches("roll", {x}, {IntList{1, -4}, IntList{0, 1}});
  expect_gradient_matches("roll", {x}, {IntList{2, 1}, IntList{1, 1}});  // one axis twice
}

TEST(ShapeGrad, ConcatPiecesGoBackToTheirInputs) {
  auto dx = gradients_of_output("concat", {random_doubles(Shape{2}), random_doubles(Shape{1})},
                                {int64_t{0}}, 0, doubles({1, 2, 3}, Shape{3}));
  EXPECT_EQ(values(dx[0]), (std::vector<double>{1, 2}));
  EXPECT_EQ(values(dx[1]), (std::vector<double>{3}));
}

TEST(ShapeGrad, PadMirrorModes) {  // constant_values is unused: its difference is 0
  Array x = random_doubles(Shape{3, 4});
  Array c = doubles({0.5}, Shape{});
  for (const char* mode : {"REFLECT", "SYMMETRIC", "reflect"}) {
    expect_gradient_matches("pad", {x, c}, {IntList{2, 1, 0, 3}, std::string(mode)});
  }
}

// CONSTANT: the input gets its part of dy; constant_values gets None, as
// TF's PadV2 (so finite differences, which see it, cannot check this mode).
TEST(ShapeGrad, PadConstant) {
  Array seed = doubles({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Shape{4, 3});
  auto dx = gradients_of_output("pad", {random_doubles(Shape{2, 2}), doubles({1}, Shape{})},
                                {IntList{1, 1, 0, 1}, std::string("CONSTANT")}, 0, seed);
  ASSERT_TRUE(dx[0]);
  EXPECT_EQ(dx[0]->shape(), (Shape{2, 2}));
  EXPECT_EQ(values(dx[0]), (std::vector<double>{4, 5, 7, 8}));
  EXPECT_FALSE(dx[1]) << "constant_values should get no gradient";
}

TEST(ShapeGrad, Fill) {
  expect_gradient_matches("fill", {doubles({1.5}, Shape{})}, {IntList{2, 3}});
}

// ---- index ops ----

TEST(IndexGrad, GatherAxesBatchDimsAndDuplicates) {
  Array params = random_doubles(Shape{4, 3});
  expect_gradient_matches("gather", {params, ints({2, 0, 2, 2})}, {int64_t{0}, int64_t{0}});
  expect_gradient_matches("gather", {params, ints({1, 1, 0, 3}, Shape{2, 2})},
                          {int64_t{-2}, int64_t{0}});
  expect_gradient_matches("gather", {params, ints({2, 0, 2})}, {int64_t{1}, int64_t{0}});
  expect_gradient_matches("gather", {params, ints({2, 2}, Shape{1, 2})}, {int64_t{-1}, int64_t{0}});
  Array batched = random_doubles(Shape{2, 3, 4});
  expect_gradient_matches("gather", {batched, ints({0, 0, 2, 1}, Shape{2, 2})},
                          {int64_t{1}, int64_t{1}});
  expect_gradient_matches("gather", {batched, ints({3, 3, 0, 1}, Shape{2, 2})},
                          {int64_t{2}, int64_t{1}});
}

TEST(IndexGrad, GatherNdWithDuplicates) {
  Array params = random_doubles(Shape{3, 4});
  expect_gradient_matches("gather_nd", {params, ints({0, 1, 2, 3, 0, 1}, Shape{3, 2})},
                          {int64_t{0}});
  expect_gradient_matches("gather_nd", {params, ints({2, 2, 0}, Shape{3, 1})}, {int64_t{0}});
  Array batched = random_doubles(Shape{2, 3, 2});
  expect_gradient_matches("gather_nd", {batched, ints({1, 1, 1, 0}, Shape{2, 2, 1})}, {int64_t{1}});
}

TEST(IndexGrad, ScatterNdWithDuplicates) {
  Array updates = random_doubles(Shape{3, 2});
  expect_gradient_matches("scatter_nd", {ints({1, 3, 1}, Shape{3, 1}), updates}, {Shape{4, 2}});
}

TEST(IndexGrad, TensorScatterNdUpdate) {
  Array tensor = random_doubles(Shape{4, 2});
  Array updates = random_doubles(Shape{2, 2}, -2, 2, 8);
  expect_gradient_matches("tensor_scatter_nd_update", {tensor, ints({3, 0}, Shape{2, 1}), updates});
  expect_gradient_matches("tensor_scatter_nd_update",
                          {tensor, ints({1, 1}, Shape{1, 2}), doubles({2.5}, Shape{1})});
}

TEST(IndexGrad, BooleanMask) {
  Array x = random_doubles(Shape{2, 3});
  Array mask = constant(std::vector<bool>{true, false, true}).array();
  expect_gradient_matches("boolean_mask", {x, mask}, {int64_t{1}});
  Array mask2 =
      constant(std::vector<bool>{false, true, true, true, false, true}, Shape{2, 3}).array();
  expect_gradient_matches("boolean_mask", {x, mask2}, {int64_t{0}});
}

// ---- segment ops ----

TEST(SegmentGrad, SortedReductions) {
  Array data = random_doubles(Shape{5, 2}, 0.5, 2);
  Array ids = ints({0, 0, 1, 3, 3});  // segment 2 is empty
  for (const char* name :
       {"segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod"}) {
    expect_gradient_matches(name, {data, ids});
  }
}

TEST(SegmentGrad, UnsortedReductionsDropNegativeIds) {
  Array data = random_doubles(Shape{2, 3, 2}, -2, -0.5);
  Array ids = ints({2, -1, 0, 1, 2, -1}, Shape{2, 3});  // max of an empty segment: -inf
  for (const char* name : {"unsorted_segment_sum", "unsorted_segment_max", "unsorted_segment_min",
                           "unsorted_segment_prod"}) {
    expect_gradient_matches(name, {data, ids}, {int64_t{3}});
  }
}

TEST(SegmentGrad, ProdWithZeros) {  // one zero: the rest's product; two zeros: 0
  Array data = doubles({2, 0, 3, 0, 0, 5}, Shape{6});
  Array ids = ints({0, 0, 0, 1, 1, 1});
  for (const char* name : {"segment_prod", "unsorted_segment_prod"}) {
    Attrs attrs = std::string_view(name) == "segment_prod" ? Attrs{} : Attrs{int64_t{2}};
    expect_gradient_matches(name, {data, ids}, attrs);
    auto dx = gradients_of_output(name, {data, ids}, attrs, 0, doubles({1, 1}, Shape{2}));
    EXPECT_EQ(values(dx[0]), (std::vector<double>{0, 6, 0, 0, 0, 0})) << name;
  }
}

TEST(SegmentGrad, MaxSplitsAmongTies) {
  Array data = doubles({1, 3, 3, 2, 2}, Shape{5});
  auto dx = gradients_of_output("segment_max", {data, ints({0, 0, 0, 1, 1})}, {}, 0,
                                doubles({6, 4}, Shape{2}));
  EXPECT_EQ(values(dx[0]), (std::vector<double>{0, 3, 3, 2, 2}));
  dx = gradients_of_output("unsorted_segment_min", {data, ints({1, 1, -1, 0, 0})}, {int64_t{2}}, 0,
                           doubles({4, 8}, Shape{2}));
  EXPECT_EQ(values(dx[0]), (std::vector<double>{8, 0, 0, 2, 2}));
}

// ---- which ops have none ----

TEST(ShapeIndexGrad, NonDifferentiableOpsAreDeclared) {
  for (const char* name : {"shape", "size", "rank", "range", "linspace", "where_indices", "one_hot",
                           "sequence_mask", "unique", "unique_with_counts", "bincount",
                           "histogram_fixed_width", "lower_bound", "upper_bound"}) {
    const OpDef& op = Registry::get().at(name);
    EXPECT_TRUE(op.no_gradient && op.grad == nullptr) << name;
  }
}

// ---- UnimplementedErrors: ranks known only when a graph runs ----

// A builder whose values all have unknown shapes (a graph's placeholders of
// unknown rank); apply makes new such values.
class UnknownRankBuilder : public GradBuilder {
 public:
  GradValue value(DType dtype) {
    specs_.push_back({dtype, Shape::unknown_rank()});
    return {static_cast<int>(specs_.size()) - 1};
  }
  std::vector<GradValue> apply(const OpDef&, std::span<const GradValue>, const Attrs&,
                               std::span<const std::pair<int, GradValue>>) override {
    return {value(float64)};  // the ops these tests reach have one output
  }
  GradValue constant(Array a) override {
    specs_.push_back({a.dtype(), a.shape()});
    return {static_cast<int>(specs_.size()) - 1};
  }
  TensorSpec spec(GradValue v) override { return specs_.at(static_cast<size_t>(v.id)); }

 private:
  std::vector<TensorSpec> specs_;
};

void build_gradient(std::string_view name, std::vector<DType> input_dtypes, const Attrs& attrs) {
  const OpDef& op = Registry::get().at(name);
  UnknownRankBuilder b;
  std::vector<GradValue> inputs;
  for (DType d : input_dtypes) inputs.push_back(b.value(d));
  GradValue outputs[] = {b.value(float64)};
  GradValue grads[] = {b.value(float64)};
  bool flags[8] = {};
  GradArgs args{op, attrs, inputs, outputs, grads, std::span<const bool>(flags, attrs.size())};
  std::vector<GradValue> dx(inputs.size());
  Grad g(b);
  op.grad(g, args, dx);
}

TEST(ShapeIndexGrad, UnknownRankErrorsSayWhatToDo) {
  EXPECT_KILN_ERROR(build_gradient("concat", {float64, float64}, {int64_t{-1}}), UnimplementedError,
                    "[concat] kiln cannot build this op's gradient for the negative axis -1");
  EXPECT_KILN_ERROR(build_gradient("unsorted_segment_sum", {float64, int32}, {int64_t{3}}),
                    UnimplementedError, "only when the ranks of data and segment_ids are known");
}

}  // namespace
}  // namespace kiln
