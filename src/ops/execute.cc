#include "ops/execute.h"

#include <boost/container/small_vector.hpp>

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

}  // namespace kiln
