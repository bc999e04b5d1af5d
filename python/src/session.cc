// kiln._core.Session and Plan: what kiln.compat.v1.Session runs. Python
// resolves fetches and feeds to (node, index) pairs; a plan runs with the GIL
// released, so many Python threads can run one session at once. Also the
// planner itself: compile_plan (a traced function's one plan) and
// static_value (kiln.get_static_value, by the planner's constant folding).
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <boost/container/small_vector.hpp>

#include "bindings.h"
#include "interrupt.h"
#include "kiln/session.h"
#include "ops/registry.h"
#include "runtime/plan.h"

namespace kiln::python {
namespace {

Arrays run_plan(const Plan& plan, nb::handle feeds) {
  boost::container::small_vector<Array, 4> values;
  for (nb::handle f : feeds) values.push_back(nb::cast<const Tensor&>(f).array());
  RunOptions options = interrupt_options();
  try {
    nb::gil_scoped_release unlocked;
    return plan.run(as_span(values), options);
  } catch (const CancelledError&) {
    raise_kept_python_exception();  // Ctrl-C: KeyboardInterrupt, as Python code would raise
    throw;
  }
}

// Whether `out` is computed from constants alone: no placeholder (with a
// default or not: either may be fed), no stateful op (random draws, variable
// reads) on the way, through data or control inputs.
bool from_constants_only(const Graph& graph, Output out) {
  static const OpDef* const with_default = &Registry::get().at("placeholder_with_default");
  std::vector<bool> seen(static_cast<size_t>(graph.num_nodes()), false);
  std::vector<int> todo{out.node};
  while (!todo.empty()) {
    const int id = todo.back();
    todo.pop_back();
    if (seen[static_cast<size_t>(id)]) continue;
    seen[static_cast<size_t>(id)] = true;
    const Node& node = graph.node(id);
    if (node.op->has(kStateful) || node.op == with_default) return false;
    for (const Output& in : node.inputs) todo.push_back(in.node);
    for (int c : node.control_inputs) todo.push_back(c);
  }
  return true;
}

// The value of `out` when it needs no feed and no state, else None. The
// planner's fold pass computes it while compiling (the plan then has no
// steps and the value is its constant); a plan that keeps steps (control
// flow, or values over the fold's size limit) is run once, with no feeds.
nb::object static_value(const Graph& graph, Output out) {
  if (!from_constants_only(graph, out)) return nb::none();
  std::shared_ptr<Plan> plan = compile_plan(graph, std::span<const Output>(&out, 1), {}, {});
  const PlanProgram& program = plan->program();
  if (program.steps.empty()) {
    for (const auto& [slot, value] : program.constants) {
      if (slot == program.fetch_slots[0]) return numpy_result(value);
    }
  }
  Arrays values = run_plan(*plan, nb::list());
  return numpy_result(std::move(values[0]));
}

}  // namespace

void bind_session(nb::module_& m) {
  nb::class_<Plan>(m, "Plan", "A compiled subgraph: run(feeds) gives the fetches' values.")
      .def("run",
           [](const Plan& plan, nb::handle feeds) {
             Arrays out = run_plan(plan, feeds);
             nb::list results;
             for (Array& a : out) results.append(numpy_result(std::move(a)));
             return results;
           },
           "The fetches' values as writable NumPy arrays (scalars for rank 0).")
      .def("run_tensors",
           [](const Plan& plan, nb::handle feeds) {
             Arrays out = run_plan(plan, feeds);
             nb::list results;
             for (Array& a : out) {
               // A fed value that comes back is borrowed memory (a caller's NumPy
               // array): the tensor gets its own copy, as tensors are immutable.
               if (!a.buffer().owned()) a = a.copy();
               results.append(wrap(Tensor(std::move(a))));
             }
             return results;
           },
           "The fetches' values as EagerTensors (borrowed memory is copied).")
      .def_prop_ro("num_steps", &Plan::num_steps)
      .def("describe", &Plan::describe,
           "The plan's steps as text (with each planner pass's result when compiled with "
           "KILN_DUMP_PLAN set).")
      .def_prop_ro("peak_bytes", &Plan::peak_bytes,
                   "The most bytes the run's own buffers hold at once, or None when shapes "
                   "are known only when it runs.")
      .def_prop_ro("num_feeds", &Plan::num_feeds)
      .def("feed_spec",
           [](const Plan& plan, int i) {
             const TensorSpec& s = plan.feed_specs().at(static_cast<size_t>(i));
             return static_cast<int>(s.dtype.code());
           });

  nb::class_<Session>(m, "Session", "A C++ kiln::Session (kiln.compat.v1.Session wraps it).")
      .def(nb::init<Graph>())
      .def("plan",
           [](Session& s, nb::handle fetches, nb::handle feed_keys, std::vector<int> targets) {
             std::vector<Output> f = outputs_from_python(fetches), k = outputs_from_python(feed_keys);
             return s.plan(f, k, targets);
           },
           "The cached plan for these fetches ((node, index) pairs), feed keys and target nodes.")
      .def("close", &Session::close)
      .def_prop_ro("closed", &Session::closed)
      .def_prop_ro("plans_compiled", &Session::plans_compiled);

  m.def("compile_plan",
        [](const Graph& graph, nb::handle fetches, nb::handle feed_keys, std::vector<int> targets) {
          std::vector<Output> f = outputs_from_python(fetches), k = outputs_from_python(feed_keys);
          // No run counter: each stateful node's steps count their own runs,
          // which is one count per node here (one plan per trace).
          return std::shared_ptr<const Plan>(compile_plan(graph, f, k, targets));
        },
        "A new plan for these fetches ((node, index) pairs), feed keys and target nodes "
        "(not cached; a graph's own variables are refused: only a Session holds them).");
  m.def("static_value",
        [](const Graph& graph, int node, int index) { return static_value(graph, {node, index}); },
        "The value of output (node, index) as an ndarray when it needs no feed and no state "
        "(the planner folds it), else None.");
}

}  // namespace kiln::python
