// The memory pass: each slot is released right after its last reader, and a
// step that is the last reader of an input with its output's shape and dtype
// may write its output over that input (Step::in_place; the executor checks
// at run time that nobody else holds the buffer). Plan::peak_bytes() walks
// the same schedule.
#include <algorithm>

#include "runtime/plan_passes.h"

namespace kiln {
namespace {

using Step = PlanProgram::Step;

// Fetched slots live until the run ends, and so do slots a loop reads but
// that are defined before it (the next iteration reads them again).
std::vector<bool> kept_to_the_end(const PlanProgram& p) {
  const auto& steps = p.steps;
  std::vector<int> defined_at(static_cast<size_t>(p.num_slots), -1);
  for (size_t i = 0; i < steps.size(); ++i) {
    auto define = [&](int s) {
      auto& d = defined_at[static_cast<size_t>(s)];
      if (d < 0) d = static_cast<int>(i);
    };
    if (steps[i].kind == Step::Kind::kOp || steps[i].kind == Step::Kind::kFused) {
      for (int k = 0; k < steps[i].num_outputs; ++k) define(steps[i].first_output + k);
    }
    for (const auto& c : steps[i].copies) define(c.second);
  }
  std::vector<bool> keep(static_cast<size_t>(p.num_slots), false);
  for (int s : p.fetch_slots) keep[static_cast<size_t>(s)] = true;
  for (size_t j = 0; j < steps.size(); ++j) {
    if (steps[j].kind != Step::Kind::kJump || steps[j].target > static_cast<int>(j)) continue;
    for (size_t i = static_cast<size_t>(steps[j].target); i <= j; ++i) {  // a loop: [target, j]
      for_each_read(steps[i], [&](int s) {
        if (defined_at[static_cast<size_t>(s)] < steps[j].target)
          keep[static_cast<size_t>(s)] = true;
      });
    }
  }
  return keep;
}

}  // namespace

void plan_memory(LoweredGraph& g) {
  PlanProgram& p = g.program;
  std::vector<int> last_reader(static_cast<size_t>(p.num_slots), -1);
  for (size_t i = 0; i < p.steps.size(); ++i) {
    p.steps[i].release.clear();
    for_each_read(p.steps[i],
                  [&](int s) { last_reader[static_cast<size_t>(s)] = static_cast<int>(i); });
  }
  const std::vector<bool> keep = kept_to_the_end(p);
  std::vector<bool> fixed(static_cast<size_t>(p.num_slots),
                          false);  // fed or constant: never written
  for (int s : p.feed_slots) fixed[static_cast<size_t>(s)] = true;
  for (const auto& c : p.constants) fixed[static_cast<size_t>(c.first)] = true;
  // A scalar step writes over its slot's last value: the slot keeps its
  // (one-element) buffer for the next time the step runs, e.g. the next iteration.
  std::vector<bool> reused(static_cast<size_t>(p.num_slots), false);
  for (const Step& step : p.steps) {
    if (step.scalar) reused[static_cast<size_t>(step.first_output)] = true;
  }
  // A slot that several branches of one kParallel step read is released by
  // the kParallel step, once they all have run: its last reader in the
  // program's order may finish first.
  const GroupOf groups = parallel_groups(p);
  std::vector<int> branch_reading(static_cast<size_t>(p.num_slots), -1);
  std::vector<bool> shared(static_cast<size_t>(p.num_slots), false);
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const int h = groups.header[i];
    if (h < 0) continue;
    for_each_read(p.steps[i], [&](int s) {
      int& b = branch_reading[static_cast<size_t>(s)];
      if (b >= 0 && groups.header[static_cast<size_t>(b)] == h &&
          groups.branch[static_cast<size_t>(b)] != groups.branch[i]) {
        shared[static_cast<size_t>(s)] = true;
      }
      b = static_cast<int>(i);
    });
  }
  for (int s = 0; s < p.num_slots; ++s) {
    int r = last_reader[static_cast<size_t>(s)];
    if (r < 0 || keep[static_cast<size_t>(s)] || reused[static_cast<size_t>(s)]) continue;
    if (shared[static_cast<size_t>(s)] && groups.header[static_cast<size_t>(r)] >= 0) {
      r = groups.header[static_cast<size_t>(r)];
    }
    p.steps[static_cast<size_t>(r)].release.push_back(s);
  }
  for (Step& step : p.steps) {
    step.in_place = -1;
    if ((step.kind != Step::Kind::kFused && !runs_into(step)) || step.scalar) continue;
    const TensorSpec& out = p.slot_specs[static_cast<size_t>(step.first_output)];
    for (size_t k = 0; k < step.inputs.size() && step.in_place < 0; ++k) {
      const int s = step.inputs[k];
      const TensorSpec& in = p.slot_specs[static_cast<size_t>(s)];
      const bool dies_here =
          std::find(step.release.begin(), step.release.end(), s) != step.release.end();
      const bool read_once = std::count(step.inputs.begin(), step.inputs.end(), s) == 1;
      if (dies_here && read_once && !fixed[static_cast<size_t>(s)] && in.dtype == out.dtype &&
          (in.shape == out.shape || !in.shape.is_fully_defined() ||
           !out.shape.is_fully_defined())) {
        step.in_place = static_cast<int>(k);
      }
    }
  }
}

std::optional<int64_t> Plan::peak_bytes() const {
  const PlanProgram& p = program_;
  auto bytes = [&p](int s) -> std::optional<int64_t> {
    const TensorSpec& spec = p.slot_specs[static_cast<size_t>(s)];
    if (!spec.shape.is_fully_defined()) return std::nullopt;
    return spec.shape.num_elements() * static_cast<int64_t>(spec.dtype.size());
  };
  // Feeds and constants are not the run's: their memory is the caller's and the plan's.
  std::vector<bool> fixed(static_cast<size_t>(p.num_slots), false);
  for (int s : p.feed_slots) fixed[static_cast<size_t>(s)] = true;
  for (const auto& c : p.constants) fixed[static_cast<size_t>(c.first)] = true;
  // The branches of a kParallel step may run in any interleaving: their
  // releases count when the last of them has run (a bound, not the exact peak).
  const GroupOf groups = parallel_groups(p);
  int64_t live = 0, peak = 0, deferred = 0;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const Step& step = p.steps[i];
    if (step.kind == Step::Kind::kOp || step.kind == Step::Kind::kFused) {
      for (int k = 0; k < step.num_outputs; ++k) {
        if (k == 0 && step.in_place >= 0) continue;  // written over its input
        auto b = bytes(step.first_output + k);
        if (!b) return std::nullopt;
        live += *b;
      }
    }
    peak = std::max(peak, live);
    for (int s : step.release) {
      if (fixed[static_cast<size_t>(s)]) continue;
      if (step.in_place >= 0 && s == step.inputs[static_cast<size_t>(step.in_place)]) continue;
      auto b = bytes(s);
      if (!b) return std::nullopt;
      (step.kind == Step::Kind::kParallel || groups.header[i] >= 0 ? deferred : live) -= *b;
    }
    const int h = groups.header[i];
    if (h >= 0 &&
        static_cast<int>(i) + 1 == p.steps[static_cast<size_t>(h)].branches.back().second) {
      live += deferred;  // the group is done
      deferred = 0;
    }
  }
  return peak;
}

}  // namespace kiln
