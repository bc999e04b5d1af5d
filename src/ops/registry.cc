#include "ops/registry.h"

#include <string>
#include <string_view>
#include <utility>

#include "kiln/error.h"
#include "ops/gradient.h"

namespace kiln {

const Registry& Registry::get() {
  static const Registry* registry = [] {
    auto* r = new Registry();  // never destroyed: ops outlive every static user
    // Each family registers its ops under its name (OpDef::family: the
    // Python module that exports them asks for its family's ops by it).
    constexpr std::pair<std::string_view, void (*)(Registry&)> kFamilies[] = {
        {"creation", register_creation_ops},
        {"binary", register_binary_ops},
        {"unary", register_unary_ops},
        {"cast", register_cast_ops},
        {"reduction", register_reduction_ops},
        {"linalg", register_linalg_ops},
        {"linalg_lapack", register_linalg_lapack_ops},
        {"linalg_diag", register_linalg_diag_ops},
        {"shape", register_shape_ops},
        {"index", register_index_ops},
        {"random", register_random_ops},
        {"graph", register_graph_ops},
        {"control_flow", register_control_flow_ops},
        {"host", register_host_ops},
        {"variable", register_variable_ops},
        {"segment", register_segment_ops},
        {"search", register_search_ops},
        {"gradient", register_gradient_ops},
        {"nn_conv", register_nn_conv_ops},
        {"nn_pool", register_nn_pool_ops},
        {"nn_norm", register_nn_norm_ops},
        {"image", register_image_ops}};
    for (auto [family, register_ops] : kFamilies) {
      r->family_ = family;
      register_ops(*r);
    }
    r->family_ = {};
    register_unary_gradients(*r);
    register_binary_gradients(*r);
    register_reduction_gradients(*r);
    register_linalg_gradients(*r);
    register_linalg_lapack_gradients(*r);
    register_shape_gradients(*r);
    register_index_gradients(*r);
    register_segment_gradients(*r);
    register_other_gradients(*r);
    register_nn_conv_gradients(*r);
    register_nn_pool_gradients(*r);
    register_nn_norm_gradients(*r);
    register_image_gradients(*r);
    return r;
  }();
  return *registry;
}

namespace {

// The kernel of an op that only computes into given storage: allocate, then compute.
Arrays allocate_then_compute(const OpDef& op, std::span<const Array> inputs, const Attrs& attrs,
                             std::span<const TensorSpec> outputs) {
  Array result = Array::empty(outputs[0].dtype, outputs[0].shape);
  op.cpu_into(op, inputs, attrs, result);
  return {std::move(result)};
}

}  // namespace

void Registry::add(OpDef op) {
  if (find(op.name)) throw InternalError("op registered twice: " + std::string(op.name));
  if (op.cpu_into && !op.has(kElementwise)) {
    throw InternalError("a kernel into given storage needs an elementwise op: " + std::string(op.name));
  }
  if (!op.cpu && op.cpu_into) op.cpu = allocate_then_compute;
  if (!op.infer || !op.cpu) throw InternalError("op without inference or kernel: " + std::string(op.name));
  for (const AttrDef& a : op.attrs) {
    bool ok = a.tensor_rank == kNotTensor || (a.type == AttrType::kInt && a.tensor_rank == 0) ||
              (a.type == AttrType::kIntList && (a.tensor_rank == 1 || a.tensor_rank == 2));
    if (!ok) throw InternalError("attribute that a tensor cannot give: " + std::string(op.name));
    op.tensor_attrs = op.tensor_attrs || a.tensor_rank != kNotTensor;
    if (a.name == "handle") op.handle_attr = static_cast<int>(&a - op.attrs.data());
  }
  op.family = family_;
  storage_.push_back(std::make_unique<OpDef>(std::move(op)));
  ops_.push_back(storage_.back().get());
}

void Registry::set_gradient(std::string_view name, GradFn grad) {
  auto* op = const_cast<OpDef*>(&at(name));  // registration owns the storage
  if (op->grad || op->no_gradient) throw InternalError("gradient declared twice: " + std::string(name));
  op->grad = grad;
}

void Registry::set_no_gradient(std::string_view name) {
  auto* op = const_cast<OpDef*>(&at(name));
  if (op->grad || op->no_gradient) throw InternalError("gradient declared twice: " + std::string(name));
  op->no_gradient = true;
}

const OpDef* Registry::find(std::string_view name) const {
  for (const OpDef* op : ops_) {
    if (op->name == name) return op;
  }
  return nullptr;
}

const OpDef& Registry::at(std::string_view name) const {
  const OpDef* op = find(name);
  if (!op) throw InternalError("op not registered: " + std::string(name));
  return *op;
}

int Registry::index_of(const OpDef& op) const {
  for (size_t i = 0; i < ops_.size(); ++i) {
    if (ops_[i] == &op) return static_cast<int>(i);
  }
  throw InternalError("op not in the registry: " + std::string(op.name));
}

void check_input_count(const OpDef& op, int n) {
  bool variadic = op.max_inputs == OpDef::kVariadic;
  if (n >= op.min_inputs && (variadic || n <= op.max_inputs)) return;
  std::string expected = op.min_inputs == op.max_inputs ? std::to_string(op.min_inputs)
                         : variadic ? "at least " + std::to_string(op.min_inputs)
                                    : std::to_string(op.min_inputs) + " to " +
                                          std::to_string(op.max_inputs);
  throw InvalidArgumentError("[" + std::string(op.name) + "] takes " + expected +
                             " inputs, got " + std::to_string(n) + ".");
}

}  // namespace kiln
