// kiln::cond, kiln::while_loop and kiln::Function in C++: only the taken
// branch runs, loops run inside the plan, functions are traced once.
#include "kiln/function.h"

#include <gtest/gtest.h>

#include <thread>

#include "error_matchers.h"
#include "kiln/ops/variable.h"
#include "kiln/session.h"

namespace kiln {
namespace {

Array scalar(int32_t v) { return constant(v).array(); }

TEST(ControlFlow, CondRunsOnlyTheTakenBranch) {
  Graph g;
  Output x = g.placeholder(int32, Shape{}, "x");
  Output zero = g.constant(scalar(0));
  Output pred = g.op("greater", {x, zero});
  // The true branch divides by x - x: an error if it ran for x <= 0.
  std::vector<Output> out = cond(
      g, pred, [&] { return std::vector<Output>{g.op("floordiv", {x, g.op("subtract", {x, x})})}; },
      [&] { return std::vector<Output>{g.op("multiply", {x, x})}; });
  Session s(g);
  EXPECT_EQ(s.run({out[0]}, {{x, scalar(-3)}})[0].item<int32_t>(), 9);
  EXPECT_KILN_ERROR(s.run({out[0]}, {{x, scalar(3)}}), InvalidArgumentError, "Integer division by zero");
}

TEST(ControlFlow, IdenticalNodesInTheTwoBranchesAreNotShared) {
  // Both branches compute x * x; the false branch must compute its own (a
  // node of the true branch has no value when the false one runs). Found
  // through kiln.TensorArray writes of the same value in both branches.
  Graph g;
  Output x = g.placeholder(int32, Shape{}, "x");
  Output pred = g.op("greater", {x, g.constant(scalar(0))});
  std::vector<Output> out = cond(
      g, pred, [&] { return std::vector<Output>{g.op("add", {g.op("multiply", {x, x}), x})}; },
      [&] { return std::vector<Output>{g.op("subtract", {g.op("multiply", {x, x}), x})}; });
  Session s(g);
  EXPECT_EQ(s.run({out[0]}, {{x, scalar(-3)}})[0].item<int32_t>(), 12);
  EXPECT_EQ(s.run({out[0]}, {{x, scalar(3)}})[0].item<int32_t>(), 12);
}

TEST(ControlFlow, WhileLoopSumsAndSwaps) {
  Graph g;
  Output n = g.placeholder(int32, Shape{}, "n");
  Output one = g.constant(scalar(1));
  std::vector<Output> init = {g.constant(scalar(0)), g.constant(scalar(0))};
  std::vector<Output> sum = while_loop(
      g, [&](std::span<const Output> v) { return std::vector<Output>{g.op("less", {v[0], n})}; },
      [&](std::span<const Output> v) {
        return std::vector<Output>{g.op("add", {v[0], one}), g.op("add", {v[1], v[0]})};
      },
      init);
  std::vector<Output> fib_init = {g.constant(scalar(1)), g.constant(scalar(1))};
  Output fifty = g.constant(scalar(50));
  std::vector<Output> fib = while_loop(
      g, [&](std::span<const Output> v) { return std::vector<Output>{g.op("less", {v[0], fifty})}; },
      [&](std::span<const Output> v) { return std::vector<Output>{v[1], g.op("add", {v[0], v[1]})}; },
      fib_init);
  Session s(g);
  for (int32_t value : {0, 1, 100}) {
    std::vector<Tensor> r = s.run({sum[0], sum[1], fib[0]}, {{n, scalar(value)}});
    EXPECT_EQ(r[0].item<int32_t>(), value);
    EXPECT_EQ(r[1].item<int32_t>(), value * (value - 1) / 2);
    EXPECT_EQ(r[2].item<int32_t>(), 55);
  }
}

TEST(ControlFlow, ShapeChangesAndMismatchesAreErrors) {
  Graph g;
  Output v = g.constant(constant({1.0f}).array());
  EXPECT_KILN_ERROR(
      while_loop(g, [&](std::span<const Output> x) { return std::vector<Output>{g.op("less", {g.op("size", {x[0]}, {int32}), g.constant(scalar(4))})}; },
                 [&](std::span<const Output> x) { return std::vector<Output>{g.op("concat", {x[0], x[0]}, {int64_t{0}})}; },
                 std::vector<Output>{v}),
      ValueError, "enters the loop with shape (1,), but has shape (2,)");
  auto grow = [&](std::span<const Output> x) { return std::vector<Output>{g.op("concat", {x[0], x[0]}, {int64_t{0}})}; };
  auto small = [&](std::span<const Output> x) { return std::vector<Output>{g.op("less", {g.op("size", {x[0]}, {int32}), g.constant(scalar(4))})}; };
  EXPECT_KILN_ERROR(while_loop(g, small, [&](std::span<const Output>) { return std::vector<Output>{g.constant(scalar(1))}; },
                               std::vector<Output>{v}),
                    TypeError, "enters the loop as float32 but the body returns int32; keep its dtype");
  EXPECT_KILN_ERROR(while_loop(g, small, grow, std::vector<Output>{v}, {.shape_invariants = {Shape{2}, Shape{2}}}),
                    ValueError, "[while_loop] 2 shape invariants for 1 loop variables");
  // ControlFlowOptions: a shape invariant lets the shape vary; the nodes get the names given.
  std::vector<Output> grown = while_loop(g, small, grow, std::vector<Output>{v},
                                         {.name = "grow", .loop_var_name = "grow/var",
                                          .shape_invariants = {Shape{kUnknownDim}}});
  EXPECT_EQ(g.node(grown[0].node).name, "grow");
  EXPECT_EQ(g.node(grown[0].node).outputs[0].shape, Shape{kUnknownDim});
  EXPECT_NE(g.find("grow/var"), nullptr);
  EXPECT_EQ(Session(g).run({grown[0]})[0].array().size(), 4);
  Output p = g.constant(constant(true).array());
  EXPECT_KILN_ERROR(cond(g, p, [&] { return std::vector<Output>{v}; }, [] { return std::vector<Output>{}; }),
                    ValueError, "both branches must give the same outputs");
  EXPECT_KILN_ERROR(cond(g, v, [&] { return std::vector<Output>{v}; }, [&] { return std::vector<Output>{v}; }),
                    InvalidArgumentError, "the predicate must be a bool scalar");
}

TEST(ControlFlow, FunctionOfAGraphAlreadyBuilt) {
  // What kiln.function's traces are: a Function sharing a graph built elsewhere.
  Graph g;
  Output x = g.placeholder(int32, Shape{}, "x");
  Output doubled = g.op("add", {x, x});
  Function twice(g, {x}, {doubled}, {}, "twice");
  EXPECT_EQ(twice.graph(), g);  // shared, not copied
  EXPECT_EQ(twice({constant(21)})[0].item<int32_t>(), 42);
  EXPECT_KILN_ERROR(twice({}), TypeError, "This function (twice) takes 1 tensor arguments, got 0.");
  // No outputs and no targets: a call checks its arguments and runs nothing.
  Function nothing(g, {x}, {}, {}, "nothing");
  EXPECT_EQ(nothing.plan(), nullptr);
  EXPECT_TRUE(nothing({constant(1)}).empty());
  // Targets run on every call though they give no value: a counter's assign.
  Variable counter(scalar(0), "counter");
  int handle = g.add_variable({int32, Shape{}}, "counter", counter);
  Output bump = assign_add_variable(g, handle, x);
  Function add_to_counter(g, {x}, {}, {bump.node});
  EXPECT_TRUE(add_to_counter({constant(1)}).empty());
  add_to_counter({constant(2)});
  EXPECT_EQ(Tensor(counter.read()).item<int32_t>(), 3);
}

TEST(ControlFlow, FunctionTracesOnceAndRunsFromManyThreads) {
  int traces = 0;
  // Collatz steps of n: a while_loop with a cond inside.
  Function steps(
      [&](Graph& g, std::span<const Output> args) {
        ++traces;
        Output one = g.constant(scalar(1)), two = g.constant(scalar(2)), three = g.constant(scalar(3));
        Output zero = g.constant(scalar(0));
        std::vector<Output> init = {args[0], zero};
        return std::vector<Output>{while_loop(
            g, [&](std::span<const Output> v) { return std::vector<Output>{g.op("greater", {v[0], one})}; },
            [&](std::span<const Output> v) {
              Output even = g.op("equal", {g.op("floormod", {v[0], two}), zero});
              Output next = cond(
                  g, even, [&] { return std::vector<Output>{g.op("floordiv", {v[0], two})}; },
                  [&] { return std::vector<Output>{g.op("add", {g.op("multiply", {v[0], three}), one})}; })[0];
              return std::vector<Output>{next, g.op("add", {v[1], one})};
            },
            init)[1]};
      },
      {TensorSpec{int32, Shape{}}});
  EXPECT_EQ(steps({constant(27)})[0].item<int32_t>(), 111);
  EXPECT_EQ(steps({constant(1)})[0].item<int32_t>(), 0);
  EXPECT_EQ(traces, 1);
  EXPECT_KILN_ERROR(steps({constant(1.5f)}), InvalidArgumentError, "Cannot feed a value of dtype float32");
  EXPECT_KILN_ERROR(steps({constant(1), constant(2)}), TypeError,
                    "This function takes 1 tensor arguments, got 2.");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (steps({constant(27)})[0].item<int32_t>() != 111) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(ControlFlow, HandMadeConstructsMustBeWellFormed) {
  Graph g;
  Output p = g.constant(constant(true).array());
  Output one = g.constant(scalar(1));
  // Regions that do not come before the node, or a loop without loop variables.
  Output bad_cond = g.op("cond", {p, one, one}, {int64_t{5}, int64_t{2}, int64_t{1}});
  Output bad_loop = g.op("while_loop", {one, p, one}, {int64_t{0}, int64_t{1}, int64_t{1}});
  Session s(g);
  EXPECT_KILN_ERROR(s.run({bad_cond}), InvalidArgumentError, "is not a well-formed Cond");
  EXPECT_KILN_ERROR(s.run({bad_loop}), InvalidArgumentError, "is not a well-formed WhileLoop");
}

}  // namespace
}  // namespace kiln
