// The C++ API of the variable ops (include/kiln/ops/variable.h): eager
// updates of a Variable, and the graph nodes that read and update one. The ops
// themselves (src/ops/variable_ops.cc) work on arrays; building graph nodes
// needs the graph layer, which sits above the ops.
#include <string>

#include "kiln/graph.h"
#include "kiln/ops/variable.h"
#include "ops/registry.h"
#include "ops/variable_ops.h"

namespace kiln {
namespace {

Tensor apply_eager(Variable& v, const char* op_name, std::initializer_list<Tensor> inputs) {
  Arrays arrays;
  for (const Tensor& t : inputs) arrays.push_back(t.array());
  return Tensor(apply_variable_op(v, Registry::get().at(op_name), as_span(arrays))[0]);
}

Output graph_op(Graph& g, const char* op_name, int handle, std::initializer_list<Output> inputs) {
  const Node& node = g.node(handle);
  if (node.type != "VarHandleOp") {
    throw InvalidArgumentError("[" + std::string(op_name) + "] node " + std::to_string(handle) +
                               " ('" + node.name +
                               "') is not a variable; give the id "
                               "Graph::add_variable returned.");
  }
  Attrs attrs = variable_op_attrs(handle, attr<DType>(*node.op, node.attrs, "dtype"),
                                  attr<Shape>(*node.op, node.attrs, "shape"));
  return g.op(op_name, inputs, std::move(attrs));
}

}  // namespace

Tensor assign_add(Variable& v, const Tensor& delta) {
  return apply_eager(v, "assign_add_variable", {delta});
}
Tensor assign_sub(Variable& v, const Tensor& delta) {
  return apply_eager(v, "assign_sub_variable", {delta});
}
Tensor scatter_nd_update(Variable& v, const Tensor& indices, const Tensor& updates) {
  return apply_eager(v, "scatter_nd_update_variable", {indices, updates});
}
Tensor scatter_nd_add(Variable& v, const Tensor& indices, const Tensor& updates) {
  return apply_eager(v, "scatter_nd_add_variable", {indices, updates});
}
Tensor scatter_nd_sub(Variable& v, const Tensor& indices, const Tensor& updates) {
  return apply_eager(v, "scatter_nd_sub_variable", {indices, updates});
}

Output read_variable(Graph& g, int handle) { return graph_op(g, "read_variable", handle, {}); }
Output assign_variable(Graph& g, int handle, Output value) {
  return graph_op(g, "assign_variable", handle, {value});
}
Output assign_add_variable(Graph& g, int handle, Output delta) {
  return graph_op(g, "assign_add_variable", handle, {delta});
}
Output assign_sub_variable(Graph& g, int handle, Output delta) {
  return graph_op(g, "assign_sub_variable", handle, {delta});
}
Output var_is_initialized(Graph& g, int handle) {
  return graph_op(g, "var_is_initialized", handle, {});
}

}  // namespace kiln
