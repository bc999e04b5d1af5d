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

}  // namespace kiln
