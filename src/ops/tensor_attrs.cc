#include "ops/tensor_attrs.h"

#include <string>

#include "kiln/error.h"

namespace kiln {
namespace {

const AttrDef& def_of(const OpDef& op, int index) {
  if (index < 0 || index >= static_cast<int>(op.attrs.size()) ||
      op.attrs[static_cast<size_t>(index)].tensor_rank == kNotTensor) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] attribute " + std::to_string(index) +
                               " cannot be given by a tensor.");
  }
  return op.attrs[static_cast<size_t>(index)];
}

std::string rank_text(int rank) {
  return rank == 0 ? "a scalar" : rank == 1 ? "a scalar or vector" : "a matrix";
}

}  // namespace

void check_attr_tensor_spec(const OpDef& op, int index, const TensorSpec& spec) {
  const AttrDef& def = def_of(op, index);
  const bool int_type = spec.dtype == int32 || spec.dtype == int64;
  const int64_t rank = spec.shape.rank();
  const bool rank_ok = rank < 0 || (def.tensor_rank == 2 ? rank == 2 : rank <= def.tensor_rank);
  if (!int_type || !rank_ok) {
    throw TypeError("[" + std::string(op.name) + "] " + std::string(def.name) + " must be " +
                    rank_text(def.tensor_rank) + " of dtype int32 or int64, got a " +
                    std::string(spec.dtype.name()) + " tensor of shape " + spec.shape.to_string() +
                    ".");
  }
}

AttrValue attr_from_array(const OpDef& op, int index, const Array& value) {
  check_attr_tensor_spec(op, index, {value.dtype(), value.shape()});
  const AttrDef& def = def_of(op, index);
  Array c = value.contiguous();
  std::vector<int64_t> v(static_cast<size_t>(c.size()));
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = c.dtype() == int32 ? c.data_as<int32_t>()[i] : c.data_as<int64_t>()[i];
    if (!is_known(v[i])) v[i] = kFarNegative;  // see has_unknown_markers
  }
  if (def.type == AttrType::kInt) return v[0];
  return v;
}

AttrValue attr_from_partial(const OpDef& op, int index, const PartialValue* value,
                            const TensorSpec& spec) {
  check_attr_tensor_spec(op, index, spec);
  const AttrDef& def = def_of(op, index);
  if (def.type == AttrType::kInt) {
    return value && value->known[0] ? value->elements[0] : kUnknownValue;
  }
  std::optional<int64_t> n = spec.shape.try_num_elements();
  if (!n) return std::vector<int64_t>{kUnknownLength};
  std::vector<int64_t> v(static_cast<size_t>(*n), kUnknownValue);
  for (size_t i = 0; value && i < v.size(); ++i) {
    if (value->known[i]) v[i] = value->elements[i];
  }
  return v;
}

Attrs resolve_attrs(const OpDef& op, const Attrs& attrs, std::span<const int> attr_inputs,
                    std::span<const AttrDim> attr_dims, std::span<const Array> inputs,
                    size_t num_op_inputs) {
  Attrs out = attrs;
  for (size_t k = 0; k < attr_inputs.size(); ++k) {
    out[static_cast<size_t>(attr_inputs[k])] = attr_from_array(op, attr_inputs[k], inputs[num_op_inputs + k]);
  }
  for (const AttrDim& d : attr_dims) {
    const Array& source = inputs[static_cast<size_t>(d.input)];
    if (d.dim >= source.ndim()) {
      throw InternalError("[" + std::string(op.name) + "] reads dimension " + std::to_string(d.dim) +
                          " of an input of rank " + std::to_string(source.ndim()));
    }
    int64_t value = source.dims()[static_cast<size_t>(d.dim)];
    AttrValue& a = out[static_cast<size_t>(d.attr)];
    if (auto* x = std::get_if<int64_t>(&a)) *x = value;
    else std::get<std::vector<int64_t>>(a).at(static_cast<size_t>(d.element)) = value;
  }
  return out;
}

namespace {

// Calls fn on every integer of the tensor-given attributes.
template <class AttrsT, class F>
void for_each_tensor_attr_value(const OpDef& op, AttrsT& attrs, F&& fn) {
  for (size_t i = 0; i < op.attrs.size() && i < attrs.size(); ++i) {
    if (op.attrs[i].tensor_rank == kNotTensor) continue;
    if (auto* x = std::get_if<int64_t>(&attrs[i])) fn(*x);
    if (auto* l = std::get_if<std::vector<int64_t>>(&attrs[i])) {
      for (auto& x : *l) fn(x);
    }
  }
}

}  // namespace

bool has_unknown_markers(const OpDef& op, const Attrs& attrs) {
  bool found = false;
  for_each_tensor_attr_value(op, attrs, [&](int64_t x) { found = found || !is_known(x); });
  return found;
}

void replace_unknown_markers(const OpDef& op, Attrs& attrs) {
  for_each_tensor_attr_value(op, attrs, [](int64_t& x) {
    if (!is_known(x)) x = kFarNegative;
  });
}

}  // namespace kiln
