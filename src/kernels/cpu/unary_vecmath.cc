#include "kernels/cpu/unary_vecmath.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <sleef.h>

// X(code, sleef name, accuracy suffix): the one list of functions, expanded
// into each ISA's table so the tables cannot disagree.
#define KILN_VECMATH_FUNCTIONS(X) \
  X(kExp, exp, u10) X(kExpm1, expm1, u10) X(kLog, log, u10) X(kLog1p, log1p, u10) \
  X(kSin, sin, u10) X(kCos, cos, u10) X(kTan, tan, u10) X(kAsin, asin, u10)       \
  X(kAcos, acos, u10) X(kAtan, atan, u10) X(kSinh, sinh, u10) X(kCosh, cosh, u10) \
  X(kTanh, tanh, u10) X(kAsinh, asinh, u10) X(kAcosh, acosh, u10)                 \
  X(kAtanh, atanh, u10) X(kErf, erf, u10) X(kErfc, erfc, u15) X(kSqrt, sqrt, u05)


#if defined(__x86_64__)
// sleef.h declares its AVX2 functions only when this file is compiled for
// AVX (-mavx); kiln is compiled for baseline x86-64 and calls them only from
// the target("avx2,fma") functions below, after a CPU check.
#define KILN_DECLARE_AVX2(code, name, acc)                          \
  extern "C" __m256 Sleef_##name##f8_##acc##avx2(__m256);          \
  extern "C" __m256d Sleef_##name##d4_##acc##avx2(__m256d);
KILN_VECMATH_FUNCTIONS(KILN_DECLARE_AVX2)
#endif

namespace kiln::cpu {
namespace {

constexpr int kNumFns = static_cast<int>(VecFn::kSqrt) + 1;

#if defined(__x86_64__)
using F8 = decltype(&Sleef_expf8_u10avx2);
using D4 = decltype(&Sleef_expd4_u10avx2);
using F4 = decltype(&Sleef_expf4_u10sse2);
using D2 = decltype(&Sleef_expd2_u10sse2);

#define KILN_F8(code, name, acc) Sleef_##name##f8_##acc##avx2,
#define KILN_D4(code, name, acc) Sleef_##name##d4_##acc##avx2,
#define KILN_F4(code, name, acc) Sleef_##name##f4_##acc##sse2,
#define KILN_D2(code, name, acc) Sleef_##name##d2_##acc##sse2,
const F8 kAvx2F[kNumFns] = {KILN_VECMATH_FUNCTIONS(KILN_F8)};
const D4 kAvx2D[kNumFns] = {KILN_VECMATH_FUNCTIONS(KILN_D4)};
const F4 kSse2F[kNumFns] = {KILN_VECMATH_FUNCTIONS(KILN_F4)};
const D2 kSse2D[kNumFns] = {KILN_VECMATH_FUNCTIONS(KILN_D2)};

// SLEEF's AVX2 builds use FMA too; both must be present.
const bool kHasAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

// Whole vectors of W lanes, then the tail padded with zeros, so no load or
// store leaves [x, x+n) / [y, y+n). (A macro, not a template taking a lambda:
// the lambda would not inherit the function's target attribute.)
#define KILN_DEFINE_RUN(ATTR, RUN, FN, T, W, LOAD, STORE)                          \
  ATTR void RUN(FN f, const T* x, T* y, int64_t n) {                               \
    int64_t i = 0;                                                                 \
    for (; i + W <= n; i += W) STORE(y + i, f(LOAD(x + i)));                       \
    if (i < n) {                                                                   \
      alignas(32) T in[W] = {};                                                    \
      alignas(32) T out[W];                                                        \
      std::memcpy(in, x + i, sizeof(T) * static_cast<size_t>(n - i));              \
      STORE(out, f(LOAD(in)));                                                     \
      std::memcpy(y + i, out, sizeof(T) * static_cast<size_t>(n - i));             \
    }                                                                              \
  }
#define KILN_AVX2 __attribute__((target("avx2,fma")))
KILN_DEFINE_RUN(KILN_AVX2, run_avx2, F8, float, 8, _mm256_loadu_ps, _mm256_storeu_ps)
KILN_DEFINE_RUN(KILN_AVX2, run_avx2, D4, double, 4, _mm256_loadu_pd, _mm256_storeu_pd)
KILN_DEFINE_RUN(, run_sse2, F4, float, 4, _mm_loadu_ps, _mm_storeu_ps)
KILN_DEFINE_RUN(, run_sse2, D2, double, 2, _mm_loadu_pd, _mm_storeu_pd)

// Square roots on the hardware's instructions: they are correctly rounded,
// as SLEEF's u05 functions are, and several times faster (SLEEF computes them
// in software). sqrt sits in Adam's update of every weight.
// (The signatures are SLEEF's, const results included, to share run_*.)
KILN_AVX2 __m256 sqrt_f8(__m256 v) { return _mm256_sqrt_ps(v); }
KILN_AVX2 __m256d sqrt_d4(__m256d v) { return _mm256_sqrt_pd(v); }
const __m128 sqrt_f4(__m128 v) { return _mm_sqrt_ps(v); }
const __m128d sqrt_d2(__m128d v) { return _mm_sqrt_pd(v); }
#else
#define KILN_SF(code, name, acc) Sleef_##name##f_##acc,
#define KILN_SD(code, name, acc) Sleef_##name##_##acc,
using SF = decltype(&Sleef_expf_u10);
using SD = decltype(&Sleef_exp_u10);
const SF kScalarF[kNumFns] = {KILN_VECMATH_FUNCTIONS(KILN_SF)};
const SD kScalarD[kNumFns] = {KILN_VECMATH_FUNCTIONS(KILN_SD)};
#endif

}  // namespace

void vec_math(VecFn f, const float* x, float* y, int64_t n) {
  int k = static_cast<int>(f);
#if defined(__x86_64__)
  if (f == VecFn::kSqrt) {
    if (kHasAvx2) return run_avx2(sqrt_f8, x, y, n);
    return run_sse2(sqrt_f4, x, y, n);
  }
  if (kHasAvx2) return run_avx2(kAvx2F[k], x, y, n);
  return run_sse2(kSse2F[k], x, y, n);
#else
  for (int64_t i = 0; i < n; ++i) y[i] = kScalarF[k](x[i]);
#endif
}

void vec_math(VecFn f, const double* x, double* y, int64_t n) {
  int k = static_cast<int>(f);
#if defined(__x86_64__)
  if (f == VecFn::kSqrt) {
    if (kHasAvx2) return run_avx2(sqrt_d4, x, y, n);
    return run_sse2(sqrt_d2, x, y, n);
  }
  if (kHasAvx2) return run_avx2(kAvx2D[k], x, y, n);
  return run_sse2(kSse2D[k], x, y, n);
#else
  for (int64_t i = 0; i < n; ++i) y[i] = kScalarD[k](x[i]);
#endif
}

}  // namespace kiln::cpu
