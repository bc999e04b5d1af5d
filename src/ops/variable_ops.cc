// The variable ops (TF's resource-variable ops): var_handle names a variable
// in a graph; read_variable, assign_variable, assign_add_variable,
// assign_sub_variable, scatter_nd_*_variable and var_is_initialized act on
// the variable whose VarHandleOp node id is their "handle" attribute. They
// carry the variable's dtype and shape as attributes so that inference checks
// a graph while it is built. Their kernels never run on their own: the plan
// executor binds each such step to a Variable (the Session's own for a
// graph's variable, the captured one in a traced function) and calls
// apply_variable_op.
#include "ops/variable_ops.h"

#include <string>

#include "kernels/cpu/gather.h"
#include "kiln/error.h"
#include "ops/execute.h"
#include "ops/registry.h"

namespace kiln {
namespace {

enum : size_t { kHandle, kDType, kShape };  // attributes of every variable op but var_handle
enum VariableCode : int {
  kRead, kAssign, kAssignAdd, kAssignSub, kScatterUpdate, kScatterAdd, kScatterSub, kIsInitialized
};

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

TensorSpec variable_spec(const Attrs& attrs) { return {attr<DType>(attrs, kDType), attr<Shape>(attrs, kShape)}; }

Specs infer_handle(const OpDef&, std::span<const TensorSpec>, const Attrs&) { return {}; }

Specs infer_read(const OpDef&, std::span<const TensorSpec>, const Attrs& attrs) {
  return {variable_spec(attrs)};
}

Specs infer_is_initialized(const OpDef&, std::span<const TensorSpec>, const Attrs&) {
  return {{DType(DTypeCode::kBool), Shape{}}};
}

// assign, assign_add, assign_sub: a value of the variable's dtype whose shape fits.
Specs infer_assign(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const TensorSpec var = variable_spec(attrs);
  if (in[0].dtype != var.dtype) {
    throw InvalidArgumentError(prefix(op) + "the variable is " + std::string(var.dtype.name()) +
                               " but the value is " + std::string(in[0].dtype.name()) +
                               "; cast the value to the variable's dtype first.");
  }
  if (op.code != kAssign && !var.shape.is_compatible_with(in[0].shape)) {
    throw InvalidArgumentError(prefix(op) + "Cannot update variable with shape " +
                               var.shape.to_string() + " using a Tensor with shape " +
                               in[0].shape.to_string() + ", shapes must be equal.");
  }
  if (!var.shape.is_compatible_with(in[0].shape)) {
    throw ValueError(prefix(op) + "Shape mismatch: the variable shape " + var.shape.to_string() +
                     " and the value shape " + in[0].shape.to_string() +
                     " are incompatible. Give a value of the variable's shape, or create the "
                     "variable with shape=kiln.TensorShape(None) to let its shape change.");
  }
  if (op.code == kAssign) return {{var.dtype, var.shape.has_known_rank() ? var.shape : in[0].shape}};
  return {var};
}

// scatter_nd_*: indices and updates as tensor_scatter_nd_update takes them.
Specs infer_scatter(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const TensorSpec var = variable_spec(attrs);
  const TensorSpec specs[] = {var, in[0], in[1]};
  static const OpDef& scatter = Registry::get().at("tensor_scatter_nd_update");
  scatter.infer(op, std::span<const TensorSpec>(specs, 3), {});  // its checks, in this op's name
  return {var};
}

Arrays unbound_kernel(const OpDef& op, std::span<const Array>, const Attrs&, std::span<const TensorSpec>) {
  throw FailedPreconditionError(prefix(op) + "acts on a variable, so it runs only as a node of a "
                                "graph that has the variable (a kiln.Variable's methods, a Session "
                                "or a kiln.function).");
}

Array scatter(const OpDef& op, const Array& base, const Array& indices, const Array& updates,
              bool accumulate) {
  Array result = base.copy();  // the old value may still be read: write a new one
  cpu::scatter_nd_into(op.name, result, indices, updates, accumulate, "the variable");
  return result;
}

Array apply_binary(const OpDef& op, const Array& a, const Array& b) {
  const Array in[] = {a, b};
  return execute_arrays(op, in, {})[0];
}

}  // namespace

Attrs variable_op_attrs(int handle, DType dtype, const Shape& shape) {
  return {int64_t{handle}, dtype, shape};
}

Arrays apply_variable_op(const Variable& variable, const OpDef& op, std::span<const Array> inputs) {
  check_input_count(op, static_cast<int>(inputs.size()));
  // An assign of a value that fits (the usual call) needs no inference: its
  // checks are these two. Anything else gets the op's own checks and errors.
  const bool fits = (op.code == kAssign || op.code == kAssignAdd || op.code == kAssignSub) &&
                    inputs[0].dtype() == variable.dtype() && inputs[0].shape() == variable.shape();
  if (!fits) {
    Specs in;
    for (const Array& a : inputs) in.push_back({a.dtype(), a.shape()});
    op.infer(op, as_span(in), variable_op_attrs(0, variable.dtype(), variable.shape()));
  }
  Variable v = variable;  // a handle: update() is not const
  switch (op.code) {
    case kRead:
      return {v.read()};
    case kIsInitialized: {
      Array flag = Array::empty(DType(DTypeCode::kBool), Shape{});
      *static_cast<bool*>(flag.mutable_data()) = v.initialized();
      return {flag};
    }
    case kAssign:
      v.assign(inputs[0]);
      return {inputs[0]};
    case kAssignAdd: {
      static const OpDef& add = Registry::get().at("add");
      return {v.update([&](const Array& old) { return apply_binary(add, old, inputs[0]); })};
    }
    case kAssignSub: {
      static const OpDef& subtract = Registry::get().at("subtract");
      return {v.update([&](const Array& old) { return apply_binary(subtract, old, inputs[0]); })};
    }
    case kScatterUpdate:
      return {v.update([&](const Array& old) { return scatter(op, old, inputs[0], inputs[1], false); })};
    case kScatterAdd:
      return {v.update([&](const Array& old) { return scatter(op, old, inputs[0], inputs[1], true); })};
    case kScatterSub: {
      static const OpDef& negate = Registry::get().at("negative");
      const Array negative = execute_arrays(negate, inputs.subspan(1, 1), {})[0];
      return {v.update([&](const Array& old) { return scatter(op, old, inputs[0], negative, true); })};
    }
    default:
      throw InternalError(prefix(op) + "is not a variable op");
  }
}

void register_variable_ops(Registry& r) {
  const std::vector<AttrDef> on_variable = {
      {"handle", AttrType::kInt}, {"dtype", AttrType::kDType}, {"shape", AttrType::kShape}};
  r.add({.name = "var_handle", .attrs = {{"dtype", AttrType::kDType}, {"shape", AttrType::kShape}},
         .traits = kGraphOnly | kStateful, .infer = infer_handle, .cpu = unbound_kernel,
         .graph_type = "VarHandleOp"});
  r.add({.name = "read_variable", .attrs = on_variable, .traits = kStateful, .infer = infer_read,
         .cpu = unbound_kernel, .code = kRead, .graph_type = "ReadVariableOp"});
  r.add({.name = "var_is_initialized", .attrs = on_variable, .traits = kStateful,
         .infer = infer_is_initialized, .cpu = unbound_kernel, .code = kIsInitialized,
         .graph_type = "VarIsInitializedOp"});
  struct Update { const char* name; VariableCode code; int inputs; InferFn infer; const char* type; };
  for (const Update& u : {
           Update{"assign_variable", kAssign, 1, infer_assign, "AssignVariableOp"},
           Update{"assign_add_variable", kAssignAdd, 1, infer_assign, "AssignAddVariableOp"},
           Update{"assign_sub_variable", kAssignSub, 1, infer_assign, "AssignSubVariableOp"},
           Update{"scatter_nd_update_variable", kScatterUpdate, 2, infer_scatter, "ResourceScatterNdUpdate"},
           Update{"scatter_nd_add_variable", kScatterAdd, 2, infer_scatter, "ResourceScatterNdAdd"},
           Update{"scatter_nd_sub_variable", kScatterSub, 2, infer_scatter, "ResourceScatterNdSub"}}) {
    r.add({.name = u.name, .min_inputs = u.inputs, .max_inputs = u.inputs, .attrs = on_variable,
           .traits = kStateful | kSideEffect, .infer = u.infer, .cpu = unbound_kernel,
           .code = u.code, .graph_type = u.type});
  }
}

}  // namespace kiln
