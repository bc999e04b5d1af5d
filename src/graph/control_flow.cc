// kiln::cond and kiln::while_loop: the one place that lays out control flow
// in a graph (kiln.cond and kiln.while_loop build through these too, with
// Python callbacks that trace the branches and bodies). The branch and loop
// functions add their nodes right before the cond / while_loop node, which
// records where they begin (src/ops/control_flow_ops.cc); the planner lowers
// them to jumps.
#include <string>

#include "kiln/error.h"
#include "kiln/function.h"

namespace kiln {
namespace {

std::vector<Output> outputs_of(const Graph& graph, int node) {
  std::vector<Output> out;
  for (int i = 0; i < static_cast<int>(graph.node(node).outputs.size()); ++i)
    out.push_back({node, i});
  return out;
}

// Whether `shape` is at least as specific as the loop variable's `invariant`.
bool fits(const Shape& invariant, const Shape& shape) {
  if (!invariant.has_known_rank()) return true;
  if (!shape.has_known_rank() || shape.rank() != invariant.rank()) return false;
  for (size_t i = 0; i < invariant.dims().size(); ++i) {
    if (invariant.dims()[i] != kUnknownDim && invariant.dims()[i] != shape.dims()[i]) return false;
  }
  return true;
}

// TF's errors (with its wording) for a body result that cannot be the next
// value of loop variable `var`, which entered the loop as `initial`.
void check_next_value(const Graph& graph, Output initial, Output var, Output next) {
  const TensorSpec& v = graph.spec(var);
  const TensorSpec& n = graph.spec(next);
  const std::string name = graph.output_name(initial);
  if (v.dtype != n.dtype) {
    throw TypeError("Loop variable " + name + " enters the loop as " + std::string(v.dtype.name()) +
                    " but the body returns " + std::string(n.dtype.name()) +
                    "; keep its dtype (cast in the body).");
  }
  if (!fits(v.shape, n.shape)) {
    throw ValueError("Input tensor '" + name + "' enters the loop with shape " +
                     v.shape.to_string() + ", but has shape " + n.shape.to_string() +
                     " after one iteration. To allow the shape to vary across iterations, use "
                     "the `shape_invariants` argument of kiln.while_loop to specify a "
                     "less-specific shape.");
  }
}

}  // namespace

std::vector<Output> cond(Graph& graph, Output pred, const BranchFn& true_fn,
                         const BranchFn& false_fn, const ControlFlowOptions& options) {
  const int64_t true_start = graph.num_nodes();
  std::vector<Output> t = true_fn();
  const int64_t false_start = graph.num_nodes();
  std::vector<Output> f = false_fn();
  if (t.size() != f.size()) {
    throw ValueError("[cond] true_fn gave " + std::to_string(t.size()) + " outputs and false_fn " +
                     std::to_string(f.size()) + "; both branches must give the same outputs.");
  }
  std::vector<Output> inputs = {pred};
  inputs.insert(inputs.end(), t.begin(), t.end());
  inputs.insert(inputs.end(), f.begin(), f.end());
  int node = graph.add_op("cond", inputs, {true_start, false_start, static_cast<int64_t>(t.size())},
                          options.name, options.control_inputs);
  return outputs_of(graph, node);
}

std::vector<Output> while_loop(Graph& graph, const LoopFn& cond_fn, const LoopFn& body,
                               std::span<const Output> initial, const ControlFlowOptions& options) {
  const std::vector<Shape>& invariants = options.shape_invariants;
  if (!invariants.empty() && invariants.size() != initial.size()) {
    throw ValueError("[while_loop] " + std::to_string(invariants.size()) +
                     " shape invariants for " + std::to_string(initial.size()) +
                     " loop variables; give one per variable.");
  }
  const int64_t loop_start = graph.num_nodes();
  std::vector<Output> vars;
  for (size_t i = 0; i < initial.size(); ++i) {
    const TensorSpec& spec = graph.spec(initial[i]);
    const Shape& shape = invariants.empty() ? spec.shape : invariants[i];
    vars.push_back({graph.add_op("loop_var", {}, {spec.dtype, shape}, options.loop_var_name), 0});
  }
  std::vector<Output> pred = cond_fn(vars);
  if (pred.size() != 1) throw ValueError("[while_loop] cond must return one bool scalar output.");
  const int64_t body_start = graph.num_nodes();
  std::vector<Output> next = body(vars);
  if (next.size() != vars.size()) {
    throw ValueError("[while_loop] body returned " + std::to_string(next.size()) + " values for " +
                     std::to_string(vars.size()) + " loop variables.");
  }
  for (size_t i = 0; i < vars.size(); ++i) check_next_value(graph, initial[i], vars[i], next[i]);
  std::vector<Output> inputs(initial.begin(), initial.end());
  inputs.push_back(pred[0]);
  inputs.insert(inputs.end(), next.begin(), next.end());
  int node = graph.add_op("while_loop", inputs,
                          {loop_start, body_start, static_cast<int64_t>(vars.size())}, options.name,
                          options.control_inputs);
  return outputs_of(graph, node);
}

}  // namespace kiln
