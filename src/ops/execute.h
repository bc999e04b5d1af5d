// Running one op on concrete arrays: validate the input count, infer the
// output specs with the op's own inference (so every caller gives the same
// errors), call its CPU kernel. Eager dispatch, the plan executor and graph
// value inference all call this; it knows no graph and no runtime.
#pragma once

#include <span>

#include "ops/op_def.h"

namespace kiln {

Arrays execute_arrays(const OpDef& op, std::span<const Array> inputs, const Attrs& attrs);

}  // namespace kiln
