// kiln::cond and kiln::while_loop for C++ graphs: the branch and loop
// functions add their nodes right before the cond / while_loop node, which
// records where they begin (src/ops/control_flow_ops.cc); the planner lowers
// them to jumps. The same layout as python/kiln/_control_flow.py builds.
#include <string>

#include "kiln/error.h"
#include "kiln/function.h"

namespace kiln {
namespace {

std::vector<Output> outputs_of(const Graph& graph, int node) {
  std::vector<Output> out;
  for (int i = 0; i < static_cast<int>(graph.node(node).outputs.size()); ++i) out.push_back({node, i});
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

}  // namespace

std::vector<Output> cond(Graph& graph, Output pred, const BranchFn& true_fn,
                         const BranchFn& false_fn) {
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
  int node = graph.add_op("cond", inputs, {true_start, false_start, static_cast<int64_t>(t.size())});
  return outputs_of(graph, node);
}

std::vector<Output> while_loop(Graph& graph, const LoopFn& cond_fn, const LoopFn& body,
                               std::span<const Output> initial) {
  const int64_t loop_start = graph.num_nodes();
  std::vector<Output> vars;
  for (const Output& init : initial) {
    const TensorSpec& spec = graph.spec(init);
    vars.push_back({graph.add_op("loop_var", {}, {spec.dtype, spec.shape}), 0});
  }
  std::vector<Output> pred = cond_fn(vars);
  if (pred.size() != 1) throw ValueError("[while_loop] cond must return one bool scalar output.");
  const int64_t body_start = graph.num_nodes();
  std::vector<Output> next = body(vars);
  if (next.size() != vars.size()) {
    throw ValueError("[while_loop] body returned " + std::to_string(next.size()) +
                     " values for " + std::to_string(vars.size()) + " loop variables.");
  }
  for (size_t i = 0; i < vars.size(); ++i) {
    const TensorSpec& var = graph.spec(vars[i]);
    const TensorSpec& out = graph.spec(next[i]);
    if (!fits(var.shape, out.shape)) {
      throw ValueError("[while_loop] loop variable " + std::to_string(i) + " enters the loop with shape " +
                       var.shape.to_string() + ", but has shape " + out.shape.to_string() +
                       " after one iteration; give it a less specific shape first.");
    }
  }
  std::vector<Output> inputs(initial.begin(), initial.end());
  inputs.push_back(pred[0]);
  inputs.insert(inputs.end(), next.begin(), next.end());
  int node = graph.add_op("while_loop", inputs,
                          {loop_start, body_start, static_cast<int64_t>(vars.size())});
  return outputs_of(graph, node);
}

}  // namespace kiln
