#pragma once

#include <string>

#include "kiln/error.h"

namespace kiln {

template <class T>
const T& attr(const Attrs& attrs, size_t index) {
  if (index >= attrs.size() || !std::holds_alternative<T>(attrs[index])) {
    throw InternalError("attribute " + std::to_string(index) + " is missing or of the wrong type");
  }
  return std::get<T>(attrs[index]);
}

template <class T>
const T& attr(const OpDef& op, const Attrs& attrs, std::string_view name) {
  for (size_t i = 0; i < op.attrs.size(); ++i) {
    if (op.attrs[i].name == name) return attr<T>(attrs, i);
  }
  throw InternalError("[" + std::string(op.name) + "] has no attribute '" + std::string(name) + "'");
}

}  // namespace kiln
