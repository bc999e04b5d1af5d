// The specialise pass: a step whose inputs all have fully known shapes gets
// its output specs now, from the op's own inference, so the executor calls
// the kernel without inferring on every run (it still checks that the
// inputs have those shapes, and infers when they do not).
#include "kiln/error.h"
#include "ops/tensor_attrs.h"
#include "runtime/fused_chain.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

using Step = PlanProgram::Step;

bool all_known(const Specs& specs) {
  for (const TensorSpec& s : specs) {
    if (!s.shape.is_fully_defined()) return false;
  }
  return true;
}

}  // namespace

void specialise_shapes(LoweredGraph& g) {
  PlanProgram& p = g.program;
  boost::container::small_vector<TensorSpec, 4> in;
  for (Step& step : p.steps) {
    const bool op = step.kind == Step::Kind::kOp && !step.variable && step.counter_attr < 0 &&
                    step.attr_inputs.empty() && step.attr_dims.empty() &&
                    !step.op->has(kGraphOnly) &&
                    !(step.op->has_tensor_attrs() && has_unknown_markers(*step.op, step.attrs));
    if (!op && step.kind != Step::Kind::kFused) continue;
    in.clear();
    for (int s : step.inputs) in.push_back(p.slot_specs[static_cast<size_t>(s)]);
    if (!all_known(Specs(in.begin(), in.end()))) continue;
    try {
      Specs out = step.kind == Step::Kind::kFused
                      ? Specs{step.fused->infer(as_span(in))}
                      : step.op->infer(*step.op, as_span(in), step.attrs);
      if (all_known(out) && static_cast<int>(out.size()) == step.num_outputs) {
        step.static_outputs = std::move(out);
      }
    } catch (const Error&) {
      // The step raises the error when it runs, naming its node.
    }
  }
}

}  // namespace kiln
