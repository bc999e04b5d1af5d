#include "runtime/eager.h"

#include <boost/container/small_vector.hpp>
#include <string>

#include "kiln/error.h"

namespace kiln {

Arrays execute_arrays(const OpDef& op, std::span<const Array> inputs, const Attrs& attrs) {
  auto n = static_cast<int>(inputs.size());
  bool variadic = op.max_inputs == OpDef::kVariadic;
  if (n < op.min_inputs || (!variadic && n > op.max_inputs)) {
    std::string expected = op.min_inputs == op.max_inputs ? std::to_string(op.min_inputs)
                           : variadic ? "at least " + std::to_string(op.min_inputs)
                                      : std::to_string(op.min_inputs) + " to " +
                                            std::to_string(op.max_inputs);
    throw InvalidArgumentError("[" + std::string(op.name) + "] takes " + expected +
                               " inputs, got " + std::to_string(n) + ".");
  }
  // Inline storage: a call of up to four inputs allocates only its results.
  boost::container::small_vector<TensorSpec, 4> specs;
  for (const Array& a : inputs) specs.push_back({a.dtype(), a.shape()});
  Specs out_specs = op.infer(op, as_span(specs), attrs);
  return op.cpu(op, inputs, attrs, as_span(out_specs));
}

Tensors execute(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs) {
  boost::container::small_vector<Array, 4> arrays;
  for (const Tensor& t : inputs) arrays.push_back(t.array());
  Tensors result;
  for (Array& a : execute_arrays(op, as_span(arrays), attrs)) result.emplace_back(std::move(a));
  return result;
}

Tensor execute1(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs) {
  Tensors out = execute(op, inputs, attrs);
  if (out.size() != 1) {
    throw InternalError("[" + std::string(op.name) + "] returned " + std::to_string(out.size()) +
                        " outputs where one was expected");
  }
  return std::move(out[0]);
}

}  // namespace kiln
