// The unary kernel's parts, one per kind of arithmetic; unary() in unary.cc
// tries them in turn. Each returns false when (code, dtype) is not its job.
#pragma once

#include "kernels/cpu/unary.h"

namespace kiln::cpu {

// Exact ops on bool, integer and real floating dtypes: abs, negative, sign,
// square, relu, relu6, round, floor, ceil, invert, logical_not, is_nan/inf/finite.
bool unary_exact(UnaryCode code, const Array& x, Array& out);
// Transcendental functions and activations on real dtypes (computed in float
// for float16/bfloat16 and for integer inputs of leaky_relu, else in double).
bool unary_floating(UnaryCode code, const Array& x, Array& out, double alpha);
// Everything defined on complex64/complex128.
bool unary_complex(UnaryCode code, const Array& x, Array& out);

}  // namespace kiln::cpu
