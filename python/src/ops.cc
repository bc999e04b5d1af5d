// One generic entry point for every op of the registry: Python wrappers
// (python/kiln/*_ops.py) call _core.execute(op_index, inputs, attrs). The op
// index is looked up once, at import; attrs are converted by the types the
// OpDef declares. Large ops release the GIL.
#include <nanobind/stl/string.h>

#include <string>
#include <string_view>
#include <utility>

#include "bindings.h"
#include "kiln/error.h"
#include "kiln/graph.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln::python {
namespace {

// Below this many input elements the GIL round trip costs more than it frees.

// Graph building: while this thread builds a graph (or eager execution is
// off), or when an input is symbolic, ops go to a Python hook that adds a node
// (python/kiln/_graph.py, _build_node) instead of running. These flags are the
// one record of those facts; python/kiln/_graph_state.py reads and sets them.
thread_local bool t_building_graph = false;
thread_local bool t_force_eager = false;  // a numpy_function/py_function callback is running
bool g_eager_disabled = false;
PyObject* g_graph_hook = nullptr;  // kept for the life of the process
PyObject* g_symbolic_type = nullptr;  // kiln's SymbolicTensor class
// Gradient tapes (python/kiln/_tape.py): while one records in this thread,
// every op applied, eager or symbolic, is passed to the record hook.
thread_local int t_tape_depth = 0;
// kiln.custom_gradient's collectors of the variables its function reads.
thread_local int t_reader_depth = 0;
PyObject* g_record_hook = nullptr;

// An attribute given by a symbolic tensor (a shape known only when a graph
// runs): the op must become a graph node even when its inputs are eager.
struct NeedsGraph {};

nb::object build_node(int index, nb::tuple inputs, nb::tuple attrs, nb::handle name) {
  if (!g_graph_hook) throw InternalError("kiln's graph hook is not installed");
  return nb::handle(g_graph_hook)(index, inputs, attrs, name);
}

AttrValue to_attr(const OpDef& op, const AttrDef& def, nb::handle v) {
  if (def.tensor_rank != kNotTensor && !PyLong_CheckExact(v.ptr()) && !PyTuple_CheckExact(v.ptr()) &&
      !PyList_CheckExact(v.ptr()) && g_symbolic_type &&
      PyObject_IsInstance(v.ptr(), g_symbolic_type) == 1) {
    throw NeedsGraph{};
  }
  try {
    switch (def.type) {
      case AttrType::kInt: return nb::cast<int64_t>(v);
      case AttrType::kFloat: return nb::cast<double>(v);
      case AttrType::kBool: return nb::cast<bool>(v);
      case AttrType::kString: return nb::cast<std::string>(v);
      case AttrType::kDType: {
        int code = nb::cast<int>(v);
        if (code < 0 || code >= kNumDTypes) break;
        return DType(static_cast<DTypeCode>(code));
      }
      case AttrType::kIntList: {
        std::vector<int64_t> out;
        for (nb::handle item : v) out.push_back(nb::cast<int64_t>(item));
        return out;
      }
      case AttrType::kShape: {
        if (v.is_none()) return Shape::unknown_rank();
        Dims dims;
        for (nb::handle item : v) dims.push_back(item.is_none() ? kUnknownDim : nb::cast<int64_t>(item));
        return Shape(std::move(dims));
      }
    }
  } catch (const nb::cast_error&) {
  }
  throw TypeError("[" + std::string(op.name) + "] attribute '" + std::string(def.name) +
                  "' has the wrong type: got " +
                  nb::cast<std::string>(nb::str(nb::handle(reinterpret_cast<PyObject*>(Py_TYPE(v.ptr()))))) + ".");
}

}  // namespace

Attrs to_attrs(const OpDef& op, nb::handle attr_values) {
  nb::tuple values = nb::borrow<nb::tuple>(attr_values);
  if (values.size() != op.attrs.size()) {
    throw InternalError("[" + std::string(op.name) + "] takes " + std::to_string(op.attrs.size()) +
                        " attributes, the binding passed " + std::to_string(values.size()));
  }
  Attrs attrs;
  attrs.reserve(op.attrs.size());
  for (size_t i = 0; i < op.attrs.size(); ++i) attrs.push_back(to_attr(op, op.attrs[i], values[i]));
  return attrs;
}

