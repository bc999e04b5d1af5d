// kiln._core.Graph: the C++ Graph for the Python layer (python/kiln/_graph.py
// builds Graph, Operation and symbolic Tensor objects on top). Nodes are
// referred to by id and outputs by (node, index) tuples.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <string>

#include "bindings.h"
#include "kiln/error.h"
#include "kiln/graph.h"
#include "ops/registry.h"

namespace kiln::python {

nb::object shape_to_python(const Shape& shape) {
  if (!shape.has_known_rank()) return nb::none();
  nb::list dims;
  for (int64_t d : shape.dims()) {
    if (d == kUnknownDim) dims.append(nb::none());
    else dims.append(d);
  }
  return dims;
}

Shape shape_from_python(nb::handle shape) {
  if (shape.is_none()) return Shape::unknown_rank();
  Dims dims;
  for (nb::handle d : shape) dims.push_back(d.is_none() ? kUnknownDim : nb::cast<int64_t>(d));
  return Shape(std::move(dims));
}

DType dtype_from_code(int code) {
  if (code < 0 || code >= kNumDTypes) throw InternalError("bad dtype code " + std::to_string(code));
  return DType(static_cast<DTypeCode>(code));
}

nb::object attr_to_python(const AttrValue& v) {
  return std::visit(
      [](const auto& x) -> nb::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, DType>) return nb::int_(static_cast<int>(x.code()));
        else if constexpr (std::is_same_v<T, Shape>) return shape_to_python(x);
        else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
          nb::list l;
          for (int64_t i : x) l.append(i);
          return l;
        } else return nb::cast(x);
      },
      v);
}

std::vector<Output> outputs_from_python(nb::handle pairs) {
  std::vector<Output> out;
  for (nb::handle item : pairs) {
    auto t = nb::borrow<nb::tuple>(item);
    out.push_back({nb::cast<int>(t[0]), nb::cast<int>(t[1])});
  }
  return out;
}

