#include "ops/eager_grad_builder.h"

#include "kiln/error.h"
#include "ops/execute.h"
#include "ops/tensor_attrs.h"

namespace kiln {

GradValue EagerGradBuilder::add(Array value) {
  values_.push_back(std::move(value));
  return {static_cast<int>(values_.size()) - 1};
}

const Array& EagerGradBuilder::value(GradValue v) const {
  if (!v.defined() || static_cast<size_t>(v.id) >= values_.size()) {
    throw InternalError("gradient: bad value id");
  }
  return values_[static_cast<size_t>(v.id)];
}

std::vector<GradValue> EagerGradBuilder::apply(const OpDef& op, std::span<const GradValue> inputs,
                                               const Attrs& attrs,
                                               std::span<const std::pair<int, GradValue>> attr_inputs) {
  std::vector<Array> in;
  in.reserve(inputs.size());
  for (GradValue v : inputs) in.push_back(value(v));
  Attrs resolved = attrs;
  for (const auto& [index, v] : attr_inputs) {
    resolved.at(static_cast<size_t>(index)) = attr_from_array(op, index, value(v));
  }
  Arrays out = execute_arrays(op, in, resolved);
  std::vector<GradValue> result;
  for (Array& a : out) result.push_back(add(std::move(a)));
  return result;
}

TensorSpec EagerGradBuilder::spec(GradValue v) {
  const Array& a = value(v);
  return {a.dtype(), a.shape()};
}

}  // namespace kiln
