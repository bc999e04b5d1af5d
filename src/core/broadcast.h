// Broadcasting: walking operands of different shapes as if they had the
// output's shape, without materialising them (a broadcast axis has stride 0).
#pragma once

#include <array>

#include "kiln/array.h"

namespace kiln {

// The shape both operands broadcast to, by NumPy's rules (partly known shapes
// allowed); InvalidArgumentError naming `op` and both shapes when they do not
// broadcast. The same function as kiln/ops.h declares, for the ops layer,
// which sits below that header's api layer.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

// a's byte strides as seen from an output of `out` dims: right-aligned, with
// stride 0 on axes where a has size 1 (or no axis at all).
Strides broadcast_strides(const Array& a, const Dims& out);

// Calls row(offsets, n) for every innermost row of the output: offsets[k] is
// the byte offset of operand k's first element in that row, n the row length.
// strides[k] are operand k's broadcast strides; the output is operand 0.
template <size_t N, class Row>
void for_each_row(const Dims& dims, const std::array<Strides, N>& strides, Row&& row) {
  size_t rank = dims.size();
  int64_t n = rank ? dims[rank - 1] : 1;
  for (int64_t d : dims) {
    if (d == 0) return;
  }
  std::array<int64_t, N> offsets{};
  if (rank <= 1) {
    row(offsets, n);
    return;
  }
  Dims index(rank - 1, 0);
  while (true) {
    row(offsets, n);
    // Advance the multi-index over all axes but the last, like an odometer.
    size_t axis = rank - 1;
    while (axis-- > 0) {
      for (size_t k = 0; k < N; ++k) offsets[k] += strides[k][axis];
      if (++index[axis] < dims[axis]) break;
      for (size_t k = 0; k < N; ++k) offsets[k] -= strides[k][axis] * dims[axis];
      index[axis] = 0;
      if (axis == 0) return;
    }
  }
}

}  // namespace kiln
