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
// An unknown element that is a dimension of a graph tensor (tf.shape(x)[0]):
// whoever needs the value when the graph runs can read it off that tensor's
// shape instead of computing shape, slice and stack nodes.
struct DimSource {
  int node = -1;  // -1: no source
  int index = 0;  // the node's output
  int dim = 0;
};

struct PartialValue {
  DType dtype;                     // int32 or int64
  Shape shape;                     // fully known
  std::vector<int64_t> elements;   // C order; an unknown element holds 0
  std::vector<bool> known;         // one per element
  std::vector<DimSource> sources;  // one per element (unknown ones may have a source)

  bool fully_known() const {
    for (bool k : known) {
      if (!k) return false;
    }
    return true;
  }
};

// An element of an attribute read off a dimension of one of a node's inputs
// when the graph runs: attrs[attr] (an int, or element `element` of an int
// list) = inputs[input].shape[dim].
struct AttrDim {
  int attr = 0;
  int element = 0;
  int input = 0;
  int dim = 0;
  friend bool operator==(const AttrDim&, const AttrDim&) = default;
};

using AttrValue =
    std::variant<int64_t, double, bool, std::vector<int64_t>, DType, Shape, std::string>;

// Attribute values in the order the op declares them (no names at run time).
using Attrs = std::vector<AttrValue>;

}  // namespace kiln
