// Unary ops whose results are exact (no rounding beyond the storage type):
// sign and magnitude, integer and bit ops, rounding, classification.
#include <cmath>
#include <type_traits>

#include "kernels/cpu/unary_impl.h"
#include "kernels/cpu/unary_map.h"

namespace kiln::cpu {
namespace {

// Signed integer arithmetic goes through unsigned so that overflow wraps
// (abs and negative of INT_MIN give INT_MIN, as TF) instead of being UB.
template <class C>
C wrap_negate(C v) {
  if constexpr (std::is_integral_v<C>) {
    using U = std::make_unsigned_t<C>;
    return static_cast<C>(static_cast<U>(0) - static_cast<U>(v));
  } else {
    return -v;
  }
}

template <class C>
C wrap_square(C v) {
  if constexpr (std::is_integral_v<C>) {
    using U = std::make_unsigned_t<C>;
    // Promote unsigned 8/16-bit operands to unsigned int, never to int.
    using P = std::common_type_t<U, unsigned>;
    return static_cast<C>(static_cast<P>(static_cast<U>(v)) * static_cast<P>(static_cast<U>(v)));
  } else {
    return v * v;
  }
}

// T: storage type; C: compute type (float for the 16-bit floats).
template <class T, class C>
bool real_op(UnaryCode code, const Array& x, Array& out) {
  constexpr bool kFloat = std::is_floating_point_v<C>;
  switch (code) {
    case UnaryCode::kAbs:
      map_scalar<T, T, C, C>(x, out, kCheap, [](C v) {
        if constexpr (kFloat) return std::fabs(v);
        else if constexpr (std::is_signed_v<C>) return v < 0 ? wrap_negate(v) : v;
        else return v;
      });
      return true;
    case UnaryCode::kNegative:
      map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return wrap_negate(v); });
      return true;
    case UnaryCode::kSign:  // NaN stays NaN; ±0 → 0
      map_scalar<T, T, C, C>(x, out, kCheap, [](C v) {
        if constexpr (kFloat) {
          if (v != v) return v;
        }
        return static_cast<C>(static_cast<C>(v > 0) - static_cast<C>(v < 0));
      });
      return true;
    case UnaryCode::kSquare:
      map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return wrap_square(v); });
      return true;
    case UnaryCode::kRelu:  // written so that NaN passes through
      map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return v < 0 ? C(0) : v; });
      return true;
    case UnaryCode::kRelu6:
      map_scalar<T, T, C, C>(x, out, kCheap,
                             [](C v) { return v < 0 ? C(0) : (v > C(6) ? C(6) : v); });
      return true;
    case UnaryCode::kRound:  // half to even (the default rounding mode), as TF
      if constexpr (kFloat) {
        map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return std::nearbyint(v); });
      } else {
        map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return v; });
      }
      return true;
    case UnaryCode::kInvert:
      if constexpr (std::is_integral_v<C>) {
        map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return static_cast<C>(~v); });
        return true;
      }
      return false;
    default:
      break;
  }
  if constexpr (kFloat) {
    switch (code) {
      case UnaryCode::kFloor:
        map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return std::floor(v); });
        return true;
      case UnaryCode::kCeil:
        map_scalar<T, T, C, C>(x, out, kCheap, [](C v) { return std::ceil(v); });
        return true;
      case UnaryCode::kIsNan:
        map_scalar<T, bool, C, bool>(x, out, kCheap, [](C v) { return v != v; });
        return true;
      case UnaryCode::kIsInf:
        map_scalar<T, bool, C, bool>(x, out, kCheap, [](C v) { return std::isinf(v); });
        return true;
      case UnaryCode::kIsFinite:
        map_scalar<T, bool, C, bool>(x, out, kCheap, [](C v) { return std::isfinite(v); });
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

bool unary_exact(UnaryCode code, const Array& x, Array& out) {
  return visit_dtype(x.dtype(), [&](auto tag) -> bool {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) {
      if (code != UnaryCode::kLogicalNot) return false;
      map_scalar<bool, bool, bool, bool>(x, out, kCheap, [](bool v) { return !v; });
      return true;
    } else if constexpr (is_complex<T>::value) {
      return false;
    } else {
      return real_op<T, decltype(widen(T{}))>(code, x, out);
    }
  });
}

}  // namespace kiln::cpu
