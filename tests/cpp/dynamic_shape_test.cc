// Graphs with dynamic shapes: attributes given by tensors (Graph::add_op's
// attr_inputs), what a graph knows of small integer values while it is built
// (Graph::known_value), and plans that read such attributes each run.
#include <gtest/gtest.h>

#include "error_matchers.h"
#include "kiln/graph.h"
#include "kiln/ops.h"
#include "kiln/session.h"
#include "ops/registry.h"
#include "ops/tensor_attrs.h"
#include "runtime/plan.h"

namespace kiln {
namespace {

using Ints = std::vector<int32_t>;
using IntList = std::vector<int64_t>;

Array i32(Ints values, Shape shape) { return constant(values, shape).array(); }
Array f32(std::vector<float> values, Shape shape) { return constant(values, shape).array(); }

Output shape_of(Graph& g, Output x) { return g.op("shape", {x}, {int32}); }

// x[i] as strided_slice encodes it: begin [i], end [i + 1], shrink bit 0.
Output element(Graph& g, Output v, int64_t i) {
  return g.op("strided_slice", {v}, {IntList{i}, IntList{i + 1}, IntList{1}, 0, 0, 0, 0, 1});
}

std::vector<std::optional<int64_t>> known(const Graph& g, Output o) {
  const PartialValue* v = g.known_value(o);
  if (!v) return {};
  std::vector<std::optional<int64_t>> out;
  for (size_t i = 0; i < v->elements.size(); ++i) {
    out.push_back(v->known[i] ? std::optional(v->elements[i]) : std::nullopt);
  }
  return out;
}

TEST(DynamicShape, ShapeOfAPartlyKnownTensorIsPartlyKnown) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3}, "x");
  Output s = shape_of(g, x);
  EXPECT_EQ(known(g, s), (std::vector<std::optional<int64_t>>{std::nullopt, 3}));
  EXPECT_EQ(known(g, element(g, s, 1)), (std::vector<std::optional<int64_t>>{3}));
  EXPECT_EQ(known(g, element(g, s, 0)), (std::vector<std::optional<int64_t>>{std::nullopt}));
  // Arithmetic on known values is evaluated; rank and size of known shapes are known.
  Output minus_one = g.op("subtract", {element(g, s, 1), g.constant(i32({1}, Shape{}))});
  EXPECT_EQ(known(g, minus_one), (std::vector<std::optional<int64_t>>{2}));
  EXPECT_EQ(known(g, g.op("rank", {x})), (std::vector<std::optional<int64_t>>{2}));
  EXPECT_TRUE(known(g, g.op("size", {x}, {int32})).empty());
  // Stack and concat carry the known elements through.
  Output packed = g.op("stack", {element(g, s, 0), g.constant(i32({7}, Shape{}))}, {int64_t{0}});
  EXPECT_EQ(known(g, packed), (std::vector<std::optional<int64_t>>{std::nullopt, 7}));
}

TEST(DynamicShape, AKnownValueIsReadWhenTheNodeIsBuilt) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3}, "x");
  // tf.reshape(x, [-1, tf.shape(x)[1]]): the shape is known, so no input is added.
  Output target = g.op("stack", {g.constant(i32({-1}, Shape{})), element(g, shape_of(g, x), 1)},
                       {int64_t{0}});
  Output y = g.op("reshape", {x}, {IntList{}}, {{"shape", target}});
  EXPECT_EQ(g.spec(y).shape, (Shape{kUnknownDim, 3}));
  EXPECT_EQ(g.node(y.node).inputs.size(), 1u);
  EXPECT_TRUE(g.node(y.node).attr_inputs.empty());
  EXPECT_EQ(std::get<IntList>(g.node(y.node).attrs[0]), (IntList{-1, 3}));
}

TEST(DynamicShape, APartlyKnownShapeGivesAPartlyKnownResultAndOnePlanServesEveryBatch) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3}, "x");
  // tf.ones([tf.shape(x)[0], 2]) * 5 and tf.tile(x, [tf.shape(x)[0], 1]).
  Output rows = element(g, shape_of(g, x), 0);
  Output dims = g.op("stack", {rows, g.constant(i32({2}, Shape{}))}, {int64_t{0}});
  Output ones = g.op("fill", {g.constant(f32({5}, Shape{}))}, {IntList{}}, {{"shape", dims}});
  EXPECT_EQ(g.spec(ones).shape, (Shape{kUnknownDim, 2}));
  Output multiples = g.op("stack", {rows, g.constant(i32({1}, Shape{}))}, {int64_t{0}});
  Output tiled = g.op("tile", {x}, {IntList{}}, {{"multiples", multiples}});
  EXPECT_EQ(g.spec(tiled).shape, (Shape{kUnknownDim, 3}));
  // The unknown multiple is x's first dimension: read off x when the plan
  // runs, so the tile node's inputs are x alone (no shape, slice or stack step).
  EXPECT_TRUE(g.node(tiled.node).attr_inputs.empty());
  EXPECT_EQ(g.node(tiled.node).attr_dims, (std::vector<AttrDim>{{0, 0, 0, 0}}));
  EXPECT_EQ(g.node(tiled.node).inputs, (std::vector<Output>{x}));
  // fill has no x input: x joins its inputs, after its own.
  EXPECT_EQ(g.node(ones.node).inputs.size(), 2u);
  EXPECT_EQ(g.node(ones.node).attr_dims, (std::vector<AttrDim>{{0, 0, 1, 0}}));
  Session s(g);
  EXPECT_EQ(s.plan(std::vector<Output>{ones, tiled}, std::vector<Output>{x})->num_steps(), 2);
  for (int32_t n : {1, 2, 4}) {
    std::vector<float> xs(static_cast<size_t>(n) * 3, 1.5f);
    std::vector<Tensor> out = s.run({ones, tiled}, {{x, f32(xs, Shape{n, 3})}});
    EXPECT_EQ(out[0].shape(), (Shape{n, 2}));
    EXPECT_EQ(out[0].to_vector<float>(), std::vector<float>(static_cast<size_t>(n) * 2, 5.0f));
    EXPECT_EQ(out[1].shape(), (Shape{n * n, 3}));
  }
}

