// The cast ops, as C++ free functions (see src/ops/cast_ops.cc).
#pragma once

#include "kiln/tensor.h"

namespace kiln {

// x converted elementwise to `dtype`, with TensorFlow's rules: float -> int
// truncates toward zero (out of range saturates and NaN gives 0, where TF's
// result is platform-defined); complex -> real keeps the real part; anything
// -> bool is "!= 0"; bool -> number gives 0 or 1; narrowing floats round to
// nearest even; integers wrap. A cast to x's own dtype returns x (no copy).
Tensor cast(const Tensor& x, DType dtype);

// x converted to `dtype` after clamping to dtype's range (as tf.saturate_cast):
// integers and infinities clamp to the target's finite limits; NaN stays NaN
// for float targets and becomes 0 for integer ones; complex -> complex clamps
// both parts; complex -> real keeps the real part.
Tensor saturate_cast(const Tensor& x, DType dtype);

}  // namespace kiln
