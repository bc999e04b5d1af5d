// unique and unique_with_counts: one pass with a hash map from value to its
// index among the distinct values, so the output keeps first-appearance order
// (TF's order; NumPy's np.unique sorts instead).
#include <complex>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <vector>

#include "kernels/cpu/search.h"

namespace kiln::cpu {
namespace {

// Hash and equality by value: == decides (0.0 == -0.0), so the hash must map
// both zeros alike. NaN never reaches the map (it equals nothing).
template <class K>
struct ValueHash {
  size_t operator()(const K& k) const {
    if constexpr (is_complex<K>::value) {
      using R = typename K::value_type;
      return std::hash<R>()(k.real() + R(0)) * 31 + std::hash<R>()(k.imag() + R(0));
    } else if constexpr (std::is_floating_point_v<K>) {
      return std::hash<K>()(k + K(0));  // -0.0 + 0.0 is +0.0
    } else {
      return std::hash<K>()(k);
    }
  }
};

template <class K>
bool is_nan(const K& k) {
  if constexpr (is_complex<K>::value) return k != k;
  else if constexpr (std::is_floating_point_v<K>) return k != k;
  else return false;
}

template <class I>
void write_index(Array& a, int64_t i, int64_t v) {
  static_cast<I*>(a.mutable_data())[i] = static_cast<I>(v);
}

}  // namespace

UniqueArrays unique(const Array& x_in, DType idx_dtype, bool with_counts) {
  const Array x = x_in.contiguous();
  const int64_t n = x.size();
  Array idx = Array::empty(idx_dtype, Shape{n});
  std::vector<int64_t> first;   // position in x of each distinct value
  std::vector<int64_t> counts;  // occurrences of each distinct value
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    using K = decltype(widen(T{}));  // 16-bit floats hash as float
    const T* p = x.data_as<T>();
    std::unordered_map<K, int64_t, ValueHash<K>> seen;
    seen.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const K k = widen(load_value<T>(p + i));  // bytes, not bool loads
      int64_t at = static_cast<int64_t>(first.size());
      if (!is_nan(k)) {
        auto [it, inserted] = seen.emplace(k, at);
        at = it->second;
        if (!inserted) {
          ++counts[static_cast<size_t>(at)];
          idx_dtype == int32 ? write_index<int32_t>(idx, i, at) : write_index<int64_t>(idx, i, at);
          continue;
        }
      }
      first.push_back(i);
      counts.push_back(1);
      idx_dtype == int32 ? write_index<int32_t>(idx, i, at) : write_index<int64_t>(idx, i, at);
    }
  });
  const auto m = static_cast<int64_t>(first.size());
  Array y = Array::empty(x.dtype(), Shape{m});
  const size_t elem = x.dtype().size();
  const char* src = static_cast<const char*>(x.data());
  char* dst = static_cast<char*>(y.mutable_data());
  for (int64_t j = 0; j < m; ++j) {
    std::memcpy(dst + j * static_cast<int64_t>(elem), src + first[static_cast<size_t>(j)] * static_cast<int64_t>(elem),
                elem);
  }
  UniqueArrays out;
  out.push_back(std::move(y));
  out.push_back(std::move(idx));
  if (with_counts) {
    Array c = Array::empty(idx_dtype, Shape{m});
    for (int64_t j = 0; j < m; ++j) {
      idx_dtype == int32 ? write_index<int32_t>(c, j, counts[static_cast<size_t>(j)])
                         : write_index<int64_t>(c, j, counts[static_cast<size_t>(j)]);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace kiln::cpu
