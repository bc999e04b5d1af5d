#include "interrupt.h"

#include <nanobind/stl/string.h>
#include <pythread.h>

#include "kiln/error.h"

namespace kiln::python {
namespace {

unsigned long g_main_thread = 0;  // threading.main_thread().ident, read at import

// The kept exception (type, value, traceback), owned references; set and
// consumed with the GIL held, on the thread that runs the plan.
struct KeptException {
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* traceback = nullptr;
};
thread_local KeptException t_kept;

bool python_signal_raised() {
  nb::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  keep_python_exception();
  return true;
}

}  // namespace

RunOptions interrupt_options() {
  RunOptions options;
  if (PyThread_get_thread_ident() == g_main_thread) options.poll = &python_signal_raised;
  return options;
}

void keep_python_exception() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  // Only the first exception of a run is kept (a later one would replace the cause).
  if (t_kept.type) {
    Py_XDECREF(type), Py_XDECREF(value), Py_XDECREF(traceback);
    return;
  }
  t_kept = {type, value, traceback};
}

void raise_kept_python_exception() {
  if (!t_kept.type) return;
  PyErr_Restore(t_kept.type, t_kept.value, t_kept.traceback);
  t_kept = {};
  throw nb::python_error();
}

std::string callback_error_message(nb::python_error& e, bool with_type) {
  if (!e.matches(PyExc_Exception)) {
    e.restore();
    keep_python_exception();
    throw CancelledError("The callback was interrupted.");
  }
  nb::handle value = e.value();
  std::string message = nb::hasattr(value, "message")
                            ? nb::cast<std::string>(nb::str(value.attr("message")))
                            : nb::cast<std::string>(nb::str(value));
  if (!with_type) return message;
  return nb::cast<std::string>(nb::handle(e.type()).attr("__name__")) + ": " + message;
}

void bind_interrupt(nb::module_&) {
  g_main_thread = nb::cast<unsigned long>(
      nb::module_::import_("threading").attr("main_thread")().attr("ident"));
}

}  // namespace kiln::python
