// cumsum / cumprod along one axis: inclusive or exclusive, forward or reverse.
// Accumulates as the reductions do (float64 for floats, uint64 wrapping for
// integers), so float32 prefix sums keep float64 accuracy.
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernels/cpu/reduce.h"
#include "kernels/cpu/reduce_accumulators.h"
#include "kernels/cpu/reduce_lines.h"
#include "kiln/error.h"

namespace kiln::cpu {

void scan(bool is_prod, const Array& x, int64_t axis, bool exclusive, bool reverse, Array& out) {
  if (out.size() == 0) return;
  const int64_t n = x.dims()[static_cast<size_t>(axis)];
  const int64_t sx = x.strides()[static_cast<size_t>(axis)];
  const int64_t so = out.strides()[static_cast<size_t>(axis)];
  const char* px = static_cast<const char*>(x.data());
  char* po = static_cast<char*>(out.mutable_data());
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) {
      throw InternalError("scan kernel: bool is not scanned");
    } else {
      auto run = [&](auto r) {
        for_each_line<2>(x.dims(), axis, {x.strides(), out.strides()}, n,
                         [&](const std::array<int64_t, 2>& off) {
                           auto acc = r.identity();
                           for (int64_t j = 0; j < n; ++j) {
                             int64_t i = reverse ? n - 1 - j : j;
                             T v = load_value<T>(px + off[0] + i * sx);
                             if (!exclusive) r.add(acc, v, 0);
                             T result = cast_value<T>(acc);
                             std::memcpy(po + off[1] + i * so, &result, sizeof(T));
                             if (exclusive) r.add(acc, v, 0);
                           }
                         });
      };
      if (is_prod) run(SumProd<T, true>{});
      else run(SumProd<T, false>{});
    }
  });
}

}  // namespace kiln::cpu
