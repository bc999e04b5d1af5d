// Plan: the compiled form of the part of a graph that some fetches need.
// compile_plan() lowers the graph to a flat list of steps over numbered value
// slots and runs the planner's passes over it (runtime/plan_passes.h); the
// plan then runs any number of times, from any number of threads at once.
//
// Running a plan walks the steps: no graph, no hashing, no name lookups. A
// slot is released right after its last reader ran, and a dead input's buffer
// may be written in place. Control flow (cond, while_loop) is jumps and
// copies between slots, so only the taken branch runs and a loop body runs in
// place. A chain of elementwise ops is one fused step that streams over
// cache-sized tiles (runtime/fused_chain.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
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

struct FusedChain;  // runtime/fused_chain.h

// What a plan is made of: the steps and slots the passes rewrite and the
// executor runs. Kept apart from Plan so that passes, the verifier and tests
// can build and inspect one directly.
struct PlanProgram {
  struct Step {
    enum class Kind : uint8_t { kOp, kFused, kCopy, kJumpIfFalse, kJump, kParallel };
    Kind kind = Kind::kOp;
    const OpDef* op = nullptr;
    Attrs attrs;
    std::vector<int> inputs;  // slots: the op's inputs, then those giving attributes
    // Attributes known only when the plan runs (Node::attr_inputs, attr_dims).
    int num_op_inputs = 0;
    std::vector<int> attr_inputs;
    std::vector<AttrDim> attr_dims;
    int first_output = -1;  // slot of output 0; outputs are consecutive
    int num_outputs = 0;
    // Shape specialisation: the output specs when every input's shape is
    // known when the plan compiles (the executor then skips inference while
    // the inputs have those shapes); empty otherwise.
    Specs static_outputs;
    // A step on single values (every input and its output one element, known
    // at compile time) whose op has an ScalarFn: the executor calls it on the
    // values' bytes, writing over the output slot's last value when nobody
    // else holds it, so a loop of scalars allocates nothing per iteration.
    ScalarFn scalar = nullptr;
    std::vector<int> release;  // slots whose last reader is this step
    // Memory plan: the input (an index into `inputs`) whose buffer the output
    // may take over, being its last reader with the output's shape and dtype;
    // the executor checks at run time that nobody else holds the buffer. -1: none.
    int in_place = -1;
    int counter_attr = -1;  // stateful random ops: the attr a run advances
    // Stateful random ops: how often this node has run (shared by every plan
    // of one session, so a new fetch list does not restart the stream).
    std::shared_ptr<std::atomic<int64_t>> runs;
    // Variable ops: the variable the step reads or assigns (ops/variable_ops.h).
    std::optional<Variable> variable;
    std::string node_name;  // for error messages
    // kFused: the chain of elementwise ops; `inputs` are its external operands.
    std::shared_ptr<const FusedChain> fused;
    // kCopy: (source, destination) slots, copied all at once (loop variables may swap).
    std::vector<std::pair<int, int>> copies;
    int condition = -1;  // kJumpIfFalse: the bool scalar slot tested
    int target = -1;     // kJumpIfFalse, kJump: the step to go to
    // kParallel: the branches that may run at once, as [begin, end) ranges of
    // the steps right after this one (contiguous, in order); the run goes on
    // after the last. Its `release` applies once every branch has run.
    std::vector<std::pair<int, int>> branches;
  };

  std::vector<Step> steps;
  int num_slots = 0;
  std::vector<TensorSpec> slot_specs;            // per slot, as the graph knows it
  std::vector<std::pair<int, Array>> constants;  // slot, value (folded or Const)
  std::vector<int> feed_slots;
  std::vector<TensorSpec> feed_specs;
  std::vector<std::string> feed_names;
  std::vector<int> fetch_slots;
};

class Plan {
 public:
  using Step = PlanProgram::Step;

  explicit Plan(PlanProgram program, std::string pass_log = {})
      : program_(std::move(program)), pass_log_(std::move(pass_log)) {}

  // Values of the fetches, in order. `feeds` match the feed keys the plan
  // was compiled for (dtypes and shapes checked against the graph's).
  // CancelledError when `options` ask the run to stop.
  Arrays run(std::span<const Array> feeds, const RunOptions& options = {}) const;

  int num_steps() const { return static_cast<int>(program_.steps.size()); }
  int num_feeds() const { return static_cast<int>(program_.feed_slots.size()); }
  int num_fetches() const { return static_cast<int>(program_.fetch_slots.size()); }
  // The graph's spec of each feed key (what a fed value must fit).
  const std::vector<TensorSpec>& feed_specs() const { return program_.feed_specs; }
  const std::vector<std::string>& feed_names() const { return program_.feed_names; }
  const PlanProgram& program() const { return program_; }

  // The steps as a person reads them (runtime/plan_describe.cc), preceded by
  // each pass's result when the plan was compiled with KILN_DUMP_PLAN set.
  std::string describe() const;
  // The most bytes the run's own buffers (intermediates and results; not
  // feeds or constants) hold at once, when every shape is known at compile
  // time (a loop body counted once); nullopt otherwise.
  std::optional<int64_t> peak_bytes() const;

 private:
  PlanProgram program_;
  std::string pass_log_;
};

// `run_counter(node)` gives the run count a stateful node's steps share;
// without it each plan counts its own runs. `variable(handle)` gives the
// variable of a graph's own VarHandleOp; without it a plan that uses one
// raises FailedPreconditionError (only a Session holds such values).
std::shared_ptr<Plan> compile_plan(const Graph& graph, std::span<const Output> fetches,
                                   std::span<const Output> feed_keys, std::span<const int> targets,
                                   const RunCounterFn& run_counter = {},
                                   const VariableFn& variable = {});

// Whether `value` may be fed for an output of this spec; the error names the
// tensor, its shape and the value's shape (TF's wording).
void check_feed(const TensorSpec& spec, const std::string& tensor_name, const Array& value);

}  // namespace kiln
