// Highway kernels behind reduce_simd.h. This file is compiled once per
// target instruction set (foreach_target.h re-includes it); HWY_ONCE holds
// the dispatching entry points.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/reduce_simd.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/cpu/reduce_simd.h"

HWY_BEFORE_NAMESPACE();
namespace kiln::cpu::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Eight independent accumulators hide the latency of the vector adds.
template <class T>
double SumImpl(const T* HWY_RESTRICT p, int64_t n) {
  const hn::ScalableTag<double> dd;
  const hn::Rebind<T, decltype(dd)> dt;  // as many T lanes as double lanes
  const int64_t lanes = static_cast<int64_t>(hn::Lanes(dd));
  auto load = [&](int64_t i) {
    if constexpr (std::is_same_v<T, double>) {
      return hn::LoadU(dd, p + i);
    } else {
      return hn::PromoteTo(dd, hn::LoadU(dt, p + i));
    }
  };
  auto a0 = hn::Zero(dd), a1 = hn::Zero(dd), a2 = hn::Zero(dd), a3 = hn::Zero(dd);
  auto a4 = hn::Zero(dd), a5 = hn::Zero(dd), a6 = hn::Zero(dd), a7 = hn::Zero(dd);
  int64_t i = 0;
  for (; i + 8 * lanes <= n; i += 8 * lanes) {
    a0 = hn::Add(a0, load(i));
    a1 = hn::Add(a1, load(i + lanes));
    a2 = hn::Add(a2, load(i + 2 * lanes));
    a3 = hn::Add(a3, load(i + 3 * lanes));
    a4 = hn::Add(a4, load(i + 4 * lanes));
    a5 = hn::Add(a5, load(i + 5 * lanes));
    a6 = hn::Add(a6, load(i + 6 * lanes));
    a7 = hn::Add(a7, load(i + 7 * lanes));
  }
  for (; i + lanes <= n; i += lanes) a0 = hn::Add(a0, load(i));
  auto total = hn::Add(hn::Add(hn::Add(a0, a1), hn::Add(a2, a3)),
                       hn::Add(hn::Add(a4, a5), hn::Add(a6, a7)));
  double s = hn::GetLane(hn::SumOfLanes(dd, total));
  for (; i < n; ++i) s += static_cast<double>(p[i]);
  return s;
}

double SumF32(const float* HWY_RESTRICT p, int64_t n) { return SumImpl(p, n); }
double SumF64(const double* HWY_RESTRICT p, int64_t n) { return SumImpl(p, n); }

// Max/Min lanes do not propagate NaN portably, so NaN is tracked apart:
// `nan` collects the lanes that are NaN. (Not as Ne(v, v): Highway's Ne is an
// ordered compare on x86, false for NaN, so a NaN in a full vector was lost;
// found by tests/python/test_op_oracle.py.)
template <bool kMax, class T>
T ExtremeImpl(const T* HWY_RESTRICT p, int64_t n) {
  const hn::ScalableTag<T> d;
  const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
  const T identity = kMax ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  auto pick = [](auto a, auto b) { return kMax ? hn::Max(a, b) : hn::Min(a, b); };
  auto m0 = hn::Set(d, identity), m1 = m0, m2 = m0, m3 = m0;
  auto nan = hn::Zero(d);
  auto step = [&](decltype(m0)& m, int64_t i) {
    auto v = hn::LoadU(d, p + i);
    nan = hn::Or(nan, hn::VecFromMask(d, hn::IsNaN(v)));
    m = pick(m, v);
  };
  int64_t i = 0;
  for (; i + 4 * lanes <= n; i += 4 * lanes) {
    step(m0, i);
    step(m1, i + lanes);
    step(m2, i + 2 * lanes);
    step(m3, i + 3 * lanes);
  }
  for (; i + lanes <= n; i += lanes) step(m0, i);
  if (!hn::AllFalse(d, hn::MaskFromVec(nan))) return std::numeric_limits<T>::quiet_NaN();
  auto m = pick(pick(m0, m1), pick(m2, m3));
  T r = kMax ? hn::GetLane(hn::MaxOfLanes(d, m)) : hn::GetLane(hn::MinOfLanes(d, m));
  for (; i < n; ++i) {
    T v = p[i];
    if (v != v) return v;
    r = kMax ? (v > r ? v : r) : (v < r ? v : r);
  }
  return r;
}

float MaxF32(const float* HWY_RESTRICT p, int64_t n) { return ExtremeImpl<true>(p, n); }
double MaxF64(const double* HWY_RESTRICT p, int64_t n) { return ExtremeImpl<true>(p, n); }
float MinF32(const float* HWY_RESTRICT p, int64_t n) { return ExtremeImpl<false>(p, n); }
double MinF64(const double* HWY_RESTRICT p, int64_t n) { return ExtremeImpl<false>(p, n); }

}  // namespace kiln::cpu::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace kiln::cpu {

HWY_EXPORT(SumF32);
HWY_EXPORT(SumF64);
HWY_EXPORT(MaxF32);
HWY_EXPORT(MaxF64);
HWY_EXPORT(MinF32);
HWY_EXPORT(MinF64);

double sum_contiguous(const float* p, int64_t n) { return HWY_DYNAMIC_DISPATCH(SumF32)(p, n); }
double sum_contiguous(const double* p, int64_t n) { return HWY_DYNAMIC_DISPATCH(SumF64)(p, n); }
float max_contiguous(const float* p, int64_t n) { return HWY_DYNAMIC_DISPATCH(MaxF32)(p, n); }
double max_contiguous(const double* p, int64_t n) { return HWY_DYNAMIC_DISPATCH(MaxF64)(p, n); }
float min_contiguous(const float* p, int64_t n) { return HWY_DYNAMIC_DISPATCH(MinF32)(p, n); }
double min_contiguous(const double* p, int64_t n) { return HWY_DYNAMIC_DISPATCH(MinF64)(p, n); }

}  // namespace kiln::cpu
#endif  // HWY_ONCE
