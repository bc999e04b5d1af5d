#include "kernels/cpu/binary.h"

#include <cstdint>
#include <type_traits>

#include "kiln/error.h"
#include "ops/broadcast.h"

namespace kiln::cpu {
namespace {

// Signed integers wrap around on overflow, as in TF (and without the
// undefined behaviour of C++'s signed overflow).
template <class T>
T add_values(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return cast_value<T>(widen(a) + widen(b));
  }
}

bool aligned_for(const void* p, size_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

template <class T, class F>
void binary_rows(const Array& x, const Array& y, Array& out, F f) {
  std::array<Strides, 3> strides = {out.strides(), broadcast_strides(x, out.dims()),
                                    broadcast_strides(y, out.dims())};
  const Dims& dims = out.dims();
  int64_t sx = dims.empty() ? 0 : strides[1].back();
  int64_t sy = dims.empty() ? 0 : strides[2].back();
  char* o = static_cast<char*>(out.mutable_data());
  const char* a = static_cast<const char*>(x.data());
  const char* b = static_cast<const char*>(y.data());
  for_each_row<3>(dims, strides, [&](const std::array<int64_t, 3>& off, int64_t n) {
    T* po = reinterpret_cast<T*>(o + off[0]);
    const char* pa = a + off[1];
    const char* pb = b + off[2];
    if (sx == sizeof(T) && sy == sizeof(T) && aligned_for(pa, alignof(T)) &&
        aligned_for(pb, alignof(T))) {  // the common, vectorisable case
      const T* ta = reinterpret_cast<const T*>(pa);
      const T* tb = reinterpret_cast<const T*>(pb);
      for (int64_t i = 0; i < n; ++i) po[i] = f(ta[i], tb[i]);
      return;
    }
    // Strided, broadcast (stride 0) or unaligned foreign memory.
    for (int64_t i = 0; i < n; ++i) {
      po[i] = f(load_value<T>(pa + i * sx), load_value<T>(pb + i * sy));
    }
  });
}

}  // namespace

void binary(BinaryCode code, const Array& x, const Array& y, Array& out) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!std::is_same_v<T, bool>) {
      switch (code) {
        case BinaryCode::kAdd: return binary_rows<T>(x, y, out, add_values<T>);
      }
    }
    throw InternalError("binary kernel: unsupported dtype or op");
  });
}

}  // namespace kiln::cpu
