// Symbolic differentiation of a kiln::Graph (TF's tf.gradients): adds the
// nodes that compute the gradients to the graph. Every op's gradient is the
// one its registry entry declares (src/ops/*_grad.cc), the same one Python's
// GradientTape uses.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "kiln/graph.h"

namespace kiln {

// The gradients of sum(ys[i] * grad_ys[i]) with respect to each of xs, as
// new nodes of `graph` (named under "gradients/"). grad_ys may be empty
// (ones shaped like each y) or give one tensor per y. An x the ys do not
// depend on, or one of integer or bool dtype, gets nullopt (TF's None).
// LookupError when an op between them has no gradient.
std::vector<std::optional<Output>> gradients(Graph& graph, std::span<const Output> ys,
                                             std::span<const Output> xs,
                                             std::span<const Output> grad_ys = {});

}  // namespace kiln
