// CPU kernels of the shape family's copying ops (concat, stack, tile, pad,
// roll, transpose with conjugate): every one is a set of strided copies or
// fills between views, so these few loops serve them all.
#pragma once

#include "kiln/array.h"

namespace kiln::cpu {

// dst[...] = src[...]; same dtype and shape, any strides (dst may be a view
// into a fresh output). Large copies are split over kiln's threads.
void copy(const Array& src, Array& dst);

// Every element of dst (any strides) set to the one element at `element`
// (dst.dtype().size() bytes).
void fill(Array& dst, const void* element);

// A fresh C-contiguous array holding the complex conjugate of `a` (a copy
// for non-complex dtypes).
Array conjugate(const Array& a);

}  // namespace kiln::cpu
