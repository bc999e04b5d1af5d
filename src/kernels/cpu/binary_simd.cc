// Highway row kernels for the hot binary ops, compiled for every x86 target
// Highway knows (SSE4, AVX2, AVX-512) and chosen at run time. They agree
// with the scalar functors of binary_functors.h, NaN rules included.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/binary_simd.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "kernels/cpu/binary_simd.h"

HWY_BEFORE_NAMESPACE();
namespace kiln::cpu::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

struct AddOp {
  template <class D, class V> HWY_INLINE V operator()(D, V a, V b) const { return a + b; }
};
struct SubOp {
  template <class D, class V> HWY_INLINE V operator()(D, V a, V b) const { return a - b; }
};
struct MulOp {
  template <class D, class V> HWY_INLINE V operator()(D, V a, V b) const { return a * b; }
};
struct DivOp {
  template <class D, class V> HWY_INLINE V operator()(D, V a, V b) const { return a / b; }
};
struct SqDiffOp {
  template <class D, class V> HWY_INLINE V operator()(D, V a, V b) const {
    V diff = a - b;
    return diff * diff;
  }
};
// x86's max/min return the second operand when either is NaN; NaN must win.
template <class D, class V>
HWY_INLINE V nan_wins(D, V a, V b, V result) {
  if constexpr (hwy::IsFloat<hn::TFromD<D>>()) {
    result = hn::IfThenElse(hn::IsNaN(b), b, result);
    result = hn::IfThenElse(hn::IsNaN(a), a, result);
  }
  return result;
}
struct MaxOp {
  template <class D, class V> HWY_INLINE V operator()(D d, V a, V b) const {
    return nan_wins(d, a, b, hn::Max(a, b));
  }
};
struct MinOp {
  template <class D, class V> HWY_INLINE V operator()(D d, V a, V b) const {
    return nan_wins(d, a, b, hn::Min(a, b));
  }
};

template <class T, class Op>
HWY_INLINE void Run(Op op, SimdMode mode, const T* HWY_RESTRICT a, const T* HWY_RESTRICT b,
                    T* HWY_RESTRICT out, int64_t n) {
  const hn::ScalableTag<T> d;
  const auto lanes = static_cast<int64_t>(hn::Lanes(d));
  int64_t i = 0;
  switch (mode) {
    case SimdMode::kVectorVector:
      for (; i + lanes <= n; i += lanes) {
        hn::StoreU(op(d, hn::LoadU(d, a + i), hn::LoadU(d, b + i)), d, out + i);
      }
      break;
    case SimdMode::kScalarVector: {
      const auto va = hn::Set(d, a[0]);
      for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, va, hn::LoadU(d, b + i)), d, out + i);
      break;
    }
    case SimdMode::kVectorScalar: {
      const auto vb = hn::Set(d, b[0]);
      for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, hn::LoadU(d, a + i), vb), d, out + i);
      break;
    }
  }
  if (i == n) return;
  // The tail goes through one padded vector, so it gets the same arithmetic
  // (no second, scalar definition of the op); padding lanes are 1, never 0/0.
  HWY_ALIGN T ta[HWY_MAX_BYTES / sizeof(T)];
  HWY_ALIGN T tb[HWY_MAX_BYTES / sizeof(T)];
  HWY_ALIGN T to[HWY_MAX_BYTES / sizeof(T)];
  for (int64_t j = 0; j < lanes; ++j) {
    bool in = i + j < n;
    ta[j] = mode == SimdMode::kScalarVector ? a[0] : in ? a[i + j] : T(1);
    tb[j] = mode == SimdMode::kVectorScalar ? b[0] : in ? b[i + j] : T(1);
  }
  hn::Store(op(d, hn::Load(d, ta), hn::Load(d, tb)), d, to);
  for (int64_t j = 0; i + j < n; ++j) out[i + j] = to[j];
}

#define KILN_SIMD_ROW(NAME, T, OP)                                                     \
  void NAME(SimdMode mode, const T* a, const T* b, T* out, int64_t n) {               \
    Run<T>(OP{}, mode, a, b, out, n);                                                  \
  }
