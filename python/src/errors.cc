// Turns kiln::Error into the Python classes of kiln.errors. The classes are
// defined in Python (kiln/errors.py, to mirror TensorFlow's); that module
// registers them here at import time.
#include <array>

#include "bindings.h"
#include "kiln/error.h"

namespace kiln::python {
namespace {

// Python classes by ErrorCode value; filled by _register_error_classes.
std::array<PyObject*, 16> g_classes{};

PyObject* class_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kTypeError: return PyExc_TypeError;
    case ErrorCode::kValueError: return PyExc_ValueError;
    case ErrorCode::kLookupError: return PyExc_LookupError;
    default: break;
  }
  auto i = static_cast<size_t>(code);
  if (i < g_classes.size() && g_classes[i]) return g_classes[i];
  return PyExc_RuntimeError;  // only before kiln.errors is imported
}

}  // namespace

void set_python_error(ErrorCode code, const char* message) {
  PyObject* cls = class_for(code);
  if (cls == PyExc_TypeError || cls == PyExc_ValueError || cls == PyExc_LookupError ||
      cls == PyExc_RuntimeError) {
    PyErr_SetString(cls, message);
    return;
  }
  // kiln.errors.OpError(node_def, op, message), as TF's constructors take.
  PyObject* args = Py_BuildValue("(OOs)", Py_None, Py_None, message);
  if (args) {
    PyErr_SetObject(cls, args);
    Py_DECREF(args);
  }
}

void bind_errors(nb::module_& m) {
  m.def("_register_error_classes", [](nb::dict classes) {
    for (auto [code, cls] : classes) {
      auto i = nb::cast<size_t>(code);
      if (i >= g_classes.size()) throw nb::value_error("error code out of range");
      Py_XDECREF(g_classes[i]);
      g_classes[i] = Py_NewRef(cls.ptr());  // kept for the life of the process
    }
  });
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const Error& e) {
      set_python_error(e.code(), e.what());
    }
  });
}

}  // namespace kiln::python
