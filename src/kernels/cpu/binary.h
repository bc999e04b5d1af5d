// CPU kernels of elementwise binary and ternary ops, with broadcasting by
// strides (a broadcast operand is never materialised).
#pragma once

#include "kernels/cpu/scalar_fn.h"
#include "kiln/array.h"

namespace kiln::cpu {

// Which operation binary() computes; OpDef::code holds one of these.
enum class BinaryCode : int {
  // Arithmetic: the output has the operands' dtype.
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,  // true division; integers are converted to the output's float dtype
  kFloorDiv,
  kFloorMod,
  kPow,
  kMaximum,
  kMinimum,
  kSquaredDifference,
  kAtan2,
  kDivideNoNan,
  // Comparisons: bool output.
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  // Logical (bool operands).
  kLogicalAnd,
  kLogicalOr,
  kLogicalXor,
  // Bitwise (integer operands).
  kBitwiseAnd,
  kBitwiseOr,
  kBitwiseXor,
  kLeftShift,
  kRightShift,
};

// out = f(x, y), out already allocated with the broadcast shape and the op's
// output dtype. Integer kFloorDiv/kFloorMod by zero and integer kPow with a
// negative exponent throw InvalidArgumentError naming `op` (as TF).
void binary(BinaryCode code, const Array& x, const Array& y, Array& out, const char* op);

// One element of `code` on operands (x, y) of `dtype` into its output type,
// for a plan's steps on single values, with binary()'s errors (integer
// division by zero, negative integer powers); nullptr where the op does not
// accept the dtype. The op names in errors are the registry's.
ScalarFn binary_scalar(BinaryCode code, DType dtype);

// out = condition ? x : y, all three broadcast to out's shape.
void select(const Array& condition, const Array& x, const Array& y, Array& out);

// out = min(max(t, lo), hi), lo and hi broadcast to out's shape; NaN in t stays NaN.
void clip(const Array& t, const Array& lo, const Array& hi, Array& out);

}  // namespace kiln::cpu