#define KILN_SIMD_ROWS_FLOAT(SUFFIX, T)                                                \
  KILN_SIMD_ROW(Add##SUFFIX, T, AddOp) KILN_SIMD_ROW(Sub##SUFFIX, T, SubOp)           \
  KILN_SIMD_ROW(Mul##SUFFIX, T, MulOp) KILN_SIMD_ROW(Div##SUFFIX, T, DivOp)           \
  KILN_SIMD_ROW(Max##SUFFIX, T, MaxOp) KILN_SIMD_ROW(Min##SUFFIX, T, MinOp)           \
  KILN_SIMD_ROW(SqDiff##SUFFIX, T, SqDiffOp)
KILN_SIMD_ROWS_FLOAT(F32, float)
KILN_SIMD_ROWS_FLOAT(F64, double)
// Integer vectors wrap on overflow, as the scalar functors do. (Highway
// 1.0 has no 64-bit integer multiply; int64 * stays scalar.)
KILN_SIMD_ROW(AddI32, int32_t, AddOp) KILN_SIMD_ROW(SubI32, int32_t, SubOp)
KILN_SIMD_ROW(MulI32, int32_t, MulOp) KILN_SIMD_ROW(MaxI32, int32_t, MaxOp)
KILN_SIMD_ROW(MinI32, int32_t, MinOp) KILN_SIMD_ROW(SqDiffI32, int32_t, SqDiffOp)
KILN_SIMD_ROW(AddI64, int64_t, AddOp) KILN_SIMD_ROW(SubI64, int64_t, SubOp)
KILN_SIMD_ROW(MaxI64, int64_t, MaxOp) KILN_SIMD_ROW(MinI64, int64_t, MinOp)
#undef KILN_SIMD_ROWS_FLOAT
#undef KILN_SIMD_ROW

}  // namespace kiln::cpu::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace kiln::cpu {

// One exported table per row kernel; the wrapper picks the best target for
// this CPU (Highway caches the choice after the first call).
#define KILN_DISPATCH(NAME, T)                                                   \
  HWY_EXPORT(NAME);                                                              \
  void NAME##Best(SimdMode mode, const T* a, const T* b, T* out, int64_t n) {   \
    HWY_DYNAMIC_DISPATCH(NAME)(mode, a, b, out, n);                             \
  }
KILN_DISPATCH(AddF32, float) KILN_DISPATCH(SubF32, float) KILN_DISPATCH(MulF32, float)
KILN_DISPATCH(DivF32, float) KILN_DISPATCH(MaxF32, float) KILN_DISPATCH(MinF32, float)
KILN_DISPATCH(SqDiffF32, float)
KILN_DISPATCH(AddF64, double) KILN_DISPATCH(SubF64, double) KILN_DISPATCH(MulF64, double)
KILN_DISPATCH(DivF64, double) KILN_DISPATCH(MaxF64, double) KILN_DISPATCH(MinF64, double)
KILN_DISPATCH(SqDiffF64, double)
KILN_DISPATCH(AddI32, int32_t) KILN_DISPATCH(SubI32, int32_t) KILN_DISPATCH(MulI32, int32_t)
KILN_DISPATCH(MaxI32, int32_t) KILN_DISPATCH(MinI32, int32_t) KILN_DISPATCH(SqDiffI32, int32_t)
KILN_DISPATCH(AddI64, int64_t) KILN_DISPATCH(SubI64, int64_t) KILN_DISPATCH(MaxI64, int64_t)
KILN_DISPATCH(MinI64, int64_t)
#undef KILN_DISPATCH

template <>
SimdFn<float> simd_kernel<float>(BinaryCode code) {
  switch (code) {
    case BinaryCode::kAdd: return AddF32Best;
    case BinaryCode::kSubtract: return SubF32Best;
    case BinaryCode::kMultiply: return MulF32Best;
    case BinaryCode::kDivide: return DivF32Best;
    case BinaryCode::kMaximum: return MaxF32Best;
    case BinaryCode::kMinimum: return MinF32Best;
    case BinaryCode::kSquaredDifference: return SqDiffF32Best;
    default: return nullptr;
  }
}

template <>
SimdFn<double> simd_kernel<double>(BinaryCode code) {
  switch (code) {
    case BinaryCode::kAdd: return AddF64Best;
    case BinaryCode::kSubtract: return SubF64Best;
    case BinaryCode::kMultiply: return MulF64Best;
    case BinaryCode::kDivide: return DivF64Best;
    case BinaryCode::kMaximum: return MaxF64Best;
    case BinaryCode::kMinimum: return MinF64Best;
    case BinaryCode::kSquaredDifference: return SqDiffF64Best;
    default: return nullptr;
  }
}

template <>
SimdFn<int32_t> simd_kernel<int32_t>(BinaryCode code) {
  switch (code) {
    case BinaryCode::kAdd: return AddI32Best;
    case BinaryCode::kSubtract: return SubI32Best;
    case BinaryCode::kMultiply: return MulI32Best;
    case BinaryCode::kMaximum: return MaxI32Best;
    case BinaryCode::kMinimum: return MinI32Best;
    case BinaryCode::kSquaredDifference: return SqDiffI32Best;
    default: return nullptr;
  }
}

template <>
SimdFn<int64_t> simd_kernel<int64_t>(BinaryCode code) {
  switch (code) {
    case BinaryCode::kAdd: return AddI64Best;
    case BinaryCode::kSubtract: return SubI64Best;
    case BinaryCode::kMaximum: return MaxI64Best;
    case BinaryCode::kMinimum: return MinI64Best;
    default: return nullptr;
  }
}

}  // namespace kiln::cpu
#endif  // HWY_ONCE
