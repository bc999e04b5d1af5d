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
#include "kiln/variable.h"

namespace kiln {

struct OpDef;  // the registry's declaration of an op (src/ops/op_def.h)

// One output of one node: what a symbolic tensor is.
struct Output {
  int node = -1;
  int index = 0;
  friend bool operator==(const Output&, const Output&) = default;
};

// A tensor that gives the attribute named `attr` of a new node (a shape,
// axis, size, ... known only when the graph runs; see AttrDef::tensor_rank).
struct AttrInput {
  std::string_view attr;
  Output value;
};

struct Node {
  int id = 0;
  std::string name;          // unique in its graph: "Add", "Add_1", "scope/Add"
  std::string type;          // "Add", "Const", "Placeholder", "MatMul"
  const OpDef* op = nullptr;
  // The op's own inputs (the first num_op_inputs), then the tensors that
  // give attributes (attr_inputs), then tensors whose dimensions do (attr_dims).
  std::vector<Output> inputs;
  int num_op_inputs = 0;
  // Attributes given by tensors whose value was not known when the node was
  // built: attr_inputs[k] is the attribute that inputs[num_op_inputs + k]
  // gives when the graph runs. (A value known by then is in attrs.)
  std::vector<int> attr_inputs;
  // Elements of attributes that are dimensions of input tensors
  // (tf.reshape(x, [tf.shape(x)[0], -1]) reads x's first dimension): read off
  // the inputs' shapes when the graph runs, with no node to compute them.
  std::vector<AttrDim> attr_dims;
  std::vector<int> control_inputs;  // nodes that must run first
  Attrs attrs;
  std::vector<TensorSpec> outputs;  // inferred dtypes and (partial) shapes
  // Per output, what is known of its value before anything runs (shape
  // arithmetic on small integer tensors); nullopt when nothing is.
  std::vector<std::optional<PartialValue>> known_values;
  std::optional<Array> value;       // a constant's value
  // A VarHandleOp's variable when it is an eager variable captured by
  // reference (a traced function's); empty for the graph's own variables,
  // whose values each Session holds.
  std::optional<Variable> variable;
};

class Graph {
 public:
  Graph();

  // Appends a node applying `op_name` (a registry name such as "add") to
  // `inputs`; infers its outputs (throwing the op's own error when the
  // inputs do not fit). `name` defaults to the op's type; it is made unique
  // by appending _1, _2, ... Returns the node's id.
  // `attr_inputs` give attributes by tensors (TF's shape, axis, size, perm
  // inputs): attrs holds any value there (it is replaced). A tensor whose
  // value is known by now (tf.shape(x) of a fully known x, constants,
  // arithmetic on them) is read at once; otherwise inference uses what is
  // known of it (tf.zeros([tf.shape(x)[0], 3]) has shape (None, 3)) and the
  // plan reads it each run.
  int add_op(std::string_view op_name, std::span<const Output> inputs, Attrs attrs = {},
             std::string_view name = {}, std::span<const int> control_inputs = {},
             std::span<const AttrInput> attr_inputs = {});
  int add_op(const OpDef& op, std::span<const Output> inputs, Attrs attrs = {},
             std::string_view name = {}, std::span<const int> control_inputs = {},
             std::span<const AttrInput> attr_inputs = {});
  // A constant node holding `value` (shared, not copied).
  int add_constant(Array value, std::string_view name = {});
  // A node whose value must be fed when the graph runs; dims may be unknown
  // (kUnknownDim) and so may the rank (Shape::unknown_rank()).
  int add_placeholder(DType dtype, Shape shape, std::string_view name = {});

  // A variable node (TF's VarHandleOp), named `name`. Read and assign it
  // with the variable ops (include/kiln/ops/variable.h), which refer to it
  // by this id. Without `captured` the variable belongs to the graph: each
  // Session running the graph holds its own value, uninitialized until an
  // assign runs. With `captured` (an eager variable a traced function uses)
  // every run reads and assigns that variable itself.
  int add_variable(const TensorSpec& spec, std::string_view name = {},
                   std::optional<Variable> captured = {});

  // Convenience for C++ users: the first output of the new node.
  Output op(std::string_view op_name, std::span<const Output> inputs, Attrs attrs = {},
            std::string_view name = {});
  Output op(std::string_view op_name, std::initializer_list<Output> inputs, Attrs attrs = {},
            std::string_view name = {});
  // With attributes given by tensors: g.op("reshape", {x}, {IntList{}}, {{"shape", s}}).
  Output op(std::string_view op_name, std::initializer_list<Output> inputs, Attrs attrs,
            std::initializer_list<AttrInput> attr_inputs, std::string_view name = {});
  Output constant(Array value, std::string_view name = {});
  Output placeholder(DType dtype, Shape shape, std::string_view name = {});

  int num_nodes() const;
  // The node with this id; OutOfRangeError when there is none.
  const Node& node(int id) const;
  const TensorSpec& spec(Output output) const;
  // Refines an output's static shape with what the caller knows
  // (tf.Tensor.set_shape): the two shapes merged; ValueError when they are
  // not compatible. Nodes added later infer from the refined shape.
  void set_shape(Output output, const Shape& shape);
  // What is known of the output's value while building (nullptr: nothing).
  const PartialValue* known_value(Output output) const;
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

// The node type a graph shows for a registry op ("AddV2" for add, "Mul" for multiply).
std::string graph_type_name(const OpDef& op);

// The name a node of that type gets when none is given: the type without a
// version suffix ("AddV2" -> "Add"), as TF names the nodes its API builds.
std::string default_node_name(const OpDef& op);

}  // namespace kiln
