// The fold pass: a pure step whose inputs are all constants runs once, at
// compile time, and its outputs become constants of the plan.
#include "kiln/error.h"
#include "ops/execute.h"
#include "ops/tensor_attrs.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

// Values are folded only while small: a plan keeps what it folds for as
// long as it is cached.
constexpr int64_t kFoldLimitBytes = 1 << 20;

}  // namespace

void fold_constants(LoweredGraph& g) {
  PlanProgram& p = g.program;
  std::vector<int> constant_at(static_cast<size_t>(p.num_slots), -1);  // slot -> index in constants
  for (size_t i = 0; i < p.constants.size(); ++i) {
    constant_at[static_cast<size_t>(p.constants[i].first)] = static_cast<int>(i);
  }
  std::vector<bool> removed(p.steps.size(), false);
  boost::container::small_vector<Array, 4> values;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const PlanProgram::Step& step = p.steps[i];
    if (step.kind != PlanProgram::Step::Kind::kOp || !g.info[i].pure || step.num_outputs == 0) continue;
    values.clear();
    for (int s : step.inputs) {
      if (constant_at[static_cast<size_t>(s)] < 0) break;
      values.push_back(p.constants[static_cast<size_t>(constant_at[static_cast<size_t>(s)])].second);
    }
    if (values.size() != step.inputs.size()) continue;
    Arrays out;
    try {
      const auto own = static_cast<size_t>(step.num_op_inputs);
      Attrs attrs = resolve_attrs(*step.op, step.attrs, step.attr_inputs, step.attr_dims,
                                  as_span(values), own);
      out = execute_arrays(*step.op, std::span<const Array>(values.data(), own), attrs);
    } catch (const Error&) {
      continue;  // the step raises the same error, naming its node, if it runs
    }
    int64_t bytes = 0;
    for (const Array& a : out) bytes += a.nbytes();
    if (bytes > kFoldLimitBytes || static_cast<int>(out.size()) != step.num_outputs) continue;
    for (int k = 0; k < step.num_outputs; ++k) {
      const int s = step.first_output + k;
      constant_at[static_cast<size_t>(s)] = static_cast<int>(p.constants.size());
      p.constants.emplace_back(s, std::move(out[static_cast<size_t>(k)]));
    }
    removed[i] = true;
  }
  erase_steps(g, removed);
}

}  // namespace kiln
