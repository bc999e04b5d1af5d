// The planner's passes. compile_plan (runtime/plan_compile.cc) lowers the
// graph into a PlanProgram and runs these over it in a fixed order, the
// verifier between each two; KILN_DUMP_PLAN=1 keeps each pass's result for
// Plan::describe(). Each pass is one file with one job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/plan.h"

namespace kiln {

// Lowering (plan_lower.cc): prunes the graph to what the fetches and targets
// need (stopping at fed outputs; every missing feed reported at once), gives
// each needed output a slot, turns nodes into steps and cond/while_loop into
// jumps and copies. Constant nodes become constants; nothing is folded yet.
struct LoweredGraph {
  PlanProgram program;
  // Per step, compile-time facts the passes read (indexes match program.steps).
  struct StepInfo {
    int region = -1;    // the construct branch or loop it belongs to (-1: none)
    bool pure = false;  // no state, no side effect, no control inputs: may be folded, shared, fused
  };
  std::vector<StepInfo> info;
};
LoweredGraph lower_graph(const Graph& graph, std::span<const Output> fetches,
                         std::span<const Output> feed_keys, std::span<const int> targets,
                         const RunCounterFn& run_counter, const VariableFn& variable);

// fold (plan_fold.cc): a pure step whose inputs are all constants runs now;
// its small results become constants of the plan.
void fold_constants(LoweredGraph& g);
// cse (plan_cse.cc): an identical pure step earlier in the same region gives
// its outputs; the later one goes.
void share_common_steps(LoweredGraph& g);
// fuse (plan_fuse.cc): chains of elementwise ops whose intermediates nothing
// else reads become one kFused step.
void fuse_elementwise(LoweredGraph& g);
// specialise (plan_specialise.cc): steps whose input shapes are all known
// get their output specs now (Step::static_outputs).
void specialise_shapes(LoweredGraph& g);
// schedule (plan_schedule.cc): independent branches of a straight run of
// pure steps, each with enough work, become one kParallel step.
void schedule_branches(LoweredGraph& g);
// memory (plan_memory.cc): when each slot is released, and which step may
// write its output over a dead input (Step::in_place). A slot that two
// branches of a kParallel step read is released after the whole group.
void plan_memory(LoweredGraph& g);

// The kParallel step each step runs in (-1: none), and its branch there.
struct GroupOf {
  std::vector<int> header;
  std::vector<int> branch;
};
GroupOf parallel_groups(const PlanProgram& program);

// Whether a step runs its op's kernel into given storage (OpDef::cpu_into)
// with attributes fixed at compile time: what fusion joins and what may write
// over a dead input.
inline bool runs_into(const PlanProgram::Step& s) {
  return s.kind == PlanProgram::Step::Kind::kOp && s.op->cpu_into && s.num_outputs == 1 &&
         s.attr_inputs.empty() && s.attr_dims.empty() && s.counter_attr < 0 && !s.variable;
}

// Steps on single values take at most this many inputs (Step::scalar).
inline constexpr size_t kMaxScalarInputs = 3;

// The verifier (plan_verify.cc): InternalError naming `after` (the pass that
// ran last) when the program is malformed: a slot read that nothing writes, a
// jump out of range, a fused operand that does not exist, a slot read after
// its release, an in-place input that is still read later, ...
void verify_program(const PlanProgram& program, std::string_view after);

// The steps as text (plan_describe.cc).
std::string describe_program(const PlanProgram& program);

// Editing helpers for the passes (plan_edit.cc).
// Calls fn(slot) for every slot a step reads.
template <class Fn>
void for_each_read(const PlanProgram::Step& s, Fn&& fn) {
  for (int x : s.inputs) fn(x);
  for (const auto& c : s.copies) fn(c.first);
  if (s.condition >= 0) fn(s.condition);
}
// Removes the steps marked in `removed`; jumps to a removed step go to the
// next step kept.
void erase_steps(LoweredGraph& g, const std::vector<bool>& removed);
// Reads of slot s become reads of to[s] (fetches too); writes are unchanged.
void redirect_reads(PlanProgram& program, const std::vector<int>& to);
// How many times each slot is read (by steps, as a jump condition, as a fetch).
std::vector<int> count_reads(const PlanProgram& program);

}  // namespace kiln
