// What a graph knows of small integer values before anything runs (see
// PartialValue in kiln/attr.h): shapes, sizes and ranks of tensors whose
// shapes are partly known, constants, and what ops compute from them. It is
// what lets tf.zeros([tf.shape(x)[0], 3]) have the static shape (None, 3).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "kiln/array.h"
#include "kiln/graph.h"
#include "ops/op_def.h"

namespace kiln {

// Values larger than this are not tracked (shape arithmetic is small).
inline constexpr int64_t kMaxKnownElements = 256;

// A constant's value, when it is a small int32 or int64 tensor.
std::optional<PartialValue> known_value_of(const Array& value);

// What is known of each output of a new node of `op`. TF's rules: shape,
// size and rank of partly known shapes; a node whose inputs are all known is
// evaluated; a partly known value flows through the ops that move elements
// (stack, concat, strided_slice, identity) and through cast.
// An unknown element that is a dimension of a tensor (shape's elements, and
// what stack, concat, strided_slice, identity and cast make of them) keeps
// that tensor and dimension as its source. `input_tensors` are the inputs'
// graph outputs; `unresolved_attrs`: an attribute is given by a tensor not yet known.
std::vector<std::optional<PartialValue>> infer_known_values(
    const OpDef& op, const Attrs& attrs, std::span<const Output> input_tensors,
    std::span<const TensorSpec> inputs, std::span<const PartialValue* const> input_values,
    std::span<const TensorSpec> outputs, bool unresolved_attrs);

}  // namespace kiln
