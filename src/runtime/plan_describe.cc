// Plan::describe(): the steps of a plan as a person reads them, one line
// each, e.g.
//   step 0: %5 = fused(multiply, multiply, add, subtract)(%0, %1, %2, %3, %4)
//           float32[16777216] static, in place of %0, release %0 %1 %2 %3 %4  [node 'sub']
#include <string>

#include "runtime/fused_chain.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

using Step = PlanProgram::Step;

std::string slot(int s) { return "%" + std::to_string(s); }

std::string slots(const std::vector<int>& v) {
  std::string out;
  for (int s : v) out += (out.empty() ? "" : ", ") + slot(s);
  return out;
}

std::string spec(const TensorSpec& s) { return std::string(s.dtype.name()) + s.shape.to_string(); }

std::string describe_step(const PlanProgram& p, const Step& s) {
  std::string line;
  switch (s.kind) {
    case Step::Kind::kOp:
    case Step::Kind::kFused: {
      std::string outs;
      for (int k = 0; k < s.num_outputs; ++k) outs += (k ? ", " : "") + slot(s.first_output + k);
      const std::string what = s.kind == Step::Kind::kFused ? "fused(" + s.fused->op_names() + ")"
                                                            : std::string(s.op->name);
      line = (outs.empty() ? "" : outs + " = ") + what + "(" + slots(s.inputs) + ")";
      for (int k = 0; k < s.num_outputs; ++k) {
        line += (k ? ", " : " ") + spec(p.slot_specs[static_cast<size_t>(s.first_output + k)]);
      }
      if (!s.static_outputs.empty()) line += " static";
      if (s.in_place >= 0)
        line += ", in place of " + slot(s.inputs[static_cast<size_t>(s.in_place)]);
      break;
    }
    case Step::Kind::kCopy:
      line = "copy";
      for (const auto& [from, to] : s.copies) line += " " + slot(from) + "->" + slot(to);
      break;
    case Step::Kind::kJumpIfFalse:
      line = "if not " + slot(s.condition) + " jump to step " + std::to_string(s.target);
      break;
    case Step::Kind::kJump:
      line = "jump to step " + std::to_string(s.target);
      break;
    case Step::Kind::kParallel:
      line = "parallel " + std::to_string(s.branches.size()) + " branches:";
      for (const auto& [begin, end] : s.branches) {
        line += " steps " + std::to_string(begin) +
                (end - begin > 1 ? "-" + std::to_string(end - 1) : "");
      }
      if (!s.release.empty()) line += "; then";
      break;
  }
  if (!s.release.empty()) line += ", release " + slots(s.release);
  return line + "  [node '" + s.node_name + "']";
}

}  // namespace

std::string describe_program(const PlanProgram& p) {
  std::string text = std::to_string(p.feed_slots.size()) + " feeds, " +
                     std::to_string(p.constants.size()) + " constants, " +
                     std::to_string(p.steps.size()) + " steps, " + std::to_string(p.num_slots) +
                     " slots\n";
  for (size_t i = 0; i < p.feed_slots.size(); ++i) {
    text += "  feed " + slot(p.feed_slots[i]) + " '" + p.feed_names[i] + "' " +
            spec(p.feed_specs[i]) + "\n";
  }
  for (const auto& [s, value] : p.constants) {
    text += "  constant " + slot(s) + " " + std::string(value.dtype().name()) +
            value.shape().to_string() + "\n";
  }
  for (size_t i = 0; i < p.steps.size(); ++i) {
    text += "  step " + std::to_string(i) + ": " + describe_step(p, p.steps[i]) + "\n";
  }
  text += "  fetch " + slots(p.fetch_slots) + "\n";
  return text;
}

std::string Plan::describe() const {
  std::string text = pass_log_;
  auto peak = peak_bytes();
  text += "plan: " + describe_program(program_);
  text +=
      "peak bytes: " + (peak ? std::to_string(*peak) : std::string("unknown until it runs")) + "\n";
  return text;
}

}  // namespace kiln
