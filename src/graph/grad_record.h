// A graph node as a gradient record (src/ops/backprop.h): its op and
// attributes, with the attributes a tensor gives marked unknown. Its inputs
// and outputs are left to the caller, which numbers values its own way
// (kiln::gradients here, tf.gradients in python/src/gradient.cc).
#pragma once

#include "kiln/graph.h"
#include "ops/backprop.h"

namespace kiln {

GradRecord grad_record_of(const Node& n);

}  // namespace kiln
