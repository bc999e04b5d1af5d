// kiln::gradients on a Graph and the backprop core: values against
// closed-form derivatives, broadcasting reduced back, None where TF gives
// None, and the errors for what has no gradient.
#include "kiln/gradients.h"

#include <gtest/gtest.h>

#include <cmath>

#include "error_matchers.h"
#include "gradient_check.h"
#include "kiln/gradient_tape.h"
#include "kiln/ops.h"
#include "kiln/session.h"
#include "kiln/tensor.h"

namespace kiln {
namespace {

Feed feed(Output o, const Tensor& t) { return {o, t.array()}; }

TEST(Gradients, OfAGraphMatchClosedForms) {
  Graph g;
  Output x = g.placeholder(float64, Shape{3});
  Output y = g.op("multiply", {g.op("sin", {x}), x});  // x sin x
  auto grads = gradients(g, std::vector<Output>{y}, std::vector<Output>{x});
  ASSERT_TRUE(grads[0].has_value());
  Session s(g);
  std::vector<double> xs{0.5, -1.0, 2.0};
  auto out = s.run({*grads[0]}, {feed(x, constant(xs))});
  std::vector<double> got = out[0].to_vector<double>();
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(got[i], std::sin(xs[i]) + xs[i] * std::cos(xs[i]), 1e-12);
  }
  EXPECT_EQ(g.node(grads[0]->node).name.rfind("gradients/", 0), 0u);
}

TEST(Gradients, BroadcastOperandsGetGradientsOfTheirOwnShape) {
  Graph g;
  Output a = g.placeholder(float32, Shape{2, 3});
  Output b = g.placeholder(float32, Shape{3});
  Output y = g.op("multiply", {a, b});
  auto grads = gradients(g, std::vector<Output>{y}, std::vector<Output>{a, b});
  EXPECT_EQ(g.spec(*grads[1]).shape, (Shape{3}));
  Session s(g);
  auto out = s.run({*grads[0], *grads[1]},
                   {feed(a, constant<float>({1, 2, 3, 4, 5, 6}, Shape{2, 3})),
                    feed(b, constant<float>({10, 20, 30}))});
  EXPECT_EQ(out[0].to_vector<float>(), (std::vector<float>{10, 20, 30, 10, 20, 30}));
  EXPECT_EQ(out[1].to_vector<float>(), (std::vector<float>{5, 7, 9}));
}

TEST(Gradients, UnknownBatchDimensionsReduceWhenTheGraphRuns) {
  Graph g;
  Output a = g.placeholder(float32, Shape{kUnknownDim, 1});
  Output b = g.placeholder(float32, Shape{1, kUnknownDim});
  Output y = g.op("add", {a, b});
  auto grads = gradients(g, std::vector<Output>{y}, std::vector<Output>{a, b});
  Session s(g);
  auto out = s.run({*grads[0], *grads[1]}, {feed(a, constant<float>({1, 2}, Shape{2, 1})),
                                            feed(b, constant<float>({1, 2, 3}, Shape{1, 3}))});
  EXPECT_EQ(out[0].shape(), (Shape{2, 1}));
  EXPECT_EQ(out[0].to_vector<float>(), (std::vector<float>{3, 3}));
  EXPECT_EQ(out[1].to_vector<float>(), (std::vector<float>{2, 2, 2}));
}

TEST(Gradients, UnconnectedAndIntegerSourcesGetNone) {
  Graph g;
  Output x = g.placeholder(float32, Shape{2});
  Output z = g.placeholder(float32, Shape{2});
  Output i = g.placeholder(int32, Shape{2});
  Output y = g.op("add", {g.op("exp", {x}), g.op("cast", {i}, {float32})});
  auto grads = gradients(g, std::vector<Output>{y}, std::vector<Output>{x, z, i});
  EXPECT_TRUE(grads[0].has_value());
  EXPECT_FALSE(grads[1].has_value());
  EXPECT_FALSE(grads[2].has_value());
}

TEST(Gradients, GradYsWeighTheTargets) {
  Graph g;
  Output x = g.placeholder(float32, Shape{2});
  Output y = g.op("square", {x});
  Output w = g.constant(constant<float>({1, -2}).array());
  auto grads = gradients(g, std::vector<Output>{y}, std::vector<Output>{x}, std::vector<Output>{w});
  Session s(g);
  auto out = s.run({*grads[0]}, {feed(x, constant<float>({3, 4}))});
  EXPECT_EQ(out[0].to_vector<float>(), (std::vector<float>{6, -16}));
  EXPECT_KILN_ERROR(gradients(g, std::vector<Output>{y}, std::vector<Output>{x},
                              std::vector<Output>{w, w}),
                    InvalidArgumentError, "grad_ys must give one gradient per y: got 2 for 1");
}

TEST(Gradients, StopGradientBlocks) {
  Graph g;
  Output x = g.placeholder(float32, Shape{});
  Output y = g.op("multiply", {g.op("stop_gradient", {x}), x});
  Session s(g);
  auto grads = gradients(g, std::vector<Output>{y}, std::vector<Output>{x});
  auto out = s.run({*grads[0]}, {feed(x, constant(3.0f))});
  EXPECT_EQ(out[0].item<float>(), 3.0f);
}

TEST(Gradients, ComplexValuesAreRefused) {
  Graph g;
  Output x = g.placeholder(complex64, Shape{2});
  Output y = g.op("multiply", {x, x});
  EXPECT_KILN_ERROR(gradients(g, std::vector<Output>{y}, std::vector<Output>{x}),
                    UnimplementedError, "does not differentiate complex tensors");
}

TEST(Gradients, AnOpWithoutAGradientIsALookupError) {
  // A custom record reaching a builder with no custom gradients is a kiln
  // bug; an op with neither a gradient nor set_no_gradient is a LookupError.
  OpDef op{.name = "undeclared_test_op", .min_inputs = 1, .max_inputs = 1};
  EagerGradBuilder b;
  GradRecord rec;
  rec.op = &op;
  rec.inputs = {b.add(constant(1.0).array())};
  rec.outputs = {b.add(constant(2.0).array())};
  EXPECT_KILN_ERROR(backprop(b, std::span<const GradRecord>(&rec, 1), rec.outputs, {}, rec.inputs,
                             Unconnected::kNone),
                    LookupError, "No gradient defined for operation 'undeclared_test_op'");
}

TEST(Gradients, UnaryAndBinaryGradientsMatchFiniteDifferences) {
  using testing::expect_gradient_matches;
  using testing::random_doubles;
  for (const char* op : {"exp", "tanh", "sigmoid", "sin", "softplus", "erf", "atan", "square"}) {
    expect_gradient_matches(op, {random_doubles(Shape{2, 3})});
  }
  expect_gradient_matches("log", {random_doubles(Shape{4}, 0.5, 2)});
  expect_gradient_matches("gelu", {random_doubles(Shape{4})}, {true});
  expect_gradient_matches("gelu", {random_doubles(Shape{4})}, {false});
  expect_gradient_matches("softmax", {random_doubles(Shape{2, 3})}, {int64_t{-1}});
  expect_gradient_matches("multiply", {random_doubles(Shape{2, 3}), random_doubles(Shape{3}, -2, 2, 9)});
  expect_gradient_matches("divide", {random_doubles(Shape{2, 1}), random_doubles(Shape{3}, 0.5, 2, 9)});
  expect_gradient_matches("pow", {random_doubles(Shape{3}, 0.5, 2), random_doubles(Shape{3}, -2, 2, 9)});
}

}  // namespace
}  // namespace kiln

