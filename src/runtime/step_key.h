// The identity of a pure plan step, for common-subexpression elimination: the
// same op with the same attributes on the same input slots gives the same values.
#pragma once

#include <string>
#include <vector>

#include "ops/op_def.h"

namespace kiln {

std::string step_key(const OpDef& op, const Attrs& attrs, const std::vector<int>& inputs,
                     const std::vector<int>& attr_inputs);

}  // namespace kiln
