// The description of one batched product that matmul.cc hands to its two
// back ends (BLAS calls, portable loops). Internal to the matmul kernels.
#pragma once

#include <cstdint>

#include "kiln/array.h"

namespace kiln::cpu {

// One side of the product, in terms of the matrix that enters it (op(x)
// already applied): element (i, j) of batch entry `b` lives at
// data + offset(b) + i * rs + j * cs.
struct MatmulOperand {
  const char* data = nullptr;
  int64_t rs = 0, cs = 0;  // byte strides of op(x)'s rows and columns
  bool conj = false;       // complex values enter conjugated
  Strides batch;           // byte strides over the output's batch dims (0: broadcast)
};

struct MatmulProblem {
  int64_t m = 0, n = 0, k = 0;
  Dims batch_dims;  // the output's batch dims
  int64_t batches = 1;
  MatmulOperand a, b;
  char* out = nullptr;  // C-contiguous (batches, m, n)

  // Byte offset of batch entry `index` within operand x.
  int64_t offset(const MatmulOperand& x, int64_t index) const {
    int64_t off = 0;
    for (size_t d = batch_dims.size(); d-- > 0;) {
      off += (index % batch_dims[d]) * x.batch[d];
      index /= batch_dims[d];
    }
    return off;
  }
};

// Computes the product with portable loops (any numeric dtype, any strides),
// split over cores when large.
void matmul_loops(DType dtype, const MatmulProblem& p);

}  // namespace kiln::cpu
