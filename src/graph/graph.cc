// Graph: append-only nodes under a shared mutex, so sessions can plan from
// one thread while another thread appends (node references stay valid:
// nodes live in their own allocations).
#include "kiln/graph.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "kiln/error.h"
#include "graph/known_values.h"
#include "ops/registry.h"
#include "ops/tensor_attrs.h"

namespace kiln {

struct Graph::State {
  mutable std::shared_mutex mutex;
  std::vector<std::unique_ptr<Node>> nodes;
  std::unordered_map<std::string, int> by_name;
  bool finalized = false;
};

std::string graph_type_name(const OpDef& op) {
  if (!op.graph_type.empty()) return std::string(op.graph_type);
  std::string out;
  bool upper = true;
  for (char c : op.name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string default_node_name(const OpDef& op) {
  std::string type = graph_type_name(op);
  size_t digits = type.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(type[digits - 1]))) --digits;
  if (digits < type.size() && digits >= 2 && type[digits - 1] == 'V' &&
      std::islower(static_cast<unsigned char>(type[digits - 2]))) {
    type.resize(digits - 1);
  }
  return type;
}

Graph::Graph() : state_(std::make_shared<State>()) {}

namespace {

std::string unique_name_locked(Graph::State& s, std::string_view base) {
  std::string name(base);
  if (!s.by_name.contains(name)) return name;
  for (int i = 1;; ++i) {
    std::string candidate = name + "_" + std::to_string(i);
    if (!s.by_name.contains(candidate)) return candidate;
  }
}

}  // namespace

std::string Graph::unique_name(std::string_view base) {
  std::shared_lock lock(state_->mutex);
  return unique_name_locked(*state_, base);
}

int Graph::add_op(std::string_view op_name, std::span<const Output> inputs, Attrs attrs,
                  std::string_view name, std::span<const int> control_inputs,
                  std::span<const AttrInput> attr_inputs) {
  const OpDef* op = Registry::get().find(op_name);
  if (!op) {
    throw NotFoundError("There is no op named '" + std::string(op_name) +
                        "' in kiln's registry.");
  }
  return add_op(*op, inputs, std::move(attrs), name, control_inputs, attr_inputs);
}

namespace {

// The node behind input `o` of a new node; the error names the op.
const Node& input_node(const Graph::State& s, const OpDef& op, Output o, int n) {
  if (o.node < 0 || o.node >= n || o.index < 0 ||
      o.index >= static_cast<int>(s.nodes[static_cast<size_t>(o.node)]->outputs.size())) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] input " + std::to_string(o.node) +
                               ":" + std::to_string(o.index) + " is not an output of this graph.");
  }
  return *s.nodes[static_cast<size_t>(o.node)];
}

// The index of the attribute `name` that a tensor may give; the error lists those.
int attr_index(const OpDef& op, std::string_view name) {
  std::string names;
  for (size_t i = 0; i < op.attrs.size(); ++i) {
    if (op.attrs[i].tensor_rank == kNotTensor) continue;
    if (op.attrs[i].name == name) return static_cast<int>(i);
    names += (names.empty() ? "'" : ", '") + std::string(op.attrs[i].name) + "'";
  }
  throw InvalidArgumentError("[" + std::string(op.name) + "] attribute '" + std::string(name) +
                             "' cannot be given by a tensor; " +
                             (names.empty() ? std::string("none of this op's can.")
                                            : "these can: " + names + "."));
}

struct AttrBinding {
  std::vector<Output> inputs;  // the op's, then attribute tensors, then dimension sources
  std::vector<int> attr_inputs;
  std::vector<AttrDim> attr_dims;
};

