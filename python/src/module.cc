// kiln._core: the compiled half of the kiln Python package.
#include <cstdlib>

#include "bindings.h"
#include "core/parallel.h"

NB_MODULE(_core, m) {
  using namespace kiln::python;
  m.doc() = "kiln's C++ core. Use the `kiln` package, not this module.";
  // nanobind reports objects still alive at interpreter exit. A program that
  // ends with an uncaught exception keeps tensors alive in its traceback, so
  // users would see false alarms; kiln's leak tests set KILN_LEAK_WARNINGS=1.
  const char* leaks = std::getenv("KILN_LEAK_WARNINGS");
  nanobind::set_leak_warnings(leaks != nullptr && leaks[0] == '1');
  bind_errors(m);
  bind_tensor(m);
  bind_from_python(m);
  bind_dlpack(m);
  bind_io(m);
  bind_ops(m);
  bind_python_scalar(m);
  bind_numpy_api(m);
  bind_graph(m);
  bind_control_flow(m);
  bind_session(m);
  bind_host_function(m);
  bind_interrupt(m);
  bind_variable(m);
  bind_gradient(m);
  bind_data(m);
  // kiln.config.threading: the size of kiln's one pool (src/core/parallel.h).
  m.def("_num_threads", &kiln::num_threads);
  m.def("_set_num_threads", &kiln::set_num_threads);
  // How many independent branches of a plan run at once (1: one at a time).
  m.def("_set_inter_op_threads", &kiln::set_inter_op_threads);
}
