// kiln._core.Variable: the C++ Variable (kiln/variable.h) for the Python
// layer (python/kiln/variables.py builds kiln.Variable on top). Every
// update goes through apply_variable_op, the function graphs use too, with
// the GIL released so other threads run while a large assign computes.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "bindings.h"
#include "kiln/variable.h"
#include "ops/variable_ops.h"

namespace kiln::python {

void bind_variable(nb::module_& m) {
  nb::class_<Variable>(m, "Variable", "A named, mutable tensor (see kiln/variable.h).")
      .def("__init__",
           [](Variable* self, const Tensor& value, const std::string& name, nb::handle shape,
              bool has_shape) {
             std::optional<Shape> declared;
             if (has_shape) declared = shape_from_python(shape);
             new (self) Variable(value.array(), name, std::move(declared));
           },
           nb::arg("value"), nb::arg("name"), nb::arg("shape").none(), nb::arg("has_shape"))
      .def_prop_ro("name", &Variable::name)
      .def_prop_ro("dtype_code", [](const Variable& v) { return static_cast<int>(v.dtype().code()); })
      .def_prop_ro("shape", [](const Variable& v) { return shape_to_python(v.shape()); })
      .def_prop_ro("initialized", &Variable::initialized)
      .def_prop_ro("id", [](const Variable& v) { return reinterpret_cast<uintptr_t>(v.id()); })
      .def("read", [](const Variable& v) { return Tensor(v.read()); })
      .def("assign", [](Variable& v, const Tensor& value) {
             nb::gil_scoped_release unlocked;
             v.assign(value.array());
           })
      .def("update",
           [](const Variable& v, int op_index, const Tensor& x) {
             const Array in[] = {x.array()};
             if (x.size() < kReleaseGilElements) {
               apply_variable_op(v, op_at(op_index), in);
             } else {
               nb::gil_scoped_release unlocked;
               apply_variable_op(v, op_at(op_index), in);
             }
           },
           "apply() of a one-input op, returning nothing (the eager assign_add's fast path).")
      .def("apply",
           [](const Variable& v, int op_index, nb::args inputs) {
             const OpDef& op = op_at(op_index);
             Arrays arrays;
             int64_t work = 0;
             for (nb::handle h : inputs) {
               arrays.push_back(nb::cast<const Tensor&>(h).array());
               work += arrays.back().size();
             }
             Arrays out;
             if (work < kReleaseGilElements) {
               out = apply_variable_op(v, op, as_span(arrays));
             } else {
               nb::gil_scoped_release unlocked;
               out = apply_variable_op(v, op, as_span(arrays));
             }
             return Tensor(std::move(out[0]));
           },
           "Applies a variable op (assign_add_variable, ...) to this variable with the given "
           "tensors; returns the value the op gives.");
}

}  // namespace kiln::python
