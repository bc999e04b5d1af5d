// Element types. A DType is a one-byte value; its name, size and NumPy
// type string come from one table in src/core/dtype.cc.
#pragma once

#include <algorithm>
#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

enum class DTypeCode : uint8_t {
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat16,
  kBFloat16,
  kFloat32,
  kFloat64,
  kComplex64,
  kComplex128,
};
inline constexpr int kNumDTypes = 15;

enum class DTypeKind : uint8_t { kBool, kSigned, kUnsigned, kFloat, kComplex };

class DType {
 public:
  constexpr DType(DTypeCode code) : code_(code) {}  // NOLINT: implicit on purpose

  constexpr DTypeCode code() const { return code_; }
  std::string_view name() const;  // "float32"
  inline size_t size() const;  // bytes per element
  inline DTypeKind kind() const;
  // NumPy's array-interface type string in little-endian form ("<f4", "|b1").
  // bfloat16 has none (NumPy has no bfloat16): returns "".
  std::string_view numpy_typestr() const;

  bool is_bool() const { return kind() == DTypeKind::kBool; }
  bool is_integer() const { return kind() == DTypeKind::kSigned || kind() == DTypeKind::kUnsigned; }
  bool is_unsigned() const { return kind() == DTypeKind::kUnsigned; }
  bool is_floating() const { return kind() == DTypeKind::kFloat; }
  bool is_complex() const { return kind() == DTypeKind::kComplex; }

  static std::optional<DType> from_name(std::string_view name);
  // Accepts a NumPy type string with any byte-order mark ('<', '>', '|', '=');
  // *swapped is set when the data is big-endian and must be byte-swapped.
  static std::optional<DType> from_numpy_typestr(std::string_view typestr,
                                                 bool* swapped = nullptr);

  friend constexpr bool operator==(DType a, DType b) { return a.code_ == b.code_; }

 private:
  DTypeCode code_;
};

namespace detail {

struct DTypeInfo {
  std::string_view name;
  size_t size;
  DTypeKind kind;
  std::string_view typestr;
};

// Indexed by DTypeCode. The one place that knows names, sizes and typestrs.
inline constexpr std::array<DTypeInfo, kNumDTypes> kDTypeInfo = {{
    {"bool", 1, DTypeKind::kBool, "|b1"},
    {"int8", 1, DTypeKind::kSigned, "|i1"},
    {"int16", 2, DTypeKind::kSigned, "<i2"},
    {"int32", 4, DTypeKind::kSigned, "<i4"},
    {"int64", 8, DTypeKind::kSigned, "<i8"},
    {"uint8", 1, DTypeKind::kUnsigned, "|u1"},
    {"uint16", 2, DTypeKind::kUnsigned, "<u2"},
    {"uint32", 4, DTypeKind::kUnsigned, "<u4"},
    {"uint64", 8, DTypeKind::kUnsigned, "<u8"},
    {"float16", 2, DTypeKind::kFloat, "<f2"},
    {"bfloat16", 2, DTypeKind::kFloat, ""},
    {"float32", 4, DTypeKind::kFloat, "<f4"},
    {"float64", 8, DTypeKind::kFloat, "<f8"},
    {"complex64", 8, DTypeKind::kComplex, "<c8"},
    {"complex128", 16, DTypeKind::kComplex, "<c16"},
}};

// std::array accepts fewer rows than kNumDTypes (the rest are empty): every row
// must be given, and the last one must be the last DTypeCode's.
static_assert(std::all_of(kDTypeInfo.begin(), kDTypeInfo.end(),
                          [](const DTypeInfo& i) { return i.size > 0; }),
              "one row per DTypeCode");
static_assert(kDTypeInfo.back().name == "complex128" &&
                  static_cast<int>(DTypeCode::kComplex128) == kNumDTypes - 1,
              "kDTypeInfo is in DTypeCode order");

}  // namespace detail

