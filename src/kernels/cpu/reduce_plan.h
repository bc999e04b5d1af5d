// How a reduction walks its input: the input's axes, reordered into memory
// order and merged where possible, each with the stride of the accumulator
// (0 on reduced axes). A contiguous full reduction becomes one axis; a
// last-axis reduction of a matrix becomes rows; a first-axis reduction
// becomes rows accumulated elementwise into one accumulator row.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "kiln/array.h"

namespace kiln::cpu {

struct ReduceAxis {
  int64_t dim;
  int64_t stride;      // input, bytes
  int64_t acc_stride;  // accumulator, elements; 0 on reduced axes
};
using ReducePlan = boost::container::small_vector<ReduceAxis, 6>;

inline ReducePlan make_reduce_plan(const Array& x, const std::vector<int64_t>& axes) {
  const Dims& dims = x.dims();
  std::vector<bool> reduced(dims.size(), false);
  for (int64_t a : axes) reduced[static_cast<size_t>(a)] = true;
  ReducePlan plan;
  int64_t acc = 1;
  for (size_t d = dims.size(); d-- > 0;) {
    if (dims[d] != 1) plan.push_back({dims[d], x.strides()[d], reduced[d] ? 0 : acc});
    if (!reduced[d]) acc *= dims[d];
  }
  std::reverse(plan.begin(), plan.end());
  // Memory order: outermost = largest stride (stable, so ties keep C order).
  std::stable_sort(plan.begin(), plan.end(), [](const ReduceAxis& a, const ReduceAxis& b) {
    return std::llabs(a.stride) > std::llabs(b.stride);
  });
  ReducePlan merged;
  for (const ReduceAxis& a : plan) {
    if (!merged.empty()) {
      ReduceAxis& m = merged.back();
      if (m.stride == a.stride * a.dim && m.acc_stride == a.acc_stride * a.dim) {
        m = {m.dim * a.dim, a.stride, a.acc_stride};
        continue;
      }
    }
    merged.push_back(a);
  }
  return merged;
}

// Calls row(p, acc_index, inner) for every innermost row of the plan's
// axes [0, n): p points at the row's first element, acc_index is the
// accumulator index of that element, inner is the innermost axis.
template <class Row>
void for_each_plan_row(const ReduceAxis* axes, size_t n, const char* base, int64_t acc0,
                       Row&& row) {
  if (n == 0) {
    row(base, acc0, ReduceAxis{1, 0, 0});
    return;
  }
  for (size_t d = 0; d < n; ++d) {
    if (axes[d].dim == 0) return;
  }
  boost::container::small_vector<int64_t, 6> index(n, 0);
  const ReduceAxis& inner = axes[n - 1];
  int64_t offset = 0;  // bytes; an integer, so stepping past the end is harmless
  while (true) {
    row(base + offset, acc0, inner);
    size_t d = n - 1;
    while (true) {  // odometer over the outer axes
      if (d == 0) return;
      --d;
      offset += axes[d].stride;
      acc0 += axes[d].acc_stride;
      if (++index[d] < axes[d].dim) break;
      offset -= axes[d].stride * axes[d].dim;
      acc0 -= axes[d].acc_stride * axes[d].dim;
      index[d] = 0;
    }
  }
}

}  // namespace kiln::cpu
