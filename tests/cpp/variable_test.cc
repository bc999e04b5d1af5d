// kiln::Variable from C++: eager updates, graphs whose variables each Session
// holds, functions that capture an eager variable, and the errors.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "error_matchers.h"
#include "kiln/kiln.h"

namespace kiln {
namespace {

Tensor floats(std::vector<float> v) { return constant(v); }

TEST(Variable, EagerAssignsInstallNewValuesAndKeepOldReads) {
  Variable v(floats({1, 2}).array(), "w");
  Array before = v.read();
  Tensor added = assign_add(v, floats({10, 10}));
  EXPECT_EQ(added.to_vector<float>(), (std::vector<float>{11, 12}));
  assign_sub(v, floats({1, 1}));
  EXPECT_EQ(Tensor(v.read()).to_vector<float>(), (std::vector<float>{10, 11}));
  EXPECT_EQ(Tensor(before).to_vector<float>(), (std::vector<float>{1, 2}));  // what was read stays
  scatter_nd_update(v, constant(std::vector<int64_t>{1}, Shape{1, 1}), floats({7}));
  EXPECT_EQ(Tensor(v.read()).to_vector<float>(), (std::vector<float>{10, 7}));
}

TEST(Variable, AssignChecksDtypeAndShape) {
  Variable v(floats({1, 2}).array(), "w");
  EXPECT_KILN_ERROR(v.assign(floats({1, 2, 3}).array()), ValueError, "Shape mismatch");
  EXPECT_KILN_ERROR(v.assign(constant(std::vector<int32_t>{1, 2}).array()),
                   InvalidArgumentError, "int32 value to variable 'w' of dtype float32");
  EXPECT_KILN_ERROR(assign_add(v, floats({1})), InvalidArgumentError, "shapes must be equal");
  Variable open(floats({1, 2}).array(), "open", Shape::unknown_rank());
  open.assign(floats({1, 2, 3}).array());
  EXPECT_EQ(open.read().shape(), Shape{3});
}

TEST(Variable, EachSessionHoldsItsOwnValues) {
  Graph g;
  int w = g.add_variable({float32, Shape{2}}, "w");
  Output init = assign_variable(g, w, g.constant(floats({1, 2}).array()));
  Output inc = assign_add_variable(g, w, g.constant(floats({1, 1}).array()));
  Output read = read_variable(g, w);
  Session a(g), b(g);
  EXPECT_KILN_ERROR(a.run({read}), FailedPreconditionError, "uninitialized value w");
  EXPECT_FALSE(a.run({var_is_initialized(g, w)})[0].item<bool>());
  a.run({init});
  b.run({init});
  a.run({inc});
  a.run({inc});
  EXPECT_EQ(a.run({read})[0].to_vector<float>(), (std::vector<float>{3, 4}));
  EXPECT_EQ(b.run({read})[0].to_vector<float>(), (std::vector<float>{1, 2}));
}

TEST(Variable, GraphNodesCheckTheirVariable) {
  Graph g;
  int w = g.add_variable({float32, Shape{2}}, "w");
  Output x = g.constant(floats({1, 2}).array());
  EXPECT_KILN_ERROR(read_variable(g, x.node), InvalidArgumentError, "is not a variable");
  EXPECT_KILN_ERROR(g.op("read_variable", {}, {int64_t{w}, int32, Shape{2}}),
                   InvalidArgumentError, "dtype and shape must be those of the variable 'w'");
  EXPECT_KILN_ERROR(assign_variable(g, w, g.constant(floats({1, 2, 3}).array())), ValueError,
                   "Shape mismatch");
  // A graph's own variable has a value only in a Session.
  auto body = [&](Graph& fg, std::span<const Output>) {
    int h = fg.add_variable({float32, Shape{2}}, "v");
    return std::vector<Output>{read_variable(fg, h)};
  };
  EXPECT_KILN_ERROR(Function(body, {}), FailedPreconditionError, "only a Session holds");
}

TEST(Variable, FunctionsUpdateCapturedVariablesAtomically) {
  Variable counter(constant(int64_t{0}).array(), "counter");
  Function step([&](Graph& g, std::span<const Output>) {
    int h = g.add_variable({counter.dtype(), counter.shape()}, "counter", counter);
    return std::vector<Output>{assign_add_variable(g, h, g.constant(constant(int64_t{1}).array()))};
  }, {});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) step({});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Tensor(counter.read()).item<int64_t>(), 4000);
}

}  // namespace
}  // namespace kiln
