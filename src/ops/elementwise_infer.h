// Inference shared by elementwise ops: broadcasting and dtype checks.
#pragma once

#include <string>

#include "kiln/error.h"
#include "kiln/ops.h"
#include "ops/op_def.h"

namespace kiln {

// Both inputs of one dtype (kiln never promotes implicitly); the broadcast shape.
inline TensorSpec infer_same_dtype_broadcast(const OpDef& op, std::span<const TensorSpec> in) {
  if (in[0].dtype != in[1].dtype) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] x is " +
                               std::string(in[0].dtype.name()) + " but y is " +
                               std::string(in[1].dtype.name()) +
                               "; kiln does not promote dtypes implicitly. Cast one operand "
                               "first, e.g. kiln.cast(y, kiln." + std::string(in[0].dtype.name()) +
                               ").");
  }
  std::string name(op.name);
  return {in[0].dtype, broadcast_shapes(in[0].shape, in[1].shape, name.c_str())};
}

}  // namespace kiln
