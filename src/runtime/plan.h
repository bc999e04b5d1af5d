// Plan: the compiled form of the part of a graph that some fetches need.
// Built once by compile_plan() (prune to what the fetches need, stopping at
// fed outputs; report every missing feed at once; fold constant subgraphs),
// then run any number of times, from any number of threads at once.
//
// Running a plan walks a flat list of steps over numbered value slots: no
// graph, no hashing, no name lookups; a slot is released right after its
// last reader ran, so intermediates do not pile up. Control flow (cond,
// while_loop) compiles to jumps and copies between slots, so only the taken
// branch runs and a loop body runs in place.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "kiln/graph.h"
#include "kiln/run_options.h"
#include "ops/op_def.h"

namespace kiln {

// A stateful node's run count (see Plan::Step::runs).
using RunCounterFn = std::function<std::shared_ptr<std::atomic<int64_t>>(int node)>;
// The variable a graph's own VarHandleOp node stands for in this run's
// context (a Session's values). Captured eager variables need none.
using VariableFn = std::function<Variable(const Node& handle)>;

class Plan {
 public:
  struct Step {
    enum class Kind : uint8_t { kOp, kCopy, kJumpIfFalse, kJump };
    Kind kind = Kind::kOp;
    const OpDef* op = nullptr;
    Attrs attrs;
    std::vector<int> inputs;   // slots: the op's inputs, then those giving attributes
    // Attributes known only when the plan runs (Node::attr_inputs, attr_dims).
    int num_op_inputs = 0;
    std::vector<int> attr_inputs;
    std::vector<AttrDim> attr_dims;
    int first_output;          // slot of output 0; outputs are consecutive
    int num_outputs;
    std::vector<int> release;  // slots whose last reader is this step
    int counter_attr = -1;     // stateful random ops: the attr a run advances
    // Stateful random ops: how often this node has run (shared by every plan
    // of one session, so a new fetch list does not restart the stream).
    std::shared_ptr<std::atomic<int64_t>> runs;
    // Variable ops: the variable the step reads or assigns (ops/variable_ops.h).
    std::optional<Variable> variable;
    std::string node_name;     // for error messages
    // kCopy: (source, destination) slots, copied all at once (loop variables may swap).
    std::vector<std::pair<int, int>> copies;
    int condition = -1;        // kJumpIfFalse: the bool scalar slot tested
    int target = -1;           // kJumpIfFalse, kJump: the step to go to
  };

  // Values of the fetches, in order. `feeds` match the feed keys the plan
  // was compiled for (dtypes and shapes checked against the graph's).
  // CancelledError when `options` ask the run to stop.
  Arrays run(std::span<const Array> feeds, const RunOptions& options = {}) const;

  int num_steps() const { return static_cast<int>(steps_.size()); }
  int num_feeds() const { return static_cast<int>(feed_slots_.size()); }
  int num_fetches() const { return static_cast<int>(fetch_slots_.size()); }
  // The graph's spec of each feed key (what a fed value must fit).
  const std::vector<TensorSpec>& feed_specs() const { return feed_specs_; }
  const std::vector<std::string>& feed_names() const { return feed_names_; }

 private:
  friend class PlanBuilder;
  std::vector<Step> steps_;
  int num_slots_ = 0;
  std::vector<std::pair<int, Array>> constants_;  // slot, value (folded or Const)
  std::vector<int> feed_slots_;
  std::vector<TensorSpec> feed_specs_;
  std::vector<std::string> feed_names_;
  std::vector<int> fetch_slots_;
};

// `run_counter(node)` gives the run count a stateful node's steps share;
// without it each plan counts its own runs. `variable(handle)` gives the
// variable of a graph's own VarHandleOp; without it a plan that uses one
// raises FailedPreconditionError (only a Session holds such values).
std::shared_ptr<Plan> compile_plan(const Graph& graph, std::span<const Output> fetches,
                                   std::span<const Output> feed_keys,
                                   std::span<const int> targets,
                                   const RunCounterFn& run_counter = {},
                                   const VariableFn& variable = {});

// Whether `value` may be fed for an output of this spec; the error names the
// tensor, its shape and the value's shape (TF's wording).
void check_feed(const TensorSpec& spec, const std::string& tensor_name, const Array& value);

}  // namespace kiln
