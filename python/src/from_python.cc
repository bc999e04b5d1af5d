// Tensors from Python objects that expose the buffer protocol (NumPy arrays
// above all). An immutable source that is C-contiguous, 64-byte aligned and in
// native byte order is adopted without a copy; anything else is copied, so a
// later write to the source can never change the tensor.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "bindings.h"
#include "kiln/error.h"

namespace kiln::python {
namespace {

// The kiln dtype of a PEP 3118 format with the given item size, or nullopt.
// Integer widths come from itemsize, so '<l' (4 bytes) and 'l' (8) both work.
std::optional<DType> dtype_of_format(const char* format, Py_ssize_t itemsize, bool* big_endian) {
  std::string_view f = format ? format : "B";
  *big_endian = false;
  if (!f.empty() && (f[0] == '@' || f[0] == '=' || f[0] == '<' || f[0] == '>' || f[0] == '!')) {
    *big_endian = (f[0] == '>' || f[0] == '!');
    f.remove_prefix(1);
  }
  auto sized = [&](DType d1, DType d2, DType d4, DType d8) -> std::optional<DType> {
    switch (itemsize) {
      case 1: return d1;
      case 2: return d2;
      case 4: return d4;
      case 8: return d8;
      default: return std::nullopt;
    }
  };
  if (f.size() == 1) {
    switch (f[0]) {
      case '?': return itemsize == 1 ? std::optional<DType>(bool_) : std::nullopt;
      case 'b': case 'h': case 'i': case 'l': case 'q': case 'n':
        return sized(int8, int16, int32, int64);
      case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N':
        return sized(uint8, uint16, uint32, uint64);
      case 'e': return itemsize == 2 ? std::optional<DType>(float16) : std::nullopt;
      case 'f': return itemsize == 4 ? std::optional<DType>(float32) : std::nullopt;
      case 'd': return itemsize == 8 ? std::optional<DType>(float64) : std::nullopt;
      default: return std::nullopt;
    }
  }
  if (f == "Zf" && itemsize == 8) return complex64;
  if (f == "Zd" && itemsize == 16) return complex128;
  return std::nullopt;
}

// Owns a Py_buffer until the last kiln reference to the memory is gone.
struct HeldView {
  Py_buffer view;
  ~HeldView() {
    if (!nb::is_alive()) return;  // interpreter gone: the memory went with it
    nb::gil_scoped_acquire gil;
    PyBuffer_Release(&view);
  }
};

Tensor from_buffer(nb::handle obj, int dtype_code, bool allow_adopt, const char* op, bool borrow) {
  auto held = std::make_unique<HeldView>();
  if (PyObject_GetBuffer(obj.ptr(), &held->view, PyBUF_RECORDS_RO) != 0) {
    throw nb::python_error();
  }
  Py_buffer& v = held->view;
  bool big_endian = false;
  std::optional<DType> dtype = dtype_of_format(v.format, v.itemsize, &big_endian);
  if (!dtype || big_endian) {
    std::string fmt = v.format ? v.format : "B";
    PyBuffer_Release(&v);
    held.release();
    throw TypeError("[" + std::string(op) + "] Cannot make a tensor from a buffer of format '" +
                    fmt + "'" + (big_endian ? " (big-endian)" : "") +
                    "; kiln supports bool, integer, float and complex elements in native byte "
                    "order. Convert it first, e.g. np.asarray(x, dtype=np.float32).");
  }
  if (dtype_code >= 0) {
    DType as(static_cast<DTypeCode>(dtype_code % kNumDTypes));
    if (dtype_code >= kNumDTypes || as.size() != dtype->size()) {
      PyBuffer_Release(&v);
      held.release();
      throw InvalidArgumentError("[" + std::string(op) + "] cannot view " +
                                 std::string(dtype->name()) + " data as " + std::string(as.name()));
    }
    dtype = as;
  }
  // PyBUF_RECORDS_RO asks for shape and strides; an exporter that gives
  // neither for a multi-dimensional buffer is not one we can read safely.
  Dims dims = v.shape ? Dims(v.shape, v.shape + v.ndim)
                      : Dims{static_cast<int64_t>(v.len / std::max<Py_ssize_t>(v.itemsize, 1))};
  if (v.ndim == 0) dims.clear();
  Shape shape(std::move(dims));
  Strides strides = v.strides && v.shape ? Strides(v.strides, v.strides + v.ndim)
                                         : Array::contiguous_strides(*dtype, shape);
  // The exporter's memory exists, so its extent cannot overflow.
  ByteExtent ext = byte_extent(shape.dims(), strides, v.itemsize).value_or(ByteExtent{});
  int64_t lo = ext.lo, hi = ext.hi;
  char* base = static_cast<char*>(v.buf) + lo;
  size_t span = static_cast<size_t>(hi - lo);
  bool contiguous = PyBuffer_IsContiguous(&v, 'C');
  bool aligned = reinterpret_cast<uintptr_t>(v.buf) % kBufferAlignment == 0;
  bool odd_bools = dtype->is_bool() && has_non_bool_bytes(base, span);
  // A borrowed buffer (a feed of Session.run) is used for one call only, so
  // writable memory may be shared too: the caller copies any result that
  // aliases it (its buffer is not owned by kiln).
  bool item_aligned = reinterpret_cast<uintptr_t>(v.buf) % static_cast<uintptr_t>(v.itemsize) == 0;
  bool adopt = allow_adopt && v.readonly && aligned;
  if ((adopt || (borrow && item_aligned)) && contiguous && !odd_bools) {
    HeldView* owner = held.release();
    Buffer buffer = Buffer::adopt(base, span, [owner](void*) { delete owner; });
    return Tensor(Array::view_of(std::move(buffer), *dtype, shape, std::move(strides), -lo));
  }
  // Copy: borrow the memory for the length of this call only.
  Buffer borrowed = Buffer::adopt(base, span, nullptr);
  Array source = Array::view_of(borrowed, *dtype, shape, std::move(strides), -lo);
  Array copy = Array::empty(*dtype, shape);
  {
    nb::gil_scoped_release unlocked;  // the source stays pinned by the held view
    copy_elements(source, copy);
  }
  if (odd_bools) normalize_bool_bytes(copy.mutable_data(), static_cast<size_t>(copy.size()));
  return Tensor(std::move(copy));
}

}  // namespace

void bind_from_python(nb::module_& m) {
  m.def("_from_buffer", &from_buffer, nb::arg("obj"), nb::arg("dtype_code") = -1,
        nb::arg("allow_adopt") = true, nb::arg("op") = "constant", nb::arg("borrow") = false,
        "A tensor over a buffer-protocol object: adopted without a copy when it is read-only, "
        "C-contiguous and 64-byte aligned, copied otherwise. borrow=True shares any contiguous "
        "buffer (for values used during one call only, such as feeds).");
}

}  // namespace kiln::python
