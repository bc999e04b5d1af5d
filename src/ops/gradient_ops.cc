// Ops that gradients are built from and nothing else needs:
// broadcast_gradient_args (TF's BroadcastGradientArgs, one output): the axes
// of a broadcast result to sum so that it has an input's shape, for graphs
// where the shapes are known only when they run.
#include <cstring>
#include <string>
#include <type_traits>

#include "kiln/error.h"
#include "ops/registry.h"

namespace kiln {
namespace {

void check_shape_vector(const OpDef& op, const TensorSpec& s, const char* what) {
  if (!s.dtype.is_integer() || (s.shape.has_known_rank() && s.shape.rank() != 1)) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] " + what +
                               " must be an integer vector (a shape), got " + std::string(s.dtype.name()) +
                               " of shape " + s.shape.to_string() + ".");
  }
}

Specs infer_broadcast_gradient_args(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  check_shape_vector(op, in[0], "the broadcast shape");
  check_shape_vector(op, in[1], "the input shape");
  return {TensorSpec{int32, Shape{kUnknownDim}}};
}

std::vector<int64_t> int_values(const Array& a) {
  Array c = a.contiguous();
  std::vector<int64_t> out;
  visit_dtype(c.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      const T* p = static_cast<const T*>(c.data());
      for (int64_t i = 0; i < c.size(); ++i) out.push_back(static_cast<int64_t>(p[i]));
    }
  });
  return out;
}

Arrays broadcast_gradient_args_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                                      std::span<const TensorSpec>) {
  std::vector<int64_t> result = int_values(in[0]);
  std::vector<int64_t> input = int_values(in[1]);
  if (input.size() > result.size()) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] the input has rank " +
                               std::to_string(input.size()) + ", more than the broadcast "
                               "result's " + std::to_string(result.size()) + ".");
  }
  size_t lead = result.size() - input.size();
  std::vector<int32_t> axes;
  for (size_t i = 0; i < result.size(); ++i) {
    if (i < lead) {
      axes.push_back(static_cast<int32_t>(i));
      continue;
    }
    int64_t x = input[i - lead];
    int64_t r = result[i];
    if (x == r) continue;
    if (x != 1) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] dimension " + std::to_string(i) +
                                 " of the input (" + std::to_string(x) + ") does not broadcast "
                                 "to " + std::to_string(r) + ".");
    }
    axes.push_back(static_cast<int32_t>(i));
  }
  Array out = Array::empty(int32, Shape{static_cast<int64_t>(axes.size())});
  if (!axes.empty()) std::memcpy(out.mutable_data(), axes.data(), axes.size() * sizeof(int32_t));
  return {out};
}

}  // namespace

void register_gradient_ops(Registry& r) {
  r.add({.name = "broadcast_gradient_args", .min_inputs = 2, .max_inputs = 2,
         .infer = infer_broadcast_gradient_args, .cpu = broadcast_gradient_args_kernel});
}

}  // namespace kiln
