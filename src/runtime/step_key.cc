#include "runtime/step_key.h"

#include <type_traits>
#include <variant>

namespace kiln {
namespace {

// Appends bytes that identify `v` (with its type) to `key`.
void append_attr_key(std::string& key, const AttrValue& v) {
  auto raw = [&key](const auto& x) { key.append(reinterpret_cast<const char*>(&x), sizeof x); };
  key += static_cast<char>(v.index());
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
          raw(x.size());
          for (int64_t i : x) raw(i);
        } else if constexpr (std::is_same_v<T, DType>) {
          raw(x.code());
        } else if constexpr (std::is_same_v<T, Shape>) {
          raw(x.has_known_rank());
          raw(x.dims().size());
          for (int64_t d : x.dims()) raw(d);
        } else if constexpr (std::is_same_v<T, std::string>) {
          raw(x.size());
          key += x;
        } else {
          raw(x);
        }
      },
      v);
}

}  // namespace

std::string step_key(const PlanProgram::Step& step) {
  std::string key;
  const OpDef* p = step.op;
  key.append(reinterpret_cast<const char*>(&p), sizeof p);
  for (int s : step.inputs) key.append(reinterpret_cast<const char*>(&s), sizeof s);
  key += '|';
  for (const AttrValue& a : step.attrs) append_attr_key(key, a);
  key += '|';
  for (int a : step.attr_inputs) key.append(reinterpret_cast<const char*>(&a), sizeof a);
  key += '|';
  for (const AttrDim& d : step.attr_dims) key.append(reinterpret_cast<const char*>(&d), sizeof d);
  return key;
}

}  // namespace kiln
