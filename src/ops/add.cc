// add: the seed's op, and the first elementwise binary kernel. It streams
// over innermost rows with operand strides, so broadcast and strided inputs
// are read in place and never copied.
#include <cstdint>
#include <string>
#include <type_traits>

#include "kiln/error.h"
#include "kiln/ops.h"
#include "ops/broadcast.h"

namespace kiln {
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

template <class T>
void add_rows(const Array& x, const Array& y, Array& out) {
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
      for (int64_t i = 0; i < n; ++i) po[i] = add_values(ta[i], tb[i]);
      return;
    }
    // Strided, broadcast (stride 0) or unaligned foreign memory.
    for (int64_t i = 0; i < n; ++i) {
      po[i] = add_values(load_value<T>(pa + i * sx), load_value<T>(pb + i * sy));
    }
  });
}

}  // namespace

Tensor add(const Tensor& x, const Tensor& y) {
  if (x.dtype() != y.dtype()) {
    throw InvalidArgumentError("[add] x is " + std::string(x.dtype().name()) + " but y is " +
                               std::string(y.dtype().name()) +
                               "; kiln does not promote dtypes implicitly. Cast one operand "
                               "first, e.g. kiln.cast(y, kiln." + std::string(x.dtype().name()) +
                               ").");
  }
  if (x.dtype().is_bool()) {
    throw InvalidArgumentError("[add] is not defined for bool tensors; use kiln.logical_or, or "
                               "cast to an integer type first.");
  }
  Shape shape = broadcast_shapes(x.shape(), y.shape(), "add");
  Array out = Array::empty(x.dtype(), shape);
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!std::is_same_v<T, bool>) add_rows<T>(x.array(), y.array(), out);
  });
  return Tensor(std::move(out));
}

}  // namespace kiln
