// Running a variable op (read_variable, assign_variable, assign_add_variable,
// ...) on a concrete kiln::Variable. The plan executor calls this for the
// steps of variable nodes (with the Variable its Session or function binds
// to the node's VarHandleOp), eager code for kiln.Variable's methods: one
// implementation of what each op does to a variable.
#pragma once

#include <span>

#include "kiln/variable.h"
#include "ops/op_def.h"

namespace kiln {

// Validates `inputs` with the op's own inference (against the variable's
// dtype and shape) and applies the op. `attrs` are the op's; the handle,
// dtype and shape in them are ignored (the variable's are used).
Arrays apply_variable_op(const Variable& variable, const OpDef& op, std::span<const Array> inputs);

// The attributes a variable op has for `variable` in a graph: handle, dtype, shape.
Attrs variable_op_attrs(int handle, DType dtype, const Shape& shape);

}  // namespace kiln
