// The loop every elementwise kernel of the binary family runs: N operands
// (operand 0 is the output) walked row by row over the output's shape, with
// byte strides (0 on broadcast axes), split over threads when large.
#pragma once

#include <array>
#include <cstdint>

#include "kiln/array.h"
#include "core/parallel.h"

namespace kiln::cpu {

template <size_t N>
struct Loop {
  Dims dims;                       // rank >= 1; no size-1 axes except a lone one
  std::array<Strides, N> strides;  // bytes, per operand, one per axis
  int64_t size = 1;

  int64_t inner_stride(size_t k) const { return strides[k].back(); }
};

// Drops size-1 axes and merges neighbouring axes that every operand walks as
// one (contiguous same-shape operands become a single axis), so that rows are
// as long as possible: that is what makes the inner loops fast.
template <size_t N>
Loop<N> make_loop(const Dims& dims, const std::array<Strides, N>& strides) {
  Loop<N> loop;
  for (size_t i = 0; i < dims.size(); ++i) {
    loop.size *= dims[i];
    if (dims[i] == 1) continue;
    bool merge = !loop.dims.empty();
    for (size_t k = 0; k < N && merge; ++k) {
      merge = loop.strides[k].back() == strides[k][i] * dims[i];
    }
    if (merge) {
      loop.dims.back() *= dims[i];
      for (size_t k = 0; k < N; ++k) loop.strides[k].back() = strides[k][i];
    } else {
      loop.dims.push_back(dims[i]);
      for (size_t k = 0; k < N; ++k) loop.strides[k].push_back(strides[k][i]);
    }
  }
  if (loop.dims.empty()) {  // a single element
    loop.dims.push_back(1);
    for (size_t k = 0; k < N; ++k) loop.strides[k].push_back(0);
  }
  return loop;
}

// Calls row(offsets, n) for the rows covering elements [begin, end) of the
// output in C order; offsets are byte offsets of each operand's first element.
template <size_t N, class Row>
void for_rows_in_range(const Loop<N>& loop, int64_t begin, int64_t end, Row& row) {
  const size_t rank = loop.dims.size();
  const int64_t n = loop.dims[rank - 1];
  Dims index(rank, 0);
  std::array<int64_t, N> base{};  // offsets of the current row's first element
  int64_t rest = begin / n;
  for (size_t axis = rank - 1; axis-- > 0;) {
    index[axis] = rest % loop.dims[axis];
    rest /= loop.dims[axis];
    for (size_t k = 0; k < N; ++k) base[k] += index[axis] * loop.strides[k][axis];
  }
  int64_t col = begin % n;
  int64_t pos = begin;
  while (pos < end) {
    int64_t len = std::min(n - col, end - pos);
    std::array<int64_t, N> off;
    for (size_t k = 0; k < N; ++k) off[k] = base[k] + col * loop.strides[k][rank - 1];
    row(off, len);
    pos += len;
    col = 0;
    // Next row: advance the multi-index over all axes but the last, like an odometer.
    for (size_t axis = rank - 1; axis-- > 0;) {
      for (size_t k = 0; k < N; ++k) base[k] += loop.strides[k][axis];
      if (++index[axis] < loop.dims[axis]) break;
      for (size_t k = 0; k < N; ++k) base[k] -= loop.strides[k][axis] * loop.dims[axis];
      index[axis] = 0;
    }
  }
}

// Runs the loop over all elements: on the calling thread when small, else in
// fixed chunks over kiln's pool (each output element is written once, so the
// result does not depend on the split).
template <size_t N, class Row>
void run_loop(const Loop<N>& loop, Row&& row) {
  if (loop.size == 0) return;
  if (loop.size < kParallelThreshold) {
    for_rows_in_range(loop, 0, loop.size, row);
    return;
  }
  parallel_for(loop.size, kParallelThreshold / 2,
               [&](int64_t begin, int64_t end) { for_rows_in_range(loop, begin, end, row); });
}

}  // namespace kiln::cpu
