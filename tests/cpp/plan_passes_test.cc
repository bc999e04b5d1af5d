// The planner's passes on small graphs: what each pass leaves (the dump's
// text), fused values against the unfused ops (bit for bit: the same
// kernels run), in-place writes that never overwrite a value still read,
// peak bytes, and the verifier refusing malformed programs.
#include "runtime/plan_passes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "core/parallel.h"
#include "error_matchers.h"
#include "kiln/ops.h"
#include "kiln/session.h"
#include "ops/registry.h"
#include "runtime/plan.h"

namespace kiln {
namespace {

Array f32(std::vector<float> values, Shape shape) { return constant(values, shape).array(); }

std::vector<float> ramp(int64_t n, float scale, float shift) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = std::sin(float(i) * scale) + shift;
  return v;
}

std::shared_ptr<const Plan> plan_of(Session& s, std::vector<Output> fetches,
                                    std::vector<Output> feeds = {}) {
  return s.plan(fetches, feeds, {});
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// a*b + c*d - e: one fused step of four ops over five inputs, bit for bit
// the values of the ops run one by one (eagerly), at a size of many tiles.
TEST(PlanPasses, FusesAnElementwiseChain) {
  const int64_t n = 100'003;  // not a multiple of a tile
  Graph g;
  std::vector<Output> in;
  std::vector<Tensor> values;
  for (int k = 0; k < 5; ++k) {
    in.push_back(g.placeholder(float32, Shape{n}, "x" + std::to_string(k)));
    values.push_back(constant(ramp(n, 0.001f * float(k + 1), float(k)), Shape{n}));
  }
  Output r = g.op(
      "subtract",
      {g.op("add", {g.op("multiply", {in[0], in[1]}), g.op("multiply", {in[2], in[3]})}), in[4]});
  Session s(g);
  auto plan = plan_of(s, {r}, in);
  EXPECT_EQ(plan->num_steps(), 1);
  EXPECT_TRUE(
      contains(plan->describe(), "fused(multiply, multiply, add, subtract)(%0, %1, %2, %3, %4)"))
      << plan->describe();
  std::vector<Array> feeds;
  for (const Tensor& t : values) feeds.push_back(t.array());
  Arrays got = plan->run(feeds);
  Tensor want =
      subtract(add(multiply(values[0], values[1]), multiply(values[2], values[3])), values[4]);
  EXPECT_EQ(Tensor(got[0]).to_vector<float>(), want.to_vector<float>());
}

// Broadcasting operands (a row bias, a scalar), casts and a unary op inside
// one chain; shapes known only when the plan runs.
TEST(PlanPasses, FusesBroadcastsCastsAndUnknownShapes) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 300}, "x");
  Output bias = g.constant(f32(ramp(300, 0.1f, 0.0f), Shape{300}));
  Output half = g.constant(f32({0.5f}, Shape{}));
  Output y = g.op("relu", {g.op("add", {g.op("multiply", {x, half}), bias})});
  Output z = g.op("cast", {g.op("exp", {y})}, {float64});
  Session s(g);
  auto plan = plan_of(s, {z}, {x});
  EXPECT_TRUE(contains(plan->describe(), "fused(multiply, add, relu, exp, cast)"))
      << plan->describe();
  EXPECT_FALSE(contains(plan->describe(), " static")) << "the batch is unknown until it runs";
  for (int64_t rows : {0, 1, 57}) {
    Tensor xv = constant(ramp(rows * 300, 0.01f, -0.2f), Shape{rows, 300});
    Arrays got = plan->run(std::vector<Array>{xv.array()});
    Tensor want = cast(exp(relu(add(multiply(xv, Tensor(f32({0.5f}, Shape{}))),
                                    Tensor(f32(ramp(300, 0.1f, 0.0f), Shape{300}))))),
                       float64);
    ASSERT_EQ(Tensor(got[0]).shape(), (Shape{rows, 300}));
    EXPECT_EQ(Tensor(got[0]).to_vector<double>(), want.to_vector<double>());
  }
  // A batch that does not fit raises the op's own error, naming its node.
  Graph h;
  Output p = h.placeholder(float32, Shape{kUnknownDim}, "p");
  Output q = h.placeholder(float32, Shape{kUnknownDim}, "q");
  Output sum = h.op("exp", {h.op("add", {p, q}, {}, "the_add")});
  Session t(h);
  auto bad = plan_of(t, {sum}, {p, q});
  EXPECT_TRUE(contains(bad->describe(), "fused(add, exp)"));
  std::vector<Array> feeds = {f32({1, 2, 3}, Shape{3}), f32({1, 2}, Shape{2})};
  EXPECT_KILN_ERROR(bad->run(feeds), InvalidArgumentError, "while running node 'the_add'");
}

