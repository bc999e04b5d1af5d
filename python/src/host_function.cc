// The runner of numpy_function nodes: takes the GIL (plans run without it),
// hands the inputs to Python's dispatcher (python/kiln/_numpy_function.py) as
// eager tensors, and takes back eager tensors of the output dtypes. A Python
// Exception becomes a kiln error carrying its message (InvalidArgumentError,
// or a kiln.errors.OpError's own class); KeyboardInterrupt and
// SystemExit stop the run and reach the caller unchanged (interrupt.h).
#include <nanobind/stl/string.h>

#include "bindings.h"
#include "interrupt.h"
#include "kiln/error.h"
#include "ops/host_function.h"

namespace kiln::python {
namespace {

PyObject* g_dispatcher = nullptr;  // kept for the life of the process

// A kiln.errors.OpError raised by the function keeps its class (as TF's
// py_func keeps an OpError's code): OutOfRangeError ends a TF1 iterator's
// get_next. Other exceptions, and codes a run must not take as its own
// (cancelled), become `fallback`.
int kiln_error_code(nb::handle value, int fallback) {
  if (!nb::hasattr(value, "error_code")) return fallback;
  nb::object code = value.attr("error_code");
  if (!nb::isinstance<nb::int_>(code)) return fallback;
  switch (static_cast<ErrorCode>(nb::cast<int>(code))) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kOutOfRange:
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kUnimplemented:
    case ErrorCode::kInternal:
      return nb::cast<int>(code);
    default:
      return fallback;
  }
}

Arrays run_python(int64_t id, std::span<const Array> inputs, std::span<const TensorSpec>) {
  if (!nb::is_alive()) throw FailedPreconditionError("[numpy_function] Python has shut down.");
  nb::gil_scoped_acquire gil;
  std::string message;
  int code = static_cast<int>(ErrorCode::kInvalidArgument);
  try {
    nb::list args;
    for (const Array& a : inputs) args.append(wrap(Tensor(a)));
    nb::object results = nb::handle(g_dispatcher)(id, args);
    Arrays out;
    for (nb::handle r : results) out.push_back(nb::cast<const Tensor&>(r).array());
    return out;
  } catch (nb::python_error& e) {
    message = callback_error_message(e, false);
    code = kiln_error_code(e.value(), code);
  }
  throw_error(static_cast<ErrorCode>(code), message);
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
