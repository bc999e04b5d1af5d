// Conversion of one value between element types, with defined results for
// every input: a float that does not fit an integer type saturates (NaN goes
// to 0) instead of being undefined behaviour; complex to real keeps the real
// part; anything to bool is "not zero".
#pragma once

#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kiln/dtype.h"

namespace kiln {

template <class T> struct is_complex : std::false_type {};
template <class T> struct is_complex<std::complex<T>> : std::true_type {};

// Widens the 16-bit floats to float; leaves other types alone.
template <class T>
auto widen(T v) {
  if constexpr (std::is_same_v<T, half>) return static_cast<float>(v);
  else if constexpr (std::is_same_v<T, bfloat16_t>) return to_float(v);
  else return v;
}

// Reads one element of type S from possibly unaligned memory. A bool is read
// as a byte, so foreign bytes other than 0 and 1 are not undefined behaviour.
template <class S>
S load_value(const void* p) {
  if constexpr (std::is_same_v<S, bool>) {
    unsigned char b;
    std::memcpy(&b, p, 1);
    return b != 0;
  } else {
    S v;
    std::memcpy(&v, p, sizeof(S));
    return v;
  }
}

template <class To, class From>
To cast_value(From from) {
  auto v = widen(from);
  using V = decltype(v);
  if constexpr (is_complex<V>::value && !is_complex<To>::value) {
    return cast_value<To>(v.real());
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != V{};
  } else if constexpr (std::is_same_v<To, half>) {
    if constexpr (std::is_same_v<V, bool>) return static_cast<half>(v ? 1.0f : 0.0f);
    else return static_cast<half>(static_cast<float>(v));
  } else if constexpr (std::is_same_v<To, bfloat16_t>) {
    return to_bfloat16(static_cast<float>(v));
  } else if constexpr (is_complex<To>::value) {
    using R = typename To::value_type;
    if constexpr (is_complex<V>::value) return To(static_cast<R>(v.real()), static_cast<R>(v.imag()));
    else return To(static_cast<R>(v), R{});
  } else if constexpr (std::is_integral_v<To> && std::is_floating_point_v<V>) {
    // Truncate toward zero, saturating where the value is out of range.
    if (std::isnan(v)) return To{};
    if (v <= static_cast<V>(std::numeric_limits<To>::lowest())) return std::numeric_limits<To>::lowest();
    if (v >= static_cast<V>(std::numeric_limits<To>::max())) return std::numeric_limits<To>::max();
    return static_cast<To>(v);
  } else {
    return static_cast<To>(v);  // integer wrap-around as in C++ and TF
  }
}

}  // namespace kiln
