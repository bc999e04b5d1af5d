// kiln::Graph: building nodes, naming them, and inferring what their outputs
// will be before anything runs.
#include "kiln/graph.h"

#include <gtest/gtest.h>

#include "error_matchers.h"
#include "kiln/ops.h"
#include "kiln/tensor.h"

namespace kiln {
namespace {

Array i32(std::vector<int32_t> values, Shape shape) { return constant(values, shape).array(); }
Array f32(std::vector<float> values, Shape shape) { return constant(values, shape).array(); }

TEST(Graph, DefaultNamesAreTypesMadeUnique) {
  Graph g;
  Output a = g.constant(i32({1, 2}, Shape{2}));
  Output b = g.constant(i32({3, 4}, Shape{2}));
  Output s0 = g.op("add", {a, b});
  Output s1 = g.op("add", {a, b});
  Output s2 = g.op("add", {s0, s1});
  EXPECT_EQ(g.node(a.node).name, "Const");
  EXPECT_EQ(g.node(b.node).name, "Const_1");
  EXPECT_EQ(g.node(s0.node).name, "Add");
  EXPECT_EQ(g.node(s1.node).name, "Add_1");
  EXPECT_EQ(g.node(s2.node).name, "Add_2");
}

TEST(Graph, ExplicitNamesAndCollisions) {
  Graph g;
  Output a = g.constant(i32({1}, Shape{1}), "a");
  Output sum = g.op("add", {a, a}, {}, "sum");
  // A name already taken gets the first free suffix, also when it is the
  // default name of another node.
  Output sum1 = g.op("add", {a, a}, {}, "sum");
  Output plain = g.op("add", {a, a});
  Output named_add = g.op("add", {a, a}, {}, "Add");
  EXPECT_EQ(g.node(a.node).name, "a");
  EXPECT_EQ(g.node(sum.node).name, "sum");
  EXPECT_EQ(g.node(sum1.node).name, "sum_1");
  EXPECT_EQ(g.node(plain.node).name, "Add");
  EXPECT_EQ(g.node(named_add.node).name, "Add_1");
  EXPECT_EQ(g.unique_name("sum"), "sum_2");
  EXPECT_EQ(g.unique_name("fresh"), "fresh");
  // unique_name only proposes; it reserves nothing.
  EXPECT_EQ(g.unique_name("fresh"), "fresh");
}

TEST(Graph, NodeTypesAndStructure) {
  Graph g;
  Output x = g.placeholder(float32, Shape{2, 3}, "x");
  Output w = g.constant(f32({1, 2, 3, 4, 5, 6}, Shape{3, 2}), "w");
  Output y = g.op("matmul", {x, w}, {false, false, false, false});
  Output z = g.op("add", {y, y});
  int group = g.add_op("no_op", {}, {}, "group", std::vector<int>{z.node});

  EXPECT_EQ(g.num_nodes(), 5);
  EXPECT_EQ(g.node(x.node).type, "Placeholder");
  EXPECT_EQ(g.node(w.node).type, "Const");
  EXPECT_EQ(g.node(y.node).type, "MatMul");
  EXPECT_EQ(g.node(y.node).name, "MatMul");
  EXPECT_EQ(g.node(z.node).type, "AddV2");  // TF's type; the node is still named "Add"
  EXPECT_EQ(g.node(z.node).name, "Add");
  EXPECT_EQ(g.node(group).type, "NoOp");

  // Ids are positions: each node's inputs come from earlier nodes.
  for (int id = 0; id < g.num_nodes(); ++id) EXPECT_EQ(g.node(id).id, id);
  EXPECT_EQ(g.node(y.node).inputs, (std::vector<Output>{x, w}));
  EXPECT_EQ(g.node(group).control_inputs, std::vector<int>{z.node});
  EXPECT_TRUE(g.node(group).outputs.empty());
  // Only a constant holds a value, and it is the array given (shared).
  ASSERT_TRUE(g.node(w.node).value.has_value());
  EXPECT_EQ(Tensor(*g.node(w.node).value).to_vector<float>(),
            (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_FALSE(g.node(x.node).value.has_value());
  EXPECT_FALSE(g.node(z.node).value.has_value());
}

TEST(Graph, InfersFullyKnownSpecs) {
  Graph g;
  Output a = g.constant(i32({1, 2, 3, 4, 5, 6}, Shape{2, 3}));
  Output b = g.constant(i32({10, 20, 30}, Shape{3}));
  Output s = g.op("add", {a, b});
  Output r = g.op("reduce_sum", {s}, {std::vector<int64_t>{1}, false, false});
  Output k = g.op("reduce_sum", {s}, {std::vector<int64_t>{0}, true, false});
  EXPECT_EQ(g.spec(a).dtype, int32);
  EXPECT_EQ(g.spec(s).shape, (Shape{2, 3}));
  EXPECT_EQ(g.spec(r).shape, (Shape{2}));
  EXPECT_EQ(g.spec(k).shape, (Shape{1, 3}));
  EXPECT_EQ(g.spec(r).dtype, int32);
}

TEST(Graph, InfersPartiallyKnownShapes) {
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3}, "x");
  Output w = g.constant(f32(std::vector<float>(12, 1.0f), Shape{3, 4}));
  Output y = g.op("matmul", {x, w}, {false, false, false, false});
  EXPECT_EQ(g.spec(x).shape, (Shape{kUnknownDim, 3}));
  EXPECT_EQ(g.spec(y).shape, (Shape{kUnknownDim, 4}));
  EXPECT_EQ(g.spec(y).shape.to_string(), "(None, 4)");
  EXPECT_EQ(g.spec(y).dtype, float32);

  // Broadcasting fills an unknown dim from the other side, unless that is 1.
  Output col = g.constant(f32({1, 2, 3, 4}, Shape{4, 1}));
  EXPECT_EQ(g.spec(g.op("add", {x, col})).shape, (Shape{4, 3}));
  Output row = g.constant(f32({1, 2, 3}, Shape{1, 3}));
  EXPECT_EQ(g.spec(g.op("add", {x, row})).shape, (Shape{kUnknownDim, 3}));

  // Reducing the unknown axis leaves the known one.
  Output r = g.op("reduce_sum", {x}, {std::vector<int64_t>{0}, false, false});
  EXPECT_EQ(g.spec(r).shape, (Shape{3}));

  // Unknown rank spreads through elementwise ops; a full reduction of it is a scalar.
  Output u = g.placeholder(float32, Shape::unknown_rank(), "u");
  Output ux = g.op("add", {u, x});
  EXPECT_FALSE(g.spec(u).shape.has_known_rank());
  EXPECT_FALSE(g.spec(ux).shape.has_known_rank());
  EXPECT_EQ(g.spec(ux).shape.to_string(), "<unknown>");
  Output total = g.op("reduce_sum", {u}, {std::vector<int64_t>{}, false, true});
  EXPECT_EQ(g.spec(total).shape, Shape{});
}

TEST(Graph, InferenceErrorsAreRaisedAtBuildTimeWithTheOpsMessage) {
  Graph g;
  Output a = g.constant(i32({1, 2}, Shape{2}));
  Output b = g.constant(i32({1, 2, 3}, Shape{3}));
  const int before = g.num_nodes();
  EXPECT_KILN_ERROR(g.op("add", {a, b}), InvalidArgumentError, "[add] Incompatible shapes: (2,) and (3,)");
  // The graph gives exactly the eager error: both go through the op's inference.
  std::string eager_message;
  try {
    add(Tensor(*g.node(a.node).value), Tensor(*g.node(b.node).value));
  } catch (const InvalidArgumentError& e) {
    eager_message = e.what();
  }
  ASSERT_FALSE(eager_message.empty());
  EXPECT_KILN_ERROR(g.op("add", {a, b}), InvalidArgumentError, eager_message);
  // A failed build adds nothing and uses up no name.
  EXPECT_EQ(g.num_nodes(), before);
  EXPECT_EQ(g.find("Add"), nullptr);
  EXPECT_EQ(g.node(g.op("add", {a, a}).node).name, "Add");

  // Partially known shapes that cannot fit fail too.
  Output x = g.placeholder(float32, Shape{kUnknownDim, 3});
  Output w = g.constant(f32({1, 2, 3, 4}, Shape{2, 2}));
  EXPECT_KILN_ERROR(g.op("matmul", {x, w}, {false, false, false, false}), InvalidArgumentError,
                    "[matmul] cannot multiply (None, 3) by (2, 2)");
}

TEST(Graph, BadInputsAttrsAndOpNames) {
  Graph g;
  Output a = g.constant(i32({1}, Shape{1}));
  EXPECT_KILN_ERROR(g.op("add", {a, Output{7, 0}}), InvalidArgumentError,
                    "[add] input 7:0 is not an output of this graph");
  EXPECT_KILN_ERROR(g.op("add", {a, Output{-1, 0}}), InvalidArgumentError,
                    "is not an output of this graph");
  EXPECT_KILN_ERROR(g.op("add", {a, Output{a.node, 1}}), InvalidArgumentError,
                    "input 0:1 is not an output of this graph");
  EXPECT_KILN_ERROR(g.op("add", {a}), InvalidArgumentError, "[add] takes 2 inputs, got 1");
  EXPECT_KILN_ERROR(g.op("reduce_sum", {a}, {false}), InvalidArgumentError,
                    "[reduce_sum] takes 3 attributes, got 1");
  EXPECT_KILN_ERROR(g.op("no_such_op", {a}), NotFoundError, "no op named 'no_such_op'");
  EXPECT_KILN_ERROR(g.add_op("no_op", {}, {}, "", std::vector<int>{5}), InvalidArgumentError,
                    "control input 5 is not a node of this graph");
  EXPECT_EQ(g.num_nodes(), 1);
}

TEST(Graph, FinalizeForbidsNewNodes) {
  Graph g;
  Output a = g.constant(i32({1}, Shape{1}));
  EXPECT_FALSE(g.finalized());
  g.finalize();
  EXPECT_TRUE(g.finalized());
  EXPECT_KILN_ERROR(g.op("add", {a, a}), FailedPreconditionError,
                    "Graph is finalized and cannot be modified (adding a AddV2 node)");
  EXPECT_KILN_ERROR(g.constant(i32({1}, Shape{1})), FailedPreconditionError, "Graph is finalized");
  EXPECT_KILN_ERROR(g.placeholder(int32, Shape{}), FailedPreconditionError, "Graph is finalized");
  EXPECT_EQ(g.num_nodes(), 1);
  // Reading still works.
  EXPECT_EQ(g.find("Const"), &g.node(a.node));
}

TEST(Graph, FindAndOutputNames) {
  Graph g;
  Output x = g.placeholder(int32, Shape{2}, "scope/x");
  Output s = g.op("add", {x, x});
  const Node* found = g.find("Add");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, s.node);
  EXPECT_EQ(g.find("scope/x"), &g.node(x.node));
  EXPECT_EQ(g.find("Add_1"), nullptr);
  EXPECT_EQ(g.find(""), nullptr);
  EXPECT_EQ(g.output_name(s), "Add:0");
  EXPECT_EQ(g.output_name(x), "scope/x:0");
  EXPECT_KILN_ERROR(g.node(2), OutOfRangeError, "The graph has no node 2; it has 2");
  EXPECT_KILN_ERROR(g.spec(Output{s.node, 1}), OutOfRangeError,
                    "Node 'Add' has 1 outputs; there is no output 1");
  EXPECT_KILN_ERROR(g.output_name(Output{9, 0}), OutOfRangeError, "no node 9");
}

TEST(Graph, CopiesShareOneGraph) {
  Graph g;
  Graph h = g;
  h.placeholder(int32, Shape{}, "p");
  EXPECT_EQ(g.num_nodes(), 1);
  EXPECT_NE(g.find("p"), nullptr);
  EXPECT_TRUE(g == h);
  EXPECT_EQ(g.id(), h.id());
  EXPECT_FALSE(g == Graph());
}

}  // namespace
}  // namespace kiln
