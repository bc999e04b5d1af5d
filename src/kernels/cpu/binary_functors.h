// The scalar definition of every binary op: one functor per op, with the
// element types it accepts. Kernels call these on each element (the SIMD
// paths in binary_simd.cc must agree with them; the tests check both).
//
// Integer arithmetic wraps (done in unsigned types: C++'s signed overflow is
// undefined behaviour, TF's is two's complement); float16/bfloat16 compute in
// float and round once.
#pragma once

#include <cmath>
#include <complex>
#include <limits>
#include <type_traits>

#include "kiln/cast.h"

namespace kiln::cpu::fn {

template <class T> inline constexpr bool kInt = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <class T> inline constexpr bool kSigned = kInt<T> && std::is_signed_v<T>;
template <class T> inline constexpr bool kComplex = is_complex<T>::value;
template <class T> inline constexpr bool kBool = std::is_same_v<T, bool>;
template <class T> inline constexpr bool kReal = !kBool<T> && !kComplex<T>;  // ints and floats
template <class T> inline constexpr bool kFloat = kReal<T> && !kInt<T>;
template <class T> inline constexpr bool kNumber = !kBool<T>;

// Unsigned arithmetic type for T, at least as wide as unsigned int (so that
// uint16 * uint16 does not promote to a signed int that overflows).
template <class T>
using Wrap = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;

// The dtype of true division: TF's truediv casts int8/16 and uint8/16 to
// float32, wider integers to float64; floats and complex stay.
template <class T>
using TrueDiv = std::conditional_t<!kInt<T>, T, std::conditional_t<(sizeof(T) <= 2), float, double>>;

// Applies a float formula to T: 16-bit floats go through float.
template <class T, class F>
T via_wide(T a, T b, F f) {
  return cast_value<T>(f(widen(a), widen(b)));
}

#define KILN_WRAPPING_OP(NAME, OP)                                                        \
  struct NAME {                                                                           \
    template <class T> static constexpr bool accepts = kNumber<T>;                        \
    template <class T> T operator()(T a, T b) const {                                     \
      if constexpr (kInt<T>) return static_cast<T>(static_cast<Wrap<T>>(a) OP static_cast<Wrap<T>>(b)); \
      else return via_wide(a, b, [](auto u, auto v) { return u OP v; });                  \
    }                                                                                     \
  };
KILN_WRAPPING_OP(Add, +)
KILN_WRAPPING_OP(Subtract, -)
KILN_WRAPPING_OP(Multiply, *)
#undef KILN_WRAPPING_OP

struct Divide {
  template <class T> static constexpr bool accepts = kNumber<T>;
  template <class T> TrueDiv<T> operator()(T a, T b) const {
    if constexpr (kInt<T>) return static_cast<TrueDiv<T>>(a) / static_cast<TrueDiv<T>>(b);
    else return via_wide(a, b, [](auto u, auto v) { return u / v; });
  }
};

// Integer division by zero never reaches these (the kernel checks first and
// raises, as TF); they still return 0 rather than trap.
struct FloorDiv {
  template <class T> static constexpr bool accepts = kReal<T>;
  template <class T> T operator()(T a, T b) const {
    if constexpr (kInt<T>) {
      if (b == 0) return 0;
      if constexpr (kSigned<T>) {
        if (b == -1) return static_cast<T>(Wrap<T>(0) - static_cast<Wrap<T>>(a));  // MIN / -1 wraps
        T q = static_cast<T>(a / b);
        return static_cast<T>((a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q);
      } else {
        return static_cast<T>(a / b);
      }
    } else {
      // The quotient rounded to T, then floored, as TF: float16 361.5 / 3.615
      // is 100 (99.99 rounds up in float16) where flooring float32's 99.99 gives 99.
      T q = via_wide(a, b, [](auto u, auto v) { return u / v; });
      return via_wide(q, q, [](auto u, auto) { return std::floor(u); });
    }
  }
};

// The remainder with the divisor's sign (Python's %), as TF's floormod.
struct FloorMod {
  template <class T> static constexpr bool accepts = kReal<T>;
  template <class T> T operator()(T a, T b) const {
    if constexpr (kInt<T>) {
      if (b == 0) return 0;
      if constexpr (kSigned<T>) {
        if (b == -1) return 0;  // MIN % -1 is undefined in C++; the answer is 0
        T r = static_cast<T>(a % b);
        return static_cast<T>((r != 0 && ((r < 0) != (b < 0))) ? r + b : r);
      } else {
        return static_cast<T>(a % b);
      }
    } else {
      return via_wide(a, b, [](auto u, auto v) {
        auto r = std::fmod(u, v);
        return (r != 0 && ((v < 0) != (r < 0))) ? r + v : r;
      });
    }
  }
};

// Integers: exact with wrap-around, by squaring (negative exponents are
// refused by the kernel, as TF).
struct Pow {
  template <class T> static constexpr bool accepts = kNumber<T>;
  template <class T> T operator()(T a, T b) const {
    if constexpr (kInt<T>) {
      if constexpr (kSigned<T>) {
        if (b < 0) return 0;
      }
      Wrap<T> base = static_cast<Wrap<T>>(a), result = 1;
      for (auto e = static_cast<std::make_unsigned_t<T>>(b); e != 0; e >>= 1) {
        if (e & 1) result *= base;
        base *= base;
      }
      return static_cast<T>(result);
    } else if constexpr (kComplex<T>) {
      return std::pow(a, b);
    } else {
      return via_wide(a, b, [](auto u, auto v) { return std::pow(u, v); });
    }
  }
};

template <class T>
bool is_nan(T v) {
  if constexpr (kFloat<T>) return std::isnan(widen(v));
  else return false;
}

// NaN wins, as in TF and NumPy.
struct Maximum {
  template <class T> static constexpr bool accepts = kReal<T>;
  template <class T> T operator()(T a, T b) const {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    return widen(a) < widen(b) ? b : a;
  }
};
struct Minimum {
  template <class T> static constexpr bool accepts = kReal<T>;
  template <class T> T operator()(T a, T b) const {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    return widen(b) < widen(a) ? b : a;
  }
};

// (a - b) * conj(a - b): real and non-negative for complex inputs too.
struct SquaredDifference {
  template <class T> static constexpr bool accepts = kNumber<T>;
  template <class T> T operator()(T a, T b) const {
    if constexpr (kInt<T>) {
      Wrap<T> d = static_cast<Wrap<T>>(static_cast<Wrap<T>>(a) - static_cast<Wrap<T>>(b));
      return static_cast<T>(d * d);
    } else if constexpr (kComplex<T>) {
      T d = a - b;
      return d * std::conj(d);
    } else {
      return via_wide(a, b, [](auto u, auto v) { return (u - v) * (u - v); });
    }
  }
};

struct Atan2 {
  template <class T> static constexpr bool accepts = kFloat<T>;
  template <class T> T operator()(T y, T x) const {
    return via_wide(y, x, [](auto u, auto v) { return std::atan2(u, v); });
  }
};

struct DivideNoNan {
  template <class T> static constexpr bool accepts = kFloat<T> || kComplex<T>;
  template <class T> T operator()(T a, T b) const {
    auto w = widen(b);
    if (w == decltype(w){}) return T{};
    return Divide{}(a, b);
  }
};

#define KILN_COMPARISON(NAME, OP, ACCEPTS)                                               \
  struct NAME {                                                                          \
    template <class T> static constexpr bool accepts = ACCEPTS;                          \
    template <class T> bool operator()(T a, T b) const { return widen(a) OP widen(b); } \
  };
KILN_COMPARISON(Equal, ==, true)
KILN_COMPARISON(NotEqual, !=, true)
KILN_COMPARISON(Less, <, kReal<T>)
KILN_COMPARISON(LessEqual, <=, kReal<T>)
KILN_COMPARISON(Greater, >, kReal<T>)
KILN_COMPARISON(GreaterEqual, >=, kReal<T>)
#undef KILN_COMPARISON

#define KILN_LOGICAL_OR_BITWISE(NAME, OP, ACCEPTS)                                                \
  struct NAME {                                                                                   \
    template <class T> static constexpr bool accepts = ACCEPTS;                                   \
    template <class T> T operator()(T a, T b) const { return static_cast<T>(a OP b); }           \
  };
KILN_LOGICAL_OR_BITWISE(LogicalAnd, &, kBool<T>)
KILN_LOGICAL_OR_BITWISE(LogicalOr, |, kBool<T>)
KILN_LOGICAL_OR_BITWISE(LogicalXor, ^, kBool<T>)
KILN_LOGICAL_OR_BITWISE(BitwiseAnd, &, kInt<T>)
KILN_LOGICAL_OR_BITWISE(BitwiseOr, |, kInt<T>)
KILN_LOGICAL_OR_BITWISE(BitwiseXor, ^, kInt<T>)
#undef KILN_LOGICAL_OR_BITWISE

// Shift amounts outside [0, bits) are clamped into it, as TF's kernels do
// (a C++ shift by them would be undefined behaviour).
template <class T>
int shift_amount(T b) {
  constexpr int kBits = static_cast<int>(sizeof(T) * 8);
  if constexpr (kSigned<T>) {
    if (b < 0) return 0;
  }
  return b >= static_cast<T>(kBits - 1) ? kBits - 1 : static_cast<int>(b);
}
struct LeftShift {
  template <class T> static constexpr bool accepts = kInt<T>;
  template <class T> T operator()(T a, T b) const {
    return static_cast<T>(static_cast<Wrap<T>>(a) << shift_amount(b));
  }
};
struct RightShift {  // arithmetic for signed types
  template <class T> static constexpr bool accepts = kInt<T>;
  template <class T> T operator()(T a, T b) const { return static_cast<T>(a >> shift_amount(b)); }
};

}  // namespace kiln::cpu::fn
