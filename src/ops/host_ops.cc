// numpy_function: a graph node that calls a function of the host language
// (Python) on the values of its inputs when the graph runs. Its outputs have
// the dtypes Tout names and shapes known only at run time.
#include <string>

#include "kiln/error.h"
#include "ops/registry.h"
#include "ops/host_function.h"

namespace kiln {
namespace {

enum : size_t { kFunction, kTout };

Specs infer_numpy_function(const OpDef& op, std::span<const TensorSpec>, const Attrs& attrs) {
  Specs out;
  for (int64_t code : attr<std::vector<int64_t>>(attrs, kTout)) {
    if (code < 0 || code >= kNumDTypes) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] Tout holds an unknown dtype code " +
                                 std::to_string(code) + ".");
    }
    out.push_back({DType(static_cast<DTypeCode>(code)), Shape::unknown_rank()});
  }
  return out;
}

Arrays numpy_function_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                             std::span<const TensorSpec> out) {
  return call_host_function(attr<int64_t>(attrs, kFunction), in, out);
}

}  // namespace

void register_host_ops(Registry& r) {
  r.add({.name = "numpy_function", .max_inputs = OpDef::kVariadic,
         .attrs = {{"function", AttrType::kInt}, {"Tout", AttrType::kIntList}},
         .traits = kStateful, .infer = infer_numpy_function, .cpu = numpy_function_kernel,
         .graph_type = "PyFunc"});
}

}  // namespace kiln