TEST(DynamicShape, AnAttributeKnownOnlyWhenTheGraphRunsIsReadEachRun) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3}, "x");
  Output axis = g.placeholder(int32, Shape{}, "axis");
  Output sum = g.op("reduce_sum", {x}, {IntList{}, false, false}, {{"axis", axis}});
  EXPECT_FALSE(g.spec(sum).shape.has_known_rank());  // TF: unknown without the axis
  Output kept = g.op("reduce_sum", {x}, {IntList{}, true, false}, {{"axis", axis}});
  EXPECT_EQ(g.spec(kept).shape, (Shape{kUnknownDim, kUnknownDim}));
  Session s(g);
  Array xs = f32({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  EXPECT_EQ(s.run({sum}, {{x, xs}, {axis, i32({0}, Shape{})}})[0].to_vector<float>(),
            (std::vector<float>{5, 7, 9}));
  EXPECT_EQ(s.run({sum}, {{x, xs}, {axis, i32({1}, Shape{})}})[0].to_vector<float>(),
            (std::vector<float>{6, 15}));
  // A bad value names the op, the value and the node.
  EXPECT_KILN_ERROR(s.run({sum}, {{x, xs}, {axis, i32({5}, Shape{})}}), InvalidArgumentError,
                    "axis 5 is out of range for a tensor of rank 2");
  EXPECT_KILN_ERROR(s.run({sum}, {{x, xs}, {axis, i32({5}, Shape{})}}), InvalidArgumentError,
                    "while running node 'Sum'");
}

TEST(DynamicShape, AttributeTensorsMustBeIntegersOfTheRightRank) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3}, "x");
  Output f = g.placeholder(float32, Shape{2}, "f");
  EXPECT_KILN_ERROR(g.op("reshape", {x}, {IntList{}}, {{"shape", f}}), TypeError,
                    "[reshape] shape must be a scalar or vector of dtype int32 or int64, got a "
                    "float32 tensor of shape (2,).");
  Output m = g.placeholder(int32, Shape{2, 2}, "m");
  EXPECT_KILN_ERROR(g.op("expand_dims", {x}, {int64_t{0}}, {{"axis", m}}), TypeError,
                    "[expand_dims] axis must be a scalar of dtype int32 or int64");
  // An attribute that TF never takes as a tensor cannot be given by one.
  Output k = g.placeholder(int32, Shape{}, "k");
  EXPECT_KILN_ERROR(g.op("stack", {x}, {int64_t{0}}, {{"axis", k}}), InvalidArgumentError,
                    "[stack] attribute 'axis' cannot be given by a tensor; none of this op's can.");
  EXPECT_KILN_ERROR(g.op("tile", {x}, {IntList{}}, {{"multiple", k}}), InvalidArgumentError,
                    "[tile] attribute 'multiple' cannot be given by a tensor; these can: 'multiples'.");
  Output s = g.placeholder(int32, Shape{2}, "s");
  EXPECT_KILN_ERROR(g.op("tile", {x}, {IntList{}}, {{"multiples", s}, {"multiples", s}}),
                    InvalidArgumentError, "[tile] attribute 'multiples' is given by two tensors");
}

TEST(DynamicShape, UnknownMarkersNeverReachAKernel) {
  // INT64_MIN is a legal slice bound (it clamps); it must not read as "unknown".
  Tensor x = constant(Ints{0, 1, 2, 3, 4}, Shape{5});
  int64_t lowest = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(strided_slice(x, {lowest}, {3}).to_vector<int32_t>(), (Ints{0, 1, 2}));
  // As a size it is refused like any negative size.
  EXPECT_KILN_ERROR(reshape(x, {lowest}), InvalidArgumentError, "negative dimension");
  Graph g;
  Output c = g.constant(x.array());
  Output y = g.op("strided_slice", {c}, {IntList{lowest}, IntList{3}, IntList{1}, 0, 0, 0, 0, 0});
  EXPECT_EQ(g.spec(y).shape, (Shape{3}));
}

}  // namespace
}  // namespace kiln

namespace kiln {
namespace {

TEST(DynamicShape, BuildingAGraphNeverComputesLargeValues) {
  // fill and range of known inputs are evaluated only when their result is
  // small (what shape arithmetic needs); a large one is left to the session.
  Graph g;
  Output five = g.constant(i32({5}, Shape{}));
  Output big = g.op("fill", {five}, {IntList{100000, 100000}});
  EXPECT_EQ(g.known_value(big), nullptr);
  Output huge_range = g.op("range", {g.constant(i32({0}, Shape{})),
                                     g.constant(i32({2000000000}, Shape{})),
                                     g.constant(i32({1}, Shape{}))});
  EXPECT_EQ(g.known_value(huge_range), nullptr);
  Output small_range = g.op("range", {g.constant(i32({3}, Shape{})), g.constant(i32({0}, Shape{})),
                                      g.constant(i32({-1}, Shape{}))});
  EXPECT_EQ(known(g, small_range), (std::vector<std::optional<int64_t>>{3, 2, 1}));
  EXPECT_EQ(g.spec(small_range).shape, (Shape{3}));  // known from the value, as TF
}

}  // namespace
}  // namespace kiln
