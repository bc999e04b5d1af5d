// one_hot and sequence_mask: outputs made of two values, "on" where an index
// (or a position below a length) says so and "off" elsewhere. Each output row
// is written by one thread, so large outputs split over cores without races.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "kernels/cpu/gather.h"
#include "kiln/error.h"
#include "core/broadcast.h"

namespace kiln::cpu {
namespace {

// n copies of the `elem`-byte value at `value`.
void fill_value(char* out, int64_t n, const char* value, size_t elem) {
  if (n <= 0) return;
  std::memcpy(out, value, elem);
  // Doubling copies: log2(n) memcpys instead of n small ones.
  int64_t done = 1;
  while (done < n) {
    int64_t chunk = std::min(done, n - done);
    std::memcpy(out + done * static_cast<int64_t>(elem), out, static_cast<size_t>(chunk) * elem);
    done += chunk;
  }
}

}  // namespace

Array one_hot(const Array& indices_in, const Array& on_value, const Array& off_value, int64_t depth,
              int64_t axis, const TensorSpec& out_spec) {
  Array indices = index_array(indices_in);
  Array out = Array::empty(out_spec.dtype, out_spec.shape);
  const size_t elem = out_spec.dtype.size();
  const Dims& id = indices.dims();
  int64_t outer = 1, inner = 1;  // index positions before and after the depth axis
  for (size_t i = 0; i < id.size(); ++i) (static_cast<int64_t>(i) < axis ? outer : inner) *= id[i];
  const auto* on = static_cast<const char*>(on_value.data());
  const auto* off = static_cast<const char*>(off_value.data());
  char* o = static_cast<char*>(out.mutable_data());
  const int64_t row = depth * inner;  // output elements per outer position
  if (row == 0) return out;
  parallel_for(outer, std::max<int64_t>(1, kParallelThreshold / row), [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      char* r = o + p * row * static_cast<int64_t>(elem);
      fill_value(r, row, off, elem);
      for (int64_t q = 0; q < inner; ++q) {
        int64_t v = index_at(indices, p * inner + q);
        // Out-of-range indices (negative too) leave an all-off row, as TF.
        if (v >= 0 && v < depth) std::memcpy(r + (v * inner + q) * static_cast<int64_t>(elem), on, elem);
      }
    }
  });
  return out;
}

namespace {

// position < length, exactly for every length type (no rounding of large
// integers through double; NaN is below nothing).
template <class T>
bool below(int64_t position, T length) {
  if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) return position < static_cast<int64_t>(length);
  else if constexpr (std::is_integral_v<T>) return static_cast<uint64_t>(position) < static_cast<uint64_t>(length);
  else return static_cast<double>(position) < static_cast<double>(widen(length));
}

// How many leading positions of a row of `maxlen` are below `length`.
template <class T>
int64_t ones_in_row(T length, int64_t maxlen) {
  if constexpr (std::is_integral_v<T>) {
    if (!below<T>(0, length)) return 0;
    return below<T>(maxlen, length) ? maxlen : static_cast<int64_t>(length);
  } else {
    double v = static_cast<double>(widen(length));
    if (!(v > 0)) return 0;  // also NaN
    return v >= static_cast<double>(maxlen) ? maxlen : static_cast<int64_t>(std::ceil(v));
  }
}

}  // namespace

namespace {

template <class T>
Array sequence_mask_rows(const Array& lengths, int64_t maxlen, DType dtype) {
  const int64_t rows = lengths.size();
  const T* len = lengths.data_as<T>();
  if (maxlen < 0) {  // the longest length, rounded up (TF: range(max(lengths)))
    maxlen = 0;
    for (int64_t i = 0; i < rows; ++i) {
      maxlen = std::max(maxlen, ones_in_row(len[i], std::numeric_limits<int64_t>::max()));
    }
  }
  Dims dims = lengths.dims();
  dims.push_back(maxlen);
  Array out = Array::empty(dtype, Shape(dims));
  char one[16], zero[16];
  visit_dtype(dtype, [&](auto out_tag) {
    using O = decltype(out_tag);
    O a = cast_value<O>(1), b = cast_value<O>(0);
    std::memcpy(one, &a, sizeof(O));
    std::memcpy(zero, &b, sizeof(O));
  });
  const size_t elem = dtype.size();
  char* o = static_cast<char*>(out.mutable_data());
  if (maxlen == 0) return out;
  parallel_for(rows, std::max<int64_t>(1, kParallelThreshold / maxlen), [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      char* r = o + i * maxlen * static_cast<int64_t>(elem);
      int64_t n = ones_in_row(len[i], maxlen);
      fill_value(r, n, one, elem);
      fill_value(r + n * static_cast<int64_t>(elem), maxlen - n, zero, elem);
    }
  });
  return out;
}

}  // namespace

Array sequence_mask(const Array& lengths_in, int64_t maxlen, DType dtype) {
  Array lengths = lengths_in.contiguous();
  return visit_dtype(lengths.dtype(), [&](auto tag) -> Array {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool> || is_complex<T>::value) {
      throw InternalError("sequence_mask kernel: lengths of dtype " + std::string(lengths.dtype().name()));
    } else {
      return sequence_mask_rows<T>(lengths, maxlen, dtype);
    }
  });
}

}  // namespace kiln::cpu
