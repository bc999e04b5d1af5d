// The schedule pass: in a straight run of pure steps, branches that do not
// read each other's values become one kParallel step, whose branches the
// executor runs at once on the pool. Ops large enough to split already use
// every core (parallel_for); this is for the steps below that size (an
// elementwise op under 64K elements, a small matmul or reduction), which run
// on one thread each and leave the others idle.
//
// Within a run the steps are put in levels (a step's level is one more than
// its producers' in the run), and the levels are walked in order, growing
// branches: a step joins the branch it reads from, or starts one. A step that
// reads two branches (a join), or two steps of one level that would join the
// same branch (a fork), close the group. A closed group with at least two
// branches of enough work becomes a kParallel step; its small branches run
// before it, one after another. A run where nothing goes parallel keeps its
// order, so the memory plan sees the same schedule as without this pass.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "kiln/error.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

using Step = PlanProgram::Step;

// A branch goes on its own task when its steps touch at least this many
// elements (inputs and outputs, shapes known at compile time): below it,
// handing the work to another thread costs about as much as the work.
constexpr int64_t kMinBranchWork = 1 << 14;

int64_t min_branch_work() {
  // Tests set it to 0 to schedule small graphs (docs/plans.md).
  if (const char* v = std::getenv("KILN_PLAN_MIN_BRANCH_WORK"); v && *v) return std::atoll(v);
  return kMinBranchWork;
}

// The elements a step reads and writes; 0 when a shape is unknown (such a
// step never makes a branch worth a task by itself).
int64_t work_of(const PlanProgram& p, const Step& s) {
  int64_t n = 0;
  auto add = [&](int slot) {
    const Shape& shape = p.slot_specs[static_cast<size_t>(slot)].shape;
    if (!shape.is_fully_defined()) return false;
    n += shape.num_elements();
    return true;
  };
  for (int x : s.inputs) {
    if (!add(x)) return 0;
  }
  for (int k = 0; k < s.num_outputs; ++k) {
    if (!add(s.first_output + k)) return 0;
  }
  return n;
}

// What a run of steps becomes: single steps and groups of branches.
struct Item {
  int step = -1;                           // a single step, or
  std::vector<std::vector<int>> branches;  // a parallel group
};

class RunScheduler {
 public:
  RunScheduler(const PlanProgram& p, int64_t min_work)
      : p_(p), min_work_(min_work), producer_(static_cast<size_t>(p.num_slots), -1) {}

  // The items for steps [begin, end); empty when nothing goes parallel.
  std::vector<Item> schedule(int begin, int end) {
    items_.clear();
    parallel_ = false;
    std::vector<int> level(static_cast<size_t>(end - begin), 0);
    int top = 0;
    for (int i = begin; i < end; ++i) {
      int l = 0;
      for (int s : p_.steps[static_cast<size_t>(i)].inputs) {
        const int from = producer(s, begin);
        if (from >= 0) l = std::max(l, level[static_cast<size_t>(from - begin)] + 1);
      }
      level[static_cast<size_t>(i - begin)] = l;
      top = std::max(top, l);
      const Step& step = p_.steps[static_cast<size_t>(i)];
      for (int k = 0; k < step.num_outputs; ++k)
        producer_[static_cast<size_t>(step.first_output + k)] = i;
    }
    std::vector<std::vector<int>> levels(static_cast<size_t>(top + 1));
    for (int i = begin; i < end; ++i)
      levels[static_cast<size_t>(level[static_cast<size_t>(i - begin)])].push_back(i);
    branch_of_.assign(static_cast<size_t>(end - begin), -1);
    begin_ = begin;
    group_.clear();
    for (const auto& steps : levels) add_level(steps);
    close_group();
    for (int i = begin; i < end; ++i) {  // forget this run's producers
      const Step& step = p_.steps[static_cast<size_t>(i)];
      for (int k = 0; k < step.num_outputs; ++k)
        producer_[static_cast<size_t>(step.first_output + k)] = -1;
    }
    if (!parallel_) items_.clear();
    return std::move(items_);
  }

 private:
  // The step of this run that writes slot s, or -1.
  int producer(int s, int begin) const {
    const int i = producer_[static_cast<size_t>(s)];
    return i >= begin ? i : -1;
  }

  // The open group's branch that step i reads, -1 for none, -2 for several.
  int branch_read(int i) const {
    int b = -1;
    for (int s : p_.steps[static_cast<size_t>(i)].inputs) {
      const int from = producer(s, begin_);
      if (from < 0) continue;
      const int fb = branch_of_[static_cast<size_t>(from - begin_)];
      if (fb < 0) continue;  // in a group already closed
      if (b >= 0 && fb != b) return -2;
      b = fb;
    }
    return b;
  }