namespace kiln {
namespace {

TEST(GradientTape, RecordsEagerCppOps) {
  Tensor x = constant<double>({0.5, 2.0});
  Tensor unwatched = constant<double>({1.0, 1.0});
  GradientTape tape;
  tape.watch(x);
  Tensor y = multiply(exp(x), x);  // (1 + x) e^x
  Tensor z = add(unwatched, unwatched);
  auto grads = tape.gradient(y, std::vector<Tensor>{x, unwatched, z});
  ASSERT_TRUE(grads[0].has_value());
  std::vector<double> g = grads[0]->to_vector<double>();
  EXPECT_NEAR(g[0], 1.5 * std::exp(0.5), 1e-12);
  EXPECT_NEAR(g[1], 3.0 * std::exp(2.0), 1e-12);
  EXPECT_FALSE(grads[1].has_value());
  EXPECT_FALSE(grads[2].has_value());
  EXPECT_KILN_ERROR(tape.gradient(y, std::vector<Tensor>{x}), FailedPreconditionError,
                    "A non-persistent GradientTape can only be used to compute one set");
}

TEST(GradientTape, PersistentTapesAnswerTwiceAndWeighOutputs) {
  Tensor x = constant<float>({3.0f});
  GradientTape tape(true);
  tape.watch(x);
  Tensor y = square(x);
  EXPECT_EQ(tape.gradient(y, std::vector<Tensor>{x})[0]->item<float>(), 6.0f);
  EXPECT_EQ(tape.gradient(y, std::vector<Tensor>{x}, constant<float>({-1.0f}))[0]->item<float>(), -6.0f);
}

}  // namespace
}  // namespace kiln
