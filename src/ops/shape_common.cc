// list_text, the one helper of shape_common.h with a body here.
#include "ops/shape_common.h"

#include <string>

namespace kiln {

std::string list_text(std::span<const int64_t> values) {
  if (values.size() == 1 && values[0] == kUnknownLength) return "<unknown>";
  std::string s = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) s += ", ";
    s += values[i] == kUnknownValue ? "?" : std::to_string(values[i]);  // known when the graph runs
  }
  return s + (values.size() == 1 ? ",)" : ")");
}

}  // namespace kiln
