// SIMD row reductions of contiguous float32/float64 data (Highway, dispatched
// at run time to the best instruction set of the CPU). The summation order
// depends only on n and the instruction set, so results repeat exactly.
#pragma once

#include <cstdint>

namespace kiln::cpu {

// Sum of p[0..n), accumulated in float64 (float32 inputs are widened, so
// 16M float32 values sum with float64 accuracy).
double sum_contiguous(const float* p, int64_t n);
double sum_contiguous(const double* p, int64_t n);

// Maximum / minimum of p[0..n); NaN when any element is NaN; -inf / +inf
// (the identities) when n == 0.
float max_contiguous(const float* p, int64_t n);
double max_contiguous(const double* p, int64_t n);
float min_contiguous(const float* p, int64_t n);
double min_contiguous(const double* p, int64_t n);

}  // namespace kiln::cpu
