// kiln::Function: a C++ callable traced once into a graph (on placeholders of
// the given signature), compiled into a plan, and then called like an op on
// tensors. kiln::cond and kiln::while_loop build control flow inside such a
// callable (or any graph): only the taken branch runs; loops run in the plan.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
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

  // Runs the traced graph; InvalidArgumentError/ValueError when an argument
  // does not fit the signature, CancelledError when `options` stop the call.
  // Safe to call from many threads at once.
  std::vector<Tensor> operator()(std::span<const Tensor> args,
                                 const RunOptions& options = {}) const;
  std::vector<Tensor> operator()(std::initializer_list<Tensor> args) const;

  const Graph& graph() const { return graph_; }

 private:
  Graph graph_;
  std::vector<Output> inputs_;
  std::shared_ptr<const Plan> plan_;
};

// Functions of no arguments that add a branch's nodes and return its outputs.
using BranchFn = std::function<std::vector<Output>()>;
// Loop functions: given the loop variables, cond returns {predicate} and body
// returns the next values of the variables.
using LoopFn = std::function<std::vector<Output>(std::span<const Output> vars)>;

// true_fn's outputs when `pred` (a bool scalar) is true, else false_fn's.
std::vector<Output> cond(Graph& graph, Output pred, const BranchFn& true_fn,
                         const BranchFn& false_fn);
// The loop variables after `vars = body(vars)` has run while cond(vars) holds.
std::vector<Output> while_loop(Graph& graph, const LoopFn& cond, const LoopFn& body,
                               std::span<const Output> initial);

}  // namespace kiln
