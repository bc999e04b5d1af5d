// Shared declarations of the nanobind module kiln._core: each file binds one
// area and registers it from module.cc.
#pragma once

#include <nanobind/nanobind.h>

#include <vector>

#include "kiln/graph.h"
#include "kiln/tensor.h"
#include "ops/gradient.h"
#include "ops/op_def.h"

namespace kiln::python {

namespace nb = nanobind;

// Calls on fewer elements than this keep the GIL: releasing and taking it
// back costs more than small kernels take.
inline constexpr int64_t kReleaseGilElements = 1 << 15;

void bind_errors(nb::module_& m);
void bind_tensor(nb::module_& m);
void bind_from_python(nb::module_& m);
void bind_dlpack(nb::module_& m);
void bind_io(nb::module_& m);
void bind_ops(nb::module_& m);
void bind_python_scalar(nb::module_& m);
void bind_numpy_api(nb::module_& m);
void bind_graph(nb::module_& m);
void bind_control_flow(nb::module_& m);
void bind_session(nb::module_& m);
void bind_host_function(nb::module_& m);
void bind_interrupt(nb::module_& m);
void bind_variable(nb::module_& m);
void bind_gradient(nb::module_& m);
void bind_data(nb::module_& m);

// The buffer-protocol slots of EagerTensor (buffer_protocol.cc).
int tensor_getbuffer(PyObject* self, Py_buffer* view, int flags);

// Raises a Python exception of the kiln.errors class for code (or
// TypeError/ValueError), with message; used where a C++ throw cannot be.
void set_python_error(ErrorCode code, const char* message);

// A Session result as NumPy wants it: a writable ndarray (a NumPy scalar for
// rank 0) sharing a's memory when nothing else can see it, a copy otherwise.
nb::object numpy_result(Array a);

// The registry op with this handle (InternalError for a bad one), and its
// attributes converted from a Python tuple by the types the op declares.
const OpDef& op_at(int index);
Attrs to_attrs(const OpDef& op, nb::handle attr_values);
// The same where an attribute may be given by a symbolic tensor: unknown[i]
// is set for those, whose value is a stand-in (gradient records).
Attrs to_attrs_partial(const OpDef& op, nb::handle attr_values, AttrFlags& unknown);
// _core.execute: runs op `index` eagerly, or adds a graph node, and passes
// it to the recording gradient tapes.
nb::object execute_op(int index, nb::tuple inputs, nb::tuple attr_values, nb::handle name);
// An attribute value as Python passes it to execute_op.
nb::object attr_to_python(const AttrValue& v);

// Graph outputs from a Python iterable of (node, index) pairs.
std::vector<Output> outputs_from_python(nb::handle pairs);

// The Python type of kiln tensors, and making one from a C++ Tensor.
nb::object wrap(Tensor t);

// Shapes as Python sees them: a list of ints and Nones, or None for an unknown rank.
nb::object shape_to_python(const Shape& shape);
Shape shape_from_python(nb::handle shape);
// InternalError for a code no DType has (the Python side passes dtype._code).
DType dtype_from_code(int code);

}  // namespace kiln::python
