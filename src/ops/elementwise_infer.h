// Inference shared by elementwise ops: broadcasting and dtype checks.
#pragma once

#include <cstdint>
#include <string>

#include "core/broadcast.h"
#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

// Sets of dtypes an op accepts, by kind.
enum DTypeSet : uint32_t {
  kBoolTypes = 1u << static_cast<int>(DTypeKind::kBool),
  kSignedTypes = 1u << static_cast<int>(DTypeKind::kSigned),
  kUnsignedTypes = 1u << static_cast<int>(DTypeKind::kUnsigned),
  kFloatTypes = 1u << static_cast<int>(DTypeKind::kFloat),
  kComplexTypes = 1u << static_cast<int>(DTypeKind::kComplex),
  kIntegerTypes = kSignedTypes | kUnsignedTypes,
  kRealTypes = kIntegerTypes | kFloatTypes,
  kNumberTypes = kRealTypes | kComplexTypes,
  kAllTypes = kNumberTypes | kBoolTypes,
};

inline bool dtype_in(DType dtype, uint32_t set) {
  return (set >> static_cast<int>(dtype.kind()) & 1u) != 0;
}

// "integer, float": the kinds in `set`, for error messages.
inline std::string describe_dtype_set(uint32_t set) {
  std::string text;
  auto add = [&](const char* kind) { text += (text.empty() ? "" : ", ") + std::string(kind); };
  if (set & kBoolTypes) add("bool");
  if ((set & kIntegerTypes) == kIntegerTypes) add("integer");
  else if (set & kSignedTypes) add("signed integer");
  else if (set & kUnsignedTypes) add("unsigned integer");
  if (set & kFloatTypes) add("float");
  if (set & kComplexTypes) add("complex");
  return text;
}

// InvalidArgumentError unless `dtype` is in `set` (TF raises the same class).
inline void check_dtype_in(const OpDef& op, DType dtype, uint32_t set) {
  if (dtype_in(dtype, set)) return;
  std::string hint =
      set == kBoolTypes ? "Compare first to get bools (e.g. x != 0)."
      : dtype.is_bool() ? "For bools use kiln.logical_and/logical_or/logical_xor, or cast to an "
                          "integer type first (kiln.cast(x, kiln.int32))."
                        : "Cast the operands to an accepted dtype first, e.g. with kiln.cast.";
  throw InvalidArgumentError("[" + std::string(op.name) + "] is not defined for " +
                             std::string(dtype.name()) + " tensors; it accepts " +
                             describe_dtype_set(set) + " tensors. " + hint);
}

// Both inputs of one dtype (kiln never promotes implicitly); the broadcast shape.
// `names` are the operands as the op's signature calls them.
inline TensorSpec infer_same_dtype_broadcast(const OpDef& op, std::span<const TensorSpec> in,
                                             const char* x_name = "x", const char* y_name = "y") {
  if (in[0].dtype != in[1].dtype) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] " + x_name + " is " +
                               std::string(in[0].dtype.name()) + " but " + y_name + " is " +
                               std::string(in[1].dtype.name()) +
                               "; kiln does not promote dtypes implicitly. Cast one operand "
                               "first, e.g. kiln.cast(" + y_name + ", kiln." +
                               std::string(in[0].dtype.name()) + ").");
  }
  std::string name(op.name);
  return {in[0].dtype, broadcast_shapes(in[0].shape, in[1].shape, name.c_str())};
}

}  // namespace kiln
