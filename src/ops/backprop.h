// Reverse-mode differentiation over a list of recorded op applications: the
// one backpropagation that Python's GradientTape and tf.gradients, and C++'s
// kiln::gradients on a Graph, all call. It knows no graph, tape or Python
// object: values are GradValues of a GradBuilder (src/ops/gradient.h).
#pragma once

#include <span>
#include <vector>

#include "ops/gradient.h"

namespace kiln {

// One op application, as recorded: op applied to inputs gave outputs.
struct GradRecord {
  const OpDef* op = nullptr;  // nullptr: a custom gradient (custom_id, the builder's)
  int custom_id = -1;
  Attrs attrs;
  AttrFlags attr_unknown;  // per attribute (shorter, or empty: the rest known); see GradArgs
  std::vector<GradValue> inputs;
  std::vector<GradValue> outputs;
};

// What a source that the targets do not depend on gets: None or zeros (TF's
// tf.UnconnectedGradients.NONE / ZERO).
enum class Unconnected { kNone, kZero };

// The gradients of sum(targets[i] * target_grads[i]) with respect to each
// source. records are in the order they ran (each record's inputs come from
// sources, earlier records, or outside); an undefined target_grads[i] means
// ones shaped like targets[i]. Sources of integer or bool dtype, and sources
// the targets do not depend on, get `unconnected`. LookupError when a record
// between them has an op with no gradient declared.
std::vector<GradValue> backprop(GradBuilder& builder, std::span<const GradRecord> records,
                                std::span<const GradValue> targets,
                                std::span<const GradValue> target_grads,
                                std::span<const GradValue> sources, Unconnected unconnected);

}  // namespace kiln
