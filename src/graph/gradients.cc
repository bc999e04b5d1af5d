// kiln::gradients: backprop (src/ops/backprop.h) over a Graph's nodes, with
// a builder that adds the gradient ops as nodes.
#include "kiln/gradients.h"

#include <map>
#include <string>

#include "kiln/error.h"
#include "graph/grad_record.h"

namespace kiln {
namespace {

class GraphGradBuilder final : public GradBuilder {
 public:
  explicit GraphGradBuilder(Graph& graph) : graph_(graph) {}

  GradValue value_of(Output o) {
    auto [it, added] = ids_.try_emplace({o.node, o.index}, static_cast<int>(values_.size()));
    if (added) values_.push_back(o);
    return {it->second};
  }
  Output output(GradValue v) const { return values_.at(static_cast<size_t>(v.id)); }

  std::vector<GradValue> apply(const OpDef& op, std::span<const GradValue> inputs,
                               const Attrs& attrs,
                               std::span<const std::pair<int, GradValue>> attr_inputs) override {
    std::vector<Output> in;
    for (GradValue v : inputs) in.push_back(output(v));
    std::vector<AttrInput> bound;
    for (const auto& [index, v] : attr_inputs) {
      bound.push_back({op.attrs.at(static_cast<size_t>(index)).name, output(v)});
    }
    int node = graph_.add_op(op, in, attrs, "gradients/" + default_node_name(op), {}, bound);
    std::vector<GradValue> out;
    int n = static_cast<int>(graph_.node(node).outputs.size());
    for (int i = 0; i < n; ++i) out.push_back(value_of({node, i}));
    return out;
  }

  GradValue constant(Array value) override {
    return value_of({graph_.add_constant(std::move(value), "gradients/Const"), 0});
  }

  TensorSpec spec(GradValue v) override { return graph_.spec(output(v)); }

 private:
  Graph& graph_;
  std::vector<Output> values_;
  std::map<std::pair<int, int>, int> ids_;
};

}  // namespace

GradRecord grad_record_of(const Node& n) {
  GradRecord r{.op = n.op, .attrs = n.attrs};
  r.attr_unknown.assign(n.attrs.size(), false);
  for (int a : n.attr_inputs) r.attr_unknown.at(static_cast<size_t>(a)) = true;
  for (const AttrDim& d : n.attr_dims) r.attr_unknown.at(static_cast<size_t>(d.attr)) = true;
  return r;
}

std::vector<std::optional<Output>> gradients(Graph& graph, std::span<const Output> ys,
                                             std::span<const Output> xs,
                                             std::span<const Output> grad_ys) {
  if (!grad_ys.empty() && grad_ys.size() != ys.size()) {
    throw InvalidArgumentError("[gradients] grad_ys must give one gradient per y: got " +
                               std::to_string(grad_ys.size()) + " for " +
                               std::to_string(ys.size()) + " ys.");
  }
  GraphGradBuilder builder(graph);
  int last = -1;
  for (Output y : ys) last = std::max(last, y.node);
  std::vector<GradRecord> records;
  for (int id = 0; id <= last; ++id) {
    const Node& n = graph.node(id);
    if (n.num_op_inputs == 0) continue;  // constants, placeholders, variable reads: leaves
    GradRecord r = grad_record_of(n);
    for (int i = 0; i < n.num_op_inputs; ++i) r.inputs.push_back(builder.value_of(n.inputs[static_cast<size_t>(i)]));
    for (int i = 0; i < static_cast<int>(n.outputs.size()); ++i) r.outputs.push_back(builder.value_of({id, i}));
    records.push_back(std::move(r));
  }
  std::vector<GradValue> targets, seeds, sources;
  for (Output y : ys) targets.push_back(builder.value_of(y));
  for (Output g : grad_ys) seeds.push_back(builder.value_of(g));
  for (Output x : xs) sources.push_back(builder.value_of(x));
  std::vector<GradValue> result =
      backprop(builder, records, targets, seeds, sources, Unconnected::kNone);
  std::vector<std::optional<Output>> out;
  for (GradValue v : result) {
    out.push_back(v.defined() ? std::optional<Output>(builder.output(v)) : std::nullopt);
  }
  return out;
}

}  // namespace kiln
