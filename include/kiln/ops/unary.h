// The unary ops, as C++ free functions (see src/ops/unary_ops.cc). Each
// returns a new tensor of x's shape; dtypes follow TF (no implicit casts):
// an unsupported dtype is an InvalidArgumentError naming the op and dtype.
// Floating results of float16/bfloat16 inputs are computed in float32.
// Transcendental functions are SLEEF's: within 1 ULP (erfc-based gelu 1.5),
// with C99's special values.
#pragma once

#include <cstdint>

#include "kiln/tensor.h"

// X(name): the functions `Tensor name(const Tensor& x)`, one per elementwise
// unary op of the registry without attributes, which each runs. This list
// declares them (below) and defines them (src/api/unary_api.cc);
// tests/cpp/unary_api_test.cc checks it against the registry both ways.
// clang-format off
#define KILN_UNARY_FUNCTIONS(X)                                                         \
  /* sign and magnitude: any dtype but bool; integers wrap (abs(INT_MIN) == INT_MIN) */ \
  X(abs)          /* |x|; complex → the real dtype (|z|) */                             \
  X(negative)     /* -x */                                                              \
  X(sign)         /* -1, 0 or 1 (NaN stays NaN; complex: z / |z|) */                    \
  X(square)       /* x * x */                                                           \
  /* rounding: integer inputs of round are returned unchanged */                        \
  X(round)        /* to nearest, ties to even (banker's rounding), as TF */             \
  X(floor)        /* floating only */                                                   \
  X(ceil)         /* floating only */                                                   \
  /* logic and classification */                                                        \
  X(invert)       /* bitwise not; integers only */                                      \
  X(logical_not)  /* bool only */                                                       \
  X(is_nan)       /* floating → bool */                                                 \
  X(is_inf)       /* floating → bool */                                                 \
  X(is_finite)    /* floating → bool */                                                 \
  /* powers, exponentials, logarithms: floating or complex */                           \
  X(sqrt)                                                                               \
  X(rsqrt)        /* 1 / sqrt(x) */                                                     \
  X(reciprocal)   /* 1 / x */                                                           \
  X(exp)                                                                                \
  X(expm1)        /* e^x - 1, accurate near 0 */                                        \
  X(log)          /* natural logarithm */                                               \
  X(log1p)        /* log(1 + x), accurate near 0 */                                     \
  /* trigonometric and hyperbolic: floating or complex */                               \
  X(sin) X(cos) X(tan) X(asin) X(acos) X(atan)                                          \
  X(sinh) X(cosh) X(tanh) X(asinh) X(acosh) X(atanh)                                    \
  X(erf)          /* floating only */                                                   \
  /* activations (kiln.nn) */                                                           \
  X(sigmoid)      /* 1 / (1 + e^-x); floating or complex */                             \
  X(relu)         /* max(x, 0); integers and floats; NaN stays NaN */                   \
  X(relu6)        /* min(max(x, 0), 6) */                                               \
  X(elu)          /* x if x > 0 else e^x - 1 */                                         \
  X(selu)         /* scale * elu with alpha (Klambauer et al. constants) */             \
  X(softplus)     /* log(1 + e^x), without overflow */                                  \
  X(softsign)     /* x / (1 + |x|) */
// clang-format on

namespace kiln {

#define KILN_DECLARE_UNARY_FUNCTION(name) Tensor name(const Tensor& x);
KILN_UNARY_FUNCTIONS(KILN_DECLARE_UNARY_FUNCTION)
#undef KILN_DECLARE_UNARY_FUNCTION

// --- activations with an attribute (kiln.nn).
// x if x > 0 else alpha * x; integer inputs give float32, as TF.
Tensor leaky_relu(const Tensor& x, double alpha = 0.2);
// x Φ(x) (exact, through erfc) or the tanh approximation when `approximate`.
Tensor gelu(const Tensor& x, bool approximate = false);

// e^x / sum(e^x) along `axis` (negative counts from the end), computed with
// the maximum subtracted so no exponential overflows. Floating only; rank >= 1.
Tensor softmax(const Tensor& logits, int64_t axis = -1);
// log(softmax(logits)), computed as x - max - log(sum(e^(x - max))).
Tensor log_softmax(const Tensor& logits, int64_t axis = -1);

}  // namespace kiln
