// CPU kernels of the random ops: counter-based Philox4x32-10 streams
// (Random123), so a value depends only on (seed, seed2, counter, its index)
// and parallel generation gives the same tensor as serial generation.
#pragma once

#include <cstdint>

#include "kiln/array.h"

namespace kiln::cpu {

// Identifies one stream: the Philox key comes from (seed, seed2), and
// `counter` (the how-many-th call on that seed pair) fills the upper half
// of the Philox counter, so successive calls never share random bits.
struct PhiloxStream {
  int64_t seed = 0;
  int64_t seed2 = 0;
  int64_t counter = 0;
};

// Floats uniform in [minval, maxval) (as TF: a mantissa's worth of random
// bits gives u in [0, 1), then u * (maxval - minval) + minval in out's dtype).
void random_uniform(const PhiloxStream& stream, double minval, double maxval, Array& out);
// Integers (int32, int64) uniform in [minval, maxval), minval < maxval: as
// TF, minval + bits % (maxval - minval), in unsigned arithmetic.
void random_uniform_int(const PhiloxStream& stream, int64_t minval, int64_t maxval, Array& out);
// Normal floats by Box-Muller on pairs of uniforms: mean + stddev * z.
void random_normal(const PhiloxStream& stream, double mean, double stddev, Array& out);

}  // namespace kiln::cpu