// An intermediate that something outside the chain reads (a fetch, another
// op) stays a step of its own; fetched values are never written over.
TEST(PlanPasses, KeepsIntermediatesOthersRead) {
  Graph g;
  Output x = g.placeholder(float32, Shape{4}, "x");
  Output e = g.op("exp", {x});
  Output a = g.op("add", {e, x});
  Output m = g.op("multiply", {a, a});
  Session s(g);
  auto plan = plan_of(s, {m, e}, {x});  // e is fetched: not fused away
  const std::string text = plan->describe();
  EXPECT_TRUE(contains(text, "= exp(%0)")) << text;
  EXPECT_TRUE(contains(text, "fused(add, multiply)")) << text;
  Tensor xv = constant(std::vector<float>{0.f, 1.f, -1.f, 2.f}, Shape{4});
  Arrays got = plan->run(std::vector<Array>{xv.array()});
  Tensor ev = exp(xv), av = add(ev, xv);
  EXPECT_EQ(Tensor(got[0]).to_vector<float>(), multiply(av, av).to_vector<float>());
  EXPECT_EQ(Tensor(got[1]).to_vector<float>(), ev.to_vector<float>());
}

// The memory plan writes a chain's result over a dead input of its shape
// (here the matmul's result), and never over one that a later step reads.
TEST(PlanPasses, WritesInPlaceOnlyOverDeadInputs) {
  Graph g;
  Output x = g.placeholder(float32, Shape{8, 8}, "x");
  Output m = g.op("matmul", {x, x}, {false, false, false, false});
  Output y = g.op("relu", {g.op("add", {m, x})});
  Session s(g);
  auto plan = plan_of(s, {y}, {x});
  EXPECT_TRUE(
      contains(plan->describe(), "fused(add, relu)(%1, %0) float32(8, 8) static, in place of %1"))
      << plan->describe();
  // m is read after the chain (by a second matmul): no in-place.
  Output later = g.op("matmul", {y, m}, {false, false, false, false});
  auto plan2 = plan_of(s, {later}, {x});
  EXPECT_FALSE(contains(plan2->describe(), "in place")) << plan2->describe();
  Tensor xv = constant(ramp(64, 0.3f, 0.0f), Shape{8, 8});
  Tensor mv = matmul(xv, xv);
  Tensor yv = relu(add(mv, xv));
  Arrays got = plan->run(std::vector<Array>{xv.array()});
  EXPECT_EQ(Tensor(got[0]).to_vector<float>(), yv.to_vector<float>());
  Arrays got2 = plan2->run(std::vector<Array>{xv.array()});
  EXPECT_EQ(Tensor(got2[0]).to_vector<float>(), matmul(yv, mv).to_vector<float>());
  // The fed value itself is never written.
  EXPECT_EQ(xv.to_vector<float>(), ramp(64, 0.3f, 0.0f));
}

// A ten-op chain holds one array at a time: its result.
TEST(PlanPasses, KnowsPeakBytes) {
  const int64_t n = 1 << 16;
  Graph g;
  Output x = g.placeholder(float32, Shape{n}, "x");
  Output one = g.constant(f32({1.0f}, Shape{}));
  Output v = x;
  for (int i = 0; i < 10; ++i) v = g.op(i % 2 ? "add" : "multiply", {v, one});
  Session s(g);
  auto plan = plan_of(s, {v}, {x});
  EXPECT_EQ(plan->num_steps(), 1);
  EXPECT_EQ(plan->peak_bytes(), n * 4);
  Graph h;
  Output y = h.placeholder(float32, Shape{kUnknownDim}, "y");
  Session t(h);
  EXPECT_EQ(plan_of(t, {h.op("exp", {y})}, {y})->peak_bytes(), std::nullopt);
}

