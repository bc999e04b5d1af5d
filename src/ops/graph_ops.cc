// Graph constructs as registry ops, so graphs, the planner and the bindings
// treat them like any other op: const (the value lives in the graph node),
// placeholder (its value must be fed), placeholder_with_default (its input
// unless fed) and no_op (no outputs; groups control dependencies).
#include <string>

#include "kiln/error.h"
#include "ops/registry.h"

namespace kiln {
namespace {

enum : size_t { kDTypeAttr, kShapeAttr };

Specs infer_declared(const OpDef&, std::span<const TensorSpec>, const Attrs& attrs) {
  return {{attr<DType>(attrs, kDTypeAttr), attr<Shape>(attrs, kShapeAttr)}};
}

Arrays graph_only_kernel(const OpDef& op, std::span<const Array>, const Attrs&,
                         std::span<const TensorSpec>) {
  if (op.name == "placeholder") {
    throw FailedPreconditionError(
        "[placeholder] A placeholder has no value outside a graph: create it inside "
        "`with graph.as_default():` and feed it in Session.run(..., feed_dict={placeholder: value}).");
  }
  throw FailedPreconditionError("[" + std::string(op.name) +
                                "] is a graph node; it runs only as part of a graph.");
}

Specs infer_with_default(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& shape = attr<Shape>(attrs, 0);
  if (!shape.is_compatible_with(in[0].shape)) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] the default value's shape " +
                               in[0].shape.to_string() + " does not fit the shape " +
                               shape.to_string() + "; give a compatible shape (None for any).");
  }
  return {{in[0].dtype, shape}};
}

Arrays pass_through(const OpDef&, std::span<const Array> in, const Attrs&,
                    std::span<const TensorSpec>) {
  return {in[0]};
}

Specs infer_nothing(const OpDef&, std::span<const TensorSpec>, const Attrs&) { return {}; }
Arrays do_nothing(const OpDef&, std::span<const Array>, const Attrs&, std::span<const TensorSpec>) {
  return {};
}

}  // namespace

void register_graph_ops(Registry& r) {
  const std::vector<AttrDef> declared = {{"dtype", AttrType::kDType}, {"shape", AttrType::kShape}};
  r.add({.name = "const", .attrs = declared, .traits = kGraphOnly, .infer = infer_declared,
         .cpu = graph_only_kernel, .graph_type = "Const"});
  r.add({.name = "placeholder", .attrs = declared, .traits = kGraphOnly | kStateful,
         .infer = infer_declared, .cpu = graph_only_kernel});
  r.add({.name = "placeholder_with_default", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"shape", AttrType::kShape}}, .infer = infer_with_default, .cpu = pass_through});
  r.add({.name = "no_op", .traits = kStateful, .infer = infer_nothing, .cpu = do_nothing,
         .graph_type = "NoOp"});
}

}  // namespace kiln
