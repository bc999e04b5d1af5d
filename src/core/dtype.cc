#include "kiln/dtype.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace kiln {
namespace {

const detail::DTypeInfo& info(DType d) { return detail::kDTypeInfo[static_cast<size_t>(d.code())]; }

}  // namespace

std::string_view DType::name() const { return info(*this).name; }
std::string_view DType::numpy_typestr() const { return info(*this).typestr; }

std::optional<DType> DType::from_name(std::string_view name) {
  for (int i = 0; i < kNumDTypes; ++i) {
    if (detail::kDTypeInfo[static_cast<size_t>(i)].name == name) return DType(static_cast<DTypeCode>(i));
  }
  return std::nullopt;
}

std::optional<DType> DType::from_numpy_typestr(std::string_view typestr, bool* swapped) {
  if (typestr.size() < 2) return std::nullopt;
  char order = typestr[0];
  std::string_view body = typestr.substr(1);
  if (order != '<' && order != '>' && order != '|' && order != '=') return std::nullopt;
  for (int i = 0; i < kNumDTypes; ++i) {
    const detail::DTypeInfo& d = detail::kDTypeInfo[static_cast<size_t>(i)];
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