AttrBinding bind_attr_inputs(const Graph::State& s, const OpDef& op, Attrs& attrs,
                             std::span<const Output> inputs,
                             std::span<const AttrInput> attr_inputs, int n) {
  AttrBinding b;
  b.inputs.assign(inputs.begin(), inputs.end());
  std::vector<int> seen;
  std::vector<Output> dim_tensors;  // sources that are not inputs already
  for (const AttrInput& ai : attr_inputs) {
    const int index = attr_index(op, ai.attr);
    if (std::find(seen.begin(), seen.end(), index) != seen.end()) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] attribute '" + std::string(ai.attr) +
                                 "' is given by two tensors; give it once.");
    }
    seen.push_back(index);
    const Node& src = input_node(s, op, ai.value, n);
    const auto& known = src.known_values[static_cast<size_t>(ai.value.index)];
    const PartialValue* value = known ? &*known : nullptr;
    attrs[static_cast<size_t>(index)] =
        attr_from_partial(op, index, value, src.outputs[static_cast<size_t>(ai.value.index)]);
    if (value && value->fully_known()) continue;
    bool from_dims = value != nullptr;
    for (size_t e = 0; from_dims && e < value->known.size(); ++e) {
      from_dims = value->known[e] || value->sources[e].node >= 0;
    }
    if (!from_dims) {
      b.attr_inputs.push_back(index);
      b.inputs.push_back(ai.value);
      continue;
    }
    for (size_t e = 0; e < value->known.size(); ++e) {
      if (value->known[e]) continue;
      const DimSource& d = value->sources[e];
      const Output tensor{d.node, d.index};
      // A negative input marks a dimension source appended after the attribute tensors.
      int at = static_cast<int>(std::find(inputs.begin(), inputs.end(), tensor) - inputs.begin());
      if (at == static_cast<int>(inputs.size())) {
        auto it = std::find(dim_tensors.begin(), dim_tensors.end(), tensor);
        at = -1 - static_cast<int>(it - dim_tensors.begin());
        if (it == dim_tensors.end()) dim_tensors.push_back(tensor);
      }
      b.attr_dims.push_back({index, static_cast<int>(e), at, d.dim});
    }
  }
  for (AttrDim& d : b.attr_dims) {
    if (d.input < 0) d.input = static_cast<int>(b.inputs.size()) + (-1 - d.input);
  }
  b.inputs.insert(b.inputs.end(), dim_tensors.begin(), dim_tensors.end());
  return b;
}

}  // namespace

// A variable op's "handle" must name an earlier VarHandleOp of this graph
// whose dtype and shape are the ones the op was given (its inference and
// the plan rely on them).
static void check_variable_handle(const Graph::State& s, const OpDef& op, const Attrs& attrs, int n) {
  const int64_t h = attr<int64_t>(attrs, static_cast<size_t>(op.handle_attr));
  const Node* handle = h >= 0 && h < n ? s.nodes[static_cast<size_t>(h)].get() : nullptr;
  if (!handle || handle->type != "VarHandleOp") {
    throw InvalidArgumentError("[" + std::string(op.name) + "] handle " + std::to_string(h) +
                               " is not a variable (VarHandleOp) node of this graph.");
  }
  const OpDef& var = *handle->op;  // var_handle
  if (attr<DType>(op, attrs, "dtype") != attr<DType>(var, handle->attrs, "dtype") ||
      !(attr<Shape>(op, attrs, "shape") == attr<Shape>(var, handle->attrs, "shape"))) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] dtype and shape must be those of "
                               "the variable '" + handle->name + "'.");
  }
}

