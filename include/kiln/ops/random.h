// The random ops, as C++ free functions (see src/ops/random_ops.cc).
//
// Values come from Philox4x32-10 (Random123) streams: (seed, seed2,
// counter) fixes every value, and element i depends only on i, so results
// are the same however many threads generate them. C++ callers choose the
// seeds; the Python wrappers (kiln.random.*) apply TF's seeding rules.
#pragma once

#include <array>
#include <cstdint>

#include "kiln/tensor.h"

namespace kiln {

// Floats (float16, bfloat16, float32, float64) uniform in [minval, maxval).
Tensor random_uniform(const Shape& shape, DType dtype = float32, double minval = 0.0,
                      double maxval = 1.0, int64_t seed = 0, int64_t seed2 = 0,
                      int64_t counter = 0);

// Integers (int32, int64) uniform in [minval, maxval); InvalidArgumentError
// unless minval < maxval. As TF: minval + bits % (maxval - minval).
Tensor random_uniform_int(const Shape& shape, DType dtype, int64_t minval, int64_t maxval,
                          int64_t seed = 0, int64_t seed2 = 0, int64_t counter = 0);

// Floats from a normal distribution (Box-Muller on Philox uniforms).
Tensor random_normal(const Shape& shape, DType dtype = float32, double mean = 0.0,
                     double stddev = 1.0, int64_t seed = 0, int64_t seed2 = 0,
                     int64_t counter = 0);

// Normal floats redrawn until within two standard deviations of the mean.
Tensor truncated_normal(const Shape& shape, DType dtype = float32, double mean = 0.0,
                        double stddev = 1.0, int64_t seed = 0, int64_t seed2 = 0,
                        int64_t counter = 0);

// Stateless: the same seed gives the same values (tf.random.stateless_uniform).
Tensor stateless_random_uniform(const Shape& shape, const std::array<int64_t, 2>& seed,
                                DType dtype = float32, double minval = 0.0, double maxval = 1.0);

}  // namespace kiln
