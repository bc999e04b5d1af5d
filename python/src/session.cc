// kiln._core.Session and Plan: what kiln.compat.v1.Session runs. Python
// resolves fetches and feeds to (node, index) pairs; a plan runs with the GIL
// released, so many Python threads can run one session at once. Also the
// planner itself: compile_plan (a traced function's one plan).
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <boost/container/small_vector.hpp>

#include "bindings.h"
#include "interrupt.h"
#include "kiln/session.h"
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
}

}  // namespace kiln::python