int Graph::add_op(const OpDef& op, std::span<const Output> inputs, Attrs attrs,
                  std::string_view name, std::span<const int> control_inputs,
                  std::span<const AttrInput> attr_inputs) {
  std::unique_lock lock(state_->mutex);
  State& s = *state_;
  const std::string type = graph_type_name(op);
  if (s.finalized) {
    throw FailedPreconditionError("Graph is finalized and cannot be modified (adding a " + type +
                                  " node); build a new graph, or add nodes before finalize().");
  }
  const int n = static_cast<int>(s.nodes.size());
  check_input_count(op, static_cast<int>(inputs.size()));
  if (attrs.size() != op.attrs.size()) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] takes " +
                               std::to_string(op.attrs.size()) + " attributes, got " +
                               std::to_string(attrs.size()) + ".");
  }
  std::vector<TensorSpec> in;
  std::vector<const PartialValue*> in_values;
  in.reserve(inputs.size());
  for (const Output& o : inputs) {
    const Node& src = input_node(s, op, o, n);
    in.push_back(src.outputs[static_cast<size_t>(o.index)]);
    const auto& known = src.known_values[static_cast<size_t>(o.index)];
    in_values.push_back(known ? &*known : nullptr);
  }
  for (int c : control_inputs) {
    if (c < 0 || c >= n) {
      throw InvalidArgumentError("[" + std::string(op.name) + "] control input " +
                                 std::to_string(c) + " is not a node of this graph.");
    }
  }
  replace_unknown_markers(op, attrs);  // a user's INT64_MIN is no "unknown"
  // Attributes given by tensors: a known value is read now; elements that
  // are dimensions of tensors are read off those tensors' shapes when the
  // graph runs; any other tensor stays an input, and inference sees what is
  // known of it.
  if (op.handle_attr >= 0) check_variable_handle(s, op, attrs, n);
  AttrBinding binding = bind_attr_inputs(s, op, attrs, inputs, attr_inputs, n);
  Specs out = op.infer(op, in, attrs);  // the op's own error for inputs that do not fit
  auto node = std::make_unique<Node>();
  node->id = n;
  const std::string fallback = name.empty() ? default_node_name(op) : std::string();
  node->name = unique_name_locked(s, name.empty() ? std::string_view(fallback) : name);
  node->type = type;
  node->op = &op;
  node->inputs = std::move(binding.inputs);
  node->num_op_inputs = static_cast<int>(inputs.size());
  node->attr_inputs = std::move(binding.attr_inputs);
  node->attr_dims = std::move(binding.attr_dims);
  node->control_inputs.assign(control_inputs.begin(), control_inputs.end());
  node->outputs.assign(out.begin(), out.end());
  node->known_values = infer_known_values(op, attrs, inputs, in, in_values, node->outputs,
                                          !node->attr_inputs.empty() || !node->attr_dims.empty());
  for (size_t i = 0; i < node->outputs.size(); ++i) {
    // A value computed now has a known shape (tf.range of known bounds), as in TF.
    const auto& v = node->known_values[i];
    if (v && node->outputs[i].shape.is_compatible_with(v->shape)) node->outputs[i].shape = v->shape;
  }
  node->attrs = std::move(attrs);
  s.by_name.emplace(node->name, n);
  s.nodes.push_back(std::move(node));
  return n;
}


int Graph::add_constant(Array value, std::string_view name) {
  static const OpDef& op = Registry::get().at("const");
  const DType dtype = value.dtype();
  const Shape shape = value.shape();
  int id = add_op(op, {}, {dtype, shape}, name);
  std::unique_lock lock(state_->mutex);
  Node& node = *state_->nodes[static_cast<size_t>(id)];
  node.known_values[0] = known_value_of(value);
  node.value = std::move(value);
  return id;
}

int Graph::add_variable(const TensorSpec& spec, std::string_view name,
                        std::optional<Variable> captured) {
  static const OpDef& op = Registry::get().at("var_handle");
  if (captured && (captured->dtype() != spec.dtype || !(captured->shape() == spec.shape))) {
    throw InvalidArgumentError("add_variable: the captured variable '" + captured->name() +
                               "' is " + std::string(captured->dtype().name()) + " of shape " +
                               captured->shape().to_string() + ", not the spec given.");
  }
  int id = add_op(op, {}, {spec.dtype, spec.shape}, name.empty() ? std::string_view("Variable") : name);
  std::unique_lock lock(state_->mutex);
  state_->nodes[static_cast<size_t>(id)]->variable = std::move(captured);
  return id;
}

int Graph::add_placeholder(DType dtype, Shape shape, std::string_view name) {
  static const OpDef& op = Registry::get().at("placeholder");
  return add_op(op, {}, {dtype, std::move(shape)}, name);
}