// Each pass's result is kept for describe() when KILN_DUMP_PLAN is set.
TEST(PlanPasses, DumpsEachPass) {
  ::setenv("KILN_DUMP_PLAN", "keep", 1);
  Graph g;
  Output x = g.placeholder(float32, Shape{3}, "x");
  Output two = g.constant(f32({2.0f}, Shape{}));
  Output y =
      g.op("add", {g.op("multiply", {g.op("exp", {x}), g.op("exp", {two})}), g.op("exp", {x})});
  Session s(g);
  const std::string text = plan_of(s, {y}, {x})->describe();
  ::unsetenv("KILN_DUMP_PLAN");
  for (const char* pass : {"after lower:", "after fold:", "after cse:", "after fuse:",
                           "after specialise:", "after memory:", "plan:"}) {
    EXPECT_TRUE(contains(text, pass)) << pass << "\n" << text;
  }
  // lower: 5 steps (exp(x), exp(2), multiply, exp(x), add); fold: exp(2)
  // becomes a constant; cse: one exp(x); fuse: one step of three ops.
  EXPECT_TRUE(contains(text, "after lower: 1 feeds, 1 constants, 5 steps")) << text;
  EXPECT_TRUE(contains(text, "after fold: 1 feeds, 2 constants, 4 steps")) << text;
  EXPECT_TRUE(contains(text, "after cse: 1 feeds, 2 constants, 3 steps")) << text;
  EXPECT_TRUE(contains(text, "after fuse: 1 feeds, 2 constants, 1 steps")) << text;
  EXPECT_TRUE(contains(text, "fused(exp, multiply, add)")) << text;
}

// Steps on single values run on the values' bytes: the same values and the
// same errors as the kernels, naming the node; chains of them are not fused.
TEST(PlanPasses, RunsScalarSteps) {
  Graph g;
  Output x = g.placeholder(int32, Shape{}, "x");
  Output y = g.placeholder(int32, Shape{}, "y");
  Output q = g.op("floordiv", {x, y}, {}, "the_div");
  Output r =
      g.op("cast", {g.op("add", {g.op("multiply", {q, y}), g.op("floormod", {x, y})})}, {float64});
  Session s(g);
  auto plan = plan_of(s, {q, r}, {x, y});
  EXPECT_FALSE(contains(plan->describe(), "fused")) << plan->describe();
  for (auto [a, b] : {std::pair<int32_t, int32_t>{7, 2}, {-7, 2}, {7, -2}, {-9, -4}}) {
    Arrays got = plan->run(std::vector<Array>{constant(a).array(), constant(b).array()});
    Tensor want_q = floordiv(constant(a), constant(b));
    EXPECT_EQ(Tensor(got[0]).item<int32_t>(), want_q.item<int32_t>()) << a << " // " << b;
    EXPECT_EQ(Tensor(got[1]).item<double>(), double(a)) << a << " // " << b;  // q*y + x%y == x
  }
  std::vector<Array> zero = {constant(int32_t{7}).array(), constant(int32_t{0}).array()};
  EXPECT_KILN_ERROR(plan->run(zero), InvalidArgumentError,
                    "[floordiv] Integer division by zero: y has a zero element. Mask it out first "
                    "(e.g. kiln.where(y == 0, 1, y)), or use float operands. (while running node "
                    "'the_div')");
}

// Malformed programs, as a broken pass could leave them.
PlanProgram two_slot_program() {
  PlanProgram p;
  p.num_slots = 2;
  p.slot_specs = {TensorSpec{float32, Shape{}}, TensorSpec{float32, Shape{}}};
  p.feed_slots = {0};
  p.feed_specs = {p.slot_specs[0]};
  p.feed_names = {"x:0"};
  PlanProgram::Step exp_step{.op = &Registry::get().at("exp"),
                             .inputs = {0},
                             .num_op_inputs = 1,
                             .first_output = 1,
                             .num_outputs = 1,
                             .node_name = "e"};
  p.steps.push_back(exp_step);
  p.fetch_slots = {1};
  return p;
}

TEST(PlanPasses, VerifierRejectsMalformedPrograms) {
  verify_program(two_slot_program(), "test");  // well formed
  PlanProgram p = two_slot_program();
  p.steps[0].inputs = {1};
  p.steps[0].first_output = 0;
  p.feed_slots = {};
  EXPECT_KILN_ERROR(verify_program(p, "fold"), InternalError,
                    "after pass 'fold': step 0 reads slot %1, which nothing writes");
  p = two_slot_program();
  p.steps.push_back(PlanProgram::Step{.kind = PlanProgram::Step::Kind::kJump, .target = 7});
  EXPECT_KILN_ERROR(verify_program(p, "cse"), InternalError, "step 1 jumps to step 7 of 2");
  p = two_slot_program();
  p.steps[0].release = {0};
  p.steps.push_back(p.steps[0]);
  p.steps[1].release = {};
  EXPECT_KILN_ERROR(verify_program(p, "memory"), InternalError,
                    "step 1 reads slot %0, released by step 0");
  p = two_slot_program();
  p.steps[0].in_place = 0;
  EXPECT_KILN_ERROR(verify_program(p, "memory"), InternalError,
                    "writes over slot %0, which a later step still reads");
  p = two_slot_program();
  p.steps[0].release = {1};
  EXPECT_KILN_ERROR(verify_program(p, "memory"), InternalError, "releases fetched slot %1");
  p = two_slot_program();
  p.steps[0].inputs = {5};
  EXPECT_KILN_ERROR(verify_program(p, "fuse"), InternalError, "a read names slot 5 of 2");
}

