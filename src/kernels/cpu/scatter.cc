// scatter_nd and tensor_scatter_nd_update: update blocks written into a
// fresh output at index tuples. Updates are applied one after another, in
// index order, so duplicates give the same result on every run: summed for
// scatter_nd (as TF), the last one kept for tensor_scatter_nd_update.
#include <cstring>
#include <type_traits>

#include "kernels/cpu/gather.h"
#include "core/broadcast.h"

namespace kiln::cpu {
namespace {

// a + b; integers wrap (in unsigned arithmetic: no signed-overflow UB), bools
// "add" as logical or (TF's scatter_nd of bools), 16-bit floats add in float.
template <class T>
T accumulate(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return cast_value<T>(widen(a) + widen(b));
  }
}

// dst (contiguous) += the strided block at src.
template <class T>
void add_block(char* dst, const char* src, const Block& block) {
  const int64_t s = block.dims.empty() ? 0 : block.walk[1].back();
  for_each_row<2>(block.dims, block.walk, [&](const std::array<int64_t, 2>& off, int64_t n) {
    char* d = dst + off[0];
    const char* p = src + off[1];
    for (int64_t i = 0; i < n; ++i) {
      char* di = d + i * static_cast<int64_t>(sizeof(T));
      T sum = accumulate(load_value<T>(di), load_value<T>(p + i * s));
      std::memcpy(di, &sum, sizeof(T));
    }
  });
}

}  // namespace

void scatter_nd_into(std::string_view op, Array& base, const Array& indices_in, const Array& updates,
                     bool accumulate_duplicates, const char* what) {
  Array indices = index_array(indices_in);
  check_index_tuples(op, indices, base.shape(), 0, what);
  const Dims& id = indices.dims();
  const int64_t m = id.back();
  const auto lead = static_cast<int64_t>(id.size()) - 1;  // leading axes of updates: one per tuple
  int64_t tuples = 1;
  for (int64_t i = 0; i < lead; ++i) tuples *= id[static_cast<size_t>(i)];
  const Block block = Block::trailing(updates, lead);
  if (block.count == 0) return;
  char* dst = static_cast<char*>(base.mutable_data());
  const char* src = static_cast<const char*>(updates.data());
  const int64_t* base_strides = base.strides().data();
  const int64_t bytes = block.count * static_cast<int64_t>(block.elem);
  visit_dtype(base.dtype(), [&](auto tag) {
    using T = decltype(tag);
    for (int64_t k = 0; k < tuples; ++k) {
      int64_t to = 0;
      for (int64_t j = 0; j < m; ++j) to += index_at(indices, k * m + j) * base_strides[j];
      const char* from = src + strided_offset(k, updates.dims().data(), updates.strides().data(), lead);
      if (accumulate_duplicates) {
        add_block<T>(dst + to, from, block);
      } else if (block.contiguous) {
        std::memcpy(dst + to, from, static_cast<size_t>(bytes));
      } else {
        copy_strided_block(from, block, dst + to);
      }
    }
  });
}

}  // namespace kiln::cpu
