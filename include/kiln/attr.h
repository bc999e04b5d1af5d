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

// What is known of a small integer tensor's value while a graph is built,
// before anything runs: TF's "constant value" of shape arithmetic. Each
// element is known or not: tf.shape(x) of x with shape (None, 3) is known
// to be [?, 3]. Graphs keep one per output where something is known; ops
// whose shape-like attributes are given by tensors read them (tensor_attrs.h).
struct PartialValue {
  DType dtype;                     // int32 or int64
  Shape shape;                     // fully known
  std::vector<int64_t> elements;   // C order; an unknown element holds 0
  std::vector<bool> known;         // one per element

  bool fully_known() const {
    for (bool k : known) {
      if (!k) return false;
    }
    return true;
  }
};

using AttrValue =
    std::variant<int64_t, double, bool, std::vector<int64_t>, DType, Shape, std::string>;

// Attribute values in the order the op declares them (no names at run time).
using Attrs = std::vector<AttrValue>;

}  // namespace kiln
