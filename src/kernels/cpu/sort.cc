// sort / argsort along one axis and top_k along the last axis. Each line is
// gathered into a scratch buffer, ordered, and scattered to the outputs.
// NaN orders above +inf (so it is last ascending, first descending, and the
// largest for top_k): a total order, so every result is reproducible.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <type_traits>
#include <vector>

#include "kernels/cpu/reduce.h"
#include "kernels/cpu/reduce_lines.h"
#include "kiln/cast.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

// A comparable key: bfloat16 has no operators; the rest compare as they are.
template <class T>
auto key(T v) {
  if constexpr (std::is_same_v<T, bfloat16_t>) return to_float(v);
  else return v;
}

template <class K>
bool is_nan(K v) {
  if constexpr (std::is_floating_point_v<K> || std::is_same_v<K, half>) return v != v;
  else return false;
}

// a before b in ascending order, NaN last.
template <class K>
bool less(K a, K b) {
  return is_nan(b) ? !is_nan(a) : a < b;
}

// Indices are int32 or int64 (inference checked that they fit).
void store_index(DType dtype, char* p, int64_t i) {
  if (dtype == int64) {
    std::memcpy(p, &i, sizeof(i));
  } else {
    int32_t v = static_cast<int32_t>(i);
    std::memcpy(p, &v, sizeof(v));
  }
}

}  // namespace

void sort(const Array& x, int64_t axis, bool descending, bool stable, Array* values,
          Array* indices) {
  if (x.size() == 0) return;
  const int64_t n = x.dims()[static_cast<size_t>(axis)];
  const int64_t sx = x.strides()[static_cast<size_t>(axis)];
  Array& any_out = values ? *values : *indices;
  const int64_t sv = values ? values->strides()[static_cast<size_t>(axis)] : 0;
  const int64_t si = indices ? indices->strides()[static_cast<size_t>(axis)] : 0;
  const Strides& vstrides = values ? values->strides() : any_out.strides();
  const Strides& istrides = indices ? indices->strides() : any_out.strides();
  const char* px = static_cast<const char*>(x.data());
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (is_complex<T>::value || std::is_same_v<T, bool>) {
      throw InternalError("sort kernel: unsupported dtype");
    } else {
      using K = decltype(key(T{}));
      auto before = [&](K a, K b) { return descending ? less(b, a) : less(a, b); };
      for_each_line<3>(x.dims(), axis, {x.strides(), vstrides, istrides}, n * 16,
                       [&](const std::array<int64_t, 3>& off) {
        std::vector<T> line(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) line[i] = load_value<T>(px + off[0] + i * sx);
        if (!indices) {  // values only: equal keys are interchangeable
          std::sort(line.begin(), line.end(), [&](T a, T b) { return before(key(a), key(b)); });
          char* pv = static_cast<char*>(values->mutable_data()) + off[1];
          for (int64_t i = 0; i < n; ++i) std::memcpy(pv + i * sv, &line[i], sizeof(T));
          return;
        }
        std::vector<int64_t> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        auto by_key = [&](int64_t a, int64_t b) { return before(key(line[a]), key(line[b])); };
        // Unstable sorts may order ties any way; a stable one is a valid answer
        // and reproducible, so both use it.
        (void)stable;
        std::stable_sort(order.begin(), order.end(), by_key);
        char* pi = static_cast<char*>(indices->mutable_data()) + off[2];
        for (int64_t i = 0; i < n; ++i) store_index(indices->dtype(), pi + i * si, order[i]);
        if (values) {
          char* pv = static_cast<char*>(values->mutable_data()) + off[1];
          for (int64_t i = 0; i < n; ++i) std::memcpy(pv + i * sv, &line[order[i]], sizeof(T));
        }
      });
    }
  });
}

void top_k(const Array& x, int64_t k, bool sorted, Array& values, Array& indices) {
  (void)sorted;  // always sorted: also a valid "unsorted" answer, and reproducible
  if (values.size() == 0) return;
  const int64_t axis = x.ndim() - 1;
  const int64_t n = x.dims()[static_cast<size_t>(axis)];
  const int64_t sx = x.strides()[static_cast<size_t>(axis)];
  const int64_t sv = values.strides()[static_cast<size_t>(axis)];
  const int64_t si = indices.strides()[static_cast<size_t>(axis)];
  const char* px = static_cast<const char*>(x.data());
  char* pv0 = static_cast<char*>(values.mutable_data());
  char* pi0 = static_cast<char*>(indices.mutable_data());
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (is_complex<T>::value || std::is_same_v<T, bool>) {
      throw InternalError("top_k kernel: unsupported dtype");
    } else {
      for_each_line<3>(x.dims(), axis, {x.strides(), values.strides(), indices.strides()}, n * 4,
                       [&](const std::array<int64_t, 3>& off) {
        std::vector<T> line(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) line[i] = load_value<T>(px + off[0] + i * sx);
        std::vector<int64_t> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        // Larger first; ties by lower index: a strict total order.
        auto first = [&](int64_t a, int64_t b) {
          auto ka = key(line[a]), kb = key(line[b]);
          if (less(kb, ka)) return true;
          if (less(ka, kb)) return false;
          return a < b;
        };
        std::partial_sort(order.begin(), order.begin() + k, order.end(), first);
        for (int64_t i = 0; i < k; ++i) {
          std::memcpy(pv0 + off[1] + i * sv, &line[order[i]], sizeof(T));
          store_index(indices.dtype(), pi0 + off[2] + i * si, order[i]);
        }
      });
    }
  });
}

}  // namespace kiln::cpu
