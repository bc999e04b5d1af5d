// EagerTensor: the Python type of a concrete kiln tensor. The C++ side holds
// what must be fast (shape, dtype code, buffer protocol, views); the Python
// side (kiln/_eager_tensor.py) adds TF's conveniences on top.
#include <nanobind/stl/string.h>

#include "bindings.h"
#include "kiln/error.h"

namespace kiln::python {
namespace {

PyType_Slot g_tensor_slots[] = {
    {Py_bf_getbuffer, reinterpret_cast<void*>(tensor_getbuffer)},
    {0, nullptr},
};

nb::tuple shape_tuple(const Tensor& t) {
  const Dims& d = t.shape().dims();
  PyObject* tup = PyTuple_New(static_cast<Py_ssize_t>(d.size()));
  if (!tup) throw nb::python_error();
  for (size_t i = 0; i < d.size(); ++i) {
    PyTuple_SET_ITEM(tup, static_cast<Py_ssize_t>(i), PyLong_FromLongLong(d[i]));
  }
  return nb::steal<nb::tuple>(tup);
}

}  // namespace

nb::object wrap(Tensor t) { return nb::cast(std::move(t), nb::rv_policy::move); }

void bind_tensor(nb::module_& m) {
  nb::class_<Tensor>(m, "EagerTensor", nb::type_slots(g_tensor_slots),
                     "A concrete tensor: immutable numbers in memory.")
      .def_prop_ro("_dtype_code", [](const Tensor& t) { return static_cast<int>(t.dtype().code()); })
      .def_prop_ro("_shape_tuple", &shape_tuple)
      .def_prop_ro("ndim", &Tensor::ndim, "The number of dimensions (the rank).")
      .def_prop_ro("_size", &Tensor::size)
      .def_prop_ro("_data_ptr",
                   [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.array().data()); })
      .def_prop_ro("_is_c_contiguous", [](const Tensor& t) { return t.array().is_c_contiguous(); })
      .def_prop_ro("_adopted", [](const Tensor& t) { return !t.array().buffer().owned(); },
                   "Whether the data lives in memory kiln adopted (e.g. a NumPy array's).")
      .def("__len__",
           [](const Tensor& t) {
             if (t.ndim() == 0) throw TypeError("Scalar tensor has no `len()`");
             return t.shape().dims()[0];
           })
      .def("_index", [](const Tensor& t, int64_t i) { return Tensor(t.array().index(i)); });

  m.def("_allocated_bytes", &allocated_bytes, "Bytes held by buffers kiln allocated.");
  m.def("_release_cached_memory", &release_cached_memory,
        "Returns the freed blocks of 1 MiB and more that kiln keeps for reuse to the system.");
}

}  // namespace kiln::python
