// Batched matrix products: OpenBLAS for float32/float64/complex, blocked
// loops for every other numeric dtype (integers wrap, 16-bit floats
// accumulate in float).
#pragma once

#include "kiln/array.h"

namespace kiln::cpu {

// How an operand enters the product: as stored, transposed, or conjugate
// transposed (the adjoint; the same as kTranspose for real dtypes).
enum class MatOp { kNone, kTranspose, kAdjoint };

// out[..., i, j] = sum_k op_a(a)[..., i, k] * op_b(b)[..., k, j].
// a and b have rank >= 2, the same dtype, and batch dims (all but the last
// two) that broadcast to out's; out is allocated, C-contiguous, with shape
// (batch..., m, n). Inputs may have any strides; they are read in place
// where BLAS can take their layout and copied once otherwise.
void matmul(const Array& a, MatOp op_a, const Array& b, MatOp op_b, Array& out);

}  // namespace kiln::cpu
