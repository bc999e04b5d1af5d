// Control flow as graph nodes: cond and while_loop. Their branches and loop
// bodies are ordinary nodes of the same graph, built right before them (the
// Python layer traces the branch functions there), so the node records where
// they begin; the planner (src/runtime/plan_compile.cc) lowers them to jumps
// and copies. loop_var is a loop variable inside a while_loop's region.
#include <string>

#include "kiln/error.h"
#include "ops/registry.h"

namespace kiln {
namespace {

// Dims two specs agree on; None (unknown) where they differ (a branch or a
// loop iteration may give either).
Shape generalize(const Shape& a, const Shape& b) {
  if (!a.has_known_rank() || !b.has_known_rank() || a.rank() != b.rank()) return Shape::unknown_rank();
  Dims dims;
  for (size_t i = 0; i < a.dims().size(); ++i) {
    dims.push_back(a.dims()[i] == b.dims()[i] ? a.dims()[i] : kUnknownDim);
  }
  return Shape(std::move(dims));
}

void check_predicate(const OpDef& op, const TensorSpec& pred) {
  if (pred.dtype != bool_ || (pred.shape.has_known_rank() && pred.shape.rank() != 0)) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] the predicate must be a bool scalar, got " +
                               std::string(pred.dtype.name()) + " of shape " + pred.shape.to_string() +
                               "; reduce it first (kiln.reduce_all / kiln.reduce_any).");
  }
}

// Pairs `a[i]` and `b[i]`: same dtypes; the result has their common shape.
Specs pair_up(const OpDef& op, std::span<const TensorSpec> a, std::span<const TensorSpec> b,
              const char* what) {
  Specs out;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].dtype != b[i].dtype) {
      throw TypeError("[" + std::string(op.name) + "] " + what + " " + std::to_string(i) + " is " +
                      std::string(a[i].dtype.name()) + " in one and " + std::string(b[i].dtype.name()) +
                      " in the other; give both the same dtype.");
    }
    out.push_back({a[i].dtype, generalize(a[i].shape, b[i].shape)});
  }
  return out;
}

int64_t count_attr(const OpDef& op, const Attrs& attrs, size_t index, size_t inputs, size_t per) {
  int64_t n = attr<int64_t>(attrs, index);
  if (n < 0 || static_cast<size_t>(n) * per + 1 != inputs) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] " + std::to_string(inputs) +
                               " inputs do not match " + std::to_string(n) + " outputs.");
  }
  return n;
}

// cond inputs: pred, the true branch's n outputs, the false branch's n outputs.
Specs infer_cond(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto n = static_cast<size_t>(count_attr(op, attrs, 2, in.size(), 2));
  check_predicate(op, in[0]);
  return pair_up(op, in.subspan(1, n), in.subspan(1 + n, n), "output");
}

// while_loop inputs: the n initial values, the predicate, the body's n outputs.
Specs infer_while(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto n = static_cast<size_t>(count_attr(op, attrs, 2, in.size(), 2));
  check_predicate(op, in[n]);
  return pair_up(op, in.subspan(0, n), in.subspan(n + 1, n), "loop variable");
}

Specs infer_loop_var(const OpDef&, std::span<const TensorSpec>, const Attrs& attrs) {
  return {{attr<DType>(attrs, 0), attr<Shape>(attrs, 1)}};
}

Arrays graph_only(const OpDef& op, std::span<const Array>, const Attrs&, std::span<const TensorSpec>) {
  throw FailedPreconditionError("[" + std::string(op.name) +
                                "] is a graph node; eagerly, kiln.cond and kiln.while_loop run "
                                "the Python functions directly.");
}

}  // namespace

void register_control_flow_ops(Registry& r) {
  r.add({.name = "cond", .min_inputs = 1, .max_inputs = OpDef::kVariadic,
         .attrs = {{"true_start", AttrType::kInt}, {"false_start", AttrType::kInt},
                   {"num_outputs", AttrType::kInt}},
         .traits = kGraphOnly, .infer = infer_cond, .cpu = graph_only});
  r.add({.name = "while_loop", .min_inputs = 1, .max_inputs = OpDef::kVariadic,
         .attrs = {{"loop_start", AttrType::kInt}, {"body_start", AttrType::kInt},
                   {"num_vars", AttrType::kInt}},
         .traits = kGraphOnly, .infer = infer_while, .cpu = graph_only});
  r.add({.name = "loop_var", .attrs = {{"dtype", AttrType::kDType}, {"shape", AttrType::kShape}},
         .traits = kGraphOnly | kStateful, .infer = infer_loop_var, .cpu = graph_only});
}

}  // namespace kiln
