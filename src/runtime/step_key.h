// The identity of a pure plan step, for common-subexpression elimination: the
// same op with the same attributes on the same input slots gives the same values.
#pragma once

#include <string>
#include <vector>

#include "kiln/graph.h"

namespace kiln {

// A node's op, attributes (and where its attributes come from) with `inputs`
// the slots its inputs were given.
std::string step_key(const Node& node, const std::vector<int>& inputs);

}  // namespace kiln
