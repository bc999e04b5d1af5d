// The cse pass: a pure step identical to an earlier one of the same region
// (same op, attributes and input slots) reads that one's outputs instead of
// running. Another region's step may not have run (the other branch of a
// cond), so it never stands in.
#include <unordered_map>

#include "runtime/plan_passes.h"
#include "runtime/step_key.h"

namespace kiln {

void share_common_steps(LoweredGraph& g) {
  PlanProgram& p = g.program;
  std::unordered_map<std::string, size_t> first_of;  // region:key -> the step that computes it
  std::vector<bool> removed(p.steps.size(), false);
  std::vector<int> to(static_cast<size_t>(p.num_slots));
  for (int s = 0; s < p.num_slots; ++s) to[static_cast<size_t>(s)] = s;
  bool any = false;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    PlanProgram::Step& step = p.steps[i];
    if (step.kind != PlanProgram::Step::Kind::kOp || !g.info[i].pure) continue;
    // Reads of slots redirected so far: a step on a shared step's outputs
    // becomes identical to the one on the original's.
    for (int& x : step.inputs) x = to[static_cast<size_t>(x)];
    std::string key = std::to_string(g.info[i].region) + ":" + step_key(step);
    auto [it, inserted] = first_of.try_emplace(std::move(key), i);
    if (inserted) continue;
    const PlanProgram::Step& first = p.steps[it->second];
    for (int k = 0; k < step.num_outputs; ++k) {
      to[static_cast<size_t>(step.first_output + k)] = first.first_output + k;
    }
    removed[i] = true;
    any = true;
  }
  if (!any) return;
  redirect_reads(p, to);
  erase_steps(g, removed);
}

}  // namespace kiln
