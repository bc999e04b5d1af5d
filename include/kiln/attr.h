// What ops are built from besides their inputs: typed attribute values (axes,
// flags, dtypes, shapes), and what an op knows of a tensor before it has
// values (its TensorSpec). Shared by the registry, graphs and the C++ API.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "kiln/dtype.h"
#include "kiln/shape.h"

namespace kiln {

struct TensorSpec {
  DType dtype;
  Shape shape;
};

using AttrValue =
    std::variant<int64_t, double, bool, std::vector<int64_t>, DType, Shape, std::string>;

// Attribute values in the order the op declares them (no names at run time).
using Attrs = std::vector<AttrValue>;

}  // namespace kiln
