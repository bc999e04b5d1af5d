// The unary ops, as C++ free functions (see src/ops/unary_ops.cc). Each
// returns a new tensor of x's shape; dtypes follow TF (no implicit casts):
// an unsupported dtype is an InvalidArgumentError naming the op and dtype.
// Floating results of float16/bfloat16 inputs are computed in float32.
// Transcendental functions are SLEEF's: within 1 ULP (erfc-based gelu 1.5),
// with C99's special values.
#pragma once

#include <cstdint>

#include "kiln/tensor.h"

namespace kiln {

// --- sign and magnitude: any dtype but bool; integers wrap (abs(INT_MIN) == INT_MIN).
Tensor abs(const Tensor& x);       // |x|; complex → the real dtype (|z|)
Tensor negative(const Tensor& x);  // -x
Tensor sign(const Tensor& x);      // -1, 0 or 1 (NaN stays NaN; complex: z / |z|)
Tensor square(const Tensor& x);    // x * x

// --- rounding: integer inputs of round are returned unchanged.
Tensor round(const Tensor& x);  // to nearest, ties to even (banker's rounding), as TF
Tensor floor(const Tensor& x);  // floating only
Tensor ceil(const Tensor& x);   // floating only

// --- logic and classification.
Tensor invert(const Tensor& x);       // bitwise not; integers only
Tensor logical_not(const Tensor& x);  // bool only
Tensor is_nan(const Tensor& x);       // floating → bool
Tensor is_inf(const Tensor& x);       // floating → bool
Tensor is_finite(const Tensor& x);    // floating → bool

// --- powers, exponentials, logarithms: floating or complex.
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);       // 1 / sqrt(x)
Tensor reciprocal(const Tensor& x);  // 1 / x
Tensor exp(const Tensor& x);
Tensor expm1(const Tensor& x);  // e^x - 1, accurate near 0
Tensor log(const Tensor& x);    // natural logarithm
Tensor log1p(const Tensor& x);  // log(1 + x), accurate near 0

// --- trigonometric and hyperbolic: floating or complex.
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);
Tensor tan(const Tensor& x);
Tensor asin(const Tensor& x);
Tensor acos(const Tensor& x);
Tensor atan(const Tensor& x);
Tensor sinh(const Tensor& x);
Tensor cosh(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor asinh(const Tensor& x);
Tensor acosh(const Tensor& x);
Tensor atanh(const Tensor& x);
Tensor erf(const Tensor& x);  // floating only

// --- activations (kiln.nn).
Tensor sigmoid(const Tensor& x);  // 1 / (1 + e^-x); floating or complex
Tensor relu(const Tensor& x);     // max(x, 0); integers and floats; NaN stays NaN
Tensor relu6(const Tensor& x);    // min(max(x, 0), 6)
// x if x > 0 else alpha * x; integer inputs give float32, as TF.
Tensor leaky_relu(const Tensor& x, double alpha = 0.2);
Tensor elu(const Tensor& x);   // x if x > 0 else e^x - 1
Tensor selu(const Tensor& x);  // scale * elu with alpha (Klambauer et al. constants)
// x Φ(x) (exact, through erfc) or the tanh approximation when `approximate`.
Tensor gelu(const Tensor& x, bool approximate = false);
Tensor softplus(const Tensor& x);  // log(1 + e^x), without overflow
Tensor softsign(const Tensor& x);  // x / (1 + |x|)

// e^x / sum(e^x) along `axis` (negative counts from the end), computed with
// the maximum subtracted so no exponential overflows. Floating only; rank >= 1.
Tensor softmax(const Tensor& logits, int64_t axis = -1);
// log(softmax(logits)), computed as x - max - log(sum(e^(x - max))).
Tensor log_softmax(const Tensor& logits, int64_t axis = -1);

}  // namespace kiln
