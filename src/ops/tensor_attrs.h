// Attributes given by tensors. TF takes shapes, axes, sizes, perms, paddings
// and slice bounds as tensor inputs; kiln's ops take them as attributes
// (so eager calls and static graphs pay nothing), and a graph node may bind
// any attribute declared with a tensor_rank to an extra input instead. These
// (Only kInt and kIntList attributes are declared so.) These
// functions turn such a tensor into the attribute: its value when the graph
// runs, or what is known of it (a PartialValue) while the graph is built.
#pragma once

#include <span>

#include "kiln/array.h"
#include "ops/op_def.h"

namespace kiln {

// The attribute `index` of `op` from a concrete tensor: an int32 or int64
// tensor of at most the attribute's tensor_rank; InvalidArgumentError naming
// the op, the attribute and the value otherwise.
AttrValue attr_from_array(const OpDef& op, int index, const Array& value);

// The same from what is known while building: unknown elements become
// kUnknownValue; a list whose length is unknown (shape nullptr) {kUnknownLength};
// an unknown scalar kUnknownValue.
AttrValue attr_from_partial(const OpDef& op, int index, const PartialValue* value,
                            const TensorSpec& spec);

// The attributes a graph node runs with: `attrs` with attribute
// attr_inputs[k] read from inputs[num_op_inputs + k], and each AttrDim's
// element read off the shape of inputs[dim.input].
Attrs resolve_attrs(const OpDef& op, const Attrs& attrs, std::span<const int> attr_inputs,
                    std::span<const AttrDim> attr_dims, std::span<const Array> inputs,
                    size_t num_op_inputs);

// kUnknownValue and kUnknownLength mean "unknown" to inference only. A user
// value equal to one of them (INT64_MIN, INT64_MIN + 1) is read as
// kFarNegative instead: all three lie beyond any tensor's dimensions, so
// each op gives them one meaning (a slice bound clamps; a size or axis is
// refused). Eager calls, plans and graphs apply this before inference.
inline constexpr int64_t kFarNegative = kUnknownLength + 1;
bool has_unknown_markers(const OpDef& op, const Attrs& attrs);
void replace_unknown_markers(const OpDef& op, Attrs& attrs);

// The TypeError text for a tensor bound to attribute `index` whose dtype or
// rank cannot give it ("[reshape] shape must be an int32 or int64 tensor ...").
void check_attr_tensor_spec(const OpDef& op, int index, const TensorSpec& spec);

}  // namespace kiln
