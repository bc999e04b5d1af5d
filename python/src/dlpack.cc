// DLPack exchange. Export (t.__dlpack__) and import (kiln.from_dlpack) both
// go through nanobind's ndarray, which implements the versioned and the
// legacy DLPack protocols; this file only maps kiln's types onto it.
#include <nanobind/ndarray.h>

#include <string>
#include <vector>

#include "bindings.h"
#include "kiln/error.h"

namespace kiln::python {
namespace {

using ROArray = nb::ndarray<nb::ro>;

nb::dlpack::dtype to_dlpack(DType d) {
  using nb::dlpack::dtype_code;
  dtype_code code;
  switch (d.kind()) {
    case DTypeKind::kBool: code = dtype_code::Bool; break;
    case DTypeKind::kSigned: code = dtype_code::Int; break;
    case DTypeKind::kUnsigned: code = dtype_code::UInt; break;
    case DTypeKind::kComplex: code = dtype_code::Complex; break;
    default: code = d == bfloat16 ? dtype_code::Bfloat : dtype_code::Float; break;
  }
  return {static_cast<uint8_t>(code), static_cast<uint8_t>(d.size() * 8), 1};
}

std::optional<DType> from_dlpack_dtype(nb::dlpack::dtype t) {
  using nb::dlpack::dtype_code;
  if (t.lanes != 1) return std::nullopt;
  for (int i = 0; i < kNumDTypes; ++i) {
    DType d(static_cast<DTypeCode>(i));
    nb::dlpack::dtype e = to_dlpack(d);
    if (e.code == t.code && e.bits == t.bits) return d;
  }
  return std::nullopt;
}

// A read-only nanobind ndarray over t's memory, owned by the Python object `owner`.
nb::object as_ndarray(const Tensor& t, nb::handle owner) {
  const Array& a = t.array();
  int64_t itemsize = static_cast<int64_t>(a.dtype().size());
  std::vector<size_t> shape(a.dims().begin(), a.dims().end());
  std::vector<int64_t> strides(a.strides().size());
  for (size_t i = 0; i < strides.size(); ++i) strides[i] = a.strides()[i] / itemsize;
  // The array_api framework makes nanobind return its own array object, whose
  // __dlpack__ implements max_version, dl_device and copy.
  nb::ndarray<nb::ro, nb::array_api> nd(const_cast<void*>(a.data()), shape.size(), shape.data(),
                                        owner, strides.data(), to_dlpack(a.dtype()),
                                        nb::device::cpu::value, 0);
  return nb::cast(nd, nb::rv_policy::reference);
}

nb::object dlpack_export(nb::handle self, nb::object stream, nb::object max_version,
                         nb::object dl_device, nb::object copy) {
  const Tensor& t = nb::cast<const Tensor&>(self);
  nb::object owner = nb::borrow(self);
  const Array& a = t.array();
  bool strides_whole = true;
  for (int64_t s : a.strides()) strides_whole &= s % static_cast<int64_t>(a.dtype().size()) == 0;
  bool must_copy = copy.is_valid() && !copy.is_none() && nb::cast<bool>(copy);
  if (!strides_whole && !copy.is_none() && !must_copy) {
    throw nb::buffer_error("__dlpack__(copy=False): this tensor's strides are not whole elements, "
                           "so DLPack cannot describe it without a copy.");
  }
  if (must_copy || !strides_whole) owner = wrap(Tensor(t.array().copy()));  // C-contiguous
  nb::object nd = as_ndarray(nb::cast<const Tensor&>(owner), owner);
  return nd.attr("__dlpack__")(nb::arg("stream") = stream, nb::arg("max_version") = max_version,
                               nb::arg("dl_device") = dl_device);
}

// Keeps an imported DLPack tensor alive for as long as kiln uses its memory.
struct HeldNdarray {
  ROArray nd;
  ~HeldNdarray() {
    if (!nb::is_alive()) return;
    nb::gil_scoped_acquire gil;  // the producer's deleter may touch Python objects
    nd = ROArray();
  }
};

Tensor dlpack_import(ROArray nd) {
  if (nd.device_type() != nb::device::cpu::value) {
    throw InvalidArgumentError("[from_dlpack] The tensor lives on DLPack device type " +
                               std::to_string(nd.device_type()) +
                               "; kiln runs on the CPU. Move it to the CPU first.");
  }
  auto dtype = from_dlpack_dtype(nd.dtype());
  if (!dtype) {
    throw TypeError("[from_dlpack] DLPack dtype (code " + std::to_string(nd.dtype().code) +
                    ", " + std::to_string(nd.dtype().bits) + " bits, " +
                    std::to_string(nd.dtype().lanes) + " lanes) has no kiln dtype.");
  }
  int64_t itemsize = static_cast<int64_t>(dtype->size());
  Dims dims(nd.ndim());
  Strides strides(nd.ndim());
  // A producer's shape and strides are outside input: check them.
  bool overflow = false;
  for (size_t i = 0; i < nd.ndim(); ++i) {
    dims[i] = static_cast<int64_t>(nd.shape(i));
    std::optional<int64_t> bytes = checked_mul(nd.stride(i), itemsize);
    overflow |= !bytes || dims[i] < 0;
    strides[i] = bytes.value_or(0);
  }
  std::optional<ByteExtent> ext = overflow ? std::nullopt : byte_extent(dims, strides, itemsize);
  if (!ext) {
    throw InvalidArgumentError("[from_dlpack] The tensor's shape and strides address more bytes "
                               "than fit in 64 bits; it cannot be a real array.");
  }
  int64_t lo = ext->lo, hi = ext->hi;
  char* base = static_cast<char*>(const_cast<void*>(nd.data())) + lo;
  bool odd_bools = *dtype == bool_ && has_non_bool_bytes(base, static_cast<size_t>(hi - lo));
  auto* held = new HeldNdarray{std::move(nd)};
  Buffer buffer = Buffer::adopt(base, static_cast<size_t>(hi - lo), [held](void*) { delete held; });
  Array shared = Array::view_of(std::move(buffer), *dtype, Shape(std::move(dims)),
                               std::move(strides), -lo);
  if (odd_bools) {
    // Bytes other than 0 and 1 are not kiln bools: this one case is copied.
    Array copy = shared.copy();
    normalize_bool_bytes(copy.mutable_data(), static_cast<size_t>(copy.nbytes()));
    return Tensor(std::move(copy));
  }
  return Tensor(std::move(shared));
}

}  // namespace

void bind_dlpack(nb::module_& m) {
  nb::object cls = m.attr("EagerTensor");
  cls.attr("__dlpack__") = nb::cpp_function(
      &dlpack_export, nb::scope(cls), nb::name("__dlpack__"), nb::is_method(),
      nb::kw_only(), nb::arg("stream") = nb::none(), nb::arg("max_version") = nb::none(),
      nb::arg("dl_device") = nb::none(), nb::arg("copy") = nb::none(),
      "A DLPack capsule sharing this tensor's memory (read-only). copy=True exports a copy.");
  cls.attr("__dlpack_device__") = nb::cpp_function(
      [](nb::handle) { return nb::make_tuple(1, 0); }, nb::scope(cls),
      nb::name("__dlpack_device__"), nb::is_method(), "(kDLCPU, 0): kiln tensors live on the CPU.");
  m.def("_from_dlpack", &dlpack_import, nb::arg("x"));
}

}  // namespace kiln::python
