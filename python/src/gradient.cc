// kiln._core.backprop: the C++ backpropagation (src/ops/backprop.h) over
// records that Python made (a GradientTape's, or tf.gradients' walk of a
// graph). Values are Python tensors; each op a gradient function applies
// goes through _core.execute, so it runs eagerly or becomes a graph node as
// the context says, and outer tapes record it (gradients of gradients).
#include <nanobind/stl/string.h>

#include <string>

#include "bindings.h"
#include "kiln/error.h"
#include "graph/grad_record.h"
#include "ops/registry.h"

namespace kiln::python {
namespace {

class PythonBuilder final : public GradBuilder {
 public:
  PythonBuilder(nb::list values, nb::object spec_fn, nb::object custom_fn)
      : values_(std::move(values)), spec_fn_(std::move(spec_fn)), custom_fn_(std::move(custom_fn)) {}

  std::vector<GradValue> apply(const OpDef& op, std::span<const GradValue> inputs,
                               const Attrs& attrs,
                               std::span<const std::pair<int, GradValue>> attr_inputs) override {
    nb::list in;
    for (GradValue v : inputs) in.append(get(v));
    nb::list at;
    for (const AttrValue& a : attrs) at.append(attr_to_python(a));
    for (const auto& [index, v] : attr_inputs) at[static_cast<size_t>(index)] = get(v);
    nb::object out = execute_op(Registry::get().index_of(op), nb::tuple(in), nb::tuple(at),
                                nb::none());
    std::vector<GradValue> result;
    if (nb::isinstance<nb::tuple>(out)) {
      for (nb::handle h : out) result.push_back(add(nb::borrow(h)));
    } else {
      result.push_back(add(out));
    }
    return result;
  }

  GradValue constant(Array value) override { return add(wrap(Tensor(std::move(value)))); }

  TensorSpec spec(GradValue v) override {
    nb::object obj = get(v);
    if (nb::isinstance<Tensor>(obj)) {
      const Array& a = nb::cast<const Tensor&>(obj).array();
      return {a.dtype(), a.shape()};
    }
    nb::tuple s = nb::borrow<nb::tuple>(spec_fn_(obj));
    return {dtype_from_code(nb::cast<int>(s[0])), shape_from_python(s[1])};
  }

  std::vector<GradValue> custom_gradient(int custom_id, std::span<const GradValue> grads) override {
    nb::list g;
    for (GradValue v : grads) g.append(v.defined() ? get(v) : nb::none());
    std::vector<GradValue> result;
    for (nb::handle h : custom_fn_(custom_id, g)) {
      result.push_back(h.is_none() ? GradValue{} : add(nb::borrow(h)));
    }
    return result;
  }

  GradValue add(nb::object obj) {
    values_.append(std::move(obj));
    return {static_cast<int>(values_.size()) - 1};
  }
  nb::object get(GradValue v) {
    if (!v.defined() || static_cast<size_t>(v.id) >= values_.size()) {
      throw InternalError("gradient: bad value id");
    }
    return values_[static_cast<size_t>(v.id)];
  }

 private:
  nb::list values_;
  nb::object spec_fn_;
  nb::object custom_fn_;
};

std::vector<GradValue> ids(nb::handle list) {
  std::vector<GradValue> out;
  for (nb::handle h : list) out.push_back({nb::cast<int>(h)});
  return out;
}

// A record from Python: (op_index, attrs, input ids, output ids), with op
// index -1 - k for custom gradient k; attrs is the tuple the op was applied
// with, or (graph, node id) for a node of a graph (tf.gradients).
GradRecord record_from_python(nb::handle item) {
  nb::tuple t = nb::borrow<nb::tuple>(item);
  GradRecord r;
  int index = nb::cast<int>(t[0]);
  r.inputs = ids(t[2]);
  r.outputs = ids(t[3]);
  if (index < 0) {
    r.custom_id = -1 - index;
    return r;
  }
  nb::handle attrs = t[1];
  if (nb::len(attrs) == 2 && nb::isinstance<Graph>(attrs[0])) {
    const Node& n = nb::cast<const Graph&>(attrs[0]).node(nb::cast<int>(attrs[1]));
    if (r.inputs.size() < static_cast<size_t>(n.num_op_inputs)) {
      throw InternalError("gradient record of node " + n.name + ": too few inputs");
    }
    GradRecord from_node = grad_record_of(n);
    from_node.inputs.assign(r.inputs.begin(), r.inputs.begin() + n.num_op_inputs);
    from_node.outputs = std::move(r.outputs);
    return from_node;
  }
  r.op = &op_at(index);
  r.attrs = to_attrs_partial(*r.op, attrs, r.attr_unknown);
  return r;
}

nb::list backprop_python(nb::list values, nb::list records, nb::list targets,
                         nb::list target_grads, nb::list sources, bool unconnected_zero,
                         nb::object spec_fn, nb::object custom_fn) {
  std::vector<GradRecord> recs;
  recs.reserve(records.size());
  for (nb::handle item : records) recs.push_back(record_from_python(item));
  PythonBuilder builder(values, spec_fn, custom_fn);
  std::vector<GradValue> seeds;
  for (nb::handle h : target_grads) {
    seeds.push_back(h.is_none() ? GradValue{} : builder.add(nb::borrow(h)));
  }
  std::vector<GradValue> result =
      backprop(builder, recs, ids(targets), seeds, ids(sources),
               unconnected_zero ? Unconnected::kZero : Unconnected::kNone);
  nb::list out;
  for (GradValue v : result) out.append(v.defined() ? builder.get(v) : nb::none());
  return out;
}

}  // namespace

void bind_gradient(nb::module_& m) {
  m.def("backprop", &backprop_python, nb::arg("values"), nb::arg("records"), nb::arg("targets"),
        nb::arg("target_grads"), nb::arg("sources"), nb::arg("unconnected_zero"),
        nb::arg("spec_fn"), nb::arg("custom_fn"),
        "Gradients of targets with respect to sources over recorded ops (values are indices "
        "into `values`); see src/ops/backprop.h. spec_fn(value) -> (dtype code, shape) for "
        "values that are not eager tensors; custom_fn(k, grads) -> input gradients of custom "
        "gradient k.");
  m.def("op_gradient_status", [] {
    nb::dict d;
    for (const OpDef* op : Registry::get().all()) {
      d[nb::str(op->name.data(), op->name.size())] =
          op->grad ? "gradient" : op->no_gradient ? "none" : "undeclared";
    }
    return d;
  }, "Per op: whether it has a gradient, is marked as having none, or neither.");
}

}  // namespace kiln::python
