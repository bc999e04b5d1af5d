// The verifier: checks a program's invariants after each pass, so that a
// pass that breaks one fails at compile time, naming itself, instead of
// computing wrong values later.
#include <algorithm>
#include <string>

#include "kiln/error.h"
#include "runtime/fused_chain.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

using Step = PlanProgram::Step;

class Verifier {
 public:
  Verifier(const PlanProgram& p, std::string_view after) : p_(p), after_(after) {}

  void run() {
    if (p_.slot_specs.size() != static_cast<size_t>(p_.num_slots)) {
      fail("has " + std::to_string(p_.slot_specs.size()) + " slot specs for " +
           std::to_string(p_.num_slots) + " slots");
    }
    std::vector<bool> written(static_cast<size_t>(p_.num_slots), false);
    for (int s : p_.feed_slots) written[at(s, "a feed")] = true;
    for (const auto& c : p_.constants) written[at(c.first, "a constant")] = true;
    for (const Step& step : p_.steps) {
      if (step.kind == Step::Kind::kOp || step.kind == Step::Kind::kFused) {
        for (int k = 0; k < step.num_outputs; ++k)
          written[at(step.first_output + k, "an output")] = true;
      }
      for (const auto& c : step.copies) written[at(c.second, "a copy's destination")] = true;
    }
    std::vector<int> released_at(static_cast<size_t>(p_.num_slots), -1);
    const GroupOf groups = parallel_groups(p_);
    int group_end = -1;  // a kParallel step's releases apply when its last branch is done
    for (size_t i = 0; i < p_.steps.size(); ++i) {
      const Step& step = p_.steps[i];
      step_ = i;
      check_step(step);
      if (step.kind == Step::Kind::kParallel) check_parallel(i, groups);
      for_each_read(step, [&](int s) {
        if (!written[at(s, "a read")])
          fail("reads slot %" + std::to_string(s) + ", which nothing writes");
        if (released_at[static_cast<size_t>(s)] >= 0) {
          fail("reads slot %" + std::to_string(s) + ", released by step " +
               std::to_string(released_at[static_cast<size_t>(s)]));
        }
      });
      if (step.kind == Step::Kind::kParallel) {
        group_end = step.branches.back().second;
        continue;
      }
      for (int s : step.release) released_at[at(s, "a release")] = static_cast<int>(i);
      if (static_cast<int>(i) + 1 == group_end) {
        const int h = groups.header[i];
        for (int s : p_.steps[static_cast<size_t>(h)].release) released_at[at(s, "a release")] = h;
        group_end = -1;
      }
    }
    step_ = static_cast<size_t>(-1);
    for (int s : p_.fetch_slots) {
      if (released_at[at(s, "a fetch")] >= 0) {
        fail("releases fetched slot %" + std::to_string(s) + " at step " +
             std::to_string(released_at[static_cast<size_t>(s)]));
      }
    }
  }

 private:
  void check_step(const Step& s) {
    if ((s.kind == Step::Kind::kJump || s.kind == Step::Kind::kJumpIfFalse) &&
        (s.target < 0 || s.target > static_cast<int>(p_.steps.size()))) {
      fail("jumps to step " + std::to_string(s.target) + " of " + std::to_string(p_.steps.size()));
    }
    if (s.kind == Step::Kind::kOp && !s.op) fail("is an op step without an op");
    if (s.kind == Step::Kind::kFused) check_fused(s);
    if (s.in_place >= 0) {
      if (s.in_place >= static_cast<int>(s.inputs.size()))
        fail("writes in place of a missing input");
      const int slot = s.inputs[static_cast<size_t>(s.in_place)];
      if (std::find(s.release.begin(), s.release.end(), slot) == s.release.end()) {
        fail("writes over slot %" + std::to_string(slot) + ", which a later step still reads");
      }
    }
  }

  // A kParallel step's branches: consecutive ranges right after it, of op
  // and fused steps only, none reading what another writes, no jump into them.
  void check_parallel(size_t h, const GroupOf& groups) {
    const Step& s = p_.steps[h];
    if (s.branches.size() < 2) fail("is a parallel step with fewer than two branches");
    int next = static_cast<int>(h) + 1;
    for (const auto& [begin, end] : s.branches) {
      if (begin != next || end <= begin || end > static_cast<int>(p_.steps.size())) {
        fail("has a branch [" + std::to_string(begin) + ", " + std::to_string(end) +
             ") that does not follow the one before it");
      }
      next = end;
    }
    std::vector<int> writer_branch(static_cast<size_t>(p_.num_slots), -1);
    for (int i = static_cast<int>(h) + 1; i < next; ++i) {
      const Step& step = p_.steps[static_cast<size_t>(i)];
      if (step.kind != Step::Kind::kOp && step.kind != Step::Kind::kFused) {
        fail("has step " + std::to_string(i) + ", not an op, in a parallel branch");
      }
      const int b = groups.branch[static_cast<size_t>(i)];
      for (int x : step.inputs) {
        const int w = writer_branch[at(x, "a read")];
        if (w >= 0 && w != b) {
          fail("has step " + std::to_string(i) + " read slot %" + std::to_string(x) +
               ", which another of its branches writes");
        }
      }
      for (int k = 0; k < step.num_outputs; ++k)
        writer_branch[at(step.first_output + k, "an output")] = b;
    }
    for (const Step& other : p_.steps) {
      if (other.target > static_cast<int>(h) && other.target < next)
        fail("has a jump into its branches");
    }
  }

  void check_fused(const Step& s) {
    if (!s.fused || s.fused->ops.empty()) fail("is a fused step without ops");
    if (s.num_outputs != 1)
      fail("is a fused step with " + std::to_string(s.num_outputs) + " outputs");
    std::vector<bool> used(s.inputs.size(), false);
    for (size_t i = 0; i < s.fused->ops.size(); ++i) {
      const FusedChain::Op& o = s.fused->ops[i];
      if (!o.op || !o.op->cpu_into) fail("fuses an op without a kernel into given storage");
      for (int k : o.operands) {
        const bool ok = FusedChain::is_result(k) ? FusedChain::op_of(k) < static_cast<int>(i)
                                                 : k < static_cast<int>(s.inputs.size());
        if (!ok)
          fail("fuses an operand " + std::to_string(k) + " that op " + std::to_string(i) +
               " cannot read");
        if (!FusedChain::is_result(k)) used[static_cast<size_t>(k)] = true;
      }
    }
    if (std::find(used.begin(), used.end(), false) != used.end())
      fail("has a fused input no op reads");
  }

  size_t at(int s, const char* what) {
    if (s < 0 || s >= p_.num_slots)
      fail(std::string(what) + " names slot " + std::to_string(s) + " of " +
           std::to_string(p_.num_slots));
    return static_cast<size_t>(s);
  }

  [[noreturn]] void fail(const std::string& what) const {
    std::string where =
        step_ == static_cast<size_t>(-1) ? "the plan" : "step " + std::to_string(step_);
    throw InternalError("plan verifier, after pass '" + std::string(after_) + "': " + where + " " +
                        what + ".");
  }

  const PlanProgram& p_;
  std::string_view after_;
  size_t step_ = static_cast<size_t>(-1);
};

}  // namespace

void verify_program(const PlanProgram& program, std::string_view after) {
  Verifier(program, after).run();
}

}  // namespace kiln
