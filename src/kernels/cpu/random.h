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
// Integers (int32, int64, uint32, uint64) over their whole range: raw bits.
void random_uniform_full_int(const PhiloxStream& stream, Array& out);

// The samplers below draw a varying number of values per element, each
// element from its own Philox substream (philox.h's ElementEngine).

// Normal floats redrawn until within two standard deviations (as TF):
// mean + stddev * z, |z| <= 2.
void truncated_normal(const PhiloxStream& stream, double mean, double stddev, Array& out);
// Gamma(alpha, 1) floats (Marsaglia-Tsang, as TF), out.shape = samples +
// alpha.shape, computed in double: element i uses alpha[i % alpha.size()].
// alpha < 0 or NaN gives NaN, alpha == 0 gives 0.
void random_gamma(const PhiloxStream& stream, const Array& alpha, Array& out);
// Poisson(lam) counts (Boost.Random: inversion for small lam, PTRS for
// large), out.shape = samples + lam.shape, in out's dtype (float or int).
// lam <= 0 gives 0, NaN lam gives NaN (0 for integers).
void random_poisson(const PhiloxStream& stream, const Array& lam, Array& out);
// out[b, j] (int32/int64): a class drawn from softmax(logits[b]) (logits
// [batch, classes], float). As TF: non-finite logits have probability 0,
// and a row whose logits are all non-finite gives `classes`.
void multinomial(const PhiloxStream& stream, const Array& logits, Array& out);
// The rows (first-axis slices) of `value` in a random order (Fisher-Yates).
Array random_shuffle(const PhiloxStream& stream, const Array& value);

}  // namespace kiln::cpu
