// Highway (dynamic dispatch: AVX-512, AVX2, SSE4, ...) loops for the common
// contiguous casts. Every tail element goes through cast_value, and NaNs are
// zeroed before float -> int so that SIMD and scalar results agree bit for bit.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/cast_simd.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "kernels/cpu/cast.h"
#include "kiln/cast.h"

HWY_BEFORE_NAMESPACE();
namespace kiln::cpu::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Wide → narrow or same-width lanes: iterate over the output's lane count
// with the input rebound to it (Highway's PromoteTo/DemoteTo convention).
template <class To, class From, class Convert>
void convert_loop(const From* in, To* out, int64_t n, Convert convert) {
  using Wide = std::conditional_t<(sizeof(To) > sizeof(From)), To, From>;
  const hn::ScalableTag<Wide> dw;
  const hn::Rebind<To, decltype(dw)> dto;
  const hn::Rebind<From, decltype(dw)> dfrom;
  const auto lanes = static_cast<int64_t>(hn::Lanes(dw));
  int64_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(convert(dto, hn::LoadU(dfrom, in + i)), dto, out + i);
  for (; i < n; ++i) out[i] = cast_value<To>(in[i]);
}

template <class V>
V zero_nans(V v) {
  return hn::IfThenElseZero(hn::Eq(v, v), v);
}

void F32ToF64(const float* in, double* out, int64_t n) {
  convert_loop(in, out, n, [](auto d, auto v) { return hn::PromoteTo(d, v); });
}
void F64ToF32(const double* in, float* out, int64_t n) {
  convert_loop(in, out, n, [](auto d, auto v) { return hn::DemoteTo(d, v); });
}
void I32ToF32(const int32_t* in, float* out, int64_t n) {
  convert_loop(in, out, n, [](auto d, auto v) { return hn::ConvertTo(d, v); });
}
void F32ToI32(const float* in, int32_t* out, int64_t n) {
  convert_loop(in, out, n, [](auto d, auto v) { return hn::ConvertTo(d, zero_nans(v)); });
}
void I32ToF64(const int32_t* in, double* out, int64_t n) {
  convert_loop(in, out, n, [](auto d, auto v) { return hn::PromoteTo(d, v); });
}
void F64ToI32(const double* in, int32_t* out, int64_t n) {
  convert_loop(in, out, n, [](auto d, auto v) { return hn::DemoteTo(d, zero_nans(v)); });
}
// Vectorised only with F16C (AVX2 targets): Highway 1.0's emulated promotion
// on older targets turns NaN into something else (seen on SSE4), so those
// take the exact scalar loop.
void F16ToF32(const half* in, float* out, int64_t n) {
  int64_t i = 0;
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
  const auto* src = reinterpret_cast<const hwy::float16_t*>(in);  // same 16 bits
  const hn::ScalableTag<float> df;
  const hn::Rebind<hwy::float16_t, decltype(df)> dh;
  const auto lanes = static_cast<int64_t>(hn::Lanes(df));
  for (; i + lanes <= n; i += lanes) hn::StoreU(hn::PromoteTo(df, hn::LoadU(dh, src + i)), df, out + i);
#endif
  for (; i < n; ++i) out[i] = static_cast<float>(in[i]);
}
// Only where the hardware rounds to nearest even (F16C); Highway's emulation
// on older targets does not promise it, so they take the scalar path.
bool F32ToF16(const float* in, half* out, int64_t n) {
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
  auto* dst = reinterpret_cast<hwy::float16_t*>(out);
  const hn::ScalableTag<float> df;
  const hn::Rebind<hwy::float16_t, decltype(df)> dh;
  const auto lanes = static_cast<int64_t>(hn::Lanes(df));
  int64_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(hn::DemoteTo(dh, hn::LoadU(df, in + i)), dh, dst + i);
  for (; i < n; ++i) out[i] = static_cast<half>(in[i]);
  return true;
#else
  (void)in, (void)out, (void)n;
  return false;
#endif
}

}  // namespace kiln::cpu::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace kiln::cpu {

HWY_EXPORT(F32ToF64);
HWY_EXPORT(F64ToF32);
HWY_EXPORT(I32ToF32);
HWY_EXPORT(F32ToI32);
HWY_EXPORT(I32ToF64);
HWY_EXPORT(F64ToI32);
HWY_EXPORT(F16ToF32);
HWY_EXPORT(F32ToF16);

bool cast_contiguous_simd(DType from, DType to, const void* in, void* out, int64_t n) {
#define KILN_CAST_PAIR(FROM, TO, FN, A, B)                                            \
  if (from == FROM && to == TO) {                                                     \
    HWY_DYNAMIC_DISPATCH(FN)(static_cast<const A*>(in), static_cast<B*>(out), n);    \
    return true;                                                                      \
  }
  KILN_CAST_PAIR(float32, float64, F32ToF64, float, double)
  KILN_CAST_PAIR(float64, float32, F64ToF32, double, float)
  KILN_CAST_PAIR(int32, float32, I32ToF32, int32_t, float)
  KILN_CAST_PAIR(float32, int32, F32ToI32, float, int32_t)
  KILN_CAST_PAIR(int32, float64, I32ToF64, int32_t, double)
  KILN_CAST_PAIR(float64, int32, F64ToI32, double, int32_t)
  KILN_CAST_PAIR(float16, float32, F16ToF32, half, float)
#undef KILN_CAST_PAIR
  if (from == float32 && to == float16) {
    return HWY_DYNAMIC_DISPATCH(F32ToF16)(static_cast<const float*>(in), static_cast<half*>(out), n);
  }
  return false;
}

}  // namespace kiln::cpu
#endif  // HWY_ONCE
