// The fuse pass: an elementwise step whose result only other steps of one
// chain read joins that chain, which runs as one kFused step
// (runtime/fused_chain.h): its intermediates never reach main memory.
//
// A chain grows backwards from its last op (the root) through producers
// that are elementwise ops with a kernel into given storage, pure, in the
// same basic block (no jump or copy between them, so moving their work to
// the root's place reads the same values), of the root's static shape (so
// no smaller operand is recomputed at the root's size), and read by nothing
// outside the chain, fetches included. Chains of single values are left to
// the executor's scalar steps, which need no arrays at all.
#include <algorithm>
#include <memory>
#include <unordered_map>

#include "runtime/fused_chain.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

using Step = PlanProgram::Step;

bool fusable(const Step& s, const LoweredGraph::StepInfo& info) { return info.pure && runs_into(s); }

// Basic blocks: a new one starts at every jump target and after every jump
// or copy (a copy writes loop variables and branch results).
std::vector<int> basic_blocks(const std::vector<Step>& steps) {
  std::vector<bool> starts(steps.size() + 1, false);
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].target >= 0) starts[static_cast<size_t>(steps[i].target)] = true;
    if (steps[i].kind != Step::Kind::kOp && steps[i].kind != Step::Kind::kFused) starts[i + 1] = true;
  }
  std::vector<int> block(steps.size());
  int b = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (starts[i]) ++b;
    block[i] = b;
  }
  return block;
}

}  // namespace

void fuse_elementwise(LoweredGraph& g) {
  PlanProgram& p = g.program;
  const std::vector<int> reads = count_reads(p);
  const std::vector<int> block = basic_blocks(p.steps);
  std::vector<int> defined_by(static_cast<size_t>(p.num_slots), -1);  // slot -> its op step
  for (size_t i = 0; i < p.steps.size(); ++i) {
    if (p.steps[i].kind == Step::Kind::kOp && p.steps[i].num_outputs == 1) {
      defined_by[static_cast<size_t>(p.steps[i].first_output)] = static_cast<int>(i);
    }
  }
  std::vector<bool> taken(p.steps.size(), false);  // in a chain already
  std::vector<bool> removed(p.steps.size(), false);
  for (size_t root = p.steps.size(); root-- > 0;) {
    if (taken[root] || !fusable(p.steps[root], g.info[root])) continue;
    const TensorSpec& shape_of_root = p.slot_specs[static_cast<size_t>(p.steps[root].first_output)];
    if (!shape_of_root.shape.has_known_rank()) continue;
    // Single values run faster as steps on single values (Step::scalar).
    if (shape_of_root.shape.is_fully_defined() && shape_of_root.shape.num_elements() == 1) continue;
    std::vector<size_t> members = {root};
    std::unordered_map<int, int> reads_inside;  // slot -> reads by members
    auto count_member = [&](size_t m) {
      for (int s : p.steps[m].inputs) ++reads_inside[s];
    };
    count_member(root);
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [s, n] : reads_inside) {
        const int d = defined_by[static_cast<size_t>(s)];
        if (d < 0 || taken[static_cast<size_t>(d)] || n != reads[static_cast<size_t>(s)]) continue;
        const auto producer = static_cast<size_t>(d);
        if (std::find(members.begin(), members.end(), producer) != members.end()) continue;
        if (!fusable(p.steps[producer], g.info[producer]) || block[producer] != block[root] ||
            g.info[producer].region != g.info[root].region ||
            p.slot_specs[static_cast<size_t>(s)].shape != shape_of_root.shape) {
          continue;
        }
        members.push_back(producer);
        count_member(producer);
        grew = true;
        break;  // reads_inside changed: iterate afresh
      }
    }
    if (members.size() < 2) continue;
    std::sort(members.begin(), members.end());
    // The chain's operands: slots its members read that no member writes.
    auto chain = std::make_shared<FusedChain>();
    std::vector<int> externals;
    std::unordered_map<int, int> operand_of;  // slot -> operand code
    for (size_t m : members) {
      const Step& s = p.steps[m];
      FusedChain::Op op{.op = s.op, .attrs = s.attrs,
                        .dtype = p.slot_specs[static_cast<size_t>(s.first_output)].dtype,
                        .node_name = s.node_name};
      for (int x : s.inputs) {
        auto [it, added] = operand_of.try_emplace(x, static_cast<int>(externals.size()));
        if (added) externals.push_back(x);
        op.operands.push_back(it->second);
      }
      operand_of[s.first_output] = FusedChain::result_of(static_cast<int>(chain->ops.size()));
      chain->ops.push_back(std::move(op));
      taken[m] = true;
      if (m != root) removed[m] = true;
    }
    Step& fused = p.steps[root];
    fused.kind = Step::Kind::kFused;
    fused.op = nullptr;
    fused.attrs.clear();
    fused.num_op_inputs = static_cast<int>(externals.size());
    fused.inputs = std::move(externals);
    fused.fused = std::move(chain);
  }
  erase_steps(g, removed);
}

}  // namespace kiln
