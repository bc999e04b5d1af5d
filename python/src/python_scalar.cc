// The fast path for kiln.constant(3), convert_to_tensor(2.5) and the Python
// scalars that meet tensors in ops. It handles the values whose conversion
// is certain and returns None for anything else (out of range, a type that
// does not fit the dtype), which the Python path then reports with TF's errors.
#include <cfloat>
#include <climits>
#include <cmath>
#include <complex>
#include <cstring>
#include <optional>

#include "bindings.h"

namespace kiln::python {
namespace {

template <class V>
Tensor scalar_tensor(DType dtype, V value) {
  Array a = Array::empty(dtype, Shape{});
  visit_dtype(dtype, [&](auto tag) {
    auto v = cast_value<decltype(tag)>(value);
    std::memcpy(a.mutable_data(), &v, sizeof(v));
  });
  return Tensor(std::move(a));
}

// Largest finite value of a floating dtype.
double float_max(DType d) {
  switch (d.code()) {
    case DTypeCode::kFloat16: return 65504.0;
    case DTypeCode::kBFloat16: return 3.3895313892515355e38;
    case DTypeCode::kFloat32: return FLT_MAX;
    default: return DBL_MAX;
  }
}

bool fits_float(double v, DType d) { return !std::isfinite(v) || std::fabs(v) <= float_max(d); }

bool fits_integer(long long v, DType d) {
  switch (d.code()) {
    case DTypeCode::kInt8: return v >= INT8_MIN && v <= INT8_MAX;
    case DTypeCode::kInt16: return v >= INT16_MIN && v <= INT16_MAX;
    case DTypeCode::kInt32: return v >= INT32_MIN && v <= INT32_MAX;
    case DTypeCode::kInt64: return true;
    case DTypeCode::kUInt8: return v >= 0 && v <= UINT8_MAX;
    case DTypeCode::kUInt16: return v >= 0 && v <= UINT16_MAX;
    case DTypeCode::kUInt32: return v >= 0 && v <= UINT32_MAX;
    case DTypeCode::kUInt64: return v >= 0;
    default: return false;
  }
}

std::optional<Tensor> from_scalar(PyObject* v, int code) {
  std::optional<DType> want;
  if (code >= 0 && code < kNumDTypes) want = DType(static_cast<DTypeCode>(code));
  PyTypeObject* type = Py_TYPE(v);
  if (type == &PyBool_Type) {
    bool b = v == Py_True;
    return scalar_tensor(want.value_or(bool_), b);
  }
  if (type == &PyLong_Type) {
    int overflow = 0;
    long long i = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow || (i == -1 && PyErr_Occurred())) {
      PyErr_Clear();
      return std::nullopt;
    }
    if (!want) return scalar_tensor(i >= INT32_MIN && i <= INT32_MAX ? int32 : int64, i);
    if (want->is_integer()) {
      if (!fits_integer(i, *want)) return std::nullopt;
      return scalar_tensor(*want, static_cast<int64_t>(i));
    }
    if (want->is_floating() && !fits_float(static_cast<double>(i), *want)) return std::nullopt;
    if (want->is_bool()) return std::nullopt;
    return scalar_tensor(*want, static_cast<double>(i));
  }
  if (type == &PyFloat_Type) {
    double f = PyFloat_AS_DOUBLE(v);
    DType d = want.value_or(float32);
    if (!(d.is_floating() || d.is_complex()) || !fits_float(f, d)) return std::nullopt;
    return scalar_tensor(d, f);
  }
  if (type == &PyComplex_Type) {
    DType d = want.value_or(complex128);
    if (!d.is_complex()) return std::nullopt;
    Py_complex c = PyComplex_AsCComplex(v);
    return scalar_tensor(d, std::complex<double>(c.real, c.imag));
  }
  return std::nullopt;
}

}  // namespace

void bind_python_scalar(nb::module_& m) {
  m.def("_from_python_scalar", [](nb::handle v, int code) -> nb::object {
    std::optional<Tensor> t = from_scalar(v.ptr(), code);
    return t ? wrap(std::move(*t)) : nb::none();
  }, nb::arg("value"), nb::arg("dtype_code") = -1);
}

}  // namespace kiln::python
