// Gathers driven by a mask's values: boolean_mask and where_indices. Their
// output length is the number of true elements, known only after a scan.
#include <vector>

#include "kernels/cpu/gather.h"

namespace kiln::cpu {

Array boolean_mask(const Array& tensor, const Array& mask, int64_t axis) {
  const std::vector<int64_t> hits = nonzero_positions(mask);
  const auto h = static_cast<int64_t>(hits.size());
  const int64_t k = mask.ndim();
  const Dims& td = tensor.dims();
  const size_t a = static_cast<size_t>(axis);
  Dims dims(td.begin(), td.begin() + axis);
  dims.push_back(h);
  dims.insert(dims.end(), td.begin() + axis + k, td.end());
  Array out = Array::empty(tensor.dtype(), Shape(dims));
  int64_t outer = 1;
  for (size_t i = 0; i < a; ++i) outer *= td[i];
  // Byte offset of each selected position of the masked axes.
  std::vector<int64_t> hit_offsets(hits.size());
  for (size_t i = 0; i < hits.size(); ++i) {
    hit_offsets[i] = strided_offset(hits[i], td.data() + a, tensor.strides().data() + a, k);
  }
  const Block block = Block::trailing(tensor, axis + k);
  const char* src = static_cast<const char*>(tensor.data());
  char* dst = static_cast<char*>(out.mutable_data());
  const int64_t* off = hit_offsets.data();
  if (outer == 1) {
    copy_blocks(src, block, h, [=](int64_t t) { return off[t]; }, dst);
  } else if (h > 0) {
    copy_blocks(src, block, outer * h, [&](int64_t t) {
      return strided_offset(t / h, td.data(), tensor.strides().data(), axis) + off[t % h];
    }, dst);
  }
  return out;
}

Array where_indices(const Array& cond) {
  const std::vector<int64_t> hits = nonzero_positions(cond);
  const int64_t rank = cond.ndim();
  Array out = Array::empty(int64, Shape{static_cast<int64_t>(hits.size()), rank});
  auto* o = static_cast<int64_t*>(out.mutable_data());
  const Dims& dims = cond.dims();
  parallel_for(static_cast<int64_t>(hits.size()), std::max<int64_t>(1, kParallelThreshold / (rank + 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t i = begin; i < end; ++i) {
                   int64_t flat = hits[static_cast<size_t>(i)];
                   for (int64_t j = rank; j-- > 0;) {
                     o[i * rank + j] = flat % dims[static_cast<size_t>(j)];
                     flat /= dims[static_cast<size_t>(j)];
                   }
                 }
               });
  return out;
}

}  // namespace kiln::cpu
