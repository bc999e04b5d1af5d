// Highway kernels for the hot cases of binary ops: contiguous rows of
// float32/float64/int32/int64, both operands varying or one a scalar.
#pragma once

#include <cstdint>

#include "kernels/cpu/binary.h"

namespace kiln::cpu {

enum class SimdMode : int {
  kVectorVector,  // a[i] op b[i]
  kScalarVector,  // a[0] op b[i]
  kVectorScalar,  // a[i] op b[0]
};

template <class T>
using SimdFn = void (*)(SimdMode mode, const T* a, const T* b, T* out, int64_t n);

// The SIMD row kernel of `code` for T, or nullptr where there is none (the
// caller then runs the scalar functor). Defined for float, double, int32_t, int64_t.
template <class T>
SimdFn<T> simd_kernel(BinaryCode code);

}  // namespace kiln::cpu
