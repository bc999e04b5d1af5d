#include "runtime/eager.h"

#include <boost/container/small_vector.hpp>
#include <string>

#include "kiln/error.h"
#include "ops/registry.h"

namespace kiln {

Tensors execute(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs) {
  boost::container::small_vector<Array, 4> arrays;
  for (const Tensor& t : inputs) arrays.push_back(t.array());
  Tensors result;
  for (Array& a : execute_arrays(op, as_span(arrays), attrs)) result.emplace_back(std::move(a));
  if (tapes_recording()) record_on_tapes(op, attrs, inputs, as_span(result));
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