// Two towers of a reduction over a sine, each 4 x 4096: one kParallel step
// of two branches; the input both read is released after the group, and the
// values are those of the ops run eagerly, with any number of branches at once.
TEST(PlanPasses, SchedulesIndependentBranches) {
  Graph g;
  Output x = g.placeholder(float32, Shape{4, 4096}, "x");
  Output a = g.op("reduce_sum", {g.op("sin", {x})}, {std::vector<int64_t>{1}, false, false});
  Output b = g.op("reduce_max", {g.op("cos", {x})}, {std::vector<int64_t>{1}, false, false});
  Output r = g.op("add", {a, b});
  Session s(g);
  auto plan = plan_of(s, {r}, {x});
  const std::string text = plan->describe();
  EXPECT_TRUE(contains(text, "step 0: parallel 2 branches: steps 1-2 steps 3-4; then, release %0"))
      << text;
  Tensor value = constant(ramp(4 * 4096, 0.01f, 0.0f), Shape{4, 4096});
  Tensor want = add(reduce_sum(sin(value), std::vector<int64_t>{1}),
                    reduce_max(cos(value), std::vector<int64_t>{1}));
  for (int inter_op : {0, 1, 2}) {
    set_inter_op_threads(inter_op);
    Arrays got = plan->run(std::vector<Array>{value.array()});
    EXPECT_EQ(Tensor(got[0]).to_vector<float>(), want.to_vector<float>()) << inter_op;
  }
  set_inter_op_threads(0);
  // Small branches are not worth a task: 4 x 100 elements stay in order.
  Graph small;
  Output y = small.placeholder(float32, Shape{4, 100}, "y");
  Output c = small.op(
      "add",
      {small.op("reduce_sum", {small.op("sin", {y})}, {std::vector<int64_t>{1}, false, false}),
       small.op("reduce_max", {small.op("cos", {y})}, {std::vector<int64_t>{1}, false, false})});
  Session t(small);
  EXPECT_FALSE(contains(plan_of(t, {c}, {y})->describe(), "parallel"))
      << plan_of(t, {c}, {y})->describe();
}

// A kParallel step over two exp steps (slots 1 and 2, both from slot 0).
PlanProgram parallel_program() {
  PlanProgram p = two_slot_program();
  p.num_slots = 3;
  p.slot_specs.push_back(p.slot_specs[0]);
  PlanProgram::Step second = p.steps[0];
  second.first_output = 2;
  p.steps.push_back(second);
  PlanProgram::Step header{.kind = PlanProgram::Step::Kind::kParallel, .node_name = "e"};
  header.branches = {{1, 2}, {2, 3}};
  p.steps.insert(p.steps.begin(), header);
  p.fetch_slots = {1, 2};
  return p;
}

TEST(PlanPasses, VerifierRejectsMalformedParallelSteps) {
  verify_program(parallel_program(), "test");  // well formed
  PlanProgram p = parallel_program();
  p.steps[0].release = {0};  // after the group: fine
  verify_program(p, "test");
  p = parallel_program();
  p.steps[1].release = {0};  // the other branch still reads it
  EXPECT_KILN_ERROR(verify_program(p, "memory"), InternalError,
                    "step 2 reads slot %0, released by step 1");
  p = parallel_program();
  p.steps[2].inputs = {1};  // reads the first branch's value
  EXPECT_KILN_ERROR(verify_program(p, "schedule"), InternalError,
                    "after pass 'schedule': step 0 has step 2 read slot %1, which another of its "
                    "branches writes");
  p = parallel_program();
  p.steps[0].branches = {{1, 2}, {3, 4}};
  EXPECT_KILN_ERROR(verify_program(p, "schedule"), InternalError,
                    "step 0 has a branch [3, 4) that does not follow the one before it");
  p = parallel_program();
  p.steps[0].branches = {{1, 3}};
  EXPECT_KILN_ERROR(verify_program(p, "schedule"), InternalError,
                    "step 0 is a parallel step with fewer than two branches");
  p = parallel_program();
  p.steps.push_back(PlanProgram::Step{.kind = PlanProgram::Step::Kind::kJump, .target = 2});
  EXPECT_KILN_ERROR(verify_program(p, "schedule"), InternalError,
                    "step 0 has a jump into its branches");
}

}  // namespace
}  // namespace kiln
