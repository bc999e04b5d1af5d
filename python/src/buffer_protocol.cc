// The buffer protocol of EagerTensor: memoryview(t) and np.asarray(t) see the
// tensor's own memory, read-only, with no copy. The view holds a reference to
// the tensor object, so the memory stays valid after the user's last
// reference to the tensor is gone.
#include <cstring>

#include "bindings.h"

namespace kiln::python {
namespace {

static_assert(sizeof(Py_ssize_t) == sizeof(int64_t),
              "shape and strides are handed to Python without conversion");

// PEP 3118 format characters (native byte order and size).
const char* buffer_format(DType dtype) {
  switch (dtype.code()) {
    case DTypeCode::kBool: return "?";
    case DTypeCode::kInt8: return "b";
    case DTypeCode::kInt16: return "h";
    case DTypeCode::kInt32: return "i";
    case DTypeCode::kInt64: return sizeof(long) == 8 ? "l" : "q";
    case DTypeCode::kUInt8: return "B";
    case DTypeCode::kUInt16: return "H";
    case DTypeCode::kUInt32: return "I";
    case DTypeCode::kUInt64: return sizeof(long) == 8 ? "L" : "Q";
    case DTypeCode::kFloat16: return "e";
    case DTypeCode::kFloat32: return "f";
    case DTypeCode::kFloat64: return "d";
    case DTypeCode::kComplex64: return "Zf";
    case DTypeCode::kComplex128: return "Zd";
    case DTypeCode::kBFloat16: return nullptr;  // no PEP 3118 code exists
  }
  return nullptr;
}

int fail(const char* message) {
  PyErr_SetString(PyExc_BufferError, message);
  return -1;
}

}  // namespace

int tensor_getbuffer(PyObject* self, Py_buffer* view, int flags) {
  Tensor* t = nb::inst_ptr<Tensor>(self);
  const Array& a = t->array();
  if ((flags & PyBUF_WRITABLE) == PyBUF_WRITABLE) {
    return fail("kiln tensors are immutable, so their buffer is read-only; "
                "use t.numpy() for a writable copy.");
  }
  const char* format = buffer_format(a.dtype());
  if (!format) {
    return fail("bfloat16 has no buffer-protocol format; use np.asarray(t), which returns an "
                "ml_dtypes.bfloat16 array, or cast the tensor to float32 first.");
  }
  bool c_contig = a.is_c_contiguous();
  bool wants_strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES;
  if (!c_contig) {
    bool wants_c = (flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS;
    bool wants_f = (flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS;
    bool wants_any = (flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS;
    bool f_contig = a.is_f_contiguous();
    if (!wants_strides || wants_c || (wants_f && !f_contig) || (wants_any && !f_contig)) {
      return fail("This kiln tensor is a strided view and the consumer asked for contiguous "
                  "memory; pass t.numpy() (a contiguous copy) instead.");
    }
  }
  view->buf = const_cast<void*>(a.data());
  view->obj = Py_NewRef(self);
  view->len = static_cast<Py_ssize_t>(a.nbytes());
  view->itemsize = static_cast<Py_ssize_t>(a.dtype().size());
  view->readonly = 1;
  view->ndim = static_cast<int>(a.ndim());
  view->format = (flags & PyBUF_FORMAT) ? const_cast<char*>(format) : nullptr;
  // The tensor is immutable and outlives the view, so its own shape and
  // stride arrays can be lent.
  bool wants_shape = (flags & PyBUF_ND) == PyBUF_ND;
  view->shape = wants_shape ? const_cast<Py_ssize_t*>(
                                  reinterpret_cast<const Py_ssize_t*>(a.dims().data()))
                            : nullptr;
  view->strides = wants_strides ? const_cast<Py_ssize_t*>(
                                      reinterpret_cast<const Py_ssize_t*>(a.strides().data()))
                                : nullptr;
  view->suboffsets = nullptr;
  view->internal = nullptr;
  return 0;
}

}  // namespace kiln::python
