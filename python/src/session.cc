// kiln._core.Session and Plan: what kiln.compat.v1.Session runs. Python
// resolves fetches and feeds to (node, index) pairs; the C++ Session finds
// (or compiles) the plan in its cache, which runs with the GIL released, so
// many Python threads can run one session at once. Also kiln::Function
// (each trace of a kiln.function) and static_value (kiln.get_static_value, by
// the planner's constant folding).
#include "kiln/session.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <boost/container/small_vector.hpp>

#include "bindings.h"
#include "interrupt.h"
#include "kiln/function.h"
#include "ops/registry.h"
#include "runtime/plan.h"

namespace kiln::python {
namespace {

Arrays run_plan(const Plan& plan, nb::handle feeds) {
  boost::container::small_vector<Array, 4> values;
  for (nb::handle f : feeds) values.push_back(nb::cast<const Tensor&>(f).array());
  return run_interruptible(
      [&](const RunOptions& options) { return plan.run(as_span(values), options); });
}

// A run's result as an EagerTensor. A fed value that comes back is borrowed
// memory (a caller's NumPy array): the tensor gets its own copy, as tensors
// are immutable.
nb::object owned_tensor(Array a) {
  if (!a.buffer().owned()) a = a.copy();
  return wrap(Tensor(std::move(a)));
}

// A traced function's call: the arguments (tensors, one per input) and the
// results as EagerTensors. Function::run checks the count; a call with the
// wrong count may hold other values (Python converts only what it pairs with
// inputs), so a non-tensor gets the count's TypeError first.
nb::list call_function(const Function& f, nb::handle args) {
  boost::container::small_vector<Array, 4> values;
  nb::handle arg;
  try {
    for (nb::handle a : args) {
      arg = a;
      values.push_back(nb::cast<const Tensor&>(a).array());
    }
  } catch (const nb::cast_error&) {
    f.check_argument_count(nb::len(args));
    throw TypeError("A traced function called eagerly takes eager tensors; got a " +
                    nb::cast<std::string>(arg.type().attr("__name__")) +
                    ". (A graph's tensor has a value only when its graph runs: call the function "
                    "while that graph is built, to add its ops there.)");
  }
  Arrays out =
      run_interruptible([&](const RunOptions& options) { return f.run(as_span(values), options); });
  nb::list results;
  for (Array& a : out) results.append(owned_tensor(std::move(a)));
  return results;
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

// Graph outputs from Python (node, index) pairs, with no heap for a few:
// a run's fetches and feed keys, read on every call.
using OutputList = boost::container::small_vector<Output, 4>;

OutputList output_list(nb::handle pairs) {
  OutputList out;
  for (nb::handle item : pairs) {
    auto t = nb::borrow<nb::tuple>(item);
    out.push_back({nb::cast<int>(t[0]), nb::cast<int>(t[1])});
  }
  return out;
}

nb::list numpy_results(Arrays out) {
  nb::list results;
  for (Array& a : out) results.append(numpy_result(std::move(a)));
  return results;
}

}  // namespace

void bind_session(nb::module_& m) {
  nb::class_<Plan>(m, "Plan", "A compiled subgraph: run(feeds) gives the fetches' values.")
      .def(
          "run",
          [](const Plan& plan, nb::handle feeds) { return numpy_results(run_plan(plan, feeds)); },
          "The fetches' values as writable NumPy arrays (scalars for rank 0).")
      .def_prop_ro("num_steps", &Plan::num_steps)
      .def("describe", &Plan::describe,
           "The plan's steps as text (with each planner pass's result when compiled with "
           "KILN_DUMP_PLAN set).")
      .def_prop_ro("peak_bytes", &Plan::peak_bytes,
                   "The most bytes the run's own buffers hold at once, or None when shapes "
                   "are known only when it runs.")
      .def_prop_ro("num_feeds", &Plan::num_feeds)
      .def("feed_spec", [](const Plan& plan, int i) {
        const TensorSpec& s = plan.feed_specs().at(static_cast<size_t>(i));
        return static_cast<int>(s.dtype.code());
      });

  nb::class_<Session>(m, "Session", "A C++ kiln::Session (kiln.compat.v1.Session wraps it).")
      .def(nb::init<Graph>())
      .def(
          "plan",
          [](Session& s, nb::handle fetches, nb::handle feed_keys, std::vector<int> targets) {
            std::vector<Output> f = outputs_from_python(fetches),
                                k = outputs_from_python(feed_keys);
            return s.plan(f, k, targets);
          },
          "The cached plan for these fetches ((node, index) pairs), feed keys and target nodes.")
      .def(
          "run",
          [](Session& s, nb::handle fetches, nb::handle feed_keys, nb::handle feed_values,
             std::vector<int> targets) {
            OutputList f = output_list(fetches), k = output_list(feed_keys);
            return numpy_results(run_plan(*s.plan(as_span(f), as_span(k), targets), feed_values));
          },
          "Runs the cached plan for these fetches ((node, index) pairs), feed keys and target "
          "nodes, compiling it on the first run, with feed_values (tensors, one per key); the "
          "fetches' values as NumPy arrays.")
      .def(
          "run_output",
          [](Session& s, int node, int index, nb::handle feed_keys, nb::handle feed_values) {
            const Output fetch{node, index};
            OutputList k = output_list(feed_keys);
            Arrays out =
                run_plan(*s.plan(std::span<const Output>(&fetch, 1), as_span(k)), feed_values);
            return numpy_result(std::move(out[0]));
          },
          "run() of the one output (node, index) with no targets: its value alone (the "
          "common call, with nothing built but the feed keys).")
      .def("cached_plans", &Session::cached_plans, "The plans cached so far, in no order.")
      .def("close", &Session::close)
      .def_prop_ro("closed", &Session::closed)
      .def_prop_ro("plans_compiled", &Session::plans_compiled);

  nb::class_<Function>(m, "Function",
                       "A C++ kiln::Function: one trace of a kiln.function (ConcreteFunction "
                       "holds one), compiled once.")
      .def(
          "__init__",
          [](Function* f, const Graph& graph, nb::handle inputs, nb::handle outputs,
             std::vector<int> targets, std::string name) {
            new (f) Function(graph, outputs_from_python(inputs), outputs_from_python(outputs),
                             std::move(targets), std::move(name));
          },
          nb::arg("graph"), nb::arg("inputs"), nb::arg("outputs"), nb::arg("targets"),
          nb::arg("name"),
          "The function of `graph` (shared) from placeholders `inputs` to `outputs` ((node, "
          "index) pairs), running `targets` (node ids) on every call; compiled now (a graph's "
          "own variables are refused: only a Session holds them).")
      // No nb::arg: a function without named arguments gets nanobind's faster dispatch.
      .def("call", &call_function,
           "call(args): runs it on `args` (EagerTensors, one per input); the outputs' values "
           "as EagerTensors. TypeError for a wrong number of arguments.")
      .def_prop_ro(
          "plan", [](const Function& f) { return f.plan(); },
          "Its compiled plan, or None when a call runs nothing.");
  m.def(
      "static_value",
      [](const Graph& graph, int node, int index) {
        return static_value(graph, {node, index});
      },
      "The value of output (node, index) as an ndarray when it needs no feed and no state "
      "(the planner folds it), else None.");
}

}  // namespace kiln::python
