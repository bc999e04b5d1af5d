// Walking the "lines" of arrays along one axis: for arg-reductions, scans and
// sorts, each line (all elements that differ only in their index on `axis`)
// is processed on its own. Lines are independent, so large inputs are split
// over threads on the outermost other axis without changing any result.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "kiln/array.h"
#include "core/broadcast.h"
#include "core/parallel.h"

namespace kiln::cpu {

// Calls line(offsets) once per line, where offsets[k] is the byte offset of
// the line's first element in array k. dims are the iteration dims (with
// `axis`); strides[k] are array k's byte strides over those dims (array k may
// have a different length on `axis` itself: only the other axes are walked).
// `line_cost` is the work of one line in elements, for the parallel split.
template <size_t N, class Line>
void for_each_line(const Dims& dims, int64_t axis, const std::array<Strides, N>& strides,
                   int64_t line_cost, Line&& line) {
  Dims rest;
  std::array<Strides, N> rest_strides;
  for (size_t d = 0; d < dims.size(); ++d) {
    if (static_cast<int64_t>(d) == axis) continue;
    rest.push_back(dims[d]);
    for (size_t k = 0; k < N; ++k) rest_strides[k].push_back(strides[k][d]);
  }
  // One box of lines: rest with its first axis restricted to [begin, end).
  auto box = [&](int64_t begin, int64_t end) {
    Dims sub = rest;
    std::array<int64_t, N> base{};
    if (!sub.empty()) {
      sub[0] = end - begin;
      for (size_t k = 0; k < N; ++k) base[k] = begin * rest_strides[k][0];
    }
    int64_t inner = rest.empty() ? 0 : static_cast<int64_t>(rest.size()) - 1;
    for_each_row<N>(sub, rest_strides, [&](const std::array<int64_t, N>& off, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        std::array<int64_t, N> at;
        for (size_t k = 0; k < N; ++k) {
          at[k] = base[k] + off[k] + (rest.empty() ? 0 : i * rest_strides[k][inner]);
        }
        line(at);
      }
    });
  };
  if (rest.empty()) {
    box(0, 1);
    return;
  }
  int64_t lines = 1;
  for (int64_t d : rest) lines *= d;  // fits: the arrays exist
  if (lines == 0) return;
  int64_t per_outer = lines / rest[0] * line_cost;
  int64_t grain = per_outer > 0 ? std::max<int64_t>(1, kParallelThreshold / per_outer) : rest[0];
  parallel_for(rest[0], grain, box);
}

}  // namespace kiln::cpu
