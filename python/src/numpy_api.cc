// NumPy arrays made directly through NumPy's C API. This is the fast path for
// t.numpy() and np views of tensors: no Python-level calls, no format strings.
// (np.asarray(t) itself goes through the buffer protocol: buffer_protocol.cc.)
#define PY_ARRAY_UNIQUE_SYMBOL kiln_numpy_api
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <cstring>

#include "bindings.h"
#include "kiln/error.h"

namespace kiln::python {
namespace {

PyArray_Descr* g_bfloat16 = nullptr;  // ml_dtypes.bfloat16's descr, set at import

// A new reference to the NumPy descr of dtype.
PyArray_Descr* descr_of(DType dtype) {
  int type = NPY_NOTYPE;
  switch (dtype.code()) {
    case DTypeCode::kBool: type = NPY_BOOL; break;
    case DTypeCode::kInt8: type = NPY_INT8; break;
    case DTypeCode::kInt16: type = NPY_INT16; break;
    case DTypeCode::kInt32: type = NPY_INT32; break;
    case DTypeCode::kInt64: type = NPY_INT64; break;
    case DTypeCode::kUInt8: type = NPY_UINT8; break;
    case DTypeCode::kUInt16: type = NPY_UINT16; break;
    case DTypeCode::kUInt32: type = NPY_UINT32; break;
    case DTypeCode::kUInt64: type = NPY_UINT64; break;
    case DTypeCode::kFloat16: type = NPY_FLOAT16; break;
    case DTypeCode::kFloat32: type = NPY_FLOAT32; break;
    case DTypeCode::kFloat64: type = NPY_FLOAT64; break;
    case DTypeCode::kComplex64: type = NPY_COMPLEX64; break;
    case DTypeCode::kComplex128: type = NPY_COMPLEX128; break;
    case DTypeCode::kBFloat16:
      if (!g_bfloat16) throw InternalError("ml_dtypes.bfloat16 was not registered with kiln");
      Py_INCREF(g_bfloat16);
      return g_bfloat16;
  }
  return PyArray_DescrFromType(type);
}

static_assert(sizeof(npy_intp) == sizeof(int64_t), "dims and strides are lent to NumPy");

npy_intp* intp(const Dims& v) {
  return const_cast<npy_intp*>(reinterpret_cast<const npy_intp*>(v.data()));
}

// A read-only ndarray over t's memory; `owner` (the tensor object) is its base.
nb::object numpy_view(nb::handle owner) {
  const Array& a = nb::cast<const Tensor&>(owner).array();
  PyObject* arr = PyArray_NewFromDescr(&PyArray_Type, descr_of(a.dtype()),
                                       static_cast<int>(a.ndim()), intp(a.dims()),
                                       intp(a.strides()), const_cast<void*>(a.data()),
                                       /*flags=*/0, nullptr);  // 0: not writeable
  if (!arr) throw nb::python_error();
  // Contiguity and alignment as NumPy computes them (adopted memory may be unaligned).
  PyArray_UpdateFlags(reinterpret_cast<PyArrayObject*>(arr), NPY_ARRAY_UPDATE_ALL);
  if (PyArray_SetBaseObject(reinterpret_cast<PyArrayObject*>(arr), Py_NewRef(owner.ptr())) != 0) {
    Py_DECREF(arr);
    throw nb::python_error();
  }
  return nb::steal(arr);
}

nb::object numpy_copy_of(const Array& a);

// A new, writable, C-contiguous NumPy array with a copy of t's values; a
// NumPy scalar for rank 0 (as TF's .numpy()).
nb::object numpy_copy(const Tensor& t) { return numpy_copy_of(t.array()); }

nb::object numpy_copy_of(const Array& a) {
  PyObject* arr = PyArray_NewFromDescr(&PyArray_Type, descr_of(a.dtype()),
                                       static_cast<int>(a.ndim()), intp(a.dims()), nullptr,
                                       nullptr, 0, nullptr);
  if (!arr) throw nb::python_error();
  auto* pa = reinterpret_cast<PyArrayObject*>(arr);
  Buffer target = Buffer::adopt(PyArray_DATA(pa), static_cast<size_t>(a.nbytes()), nullptr);
  Array out = Array::view_of(target, a.dtype(), a.shape(), Array::contiguous_strides(a.dtype(), a.shape()));
  if (a.nbytes() >= (1 << 20)) {
    nb::gil_scoped_release unlocked;  // the new array is ours until we return it
    copy_elements(a, out);
  } else {
    copy_elements(a, out);
  }
  if (a.ndim() == 0) return nb::steal(PyArray_Return(pa));  // steals arr
  return nb::steal(arr);
}

}  // namespace

nb::object numpy_result(Array a) {
  // Zero-copy only when nobody else can see the memory: kiln allocated it (a
  // fed NumPy array is borrowed, never owned) and this is its one reference.
  if (!a.buffer().owned() || a.buffer().use_count() != 1 || !a.is_c_contiguous()) {
    return numpy_copy_of(a);
  }
  PyObject* arr = PyArray_NewFromDescr(&PyArray_Type, descr_of(a.dtype()),
                                       static_cast<int>(a.ndim()), intp(a.dims()),
                                       intp(a.strides()), a.mutable_data(), NPY_ARRAY_WRITEABLE,
                                       nullptr);
  if (!arr) throw nb::python_error();
  PyArray_UpdateFlags(reinterpret_cast<PyArrayObject*>(arr), NPY_ARRAY_UPDATE_ALL);
  // The array's base is a capsule that owns the buffer.
  auto* owner = new Buffer(a.buffer());
  PyObject* capsule = PyCapsule_New(owner, "kiln.Buffer", [](PyObject* c) {
    delete static_cast<Buffer*>(PyCapsule_GetPointer(c, "kiln.Buffer"));
  });
  if (!capsule) {
    delete owner;
    Py_DECREF(arr);
    throw nb::python_error();
  }
  if (PyArray_SetBaseObject(reinterpret_cast<PyArrayObject*>(arr), capsule) != 0) {
    Py_DECREF(arr);
    throw nb::python_error();
  }
  if (a.ndim() == 0) return nb::steal(PyArray_Return(reinterpret_cast<PyArrayObject*>(arr)));
  return nb::steal(arr);
}

void bind_numpy_api(nb::module_& m) {
  if (_import_array() < 0) throw nb::python_error();
  nb::object cls = m.attr("EagerTensor");
  cls.attr("numpy") = nb::cpp_function(
      &numpy_copy, nb::scope(cls), nb::name("numpy"), nb::is_method(),
      "A writable NumPy copy of the value (a NumPy scalar for a rank-0 tensor), as TF's .numpy().");
  cls.attr("_view") = nb::cpp_function(
      &numpy_view, nb::scope(cls), nb::name("_view"), nb::is_method(),
      "A read-only ndarray over this tensor's memory (no copy); it keeps the tensor alive.");
  m.def("_register_bfloat16", [](nb::handle dtype) {
    PyArray_Descr* d = nullptr;
    if (!PyArray_DescrConverter(dtype.ptr(), &d)) throw nb::python_error();
    Py_XDECREF(g_bfloat16);
    g_bfloat16 = d;  // kept for the life of the process
  });
}

}  // namespace kiln::python
