// Elementwise binary ops, as C++ free functions (see src/ops/binary_ops.cc).
//
// All broadcast their operands by NumPy's rules and need both operands of one
// dtype (kiln, like TensorFlow, never promotes implicitly): a mismatch is an
// InvalidArgumentError naming both dtypes. Integer arithmetic wraps around;
// float16/bfloat16 compute in float32 and round once.
#pragma once

#include "kiln/tensor.h"

namespace kiln {

// Arithmetic; the result has the operands' dtype. Not for bool.
Tensor add(const Tensor& x, const Tensor& y);
Tensor subtract(const Tensor& x, const Tensor& y);
Tensor multiply(const Tensor& x, const Tensor& y);
// True division (TF's truediv): int8/int16/uint8/uint16 give float32, wider
// integers float64; float and complex dtypes stay. x / 0 is inf or nan.
Tensor divide(const Tensor& x, const Tensor& y);
// floor(x / y) and x - floor(x / y) * y (the remainder has y's sign), for
// integer and float dtypes. Integer division by zero is an InvalidArgumentError.
Tensor floordiv(const Tensor& x, const Tensor& y);
Tensor floormod(const Tensor& x, const Tensor& y);
// x ** y. Integers are exact (wrapping); a negative integer exponent is an
// InvalidArgumentError, as TF.
Tensor pow(const Tensor& x, const Tensor& y);
// Elementwise max/min of integer or float tensors; NaN wins.
Tensor maximum(const Tensor& x, const Tensor& y);
Tensor minimum(const Tensor& x, const Tensor& y);
// (x - y) * conj(x - y).
Tensor squared_difference(const Tensor& x, const Tensor& y);
// atan2(y, x), the angle of the point (x, y), for float dtypes.
Tensor atan2(const Tensor& y, const Tensor& x);
// x / y, but 0 where y == 0 (even when x is nan or inf); float and complex.
Tensor divide_no_nan(const Tensor& x, const Tensor& y);

// Comparisons: bool results. equal/not_equal take every dtype; the ordered
// ones integer and float dtypes.
Tensor equal(const Tensor& x, const Tensor& y);
Tensor not_equal(const Tensor& x, const Tensor& y);
Tensor less(const Tensor& x, const Tensor& y);
Tensor less_equal(const Tensor& x, const Tensor& y);
Tensor greater(const Tensor& x, const Tensor& y);
Tensor greater_equal(const Tensor& x, const Tensor& y);

// Logical ops on bool tensors.
Tensor logical_and(const Tensor& x, const Tensor& y);
Tensor logical_or(const Tensor& x, const Tensor& y);
Tensor logical_xor(const Tensor& x, const Tensor& y);

// Bitwise ops on integer tensors. Shift amounts are clamped to [0, bits - 1]
// (as TF's kernels); right_shift is arithmetic for signed types.
Tensor bitwise_and(const Tensor& x, const Tensor& y);
Tensor bitwise_or(const Tensor& x, const Tensor& y);
Tensor bitwise_xor(const Tensor& x, const Tensor& y);
Tensor left_shift(const Tensor& x, const Tensor& y);
Tensor right_shift(const Tensor& x, const Tensor& y);

// condition ? x : y elementwise; condition is bool, x and y share a dtype, and
// all three broadcast together.
Tensor where(const Tensor& condition, const Tensor& x, const Tensor& y);

// min(max(t, clip_value_min), clip_value_max) in TF's order (minimum with the
// upper bound first). The bounds must broadcast to t's shape without growing
// it (ValueError otherwise); NaN stays NaN.
Tensor clip_by_value(const Tensor& t, const Tensor& clip_value_min, const Tensor& clip_value_max);

}  // namespace kiln
