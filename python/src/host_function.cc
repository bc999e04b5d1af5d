// The runner of numpy_function nodes: takes the GIL (plans run without it),
// hands the inputs to Python's dispatcher (python/kiln/_numpy_function.py) as
// eager tensors, and takes back eager tensors of the output dtypes. A Python
// Exception becomes a kiln error carrying its message; KeyboardInterrupt and
// SystemExit stop the run and reach the caller unchanged (interrupt.h).
#include <nanobind/stl/string.h>

#include "bindings.h"
#include "interrupt.h"
#include "kiln/error.h"
#include "runtime/host_function.h"

namespace kiln::python {
namespace {

PyObject* g_dispatcher = nullptr;  // kept for the life of the process

Arrays run_python(int64_t id, std::span<const Array> inputs, std::span<const TensorSpec>) {
  if (!nb::is_alive()) throw FailedPreconditionError("[numpy_function] Python has shut down.");
  nb::gil_scoped_acquire gil;
  std::string message;
  try {
    nb::list args;
    for (const Array& a : inputs) args.append(wrap(Tensor(a)));
    nb::object results = nb::handle(g_dispatcher)(id, args);
    Arrays out;
    for (nb::handle r : results) out.push_back(nb::cast<const Tensor&>(r).array());
    return out;
  } catch (nb::python_error& e) {
    message = callback_error_message(e, false);
  }
  throw InvalidArgumentError(message);
}

}  // namespace

void bind_host_function(nb::module_& m) {
  m.def("_set_host_dispatcher", [](nb::object dispatcher) {
    Py_XDECREF(g_dispatcher);
    g_dispatcher = dispatcher.release().ptr();
    set_host_function_runner(&run_python);
  }, "The Python function that runs numpy_function callbacks: dispatcher(id, tensors) -> tensors.");
}

}  // namespace kiln::python
