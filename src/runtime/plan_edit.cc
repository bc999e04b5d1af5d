// Editing helpers the planner's passes share (runtime/plan_passes.h).
#include "runtime/plan_passes.h"

namespace kiln {

void erase_steps(LoweredGraph& g, const std::vector<bool>& removed) {
  auto& steps = g.program.steps;
  // new_index[i]: where step i (or, if removed, the next step kept) ends up.
  std::vector<int> new_index(steps.size() + 1);
  int kept = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    new_index[i] = kept;
    if (!removed[i]) ++kept;
  }
  new_index[steps.size()] = kept;
  size_t out = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (removed[i]) continue;
    if (steps[i].target >= 0) steps[i].target = new_index[static_cast<size_t>(steps[i].target)];
    if (out != i) {
      steps[out] = std::move(steps[i]);
      g.info[out] = g.info[i];
    }
    ++out;
  }
  steps.resize(out);
  g.info.resize(out);
}

void redirect_reads(PlanProgram& program, const std::vector<int>& to) {
  auto at = [&to](int& s) { s = to[static_cast<size_t>(s)]; };
  for (auto& step : program.steps) {
    for (int& x : step.inputs) at(x);
    for (auto& c : step.copies) at(c.first);
    if (step.condition >= 0) at(step.condition);
  }
  for (int& s : program.fetch_slots) at(s);
}

std::vector<int> count_reads(const PlanProgram& program) {
  std::vector<int> reads(static_cast<size_t>(program.num_slots), 0);
  for (const auto& step : program.steps) {
    for_each_read(step, [&reads](int s) { ++reads[static_cast<size_t>(s)]; });
  }
  for (int s : program.fetch_slots) ++reads[static_cast<size_t>(s)];
  return reads;
}

GroupOf parallel_groups(const PlanProgram& program) {
  const size_t n = program.steps.size();
  GroupOf g{std::vector<int>(n, -1), std::vector<int>(n, -1)};
  for (size_t h = 0; h < n; ++h) {
    const auto& branches = program.steps[h].branches;
    for (size_t b = 0; b < branches.size(); ++b) {
      for (int i = branches[b].first;
           i < branches[b].second && i >= 0 && static_cast<size_t>(i) < n; ++i) {
        g.header[static_cast<size_t>(i)] = static_cast<int>(h);
        g.branch[static_cast<size_t>(i)] = static_cast<int>(b);
      }
    }
  }
  return g;
}

}  // namespace kiln
