#include "runtime/eager.h"

#include <boost/container/small_vector.hpp>
#include <string>

#include "kiln/error.h"
#include "ops/registry.h"
#include "ops/tensor_attrs.h"

namespace kiln {

Arrays execute_arrays(const OpDef& op, std::span<const Array> inputs, const Attrs& attrs) {
  check_input_count(op, static_cast<int>(inputs.size()));
  // Markers of values unknown while a graph is built never reach a kernel.
  if (op.has_tensor_attrs() && has_unknown_markers(op, attrs)) {
    Attrs replaced = attrs;
    replace_unknown_markers(op, replaced);
    return execute_arrays(op, inputs, replaced);
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
