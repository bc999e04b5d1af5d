// argmax / argmin along one axis.
#include <cmath>
#include <cstring>
#include <string>
#include <cstdint>
#include <type_traits>

#include "kernels/cpu/reduce.h"
#include "kernels/cpu/reduce_lines.h"
#include "kiln/cast.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

// The first extreme of one line; the first NaN when there is one (NumPy's
// rule, and consistent with reduce_max propagating NaN).
template <bool kMax, class T>
int64_t arg_line(const char* p, int64_t n, int64_t stride) {
  auto best = widen(load_value<T>(p));
  int64_t at = 0;
  for (int64_t i = 1; i < n; ++i) {
    if constexpr (std::is_floating_point_v<decltype(best)>) {
      if (std::isnan(best)) return at;
    }
    auto v = widen(load_value<T>(p + i * stride));
    bool better;
    if constexpr (std::is_floating_point_v<decltype(best)>) better = std::isnan(v);
    else better = false;
    if (better || (kMax ? v > best : v < best)) {
      best = v;
      at = i;
    }
  }
  return at;
}

}  // namespace

void arg_reduce(bool is_max, const Array& x, int64_t axis, Array& out) {
  const int64_t n = x.dims()[static_cast<size_t>(axis)];
  if (out.size() == 0) return;
  if (n == 0) {
    throw InvalidArgumentError(std::string(is_max ? "[argmax]" : "[argmin]") +
                               " Reduction axis " + std::to_string(axis) + " is empty in shape " +
                               x.shape().to_string() + "; there is no element to pick.");
  }
  // out has x's shape without `axis`; give it a stride 0 there to walk both together.
  Strides out_strides = out.strides();
  out_strides.insert(out_strides.begin() + axis, 0);
  const int64_t stride = x.strides()[static_cast<size_t>(axis)];
  const char* px = static_cast<const char*>(x.data());
  char* po = static_cast<char*>(out.mutable_data());
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!is_complex<T>::value) {
      visit_dtype(out.dtype(), [&](auto otag) {
        using O = decltype(otag);
        if constexpr (std::is_integral_v<O> && !std::is_same_v<O, bool>) {
          for_each_line<2>(x.dims(), axis, {x.strides(), out_strides}, n,
                           [&](const std::array<int64_t, 2>& off) {
                             int64_t i = is_max ? arg_line<true, T>(px + off[0], n, stride)
                                                : arg_line<false, T>(px + off[0], n, stride);
                             O v = static_cast<O>(i);
                             std::memcpy(po + off[1], &v, sizeof(O));
                           });
        }
      });
    }
  });
}

}  // namespace kiln::cpu
