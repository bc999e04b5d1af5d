#include "kernels/cpu/matmul_views.h"

#include <algorithm>
#include <vector>

#include "kernels/cpu/matmul.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

// The one stride that walks axes [begin, end) of x as a single axis, or
// nullopt when they are not evenly spaced in memory. Size-1 axes are free.
std::optional<int64_t> merged_stride(const Array& x, int64_t begin, int64_t end) {
  int64_t stride = static_cast<int64_t>(x.dtype().size());
  int64_t expected = 0;  // where the next outer axis must step to; 0 = anything
  bool first = true;
  for (int64_t axis = end - 1; axis >= begin; --axis) {
    int64_t d = x.dims()[axis];
    if (d == 1) continue;
    int64_t s = x.strides()[axis];
    if (first) {
      stride = s;
      first = false;
    } else if (s != expected) {
      return std::nullopt;
    }
    expected = s * d;
  }
  return stride;
}

}  // namespace

Array merge_axes(const Array& x, std::span<const int64_t> group_sizes) {
  Dims dims;
  Strides strides;
  int64_t axis = 0;
  bool viewable = true;
  for (int64_t g : group_sizes) {
    int64_t n = 1;
    for (int64_t i = axis; i < axis + g; ++i) n *= x.dims()[i];
    std::optional<int64_t> s = merged_stride(x, axis, axis + g);
    viewable = viewable && s.has_value();
    dims.push_back(n);
    strides.push_back(s.value_or(0));
    axis += g;
  }
  if (axis != x.ndim()) throw InternalError("merge_axes: groups do not cover the array");
  if (viewable || x.size() == 0) {
    if (x.size() == 0) strides = Array::contiguous_strides(x.dtype(), Shape(dims));
    return Array::view_of(x.buffer(), x.dtype(), Shape(std::move(dims)), std::move(strides),
                          x.offset());
  }
  return x.reshape(Shape(std::move(dims)));  // copies: reshape needs C order
}

Array diagonal(const Array& x, int64_t k) {
  int64_t r = x.ndim();
  if (r < 2) throw InternalError("diagonal needs rank >= 2");
  int64_t rows = x.dims()[r - 2], cols = x.dims()[r - 1];
  int64_t rs = x.strides()[r - 2], cs = x.strides()[r - 1];
  int64_t row0 = k < 0 ? -k : 0, col0 = k > 0 ? k : 0;
  int64_t len = std::max<int64_t>(0, std::min(rows - row0, cols - col0));
  Dims dims(x.dims().begin(), x.dims().end() - 2);
  Strides strides(x.strides().begin(), x.strides().end() - 2);
  dims.push_back(len);
  strides.push_back(rs + cs);
  int64_t offset = x.offset() + (len > 0 ? row0 * rs + col0 * cs : 0);
  return Array::view_of(x.buffer(), x.dtype(), Shape(std::move(dims)), std::move(strides), offset);
}

Array sum_trailing_axes(const Array& x, int64_t count) {
  int64_t kept = x.ndim() - count;
  int64_t groups[] = {kept, count};
  Array m = merge_axes(x, groups);  // (rows, summed)
  Array ones = Array::empty(x.dtype(), Shape{m.dims()[1], 1});
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T one = cast_value<T>(1);
    auto* p = static_cast<T*>(ones.mutable_data());
    std::fill(p, p + ones.size(), one);
  });
  Array out = Array::empty(x.dtype(), Shape{m.dims()[0], 1});
  matmul(m, MatOp::kNone, ones, MatOp::kNone, out);
  return out.reshape(Shape(Dims(x.dims().begin(), x.dims().begin() + kept)));
}

}  // namespace kiln::cpu
