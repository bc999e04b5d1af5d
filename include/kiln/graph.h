// kiln::Graph: symbolic tensors. A graph is a list of nodes, each an op of the
// registry applied to outputs of earlier nodes; nothing in it has a value
// until a Session runs it. Nodes are only ever appended, so a node's id is
// also a topological position, and what a Session compiled stays valid.
//
// Graph is a shared handle (copies refer to the same graph). Building a graph
// from several threads at once is not supported (as in TF); running it from
// many threads is (see Session).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/array.h"
#include "kiln/attr.h"

namespace kiln {

struct OpDef;  // the registry's declaration of an op (src/ops/op_def.h)

// One output of one node: what a symbolic tensor is.
struct Output {
  int node = -1;
  int index = 0;
  friend bool operator==(const Output&, const Output&) = default;
};

struct Node {
  int id = 0;
  std::string name;          // unique in its graph: "Add", "Add_1", "scope/Add"
  std::string type;          // "Add", "Const", "Placeholder", "MatMul"
  const OpDef* op = nullptr;
  std::vector<Output> inputs;
  std::vector<int> control_inputs;  // nodes that must run first
  Attrs attrs;
  std::vector<TensorSpec> outputs;  // inferred dtypes and (partial) shapes
  std::optional<Array> value;       // a constant's value
};

class Graph {
 public:
  Graph();

  // Appends a node applying `op_name` (a registry name such as "add") to
  // `inputs`; infers its outputs (throwing the op's own error when the
  // inputs do not fit). `name` defaults to the op's type; it is made unique
  // by appending _1, _2, ... Returns the node's id.
  int add_op(std::string_view op_name, std::span<const Output> inputs, Attrs attrs = {},
             std::string_view name = {}, std::span<const int> control_inputs = {});
  int add_op(const OpDef& op, std::span<const Output> inputs, Attrs attrs = {},
             std::string_view name = {}, std::span<const int> control_inputs = {});
  // A constant node holding `value` (shared, not copied).
  int add_constant(Array value, std::string_view name = {});
  // A node whose value must be fed when the graph runs; dims may be unknown
  // (kUnknownDim) and so may the rank (Shape::unknown_rank()).
  int add_placeholder(DType dtype, Shape shape, std::string_view name = {});

  // Convenience for C++ users: the first output of the new node.
  Output op(std::string_view op_name, std::span<const Output> inputs, Attrs attrs = {},
            std::string_view name = {});
  Output op(std::string_view op_name, std::initializer_list<Output> inputs, Attrs attrs = {},
            std::string_view name = {});
  Output constant(Array value, std::string_view name = {});
  Output placeholder(DType dtype, Shape shape, std::string_view name = {});

  int num_nodes() const;
  // The node with this id; OutOfRangeError when there is none.
  const Node& node(int id) const;
  const TensorSpec& spec(Output output) const;
  // nullptr when no node has this name.
  const Node* find(std::string_view name) const;
  // "name:index" of an output ("Add:0").
  std::string output_name(Output output) const;

  // A name not yet used in this graph, from `base` ("Add" -> "Add_1").
  std::string unique_name(std::string_view base);

  // After finalize() adding a node raises FailedPreconditionError.
  void finalize();
  bool finalized() const;

  // Identity of the underlying graph (copies of a handle compare equal).
  const void* id() const { return state_.get(); }
  friend bool operator==(const Graph& a, const Graph& b) { return a.state_ == b.state_; }

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// The node type a graph shows for a registry op ("Add" for add).
std::string graph_type_name(const OpDef& op);

}  // namespace kiln
