// kiln._core.cond and kiln._core.while_loop: kiln.cond and kiln.while_loop
// build graphs through the C++ kiln::cond and kiln::while_loop, so the layout
// of their regions (the branch and loop nodes right before the node that
// records where they begin) is written in one place, src/graph/control_flow.cc.
// The Python callbacks trace a branch, the loop condition or the body (with
// what is Python's: structures, name scopes, effects) and return its flat
// outputs as (node, index) pairs. An exception they raise passes through the
// C++ construct unchanged.
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.h"
#include "kiln/function.h"

namespace kiln::python {
namespace {

Output output_of(nb::handle pair) {
  auto t = nb::borrow<nb::tuple>(pair);
  return {nb::cast<int>(t[0]), nb::cast<int>(t[1])};
}

nb::list pairs(std::span<const Output> outputs) {
  nb::list out;
  for (const Output& o : outputs) out.append(nb::make_tuple(o.node, o.index));
  return out;
}

// The construct's node: the last one kiln::cond / kiln::while_loop added
// (found so even when it has no outputs).
int construct_node(const Graph& graph) { return graph.num_nodes() - 1; }

}  // namespace

void bind_control_flow(nb::module_& m) {
  m.def(
      "cond",
      [](Graph& graph, nb::handle pred, nb::callable true_fn, nb::callable false_fn,
         std::string name, std::vector<int> control_inputs) {
        auto branch = [](nb::callable fn) { return [fn] { return outputs_from_python(fn()); }; };
        ControlFlowOptions options{.name = std::move(name),
                                   .control_inputs = std::move(control_inputs)};
        cond(graph, output_of(pred), branch(true_fn), branch(false_fn), options);
        return construct_node(graph);
      },
      nb::arg("graph"), nb::arg("pred"), nb::arg("true_fn"), nb::arg("false_fn"), nb::arg("name"),
      nb::arg("control_inputs"),
      "kiln::cond: traces true_fn() and false_fn() (each returns its outputs as (node, index) "
      "pairs) into `graph` and adds the cond node, named `name`, after `control_inputs`. "
      "Returns its id.");
  m.def(
      "while_loop",
      [](Graph& graph, nb::handle initial, nb::callable cond_fn, nb::callable body,
         nb::handle shape_invariants, std::string name, std::string loop_var_name,
         std::vector<int> control_inputs) {
        auto loop_fn = [](nb::callable fn) {
          return
              [fn](std::span<const Output> vars) { return outputs_from_python(fn(pairs(vars))); };
        };
        ControlFlowOptions options{.name = std::move(name),
                                   .loop_var_name = std::move(loop_var_name),
                                   .control_inputs = std::move(control_inputs)};
        for (nb::handle s : shape_invariants)
          options.shape_invariants.push_back(shape_from_python(s));
        std::vector<Output> init = outputs_from_python(initial);
        while_loop(graph, loop_fn(cond_fn), loop_fn(body), init, options);
        return construct_node(graph);
      },
      nb::arg("graph"), nb::arg("initial"), nb::arg("cond"), nb::arg("body"),
      nb::arg("shape_invariants"), nb::arg("name"), nb::arg("loop_var_name"),
      nb::arg("control_inputs"),
      "kiln::while_loop: adds a loop_var node per initial value ((node, index) pairs) with "
      "its shape invariant (dims with None, or None), traces cond(vars) (returns [pred]) and "
      "body(vars) (returns the next values), and adds the while_loop node. Returns its id.");
}

}  // namespace kiln::python
