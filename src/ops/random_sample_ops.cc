// The random ops with tensor parameters: random_shuffle (tf.random.shuffle),
// multinomial (tf.random.categorical), random_gamma and random_poisson, with
// stateless forms of the last three (ops/random_stream.h). The Python
// wrappers add what TF does around TF's ops (gamma's beta and broadcasting,
// stateless shapes that end with the parameters' shape).
#include <string>

#include "kernels/cpu/random.h"
#include "ops/creation_shape.h"
#include "ops/random_stream.h"
#include "ops/registry.h"

namespace kiln {
namespace {

enum Code : int { kShuffle, kMultinomial, kGamma, kPoisson };

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

// samples + params: the output shape of gamma and poisson.
Shape concat_shapes(const Shape& a, const Shape& b) {
  if (!a.has_known_rank() || !b.has_known_rank()) return Shape::unknown_rank();
  Dims dims = a.dims();
  dims.insert(dims.end(), b.dims().begin(), b.dims().end());
  return Shape(std::move(dims));
}

bool gamma_dtype(DType d) { return d == float16 || d == float32 || d == float64; }
bool poisson_dtype(DType d) { return gamma_dtype(d) || d == int32 || d == int64; }

Specs infer_shuffle(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_stream(op, attrs, 0);
  return {in[0]};
}

Specs infer_multinomial(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_stream(op, attrs, 2);
  const TensorSpec& logits = in[0];
  if (!logits.dtype.is_floating()) {
    throw InvalidArgumentError(prefix(op) + "logits must be float16, bfloat16, float32 or float64, got " +
                               std::string(logits.dtype.name()) + "; cast them to a float dtype.");
  }
  if (logits.shape.has_known_rank() && logits.shape.rank() != 2) {
    throw InvalidArgumentError(prefix(op) + "logits should be a matrix, got shape " + logits.shape.to_string() +
                               "; pass [batch_size, num_classes] logits.");
  }
  const auto samples = attr<int64_t>(attrs, 0);
  if (is_known(samples) && samples < 0) {
    throw InvalidArgumentError(prefix(op) + "num_samples should be non-negative, got " + std::to_string(samples) + ".");
  }
  DType dtype = attr<DType>(attrs, 1);
  if (dtype != int32 && dtype != int64) {
    throw InvalidArgumentError(prefix(op) + "dtype " + std::string(dtype.name()) +
                               " is not supported; use int32 or int64.");
  }
  int64_t batch = kUnknownDim;
  if (logits.shape.has_known_rank()) {
    batch = logits.shape.dims()[0];
    if (logits.shape.dims()[1] == 0) {
      throw InvalidArgumentError(prefix(op) + "num_classes should be positive, got 0; logits need at least one class.");
    }
  }
  return {{dtype, Shape({batch, is_known(samples) ? samples : kUnknownDim})}};
}

Specs infer_gamma_poisson(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const bool poisson = op.code == kPoisson;
  check_stream(op, attrs, poisson ? 2 : 1);
  DType param = in[0].dtype;
  DType dtype = poisson ? attr<DType>(attrs, 1) : param;
  const char* allowed = poisson ? "float16, float32, float64, int32 or int64" : "float16, float32 or float64";
  bool (*ok)(DType) = poisson ? poisson_dtype : gamma_dtype;
  if (!ok(param)) {
    throw InvalidArgumentError(prefix(op) + (poisson ? "lam" : "alpha") + " has dtype " +
                               std::string(param.name()) + ", which is not supported; use " + allowed + ".");
  }
  if (!ok(dtype)) {
    throw InvalidArgumentError(prefix(op) + "dtype " + std::string(dtype.name()) + " is not supported; use " +
                               allowed + ".");
  }
  return {{dtype, concat_shapes(shape_from_attr(op, attr<std::vector<int64_t>>(attrs, 0)), in[0].shape)}};
}

Arrays sample_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  if (op.code == kShuffle) return {cpu::random_shuffle(stream_of(op, attrs, 0), in[0])};
  Array result = Array::empty(out[0].dtype, out[0].shape);
  if (result.size() == 0) return {std::move(result)};
  switch (op.code) {
    case kMultinomial:
      cpu::multinomial(stream_of(op, attrs, 2), in[0], result);
      break;
    case kGamma:
      cpu::random_gamma(stream_of(op, attrs, 1), in[0], result);
      break;
    default:
      cpu::random_poisson(stream_of(op, attrs, 2), in[0], result);
  }
  return {std::move(result)};
}

}  // namespace

void register_random_sample_ops(Registry& r) {
  r.add({.name = "random_shuffle", .min_inputs = 1, .max_inputs = 1, .attrs = with_stream({}, 0, false),
         .traits = kStateful, .infer = infer_shuffle, .cpu = sample_kernel, .code = kShuffle});
  for (bool stateless : {false, true}) {
    const uint32_t traits = stateless ? 0u : kStateful;
    r.add({.name = stateless ? "stateless_multinomial" : "multinomial", .min_inputs = 1, .max_inputs = 1,
           .attrs = with_stream({{"num_samples", AttrType::kInt, 0}, {"dtype", AttrType::kDType}}, 2, stateless),
           .traits = traits, .infer = infer_multinomial, .cpu = sample_kernel, .code = kMultinomial});
    r.add({.name = stateless ? "stateless_random_gamma" : "random_gamma", .min_inputs = 1, .max_inputs = 1,
           .attrs = with_stream({{"shape", AttrType::kIntList, 1}}, 1, stateless),
           .traits = traits, .infer = infer_gamma_poisson, .cpu = sample_kernel, .code = kGamma});
    r.add({.name = stateless ? "stateless_random_poisson" : "random_poisson", .min_inputs = 1, .max_inputs = 1,
           .attrs = with_stream({{"shape", AttrType::kIntList, 1}, {"dtype", AttrType::kDType}}, 2, stateless),
           .traits = traits, .infer = infer_gamma_poisson, .cpu = sample_kernel, .code = kPoisson,
           .graph_type = stateless ? "StatelessRandomPoisson" : "RandomPoissonV2"});
  }
}

}  // namespace kiln
