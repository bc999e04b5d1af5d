// The random ops that draw a fixed number of values per element: uniform
// floats, uniform integers, normal and truncated normal floats, from
// counter-based Philox streams; each has a stateful form (the Python
// wrappers keep TF's seeding state and pass seed, seed2, counter) and a
// stateless one (tf.random.stateless_*: a shape-[2] seed), see
// ops/random_stream.h. The samplers with tensor parameters (gamma, poisson,
// categorical, shuffle) are in random_sample_ops.cc.
#include <limits>
#include <string>

#include "kernels/cpu/random.h"
#include "ops/creation_shape.h"
#include "ops/random_stream.h"
#include "ops/registry.h"

namespace kiln {
namespace {

// Attribute positions: shape, dtype, the stream (1 or 3), then a and b.
enum : size_t { kShape, kDType, kStream };
size_t param_at(const OpDef& op) { return kStream + stream_width(op); }

enum Code : int { kUniform, kUniformInt, kNormal, kTruncatedNormal, kUniformFullInt };

std::vector<AttrDef> float_attrs(bool stateless) {
  return with_stream({{"shape", AttrType::kIntList, 1}, {"dtype", AttrType::kDType},
                      {"a", AttrType::kFloat}, {"b", AttrType::kFloat}}, kStream, stateless);
}
std::vector<AttrDef> int_attrs(bool stateless) {
  return with_stream({{"shape", AttrType::kIntList, 1}, {"dtype", AttrType::kDType},
                      {"minval", AttrType::kInt}, {"maxval", AttrType::kInt}}, kStream, stateless);
}
std::vector<AttrDef> full_int_attrs() {
  return with_stream({{"shape", AttrType::kIntList, 1}, {"dtype", AttrType::kDType}}, kStream, true);
}

void check_dtype(const OpDef& op, DType dtype) {
  bool ok = op.code == kUniformInt       ? (dtype == int32 || dtype == int64)
            : op.code == kUniformFullInt ? (dtype == int32 || dtype == int64 || dtype == uint32 || dtype == uint64)
                                         : dtype.is_floating();
  if (!ok) {
    const char* allowed = op.code == kUniformInt       ? "int32 or int64"
                          : op.code == kUniformFullInt ? "int32, int64, uint32 or uint64"
                                                       : "float16, bfloat16, float32 or float64";
    throw InvalidArgumentError("[" + std::string(op.name) + "] dtype " + std::string(dtype.name()) +
                               " is not supported; use " + allowed + ".");
  }
}

Specs infer_random(const OpDef& op, std::span<const TensorSpec>, const Attrs& attrs) {
  DType dtype = attr<DType>(attrs, kDType);
  check_dtype(op, dtype);
  check_stream(op, attrs, kStream);
  if (op.code == kUniformInt) {
    int64_t lo = attr<int64_t>(attrs, param_at(op)), hi = attr<int64_t>(attrs, param_at(op) + 1);
    if (lo >= hi) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] Need minval < maxval, got " +
                                 std::to_string(lo) + " >= " + std::to_string(hi) +
                                 "; integer values are drawn from [minval, maxval).");
    }
    // TF gives the bounds as tensors of the output's dtype; here they are
    // int64 attributes, so an int32 draw checks that they fit (a range of
    // 2**32 would wrap to 0 in the kernel's 32-bit modulo).
    if (dtype == int32 && (lo < std::numeric_limits<int32_t>::min() ||
                           hi > std::numeric_limits<int32_t>::max())) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] minval and maxval must fit int32 "
                                 "for an int32 output, got [" + std::to_string(lo) + ", " +
                                 std::to_string(hi) + "); use dtype int64 for a wider range.");
    }
  }
  return {{dtype, shape_from_attr(op, attr<std::vector<int64_t>>(attrs, kShape))}};
}

Arrays random_kernel(const OpDef& op, std::span<const Array>, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  const cpu::PhiloxStream stream = stream_of(op, attrs, kStream);
  const size_t p = param_at(op);
  switch (op.code) {
    case kUniform:
      cpu::random_uniform(stream, attr<double>(attrs, p), attr<double>(attrs, p + 1), result);
      break;
    case kUniformInt:
      cpu::random_uniform_int(stream, attr<int64_t>(attrs, p), attr<int64_t>(attrs, p + 1), result);
      break;
    case kNormal:
      cpu::random_normal(stream, attr<double>(attrs, p), attr<double>(attrs, p + 1), result);
      break;
    case kTruncatedNormal:
      cpu::truncated_normal(stream, attr<double>(attrs, p), attr<double>(attrs, p + 1), result);
      break;
    default:
      cpu::random_uniform_full_int(stream, result);
  }
  return {std::move(result)};
}

}  // namespace

void register_random_sample_ops(Registry& r);

void register_random_ops(Registry& r) {
  // a, b: minval and maxval for uniform, mean and stddev for (truncated) normal.
  struct Form {
    std::string_view stateful, stateless;
    Code code;
  };
  for (const Form& f : {Form{"random_uniform", "stateless_random_uniform", kUniform},
                        Form{"random_uniform_int", "stateless_random_uniform_int", kUniformInt},
                        Form{"random_normal", "stateless_random_normal", kNormal},
                        Form{"truncated_normal", "stateless_truncated_normal", kTruncatedNormal}}) {
    for (bool stateless : {false, true}) {
      r.add({.name = stateless ? f.stateless : f.stateful,
             .attrs = f.code == kUniformInt ? int_attrs(stateless) : float_attrs(stateless),
             .traits = stateless ? 0u : kStateful, .infer = infer_random, .cpu = random_kernel,
             .code = f.code});
    }
  }
  r.add({.name = "stateless_random_uniform_full_int", .attrs = full_int_attrs(),
         .infer = infer_random, .cpu = random_kernel, .code = kUniformFullInt});
  register_random_sample_ops(r);
}

}  // namespace kiln