  void add_level(const std::vector<int>& steps) {
    std::vector<int> reads;
    bool close = false;
    for (int i : steps) {
      const int b = branch_read(i);
      close = close || b == -2 || (b >= 0 && std::count(reads.begin(), reads.end(), b) > 0);
      reads.push_back(b);
    }
    if (close) {
      close_group();
      reads.assign(steps.size(), -1);
    }
    for (size_t k = 0; k < steps.size(); ++k) {
      int b = reads[k];
      if (b < 0) {
        b = static_cast<int>(group_.size());
        group_.emplace_back();
      }
      group_[static_cast<size_t>(b)].push_back(steps[k]);
      branch_of_[static_cast<size_t>(steps[k] - begin_)] = b;
    }
  }

  void close_group() {
    std::vector<std::vector<int>> big;
    std::vector<int> rest;
    for (auto& branch : group_) {
      int64_t work = 0;
      for (int i : branch) work += work_of(p_, p_.steps[static_cast<size_t>(i)]);
      if (work >= min_work_ && work > 0) {
        big.push_back(std::move(branch));
      } else {
        rest.insert(rest.end(), branch.begin(), branch.end());
      }
    }
    if (big.size() < 2) {
      for (const auto& branch : big) rest.insert(rest.end(), branch.begin(), branch.end());
      big.clear();
    }
    // In their first order, which respects every dependence among them.
    std::sort(rest.begin(), rest.end());
    for (int i : rest) items_.push_back({.step = i});
    if (!big.empty()) {
      items_.push_back({.branches = std::move(big)});
      parallel_ = true;
    }
    for (const auto& branch : group_) {
      for (int i : branch) branch_of_[static_cast<size_t>(i - begin_)] = -1;
    }
    group_.clear();
  }

  const PlanProgram& p_;
  int64_t min_work_;
  std::vector<int> producer_;   // per slot: the step that writes it
  std::vector<int> branch_of_;  // per step of the run: its branch in the open group
  std::vector<std::vector<int>> group_;
  int begin_ = 0;
  std::vector<Item> items_;
  bool parallel_ = false;
};

}  // namespace

void schedule_branches(LoweredGraph& g) {
  PlanProgram& p = g.program;
  const int n = static_cast<int>(p.steps.size());
  const int64_t min_work = min_branch_work();
  std::vector<bool> target(static_cast<size_t>(n) + 1, false);
  for (const Step& s : p.steps) {
    if (s.target >= 0) target[static_cast<size_t>(s.target)] = true;
  }
  auto straight = [&](int i) {
    const Step& s = p.steps[static_cast<size_t>(i)];
    return (s.kind == Step::Kind::kOp || s.kind == Step::Kind::kFused) &&
           g.info[static_cast<size_t>(i)].pure;
  };
  RunScheduler scheduler(p, min_work);
  std::vector<Step> steps;
  std::vector<LoweredGraph::StepInfo> info;
  // Where each old step went; in a reordered run only its start, the one
  // step there that a jump may reach.
  std::vector<int> new_index(static_cast<size_t>(n) + 1, -1);
  auto move_step = [&](int i) {
    steps.push_back(std::move(p.steps[static_cast<size_t>(i)]));
    info.push_back(g.info[static_cast<size_t>(i)]);
  };
  for (int i = 0; i < n;) {
    int end = i;
    while (end < n && straight(end) && (end == i || !target[static_cast<size_t>(end)])) ++end;
    std::vector<Item> items = end - i >= 2 ? scheduler.schedule(i, end) : std::vector<Item>{};
    if (items.empty()) {
      for (int k = i; k < std::max(end, i + 1); ++k) {
        new_index[static_cast<size_t>(k)] = static_cast<int>(steps.size());
        move_step(k);
      }
      i = std::max(end, i + 1);
      continue;
    }
    const int start = static_cast<int>(steps.size());
    for (Item& item : items) {
      if (item.step >= 0) {
        move_step(item.step);
        continue;
      }
      Step header{.kind = Step::Kind::kParallel};
      header.node_name = p.steps[static_cast<size_t>(item.branches[0][0])].node_name;
      const size_t h = steps.size();
      steps.push_back(std::move(header));
      info.push_back(
          {.region = g.info[static_cast<size_t>(item.branches[0][0])].region, .pure = false});
      for (const auto& branch : item.branches) {
        const int first = static_cast<int>(steps.size());
        for (int k : branch) move_step(k);
        steps[h].branches.emplace_back(first, static_cast<int>(steps.size()));
      }
    }
    new_index[static_cast<size_t>(i)] = start;
    i = end;
  }
  new_index[static_cast<size_t>(n)] = static_cast<int>(steps.size());
  for (Step& s : steps) {
    if (s.target < 0) continue;
    const int to = new_index[static_cast<size_t>(s.target)];
    if (to < 0) throw InternalError("schedule pass: a jump reaches into a reordered run of steps");
    s.target = to;
  }
  p.steps = std::move(steps);
  g.info = std::move(info);
}

}  // namespace kiln
