// kiln::Function: a C++ callable traced once into a graph (on placeholders of
// the given signature), compiled into a plan, and then called like an op on
// tensors. kiln.function's traces are Functions too, made from the graph the
// Python function was traced into. kiln::cond and kiln::while_loop build
// control flow inside such a callable (or any graph): only the taken branch
// runs; loops run in the plan.
#pragma once

#include <boost/container/small_vector.hpp>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kiln/graph.h"
#include "kiln/run_options.h"
#include "kiln/tensor.h"

namespace kiln {

class Plan;

class Function {
 public:
  // body(graph, args) adds nodes to `graph` and returns the outputs to give back.
  using Body = std::function<std::vector<Output>(Graph& graph, std::span<const Output> args)>;

  // Traces `body` once on placeholders of `signature` (dims may be kUnknownDim).
  Function(const Body& body, std::vector<TensorSpec> signature);

  // A function of a graph already built (shared with its other holders, not
  // copied): each call feeds the arguments to `inputs` (placeholders) and
  // gives the values of `outputs`; `targets` run on every call though they
  // give no value (ops with effects, such as prints). With neither outputs nor
  // targets a call runs nothing. `name` appears in error messages.
  Function(Graph graph, std::vector<Output> inputs, std::vector<Output> outputs,
           std::vector<int> targets = {}, std::string name = {});

  // Runs the traced graph; TypeError when the number of arguments is not the
  // number of inputs, InvalidArgumentError/ValueError when an argument does
  // not fit its input, CancelledError when `options` stop the call. Safe to
  // call from many threads at once.
  std::vector<Tensor> operator()(std::span<const Tensor> args,
                                 const RunOptions& options = {}) const;
  std::vector<Tensor> operator()(std::initializer_list<Tensor> args) const;
  // The same on the arrays tensors hold, for callers that keep arrays (the
  // Python binding): the results inline for one or two, as the plan gives them.
  boost::container::small_vector<Array, 2> run(std::span<const Array> args,
                                               const RunOptions& options = {}) const;

  // The TypeError operator() raises for `count` arguments, if it would (for
  // callers that must check the count before they can convert arguments).
  void check_argument_count(size_t count) const;

  const Graph& graph() const { return graph_; }
  std::span<const Output> inputs() const { return inputs_; }
  // The compiled plan (what kiln.data runs per element); null when a call
  // runs nothing.
  const std::shared_ptr<const Plan>& plan() const { return plan_; }

 private:
  Graph graph_;
  std::vector<Output> inputs_;
  std::string name_;
  std::shared_ptr<const Plan> plan_;
};

// Functions of no arguments that add a branch's nodes and return its outputs.
using BranchFn = std::function<std::vector<Output>()>;
// Loop functions: given the loop variables, cond returns {predicate} and body
// returns the next values of the variables.
using LoopFn = std::function<std::vector<Output>(std::span<const Output> vars)>;

// What kiln::cond and kiln::while_loop make of the nodes they add themselves
// (the branch and loop functions add and name their own). The defaults suit
// C++ callers; kiln.cond and kiln.while_loop pass their name scopes and
// control dependencies.
struct ControlFlowOptions {
  std::string name;                 // the cond / while_loop node's ("": the op's default)
  std::string loop_var_name;        // each loop_var node's ("": the op's default)
  std::vector<int> control_inputs;  // nodes the cond / while_loop node runs after
  // while_loop: per loop variable, the shapes its values may take (TF's
  // shape_invariants; dims may be kUnknownDim); empty: each initial shape.
  std::vector<Shape> shape_invariants;
};

// true_fn's outputs when `pred` (a bool scalar) is true, else false_fn's.
// The branches' nodes lie right before the cond node, whose attributes say
// where each begins (the planner jumps over the branch not taken).
std::vector<Output> cond(Graph& graph, Output pred, const BranchFn& true_fn,
                         const BranchFn& false_fn, const ControlFlowOptions& options = {});
// The loop variables after `vars = body(vars)` has run while cond(vars)
// holds. The loop_var nodes, then cond's nodes, then body's lie right before
// the while_loop node, whose attributes say where the first and the last
// begin. TypeError when the body changes a variable's dtype, ValueError when
// it gives a shape the variable's invariant does not allow.
std::vector<Output> while_loop(Graph& graph, const LoopFn& cond, const LoopFn& body,
                               std::span<const Output> initial,
                               const ControlFlowOptions& options = {});

}  // namespace kiln
