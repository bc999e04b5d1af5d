#include "kernels/cpu/cast.h"

#include <cstring>

#include <array>
#include <limits>
#include <type_traits>

#include "kiln/cast.h"
#include "core/broadcast.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// The largest finite value of a real type, as a double.
template <class T>
double max_as_double() {
  if constexpr (std::is_same_v<T, half>) return 65504.0;
  else if constexpr (std::is_same_v<T, bfloat16_t>) return 3.3895313892515355e38;
  else return static_cast<double>(std::numeric_limits<T>::max());
}

// A real value (bool, integer or float, already widened) clamped into the
// range of real type R, then converted. NaN stays NaN for float targets and
// becomes 0 for integer ones (cast_value's rule).
template <class R, class V>
R saturate_real(V v) {
  if constexpr (std::is_same_v<R, bool> || std::is_same_v<V, bool>) {
    return cast_value<R>(v);
  } else if constexpr (std::is_integral_v<R> && std::is_integral_v<V>) {
    // __int128 holds every 64-bit value, signed or not: one exact comparison.
    auto w = static_cast<__int128>(v);
    if (w < static_cast<__int128>(std::numeric_limits<R>::lowest())) return std::numeric_limits<R>::lowest();
    if (w > static_cast<__int128>(std::numeric_limits<R>::max())) return std::numeric_limits<R>::max();
    return static_cast<R>(v);
  } else if constexpr (std::is_integral_v<R>) {
    return cast_value<R>(v);  // float -> int already saturates
  } else {
    // To a float: clamp values beyond the target's finite range (inf included).
    double hi = max_as_double<R>();
    if (static_cast<double>(v) > hi) return cast_value<R>(hi);
    if (static_cast<double>(v) < -hi) return cast_value<R>(-hi);
    return cast_value<R>(v);
  }
}

// kiln.saturate_cast of one value: complex -> real keeps the real part; a
// complex target clamps both parts to its component type's range.
template <class To, class From>
To saturate_value(From from) {
  auto v = widen(from);
  if constexpr (is_complex<To>::value) {
    using R = typename To::value_type;
    if constexpr (is_complex<decltype(v)>::value) return To(saturate_real<R>(v.real()), saturate_real<R>(v.imag()));
    else return To(saturate_real<R>(v), R{});
  } else if constexpr (is_complex<decltype(v)>::value) {
    return saturate_real<To>(v.real());
  } else {
    return saturate_real<To>(v);
  }
}

template <class To, class From, bool kSaturate>
To convert(From v) {
  if constexpr (kSaturate) return saturate_value<To>(v);
  else return cast_value<To>(v);
}

// n elements from `in` (byte stride `stride`) into contiguous `out`.
template <class To, class From, bool kSaturate>
void convert_row(const char* in, int64_t stride, To* out, int64_t n) {
  if (stride == sizeof(From) && !std::is_same_v<From, bool> &&
      reinterpret_cast<uintptr_t>(in) % alignof(From) == 0) {
    const auto* src = reinterpret_cast<const From*>(in);  // the vectorisable case
    for (int64_t i = 0; i < n; ++i) out[i] = convert<To, From, kSaturate>(src[i]);
    return;
  }
  for (int64_t i = 0; i < n; ++i) out[i] = convert<To, From, kSaturate>(load_value<From>(in + i * stride));
}

template <class To, class From, bool kSaturate>
void cast_typed(const Array& in, Array& out) {
  auto* dst = static_cast<To*>(out.mutable_data());
  const char* src = static_cast<const char*>(in.data());
  if (in.is_c_contiguous()) {
    // Element i depends only on input i, so chunks may run in any order.
    auto chunk = [&](int64_t begin, int64_t end) {
      const char* p = src + begin * static_cast<int64_t>(sizeof(From));
      if (kSaturate || !cast_contiguous_simd(in.dtype(), out.dtype(), p, dst + begin, end - begin)) {
        convert_row<To, From, kSaturate>(p, sizeof(From), dst + begin, end - begin);
      }
    };
    if (in.size() < kParallelThreshold) chunk(0, in.size());
    else parallel_for(in.size(), kParallelThreshold / 4, chunk);
    return;
  }
  // Strided input (the output is contiguous): walk it row by row in place.
  std::array<Strides, 2> strides = {out.strides(), in.strides()};
  int64_t step = in.ndim() ? in.strides().back() : 0;
  for_each_row<2>(in.dims(), strides, [&](const std::array<int64_t, 2>& off, int64_t n) {
    convert_row<To, From, kSaturate>(src + off[1], step,
                                     reinterpret_cast<To*>(reinterpret_cast<char*>(dst) + off[0]), n);
  });
}

}  // namespace

void cast(const Array& in, Array& out, bool saturate) {
  visit_dtype(out.dtype(), [&](auto to_tag) {
    using To = decltype(to_tag);
    visit_dtype(in.dtype(), [&](auto from_tag) {
      using From = decltype(from_tag);
      if (saturate) cast_typed<To, From, true>(in, out);
      else cast_typed<To, From, false>(in, out);
    });
  });
}

ScalarFn cast_scalar(DType from, DType to, bool saturate) {
  return visit_dtype(to, [&](auto to_tag) {
    using To = decltype(to_tag);
    return visit_dtype(from, [&](auto from_tag) -> ScalarFn {
      using From = decltype(from_tag);
      if (saturate) {
        return [](const void* const* in, void* out) {
          const To r = convert<To, From, true>(load_value<From>(in[0]));
          std::memcpy(out, &r, sizeof(To));
        };
      }
      return [](const void* const* in, void* out) {
        const To r = convert<To, From, false>(load_value<From>(in[0]));
        std::memcpy(out, &r, sizeof(To));
      };
    });
  });
}

}  // namespace kiln::cpu