// Inline: every array access asks its element size.
inline size_t DType::size() const { return detail::kDTypeInfo[static_cast<size_t>(code_)].size; }
inline DTypeKind DType::kind() const { return detail::kDTypeInfo[static_cast<size_t>(code_)].kind; }

inline constexpr DType bool_{DTypeCode::kBool};
inline constexpr DType int8{DTypeCode::kInt8};
inline constexpr DType int16{DTypeCode::kInt16};
inline constexpr DType int32{DTypeCode::kInt32};
inline constexpr DType int64{DTypeCode::kInt64};
inline constexpr DType uint8{DTypeCode::kUInt8};
inline constexpr DType uint16{DTypeCode::kUInt16};
inline constexpr DType uint32{DTypeCode::kUInt32};
inline constexpr DType uint64{DTypeCode::kUInt64};
inline constexpr DType float16{DTypeCode::kFloat16};
inline constexpr DType bfloat16{DTypeCode::kBFloat16};
inline constexpr DType float32{DTypeCode::kFloat32};
inline constexpr DType float64{DTypeCode::kFloat64};
inline constexpr DType complex64{DTypeCode::kComplex64};
inline constexpr DType complex128{DTypeCode::kComplex128};

// Storage types for the two 16-bit floats, so that they have distinct C++ types.
using half = _Float16;
struct bfloat16_t {
  uint16_t bits;
};
float to_float(bfloat16_t v);
bfloat16_t to_bfloat16(float v);  // round to nearest even, NaN stays NaN

// The DType of a C++ element type: dtype_of<float>() == float32.
template <class T>
constexpr DType dtype_of();
template <> constexpr DType dtype_of<bool>() { return bool_; }
template <> constexpr DType dtype_of<int8_t>() { return int8; }
template <> constexpr DType dtype_of<int16_t>() { return int16; }
template <> constexpr DType dtype_of<int32_t>() { return int32; }
template <> constexpr DType dtype_of<int64_t>() { return int64; }
template <> constexpr DType dtype_of<uint8_t>() { return uint8; }
template <> constexpr DType dtype_of<uint16_t>() { return uint16; }
template <> constexpr DType dtype_of<uint32_t>() { return uint32; }
template <> constexpr DType dtype_of<uint64_t>() { return uint64; }
template <> constexpr DType dtype_of<half>() { return float16; }
template <> constexpr DType dtype_of<bfloat16_t>() { return bfloat16; }
template <> constexpr DType dtype_of<float>() { return float32; }
template <> constexpr DType dtype_of<double>() { return float64; }
template <> constexpr DType dtype_of<std::complex<float>>() { return complex64; }
template <> constexpr DType dtype_of<std::complex<double>>() { return complex128; }

// Calls f(T{}) with T the C++ storage type of dtype: the one switch over
// dtypes that kernels and converters share.
template <class F>
decltype(auto) visit_dtype(DType dtype, F&& f) {
  switch (dtype.code()) {
    case DTypeCode::kBool: return f(bool{});
    case DTypeCode::kInt8: return f(int8_t{});
    case DTypeCode::kInt16: return f(int16_t{});
    case DTypeCode::kInt32: return f(int32_t{});
    case DTypeCode::kInt64: return f(int64_t{});
    case DTypeCode::kUInt8: return f(uint8_t{});
    case DTypeCode::kUInt16: return f(uint16_t{});
    case DTypeCode::kUInt32: return f(uint32_t{});
    case DTypeCode::kUInt64: return f(uint64_t{});
    case DTypeCode::kFloat16: return f(half{});
    case DTypeCode::kBFloat16: return f(bfloat16_t{});
    case DTypeCode::kFloat32: return f(float{});
    case DTypeCode::kFloat64: return f(double{});
    case DTypeCode::kComplex64: return f(std::complex<float>{});
    case DTypeCode::kComplex128: return f(std::complex<double>{});
  }
  return f(float{});  // unreachable: every code is handled above
}

}  // namespace kiln
