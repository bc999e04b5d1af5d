// compile_plan: lowers the graph, then runs the planner's passes in a fixed
// order, verifying the program after each. With KILN_DUMP_PLAN set the plan
// keeps each pass's result (Plan::describe()), and =1 prints it to stderr.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "runtime/plan_passes.h"

namespace kiln {
namespace {

struct Pass {
  std::string_view name;
  void (*run)(LoweredGraph&);
};

// The order matters: folding makes steps identical for cse; fusion needs
// the final steps; shapes are specialised per fused step, and the schedule
// weighs branches by those shapes; memory is planned on what will run, in
// the order it runs.
constexpr Pass kPasses[] = {
    {"fold", fold_constants},
    {"cse", share_common_steps},
    {"fuse", fuse_elementwise},
    {"specialise", specialise_shapes},
    {"schedule", schedule_branches},
    {"memory", plan_memory},
};
static_assert(std::size(kPasses) == 6, "a pass was added: place it and update docs/plans.md");

}  // namespace

std::shared_ptr<Plan> compile_plan(const Graph& graph, std::span<const Output> fetches,
                                   std::span<const Output> feed_keys, std::span<const int> targets,
                                   const RunCounterFn& run_counter, const VariableFn& variable) {
  const char* dump = std::getenv("KILN_DUMP_PLAN");
  const bool keep_log = dump && *dump && std::string_view(dump) != "0";
  std::string log;
  LoweredGraph g = lower_graph(graph, fetches, feed_keys, targets, run_counter, variable);
  verify_program(g.program, "lower");
  if (keep_log) log += "after lower: " + describe_program(g.program);
  for (const Pass& pass : kPasses) {
    pass.run(g);
    verify_program(g.program, pass.name);
    if (keep_log) log += "after " + std::string(pass.name) + ": " + describe_program(g.program);
  }
  auto plan = std::make_shared<Plan>(std::move(g.program), std::move(log));
  if (keep_log && std::string_view(dump) == "1") std::fputs(plan->describe().c_str(), stderr);
  return plan;
}

}  // namespace kiln
