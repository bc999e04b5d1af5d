// The identity of a pure plan step, for common-subexpression elimination: the
// same op with the same attributes on the same input slots gives the same values.
#pragma once

#include <string>

#include "runtime/plan.h"

namespace kiln {

// A step's op, attributes (and where its attributes come from) and input slots.
std::string step_key(const PlanProgram::Step& step);

}  // namespace kiln
