// bincount and histogram_fixed_width: counts of values in bins. Both check
// every value first (bincount: non-negative; histogram: not NaN), as TF does,
// then count into a zeroed output in input order, so results are identical
// on every run.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernels/cpu/gather.h"
#include "kernels/cpu/search.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

std::string prefix(std::string_view op) { return "[" + std::string(op) + "] "; }

Array zeros(DType dtype, const Shape& shape) {
  Array out = Array::empty(dtype, shape);
  std::memset(out.mutable_data(), 0, static_cast<size_t>(out.nbytes()));  // 0 of every dtype
  return out;
}

}  // namespace

Array bincount(std::string_view op, const Array& arr_in, const Array* weights_in, int64_t minlength,
               int64_t maxlength, DType dtype, bool binary, bool rows) {
  const Array arr = index_array(arr_in);
  const int64_t n = arr.size();
  int64_t top = -1;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t v = index_at(arr, i);
    if (v < 0) {
      throw InvalidArgumentError(prefix(op) + "arr[" + position_text(i, arr.dims()) + "] = " + std::to_string(v) +
                                 " is negative; bincount counts non-negative integers only.");
    }
    if (v == std::numeric_limits<int64_t>::max()) {  // its count would be bin 2^63: no array holds it
      throw InvalidArgumentError(prefix(op) + "arr[" + position_text(i, arr.dims()) + "] = " + std::to_string(v) +
                                   " needs an output longer than any array (TF: a negative size); use maxlength.");
    }
    top = std::max(top, v);
  }
  int64_t length = std::max(top + 1, minlength);
  if (maxlength >= 0) length = std::min(length, maxlength);
  const int64_t nrows = rows ? arr.dims()[0] : 1;
  const int64_t per_row = nrows == 0 ? 0 : n / nrows;
  Array out = zeros(weights_in ? weights_in->dtype() : dtype, rows ? Shape{nrows, length} : Shape{length});
  const Array weights = weights_in ? weights_in->contiguous() : Array();
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t> || std::is_same_v<T, float> ||
                  std::is_same_v<T, double>) {  // the dtypes inference allows
      T* o = static_cast<T*>(out.mutable_data());
      // Length-0 weights count as all ones (TF's rule), in their dtype.
      const T* w = weights_in && weights.size() > 0 ? weights.data_as<T>() : nullptr;
      for (int64_t i = 0; i < n; ++i) {
        const int64_t v = index_at(arr, i);
        if (v >= length) continue;  // beyond maxlength: dropped, as TF
        T& bin = o[(rows ? i / per_row : 0) * length + v];
        if (binary) {
          bin = T(1);
        } else if constexpr (std::is_integral_v<T>) {  // wraps, as TF: unsigned, so no overflow UB
          using U = std::make_unsigned_t<T>;
          bin = static_cast<T>(static_cast<U>(bin) + static_cast<U>(w ? w[i] : T(1)));
        } else {
          bin += w ? w[i] : T(1);
        }
      }
    }
  });
  return out;
}

Array histogram_fixed_width(std::string_view op, const Array& values_in, const Array& range_in, int64_t nbins,
                            DType dtype) {
  const Array values = values_in.contiguous();
  const Array range = range_in.contiguous();
  Array out = zeros(dtype, Shape{nbins});
  visit_dtype(values.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t> || std::is_same_v<T, float> ||
                  std::is_same_v<T, double>) {  // the dtypes inference allows
      const T* v = values.data_as<T>();
      const T lo_t = range.data_as<T>()[0], hi_t = range.data_as<T>()[1];
      const auto lo = static_cast<double>(lo_t), hi = static_cast<double>(hi_t);
      if (!(lo < hi)) {
        throw InvalidArgumentError(prefix(op) + "value_range should satisfy value_range[0] < value_range[1], got [" +
                                   std::to_string(lo) + ", " + std::to_string(hi) + "]; give the lower bound first.");
      }
      for (int64_t i = 0; i < values.size(); ++i) {
        if (std::isnan(static_cast<double>(v[i]))) {
          throw InvalidArgumentError(prefix(op) + "values[" + position_text(i, values.dims()) +
                                     "] is NaN; a NaN has no bin. Remove NaN values first.");
        }
      }
      // TF's bin: (max(v, lo) - lo) / width truncated, at most nbins - 1.
      // The difference is taken in T for floats, as TF (so bin edges agree
      // bit for bit), in float64 for integers (no overflow).
      const bool is_float = std::is_floating_point_v<T>;
      const double width = (is_float ? static_cast<double>(hi_t - lo_t) : hi - lo) / static_cast<double>(nbins);
      for (int64_t i = 0; i < values.size(); ++i) {
        const double x = is_float ? static_cast<double>(std::max(v[i], lo_t) - lo_t)
                                  : std::max(static_cast<double>(v[i]), lo) - lo;
        const auto bin = static_cast<int64_t>(std::min(x / width, static_cast<double>(nbins - 1)));
        if (dtype == int32) ++static_cast<int32_t*>(out.mutable_data())[bin];
        else ++static_cast<int64_t*>(out.mutable_data())[bin];
      }
    }
  });
  return out;
}

}  // namespace kiln::cpu