Output Graph::op(std::string_view op_name, std::span<const Output> inputs, Attrs attrs,
                 std::string_view name) {
  return {add_op(op_name, inputs, std::move(attrs), name), 0};
}

Output Graph::op(std::string_view op_name, std::initializer_list<Output> inputs, Attrs attrs,
                 std::string_view name) {
  return op(op_name, std::span<const Output>(inputs.begin(), inputs.size()), std::move(attrs),
            name);
}

Output Graph::op(std::string_view op_name, std::initializer_list<Output> inputs, Attrs attrs,
                 std::initializer_list<AttrInput> attr_inputs, std::string_view name) {
  return {add_op(op_name, std::span<const Output>(inputs.begin(), inputs.size()), std::move(attrs),
                 name, {}, std::span<const AttrInput>(attr_inputs.begin(), attr_inputs.size())),
          0};
}

Output Graph::constant(Array value, std::string_view name) {
  return {add_constant(std::move(value), name), 0};
}

Output Graph::placeholder(DType dtype, Shape shape, std::string_view name) {
  return {add_placeholder(dtype, std::move(shape), name), 0};
}

int Graph::num_nodes() const {
  std::shared_lock lock(state_->mutex);
  return static_cast<int>(state_->nodes.size());
}

const Node& Graph::node(int id) const {
  std::shared_lock lock(state_->mutex);
  if (id < 0 || id >= static_cast<int>(state_->nodes.size())) {
    throw OutOfRangeError("The graph has no node " + std::to_string(id) + "; it has " +
                          std::to_string(state_->nodes.size()) + ".");
  }
  return *state_->nodes[static_cast<size_t>(id)];
}

const TensorSpec& Graph::spec(Output output) const {
  const Node& n = node(output.node);
  if (output.index < 0 || output.index >= static_cast<int>(n.outputs.size())) {
    throw OutOfRangeError("Node '" + n.name + "' has " + std::to_string(n.outputs.size()) +
                          " outputs; there is no output " + std::to_string(output.index) + ".");
  }
  return n.outputs[static_cast<size_t>(output.index)];
}

void Graph::set_shape(Output output, const Shape& shape) {
  spec(output);  // OutOfRangeError for a bad output
  std::unique_lock lock(state_->mutex);
  Node& node = *state_->nodes[static_cast<size_t>(output.node)];
  Shape& current = node.outputs[static_cast<size_t>(output.index)].shape;
  if (!current.is_compatible_with(shape)) {
    throw ValueError("Shapes " + current.to_string() + " and " + shape.to_string() +
                     " are not compatible: tensor " + node.name + ":" +
                     std::to_string(output.index) + " cannot have shape " + shape.to_string() + ".");
  }
  if (!shape.has_known_rank()) return;
  if (!current.has_known_rank()) {
    current = shape;
    return;
  }
  Dims merged = current.dims();
  for (size_t i = 0; i < merged.size(); ++i) {
    if (merged[i] == kUnknownDim) merged[i] = shape.dims()[i];
  }
  current = Shape(std::move(merged));
}

const PartialValue* Graph::known_value(Output output) const {
  spec(output);  // OutOfRangeError for a bad output
  std::shared_lock lock(state_->mutex);
  const auto& v = state_->nodes[static_cast<size_t>(output.node)]->known_values[static_cast<size_t>(output.index)];
  return v ? &*v : nullptr;
}

const Node* Graph::find(std::string_view name) const {
  std::shared_lock lock(state_->mutex);
  auto it = state_->by_name.find(std::string(name));
  return it == state_->by_name.end() ? nullptr : state_->nodes[static_cast<size_t>(it->second)].get();
}

std::string Graph::output_name(Output output) const {
  return node(output.node).name + ":" + std::to_string(output.index);
}

void Graph::finalize() {
  std::unique_lock lock(state_->mutex);
  state_->finalized = true;
}

bool Graph::finalized() const {
  std::shared_lock lock(state_->mutex);
  return state_->finalized;
}

}  // namespace kiln
