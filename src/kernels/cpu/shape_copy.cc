#include "kernels/cpu/shape_copy.h"

#include <algorithm>
#include <complex>
#include <cstring>

#include "core/broadcast.h"
#include "core/parallel.h"
#include "core/slice_view.h"

namespace kiln::cpu {
namespace {

// The outermost axis worth splitting work over: the first one longer than 1.
int64_t split_axis(const Dims& dims) {
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] > 1) return static_cast<int64_t>(i);
  }
  return -1;
}

// Calls fn(src_part, dst_part) on pieces of the arrays that are split along
// one axis, in parallel when the work is large. Pieces never overlap in dst.
template <class Fn>
void split_work(const Array& dst, Fn&& fn) {
  int64_t axis = split_axis(dst.dims());
  if (dst.size() < kParallelThreshold || axis < 0) {
    fn(int64_t{-1}, int64_t{0}, int64_t{0});
    return;
  }
  int64_t n = dst.dims()[static_cast<size_t>(axis)];
  int64_t per_index = dst.size() / n;
  int64_t grain = std::max<int64_t>(1, kParallelThreshold / std::max<int64_t>(per_index, 1));
  parallel_for(n, grain, [&](int64_t begin, int64_t end) { fn(axis, begin, end - begin); });
}

template <size_t kSize>
void fill_rows(Array& dst, const void* element) {
  unsigned char v[kSize];
  std::memcpy(v, element, kSize);
  char* base = static_cast<char*>(dst.mutable_data());
  std::array<Strides, 1> strides = {dst.strides()};
  int64_t step = dst.ndim() ? dst.strides().back() : 0;
  for_each_row<1>(dst.dims(), strides, [&](const std::array<int64_t, 1>& off, int64_t n) {
    char* p = base + off[0];
    for (int64_t i = 0; i < n; ++i) std::memcpy(p + i * step, v, kSize);
  });
}

}  // namespace

void copy(const Array& src, Array& dst) {
  split_work(dst, [&](int64_t axis, int64_t begin, int64_t length) {
    if (axis < 0) return copy_elements(src, dst);
    Array part = narrow(dst, axis, begin, length);
    copy_elements(narrow(src, axis, begin, length), part);
  });
}

void fill(Array& dst, const void* element) {
  split_work(dst, [&](int64_t axis, int64_t begin, int64_t length) {
    Array part = axis < 0 ? dst : narrow(dst, axis, begin, length);
    switch (dst.dtype().size()) {
      case 1: return fill_rows<1>(part, element);
      case 2: return fill_rows<2>(part, element);
      case 4: return fill_rows<4>(part, element);
      case 8: return fill_rows<8>(part, element);
      default: return fill_rows<16>(part, element);
    }
  });
}

Array conjugate(const Array& a) {
  Array out = Array::empty(a.dtype(), a.shape());
  copy(a, out);
  auto conj_all = [&](auto tag) {
    using C = decltype(tag);
    auto* p = static_cast<C*>(out.mutable_data());
    for (int64_t i = 0; i < out.size(); ++i) p[i] = std::conj(p[i]);
  };
  if (a.dtype() == complex64) conj_all(std::complex<float>{});
  if (a.dtype() == complex128) conj_all(std::complex<double>{});
  return out;
}

}  // namespace kiln::cpu
