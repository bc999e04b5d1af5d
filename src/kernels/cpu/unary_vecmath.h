// Vectorised transcendental functions over contiguous spans, from SLEEF
// (accurate to 1.0 ULP, erfc 1.5 ULP, sqrt correctly rounded; every special
// value — NaN, ±inf, ±0, overflow — as the C library gives it). The vector
// width is chosen once, at run time, from the CPU (AVX2+FMA, else SSE2), so
// the library runs on any x86-64 and is fast on current ones.
#pragma once

#include <cstdint>

namespace kiln::cpu {

enum class VecFn : uint8_t {
  kExp, kExpm1, kLog, kLog1p,
  kSin, kCos, kTan, kAsin, kAcos, kAtan,
  kSinh, kCosh, kTanh, kAsinh, kAcosh, kAtanh,
  kErf, kErfc, kSqrt,
};

// y[i] = f(x[i]) for i < n; x and y may be the same array (in place).
// Every element, the tail included, goes through the same vector code, so a
// value's result does not depend on where it sits in the array.
void vec_math(VecFn f, const float* x, float* y, int64_t n);
void vec_math(VecFn f, const double* x, double* y, int64_t n);

}  // namespace kiln::cpu
