// The sorted searches (tf.searchsorted's LowerBound and UpperBound): a binary
// search of each value in its row of the sorted sequence, with std::lower_bound
// / std::upper_bound and operator< as TF, so unsorted input or NaN give TF's
// answers too.
#include <algorithm>
#include <string>

#include "kernels/cpu/search.h"
#include "kiln/error.h"

namespace kiln::cpu {

Array searchsorted(std::string_view op, const Array& sorted_in, const Array& values_in, bool right, DType out_type) {
  const Array sorted = sorted_in.contiguous();
  const Array values = values_in.contiguous();
  const int64_t n = sorted.dims().back(), m = values.dims().back();
  const int64_t rows = m == 0 ? 0 : values.size() / m;
  const int64_t sorted_rows = n == 0 ? rows : sorted.size() / n;  // an empty row matches any count
  if (sorted_rows != rows) {
    throw InvalidArgumentError("[" + std::string(op) + "] sorted_sequence of shape " +
                               sorted.shape().to_string() + " has " + std::to_string(sorted_rows) +
                               " rows but values of shape " + values.shape().to_string() + " has " +
                               std::to_string(rows) + "; the leading dimensions of both must match.");
  }
  Array out = Array::empty(out_type, values.shape());
  visit_dtype(sorted.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!is_complex<T>::value) {  // complex is refused by inference
      const T* s = sorted.data_as<T>();
      const T* v = values.data_as<T>();
      for (int64_t r = 0; r < rows; ++r) {
        const T* begin = s + r * n;
        for (int64_t j = 0; j < m; ++j) {
          const T x = v[r * m + j];
          const T* at = right ? std::upper_bound(begin, begin + n, x, [](const T& a, const T& b) { return widen(a) < widen(b); })
                              : std::lower_bound(begin, begin + n, x, [](const T& a, const T& b) { return widen(a) < widen(b); });
          const int64_t pos = at - begin;
          if (out_type == int32) static_cast<int32_t*>(out.mutable_data())[r * m + j] = static_cast<int32_t>(pos);
          else static_cast<int64_t*>(out.mutable_data())[r * m + j] = pos;
        }
      }
    }
  });
  return out;
}

}  // namespace kiln::cpu
