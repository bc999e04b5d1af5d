// The accumulators of the reductions: what each op keeps per output element
// while it walks the input, how two partial results combine, and (where
// SIMD helps) how a whole contiguous row is folded in at once.
//
// Accuracy and wrap-around: floating sums and products accumulate in float64
// (complex128 for complex), so float32 results are as good as NumPy's pairwise
// sums or better; integer sums and products accumulate in uint64, whose
// modular arithmetic gives exactly the wrapped result of the input type.
#pragma once

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/cpu/reduce_simd.h"
#include "kiln/cast.h"

namespace kiln::cpu {

template <class T>
inline constexpr bool kIsFloat = std::is_floating_point_v<decltype(widen(T{}))>;

// The float64 (or complex128) value of a floating or complex element.
template <class T>
auto to_wide(T x) {
  if constexpr (is_complex<T>::value) return std::complex<double>(x.real(), x.imag());
  else return static_cast<double>(widen(x));
}

// Sum / product accumulator type of T.
template <class T>
using SumAcc = std::conditional_t<
    std::is_integral_v<T>, uint64_t,
    std::conditional_t<is_complex<T>::value, std::complex<double>, double>>;

template <class T, bool kProd>
struct SumProd {
  using Acc = SumAcc<T>;
  Acc identity() const { return kProd ? Acc(1) : Acc(0); }
  void add(Acc& a, T x, int64_t) const {
    Acc v;
    if constexpr (std::is_integral_v<T>) v = static_cast<uint64_t>(x);  // sign-extends mod 2^64
    else v = to_wide(x);
    if constexpr (kProd) a *= v;
    else a += v;
  }
  void merge(Acc& a, const Acc& b) const {
    if constexpr (kProd) a *= b;
    else a += b;
  }
  bool row(Acc& a, const T* p, int64_t n, int64_t) const {
    if constexpr (!kProd && (std::is_same_v<T, float> || std::is_same_v<T, double>)) {
      a += sum_contiguous(p, n);
      return true;
    }
    return false;
  }
};

// Max / min; a NaN wins (and stays), as in TF and NumPy.
template <class T, bool kMax>
struct Extreme {
  using Acc = decltype(widen(T{}));
  Acc identity() const {
    if constexpr (kIsFloat<T>) {
      return kMax ? -std::numeric_limits<Acc>::infinity() : std::numeric_limits<Acc>::infinity();
    } else {
      return kMax ? std::numeric_limits<Acc>::lowest() : std::numeric_limits<Acc>::max();
    }
  }
  void add(Acc& a, T x, int64_t) const { merge(a, widen(x)); }
  void merge(Acc& a, const Acc& v) const {
    if constexpr (kIsFloat<T>) {
      if (std::isnan(v)) {
        a = v;
        return;
      }
    }
    if (kMax ? v > a : v < a) a = v;  // a NaN in a stays: no comparison with it is true
  }
  bool row(Acc& a, const T* p, int64_t n, int64_t) const {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      merge(a, kMax ? max_contiguous(p, n) : min_contiguous(p, n));
      return true;
    }
    return false;
  }
};

// A byte, not bool: std::vector<bool> has no bool* to hand out.
template <bool kAny>
struct AnyAll {
  using Acc = uint8_t;
  Acc identity() const { return kAny ? 0 : 1; }
  void add(Acc& a, bool x, int64_t) const { merge(a, x ? 1 : 0); }
  void merge(Acc& a, const Acc& v) const { a = kAny ? (a | v) : (a & v); }
  bool row(Acc&, const bool*, int64_t, int64_t) const { return false; }
};

// Second pass of logsumexp: sum of exp(x - shift[k]).
template <class T>
struct SumExp {
  const double* shift;
  using Acc = double;
  Acc identity() const { return 0.0; }
  void add(Acc& a, T x, int64_t k) const { a += std::exp(to_wide(x) - shift[k]); }
  void merge(Acc& a, const Acc& b) const { a += b; }
  bool row(Acc&, const T*, int64_t, int64_t) const { return false; }
};

// Second pass of variance: sum of |x - mean[k]|^2 (real for complex x).
template <class T>
struct SquaredDeviation {
  const SumAcc<T>* mean;
  using Acc = double;
  Acc identity() const { return 0.0; }
  void add(Acc& a, T x, int64_t k) const { a += std::norm(to_wide(x) - mean[k]); }
  void merge(Acc& a, const Acc& b) const { a += b; }
  bool row(Acc&, const T*, int64_t, int64_t) const { return false; }
};

}  // namespace kiln::cpu
