// The einsum kernel: contracts operands pairwise, left to right, each pair as
// one batched matmul (BLAS for float32/float64/complex).
#pragma once

#include <span>

#include "kernels/cpu/einsum_equation.h"
#include "kiln/array.h"

namespace kiln::cpu {

// einsum of `operands` (one dtype, shapes already checked by
// einsum_output_shape); the result has shape `out`.
Array einsum(const EinsumEquation& eq, std::span<const Array> operands, const Shape& out);

}  // namespace kiln::cpu
