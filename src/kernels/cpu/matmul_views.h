// Views that let the linalg ops reach BLAS without copying: axes merged into
// matrix rows/columns, diagonals as strided views, and sums over axes done as
// products with a vector of ones (so they share matmul's BLAS and integer
// paths instead of a second set of loops).
#pragma once

#include <cstdint>
#include <span>

#include "kiln/array.h"

namespace kiln::cpu {

// x with consecutive axes merged: group g covers the next group_sizes[g]
// axes (an empty group becomes an axis of size 1). A view when the strides
// allow it, otherwise a C-contiguous copy reshaped.
Array merge_axes(const Array& x, std::span<const int64_t> group_sizes);

// The k-th diagonal of the last two axes as a view of shape (batch..., len):
// x[..., i, i + k] for k >= 0, x[..., i - k, i] for k < 0. Needs rank >= 2.
Array diagonal(const Array& x, int64_t k = 0);

// x summed over its last `count` axes (integers wrap), as a new array.
Array sum_trailing_axes(const Array& x, int64_t count);

}  // namespace kiln::cpu
