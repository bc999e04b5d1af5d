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

bool all_known(std::span<const TensorSpec> specs) {
  for (const TensorSpec& s : specs) {
    if (!s.shape.is_fully_defined()) return false;
  }
  return true;
}

// The ScalarFn of a step on single values, or nullptr.
ScalarFn scalar_fn(const Step& step, std::span<const TensorSpec> in) {
  if (step.kind != Step::Kind::kOp || !step.op->cpu_scalar || step.num_outputs != 1 ||
      step.static_outputs[0].shape.num_elements() != 1 || in.size() > kMaxScalarInputs) {
    return nullptr;
  }
  boost::container::small_vector<DType, 4> dtypes;
  for (const TensorSpec& s : in) {
    if (s.shape.num_elements() != 1) return nullptr;
    dtypes.push_back(s.dtype);
  }
  return step.op->cpu_scalar(*step.op, as_span(dtypes), step.attrs);
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
    if (!all_known(as_span(in))) continue;
    try {
      Specs out = step.kind == Step::Kind::kFused
                      ? Specs{step.fused->infer(as_span(in))}
                      : step.op->infer(*step.op, as_span(in), step.attrs);
      if (all_known(as_span(out)) && static_cast<int>(out.size()) == step.num_outputs) {
        step.static_outputs = std::move(out);
        step.scalar = scalar_fn(step, as_span(in));
      }
    } catch (const Error&) {
      // The step raises the error when it runs, naming its node.
    }
  }
}

}  // namespace kiln