void bind_graph(nb::module_& m) {
  nb::class_<Graph>(m, "Graph", "A C++ kiln::Graph (kiln.Graph wraps it).")
      .def(nb::init<>())
      .def("add_op",
           [](Graph& g, int op_index, nb::list inputs, nb::tuple attrs, const std::string& name,
              std::vector<int> control_inputs, nb::list attr_inputs) {
             const OpDef& op = op_at(op_index);
             std::vector<Output> in = outputs_from_python(inputs);
             std::vector<AttrInput> bound;
             for (nb::handle item : attr_inputs) {
               auto t = nb::borrow<nb::tuple>(item);
               auto o = nb::borrow<nb::tuple>(t[1]);
               auto index = nb::cast<size_t>(t[0]);
               if (index >= op.attrs.size()) throw InternalError("bad attribute index");
               bound.push_back({op.attrs[index].name, {nb::cast<int>(o[0]), nb::cast<int>(o[1])}});
             }
             return g.add_op(op, in, to_attrs(op, attrs), name, control_inputs, bound);
           },
           nb::arg("op_index"), nb::arg("inputs"), nb::arg("attrs"), nb::arg("name"),
           nb::arg("control_inputs"), nb::arg("attr_inputs") = nb::list(),
           "Appends registry op `op_index`; attr_inputs are (attribute index, (node, "
           "output)) pairs giving attributes by tensors. Returns the node id.")
      .def("set_shape",
           [](Graph& g, int id, int index, nb::handle shape) {
             Shape s = Shape::unknown_rank();
             if (!shape.is_none()) {
               Dims dims;
               for (nb::handle d : shape) dims.push_back(d.is_none() ? kUnknownDim : nb::cast<int64_t>(d));
               s = Shape(std::move(dims));
             }
             g.set_shape({id, index}, s);
           },
           nb::arg("id"), nb::arg("index"), nb::arg("shape").none(),
           "Merges `shape` (dims with None, or None) into the output's static shape.")
      .def("known_value",
           [](const Graph& g, int id, int index) -> nb::object {
             const PartialValue* v = g.known_value({id, index});
             if (!v) return nb::none();
             nb::list elements;
             for (size_t i = 0; i < v->elements.size(); ++i) {
               if (v->known[i]) elements.append(v->elements[i]);
               else elements.append(nb::none());
             }
             return nb::make_tuple(elements, shape_to_python(v->shape));
           },
           "What is known of an output's value while building: (flat elements with None for "
           "unknown ones, shape), or None.")
      .def("add_constant",
           [](Graph& g, const Tensor& value, const std::string& name) {
             return g.add_constant(value.array(), name);
           })
      .def("add_placeholder",
           [](Graph& g, int dtype_code, nb::handle shape, const std::string& name) {
             return g.add_placeholder(dtype_from_code(dtype_code), shape_from_python(shape), name);
           },
           nb::arg("dtype_code"), nb::arg("shape").none(), nb::arg("name"))
      .def("add_variable",
           [](Graph& g, int dtype_code, nb::handle shape, const std::string& name,
              std::optional<Variable> captured) {
             return g.add_variable({dtype_from_code(dtype_code), shape_from_python(shape)}, name,
                                   std::move(captured));
           },
           nb::arg("dtype_code"), nb::arg("shape").none(), nb::arg("name"),
           nb::arg("captured").none(),
           "A VarHandleOp node: the graph's own variable, or `captured` (an eager variable).")
      .def("num_nodes", &Graph::num_nodes)
      .def("name", [](const Graph& g, int id) { return g.node(id).name; })
      .def("type", [](const Graph& g, int id) { return g.node(id).type; })
      .def("op_name", [](const Graph& g, int id) { return std::string(g.node(id).op->name); })
      .def("attr_dims",
           [](const Graph& g, int id) {
             std::vector<int> attrs;
             for (const AttrDim& d : g.node(id).attr_dims) attrs.push_back(d.attr);
             return attrs;
           },
           "The attributes with elements read off input shapes when the node runs.")
      .def("attr_inputs", [](const Graph& g, int id) { return g.node(id).attr_inputs; },
           "The attributes given by the node's last inputs (tensors known when it runs).")
      .def("inputs",
           [](const Graph& g, int id) {
             nb::list l;
             for (const Output& o : g.node(id).inputs) l.append(nb::make_tuple(o.node, o.index));
             return l;
           })
      .def("control_inputs", [](const Graph& g, int id) { return g.node(id).control_inputs; })
      .def("num_outputs", [](const Graph& g, int id) { return g.node(id).outputs.size(); })
      .def("output_spec",
           [](const Graph& g, int id, int index) {
             const TensorSpec& s = g.spec({id, index});
             return nb::make_tuple(static_cast<int>(s.dtype.code()), shape_to_python(s.shape));
           },
           "(dtype code, dims with None for unknown, or None for unknown rank).")
      .def("attrs",
           [](const Graph& g, int id) {
             const Node& n = g.node(id);
             nb::dict d;
             for (size_t i = 0; i < n.attrs.size(); ++i) {
               d[nb::str(n.op->attrs[i].name.data(), n.op->attrs[i].name.size())] =
                   attr_to_python(n.attrs[i]);
             }
             return d;
           })
      .def("value",
           [](const Graph& g, int id) -> nb::object {
             const Node& n = g.node(id);
             if (!n.value) return nb::none();
             return wrap(Tensor(*n.value));
           })
      .def("stateful", [](const Graph& g, int id) { return g.node(id).op->has(kStateful); })
      .def("find",
           [](const Graph& g, const std::string& name) {
             const Node* n = g.find(name);
             return n ? n->id : -1;
           })
      .def("unique_name", &Graph::unique_name)
      .def("finalize", &Graph::finalize)
      .def("finalized", &Graph::finalized);
}

}  // namespace kiln::python
