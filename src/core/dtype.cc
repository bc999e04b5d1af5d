#include "kiln/dtype.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace kiln {
namespace {

struct DTypeInfo {
  std::string_view name;
  size_t size;
  DTypeKind kind;
  std::string_view typestr;
};

// Indexed by DTypeCode. The one place that knows names, sizes and typestrs.
constexpr std::array<DTypeInfo, kNumDTypes> kInfo = {{
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
static_assert(std::all_of(kInfo.begin(), kInfo.end(), [](const DTypeInfo& i) { return i.size > 0; }),
              "one row per DTypeCode");
static_assert(kInfo.back().name == "complex128" &&
                  static_cast<int>(DTypeCode::kComplex128) == kNumDTypes - 1,
              "kInfo is in DTypeCode order");

const DTypeInfo& info(DType d) { return kInfo[static_cast<size_t>(d.code())]; }

}  // namespace

std::string_view DType::name() const { return info(*this).name; }
size_t DType::size() const { return info(*this).size; }
DTypeKind DType::kind() const { return info(*this).kind; }
std::string_view DType::numpy_typestr() const { return info(*this).typestr; }

std::optional<DType> DType::from_name(std::string_view name) {
  for (int i = 0; i < kNumDTypes; ++i) {
    if (kInfo[i].name == name) return DType(static_cast<DTypeCode>(i));
  }
  return std::nullopt;
}

std::optional<DType> DType::from_numpy_typestr(std::string_view typestr, bool* swapped) {
  if (typestr.size() < 2) return std::nullopt;
  char order = typestr[0];
  std::string_view body = typestr.substr(1);
  if (order != '<' && order != '>' && order != '|' && order != '=') return std::nullopt;
  for (int i = 0; i < kNumDTypes; ++i) {
    const DTypeInfo& d = kInfo[i];
    if (d.typestr.empty() || d.typestr.substr(1) != body) continue;
    // '|' means "byte order not applicable"; NumPy writes it for one-byte
    // types and reads it as native order for any type.
    bool one_byte = d.size == 1;
    if (swapped) *swapped = (order == '>' && !one_byte);
    return DType(static_cast<DTypeCode>(i));
  }
  return std::nullopt;
}

float to_float(bfloat16_t v) {
  return std::bit_cast<float>(static_cast<uint32_t>(v.bits) << 16);
}

bfloat16_t to_bfloat16(float v) {
  uint32_t bits = std::bit_cast<uint32_t>(v);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {  // NaN: keep it a quiet NaN
    return bfloat16_t{static_cast<uint16_t>((bits >> 16) | 0x40u)};
  }
  uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);  // round half to even
  return bfloat16_t{static_cast<uint16_t>((bits + rounding) >> 16)};
}

}  // namespace kiln
