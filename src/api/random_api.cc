// The C++ API of random tensors from shape, dtype and seeds (src/ops/random_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/random.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

std::vector<int64_t> dims_of(const Shape& shape) {
  return {shape.dims().begin(), shape.dims().end()};
}

}  // namespace

Tensor random_uniform(const Shape& shape, DType dtype, double minval, double maxval, int64_t seed,
                      int64_t seed2, int64_t counter) {
  static const OpDef& op = Registry::get().at("random_uniform");
  return execute1(op, {}, {dims_of(shape), dtype, seed, seed2, counter, minval, maxval});
}

Tensor random_uniform_int(const Shape& shape, DType dtype, int64_t minval, int64_t maxval,
                          int64_t seed, int64_t seed2, int64_t counter) {
  static const OpDef& op = Registry::get().at("random_uniform_int");
  return execute1(op, {}, {dims_of(shape), dtype, seed, seed2, counter, minval, maxval});
}

Tensor random_normal(const Shape& shape, DType dtype, double mean, double stddev, int64_t seed,
                     int64_t seed2, int64_t counter) {
  static const OpDef& op = Registry::get().at("random_normal");
  return execute1(op, {}, {dims_of(shape), dtype, seed, seed2, counter, mean, stddev});
}

Tensor truncated_normal(const Shape& shape, DType dtype, double mean, double stddev, int64_t seed,
                        int64_t seed2, int64_t counter) {
  static const OpDef& op = Registry::get().at("truncated_normal");
  return execute1(op, {}, {dims_of(shape), dtype, seed, seed2, counter, mean, stddev});
}

Tensor stateless_random_uniform(const Shape& shape, const std::array<int64_t, 2>& seed, DType dtype,
                                double minval, double maxval) {
  static const OpDef& op = Registry::get().at("stateless_random_uniform");
  return execute1(op, {},
                  {dims_of(shape), dtype, std::vector<int64_t>{seed[0], seed[1]}, minval, maxval});
}

}  // namespace kiln
