// Eager execution: runs one op on concrete tensors, now. Validates the input
// count, infers output specs through the op's own inference (so eager and
// graph mode give the same errors), and calls the CPU kernel.
#pragma once

#include <span>
#include <vector>

#include "kiln/tensor.h"
#include "ops/execute.h"
#include "ops/op_def.h"

namespace kiln {

using Tensors = boost::container::small_vector<Tensor, 2>;

// execute_arrays (ops/execute.h) is the same on arrays: what bindings and the
// graph executor call, so that inputs are not copied into Tensors first.

Tensors execute(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs);

// Gradient tapes (runtime/gradient_tape.cc): whether one records in this
// thread, and recording an op that execute() ran.
bool tapes_recording();
void record_on_tapes(const OpDef& op, const Attrs& attrs, std::span<const Tensor> inputs,
                     std::span<const Tensor> outputs);
// For ops with exactly one output.
Tensor execute1(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs);

}  // namespace kiln
