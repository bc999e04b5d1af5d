// The random ops: uniform floats, uniform integers and normal floats from
// counter-based Philox streams. Stateful: the Python wrappers keep TF's
// seeding state (global seed, per-seed call counters) and pass the stream
// as the attributes seed, seed2 and counter.
#include <string>

#include "kernels/cpu/random.h"
#include "kiln/ops.h"
#include "ops/creation_shape.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

// Attribute positions shared by the three ops.
enum : size_t { kShape, kDType, kSeed, kSeed2, kCounter, kParamA, kParamB };

const std::vector<AttrDef> kFloatAttrs = {
    {"shape", AttrType::kIntList, 1}, {"dtype", AttrType::kDType}, {"seed", AttrType::kInt},
    {"seed2", AttrType::kInt},     {"counter", AttrType::kInt}, {"a", AttrType::kFloat},
    {"b", AttrType::kFloat}};
const std::vector<AttrDef> kIntAttrs = {
    {"shape", AttrType::kIntList, 1}, {"dtype", AttrType::kDType}, {"seed", AttrType::kInt},
    {"seed2", AttrType::kInt},     {"counter", AttrType::kInt}, {"minval", AttrType::kInt},
    {"maxval", AttrType::kInt}};

void check_dtype(const OpDef& op, DType dtype, bool integer) {
  bool ok = integer ? (dtype == int32 || dtype == int64) : dtype.is_floating();
  if (!ok) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] dtype " + std::string(dtype.name()) +
                               " is not supported; use " +
                               (integer ? "int32 or int64" : "float16, bfloat16, float32 or float64") +
                               ".");
  }
}

Specs infer_random(const OpDef& op, std::span<const TensorSpec>, const Attrs& attrs) {
  bool integer = op.code == 1;
  DType dtype = attr<DType>(attrs, kDType);
  check_dtype(op, dtype, integer);
  if (integer) {
    int64_t lo = attr<int64_t>(attrs, kParamA), hi = attr<int64_t>(attrs, kParamB);
    if (lo >= hi) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] Need minval < maxval, got " +
                                 std::to_string(lo) + " >= " + std::to_string(hi) +
                                 "; integer values are drawn from [minval, maxval).");
    }
  }
  return {{dtype, shape_from_attr(op, attr<std::vector<int64_t>>(attrs, kShape))}};
}

Arrays random_kernel(const OpDef& op, std::span<const Array>, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  cpu::PhiloxStream stream{attr<int64_t>(attrs, kSeed), attr<int64_t>(attrs, kSeed2),
                           attr<int64_t>(attrs, kCounter)};
  switch (op.code) {
    case 0:
      cpu::random_uniform(stream, attr<double>(attrs, kParamA), attr<double>(attrs, kParamB), result);
      break;
    case 1:
      cpu::random_uniform_int(stream, attr<int64_t>(attrs, kParamA), attr<int64_t>(attrs, kParamB), result);
      break;
    default:
      cpu::random_normal(stream, attr<double>(attrs, kParamA), attr<double>(attrs, kParamB), result);
  }
  return {std::move(result)};
}

std::vector<int64_t> dims_of(const Shape& shape) {
  return {shape.dims().begin(), shape.dims().end()};
}

}  // namespace

void register_random_ops(Registry& r) {
  // a, b: minval and maxval for uniform, mean and stddev for normal.
  r.add({.name = "random_uniform", .attrs = kFloatAttrs, .traits = kStateful,
         .infer = infer_random, .cpu = random_kernel, .code = 0});
  r.add({.name = "random_uniform_int", .attrs = kIntAttrs, .traits = kStateful,
         .infer = infer_random, .cpu = random_kernel, .code = 1});
  r.add({.name = "random_normal", .attrs = kFloatAttrs, .traits = kStateful,
         .infer = infer_random, .cpu = random_kernel, .code = 2});
}

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

}  // namespace kiln
