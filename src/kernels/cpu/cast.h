// CPU kernels of the cast ops: element-type conversion between any two of
// kiln's dtypes, plain (kiln::cast_value's rules) or saturating.
#pragma once

#include "kernels/cpu/scalar_fn.h"
#include "kiln/array.h"

namespace kiln::cpu {

// out[i] = in[i] converted to out's dtype; out is allocated with in's shape.
// `saturate`: clamp to out's range first (kiln.saturate_cast).
void cast(const Array& in, Array& out, bool saturate);

// One element converted from `from` to `to` (for a plan's steps on single
// values); the same conversion as cast().
ScalarFn cast_scalar(DType from, DType to, bool saturate);

// The Highway fast paths (cast_simd.cc) for contiguous float32 <-> float64,
// int32, float16 and float64 <-> int32. False when the pair has none; they
// give the same values as cast_value (NaN -> 0, saturation for ints).
bool cast_contiguous_simd(DType from, DType to, const void* in, void* out, int64_t n);

}  // namespace kiln::cpu