const OpDef& op_at(int index) {
  const Registry& registry = Registry::get();
  if (index < 0 || index >= static_cast<int>(registry.all().size())) {
    throw InternalError("unknown op index " + std::to_string(index));
  }
  return *registry.all()[static_cast<size_t>(index)];
}

Attrs to_attrs_partial(const OpDef& op, nb::handle attr_values, AttrFlags& unknown) {
  nb::tuple values = nb::borrow<nb::tuple>(attr_values);
  if (values.size() != op.attrs.size()) throw InternalError("bad attribute count");
  Attrs attrs;
  unknown.assign(op.attrs.size(), false);
  for (size_t i = 0; i < op.attrs.size(); ++i) {
    try {
      attrs.push_back(to_attr(op, op.attrs[i], values[i]));
    } catch (const NeedsGraph&) {
      unknown[i] = true;  // given by a symbolic tensor: a stand-in of the attribute's type
      if (op.attrs[i].type == AttrType::kInt) attrs.push_back(int64_t{0});
      else attrs.push_back(std::vector<int64_t>{});
    }
  }
  return attrs;
}

namespace {

nb::object record(int index, nb::handle inputs, nb::handle attr_values, nb::object result) {
  if (t_tape_depth > 0 && g_record_hook) {
    nb::handle hook(g_record_hook);
    hook(index, inputs, attr_values, result);
  }
  return result;
}

nb::object execute_unrecorded(int index, nb::tuple inputs, nb::tuple attr_values, nb::handle name) {
  if (!t_force_eager && (t_building_graph || g_eager_disabled)) {
    return build_node(index, inputs, attr_values, name);
  }
  boost::container::small_vector<Array, 4> in;  // no heap for up to four inputs
  int64_t work = 0;
  for (nb::handle h : inputs) {  // one pass: a symbolic input means "add a node"
    if (!nb::isinstance<Tensor>(h)) return build_node(index, inputs, attr_values, name);
    in.push_back(nb::cast<const Tensor&>(h).array());
    work += in.back().size();
  }
  const OpDef& op = op_at(index);
  Attrs attrs;
  try {
    attrs = to_attrs(op, attr_values);
  } catch (const NeedsGraph&) {
    return build_node(index, inputs, attr_values, name);
  }
  Arrays out;
  if (work < kReleaseGilElements) {
    out = execute_arrays(op, as_span(in), attrs);
  } else {
    nb::gil_scoped_release unlocked;
    out = execute_arrays(op, as_span(in), attrs);
  }
  if (out.size() == 1) return wrap(Tensor(std::move(out[0])));
  nb::list results;
  for (Array& a : out) results.append(wrap(Tensor(std::move(a))));
  return nb::tuple(results);
}

// OpDef::python as a dict (python/kiln/_registry_names.py): namespaces as
// "kiln", "math", "nn", ...; the names the op is exported under (its own or
// python.name first, then the aliases); args and doc.
nb::dict python_api(const OpDef& op) {
  static constexpr std::pair<PyNamespace, const char*> kNamespaces[] = {
      {kPyTop, "kiln"},     {kPyMath, "math"},     {kPyNn, "nn"},       {kPyBitwise, "bitwise"},
      {kPyLinalg, "linalg"}, {kPyRandom, "random"}, {kPyImage, "image"}};
  const PythonApi& py = op.python;
  nb::list namespaces, names, args;
  for (auto [bit, name] : kNamespaces) {
    if (py.namespaces & bit) namespaces.append(name);
  }
  auto str = [](std::string_view s) { return nb::str(s.data(), s.size()); };
  names.append(str(py.name.empty() ? op.name : py.name));
  for (std::string_view rest = py.aliases; !rest.empty();) {
    size_t space = rest.find(' ');
    names.append(str(rest.substr(0, space)));
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  for (std::string_view a : py.args) {
    if (!a.empty()) args.append(str(a));
  }
  nb::dict d;
  d["namespaces"] = nb::tuple(namespaces);
  d["names"] = nb::tuple(names);
  d["args"] = nb::tuple(args);
  d["doc"] = str(py.doc);
  return d;
}

}  // namespace

nb::object execute_op(int index, nb::tuple inputs, nb::tuple attr_values, nb::handle name) {
  nb::object result = execute_unrecorded(index, inputs, attr_values, name);
  if (t_tape_depth > 0) return record(index, inputs, attr_values, std::move(result));
  return result;
}

void bind_ops(nb::module_& m) {
  m.def("execute", &execute_op, nb::arg("op_index"), nb::arg("inputs"), nb::arg("attrs"),
        nb::arg("name") = nb::none(),
        "Runs registry op `op_index` eagerly on tensors with positional attributes; while a "
        "graph is being built (or an input is symbolic) adds a node instead, named `name`.");
  m.def("_set_graph_hook", [](nb::object hook) {
          Py_XDECREF(g_graph_hook);
          g_graph_hook = hook.release().ptr();
        },
        "The function that adds a node to a graph: hook(op_index, inputs, attrs, name).");
  m.def("_set_symbolic_type", [](nb::object type) {
          Py_XDECREF(g_symbolic_type);
          g_symbolic_type = type.release().ptr();
        },
        "The class of symbolic tensors (an attribute given by one makes the op a graph node).");
  m.def("_set_record_hook", [](nb::object hook) {
          Py_XDECREF(g_record_hook);
          g_record_hook = hook.release().ptr();
        },
        "The function each op applied while a tape records is passed to: "
        "hook(op_index, inputs, attrs, result).");
  m.def("_tape_depth", [] { return t_tape_depth; },
        "How many gradient tapes record in this thread.");
  m.def("_set_tape_depth", [](int depth) { t_tape_depth = depth; },
        "Sets how many gradient tapes record in this thread (0 stops recording).");
  m.def("_set_reader_depth", [](int depth) { t_reader_depth = depth; },
        "Sets how many custom_gradient functions collect the variables they read in this thread.");
  m.def("_watching", [] { return t_tape_depth > 0 || t_reader_depth > 0; },
        "Whether a variable read must be reported to tapes or collectors (one test per read).");
  m.def("_set_building_graph", [](bool on) { t_building_graph = on; },
        "Whether this thread is building a graph (ops add nodes instead of running).");
  m.def("_building_graph", [] { return !t_force_eager && (t_building_graph || g_eager_disabled); },
        "Whether an op called now in this thread adds a graph node (the flags below).");
  m.def("_set_force_eager", [](bool on) { t_force_eager = on; },
        "Whether this thread runs ops eagerly whatever graph is being built (callbacks).");
  m.def("_force_eager", [] { return t_force_eager; },
        "Whether this thread is in an eager_scope (ops run eagerly in any graph).");
  m.def("_set_eager_disabled", [](bool off) { g_eager_disabled = off; },
        "kiln.compat.v1.disable_eager_execution(): every thread builds graphs.");
  m.def("_eager_disabled", [] { return g_eager_disabled; },
        "Whether kiln.compat.v1.disable_eager_execution() is in effect (process-wide).");
  m.def("op_defs", [] {
    static const char* kAttrTypes[] = {"int", "float", "bool", "int_list", "dtype", "shape", "string"};
    nb::list defs;
    for (const OpDef* op : Registry::get().all()) {
      nb::list attrs;
      for (const AttrDef& a : op->attrs) {
        attrs.append(nb::make_tuple(nb::str(a.name.data(), a.name.size()),
                                    kAttrTypes[static_cast<int>(a.type)]));
      }
      nb::dict d;
      d["name"] = nb::str(op->name.data(), op->name.size());
      d["min_inputs"] = op->min_inputs;
      d["max_inputs"] = op->max_inputs;  // -1: variadic
      d["attrs"] = attrs;
      d["elementwise"] = op->has(kElementwise);
      d["stateful"] = op->has(kStateful);
      d["graph_only"] = op->has(kGraphOnly);
      d["side_effect"] = op->has(kSideEffect);
      d["graph_type"] = graph_type_name(*op);
      d["node_name"] = default_node_name(*op);
      nb::list tensor_ranks;  // per attribute: the rank of a tensor that may give it, or -1
      for (const AttrDef& a : op->attrs) tensor_ranks.append(a.tensor_rank);
      d["tensor_ranks"] = tensor_ranks;
      d["family"] = nb::str(op->family.data(), op->family.size());
      d["python"] = python_api(*op);
      defs.append(d);
    }
    return defs;
  }, "Each registered op's declaration (for tools and the op fuzzer).");
  m.def("op_names", [] {
    nb::list names;
    for (const OpDef* op : Registry::get().all()) names.append(nb::str(op->name.data(), op->name.size()));
    return names;
  }, "The names of all registered ops, in registry order (the index is the op handle).");
}

}  // namespace kiln::python
