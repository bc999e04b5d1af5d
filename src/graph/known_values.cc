#include "graph/known_values.h"

#include <boost/container/small_vector.hpp>
#include <cmath>

#include "kiln/error.h"
#include "ops/execute.h"
#include "ops/registry.h"

namespace kiln {
namespace {

bool trackable(const TensorSpec& spec) {
  if (spec.dtype != int32 && spec.dtype != int64) return false;
  std::optional<int64_t> n = spec.shape.try_num_elements();
  return n && *n <= kMaxKnownElements;
}

PartialValue unknown_value(const TensorSpec& spec) {
  auto n = static_cast<size_t>(spec.shape.num_elements());
  return {spec.dtype, spec.shape, std::vector<int64_t>(n, 0), std::vector<bool>(n, false),
          std::vector<DimSource>(n)};
}

int64_t element(const Array& a, size_t i) {
  return a.dtype() == int32 ? a.data_as<int32_t>()[i] : a.data_as<int64_t>()[i];
}

// An array of `dtype` holding the value's elements, unknown ones as `filler`.
Array to_array(const PartialValue& v, DType dtype, int64_t filler) {
  Array a = Array::empty(dtype, v.shape);
  for (size_t i = 0; i < v.elements.size(); ++i) {
    int64_t x = v.known[i] ? v.elements[i] : filler;
    if (dtype == int32) static_cast<int32_t*>(a.mutable_data())[i] = static_cast<int32_t>(x);
    else static_cast<int64_t*>(a.mutable_data())[i] = x;
  }
  return a;
}

// shape, size and rank know their values from the input's static shape; an
// unknown dimension is read off the input when the graph runs.
std::optional<PartialValue> from_static_shape(const OpDef& op, Output tensor, const Shape& in,
                                              const TensorSpec& out) {
  static const OpDef* shape = &Registry::get().at("shape");
  static const OpDef* size = &Registry::get().at("size");
  static const OpDef* rank = &Registry::get().at("rank");
  PartialValue v = unknown_value(out);
  if (&op == shape) {
    if (!in.has_known_rank()) return std::nullopt;
    for (size_t i = 0; i < v.elements.size(); ++i) {
      v.known[i] = in.dims()[i] != kUnknownDim;
      v.elements[i] = v.known[i] ? in.dims()[i] : 0;
      if (!v.known[i]) v.sources[i] = {tensor.node, tensor.index, static_cast<int>(i)};
    }
  } else if (&op == size) {
    std::optional<int64_t> n = in.try_num_elements();
    if (!n) return std::nullopt;
    v.elements[0] = *n;
    v.known[0] = true;
  } else if (&op == rank) {
    if (!in.has_known_rank()) return std::nullopt;
    v.elements[0] = in.rank();
    v.known[0] = true;
  } else {
    return std::nullopt;
  }
  return v;
}

// Every input known: run the op on the values (its errors mean "not known":
// the step raises them, naming its node, if it runs).
std::vector<std::optional<PartialValue>> evaluate(const OpDef& op, const Attrs& attrs,
                                                  std::span<const PartialValue* const> values,
                                                  std::span<const TensorSpec> outputs) {
  std::vector<std::optional<PartialValue>> result(outputs.size());
  boost::container::small_vector<Array, 4> arrays;
  for (const PartialValue* v : values) arrays.push_back(to_array(*v, v->dtype, 0));
  try {
    Arrays out = execute_arrays(op, as_span(arrays), attrs);
    for (size_t i = 0; i < out.size() && i < outputs.size(); ++i) result[i] = known_value_of(out[i]);
  } catch (const Error&) {
  }
  return result;
}

// Ops that move elements: run the op on element ids (input << 32 | index),
// then each output element is the element its id names. A moved input of
// which nothing is known (a fed scalar) counts as all unknown.
std::optional<PartialValue> track_moves(const OpDef& op, const Attrs& attrs,
                                        std::span<const TensorSpec> inputs,
                                        std::span<const PartialValue* const> given,
                                        const TensorSpec& out) {
  const size_t moved = op.moves_inputs == OpDef::kVariadic ? inputs.size()
                                                           : static_cast<size_t>(op.moves_inputs);
  std::vector<PartialValue> unknowns;
  unknowns.reserve(inputs.size());
  std::vector<const PartialValue*> values(given.begin(), given.end());
  for (size_t i = 0; i < moved && i < inputs.size(); ++i) {
    if (!values[i] && trackable(inputs[i])) values[i] = &unknowns.emplace_back(unknown_value(inputs[i]));
  }
  boost::container::small_vector<Array, 4> arrays;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!values[i] || (i >= moved && !values[i]->fully_known())) return std::nullopt;
    if (i >= moved) {
      arrays.push_back(to_array(*values[i], values[i]->dtype, 0));
      continue;
    }
    Array ids = Array::empty(int64, values[i]->shape);
    for (size_t j = 0; j < values[i]->elements.size(); ++j) {
      static_cast<int64_t*>(ids.mutable_data())[j] = static_cast<int64_t>(i << 32 | j);
    }
    arrays.push_back(std::move(ids));
  }
  try {
    Arrays result = execute_arrays(op, as_span(arrays), attrs);
    if (result.empty() || result[0].shape() != out.shape) return std::nullopt;
    Array ids = result[0].contiguous();
    PartialValue v = unknown_value(out);
    for (size_t j = 0; j < v.elements.size(); ++j) {
      auto id = static_cast<uint64_t>(element(ids, j));
      const PartialValue& src = *values[id >> 32];
      size_t at = id & 0xffffffffu;
      v.elements[j] = src.elements[at];
      v.known[j] = src.known[at];
      v.sources[j] = src.sources[at];
    }
    return v;
  } catch (const Error&) {
    return std::nullopt;
  }
}

// One-input elementwise ops (cast, negative): each known element maps on its own.
std::optional<PartialValue> map_elements(const OpDef& op, const Attrs& attrs,
                                         const PartialValue& in, const TensorSpec& out) {
  try {
    Array a = to_array(in, in.dtype, 1);
    Arrays result = execute_arrays(op, std::span<const Array>(&a, 1), attrs);
    if (result.size() != 1 || result[0].shape() != out.shape) return std::nullopt;
    std::optional<PartialValue> v = known_value_of(result[0]);
    if (v) v->known = in.known;
    // A cast between integer types keeps a dimension's value (shapes fit int32).
    static const OpDef* cast = &Registry::get().at("cast");
    if (v && &op == cast) v->sources = in.sources;
    return v;
  } catch (const Error&) {
    return std::nullopt;
  }
}

// Whether evaluating a node of known inputs makes only small outputs: building
// a graph must not compute tf.fill([10000, 10000], 5) or tf.range(10**9). An
// output of unknown shape is allowed for range alone, whose length its known
// inputs give.
bool small_outputs(const OpDef& op, std::span<const PartialValue* const> inputs,
                   std::span<const TensorSpec> outputs) {
  static const OpDef* range = &Registry::get().at("range");
  for (const TensorSpec& o : outputs) {
    std::optional<int64_t> n = o.shape.try_num_elements();
    if (n && *n > kMaxKnownElements) return false;
    if (!n && &op != range) return false;
  }
  if (&op == range) {
    const double start = static_cast<double>(inputs[0]->elements[0]);
    const double limit = static_cast<double>(inputs[1]->elements[0]);
    const double delta = static_cast<double>(inputs[2]->elements[0]);
    if (delta == 0) return false;
    return std::ceil((limit - start) / delta) <= static_cast<double>(kMaxKnownElements);
  }
  return true;
}

}  // namespace

std::optional<PartialValue> known_value_of(const Array& value) {
  TensorSpec spec{value.dtype(), value.shape()};
  if (!trackable(spec)) return std::nullopt;
  Array c = value.contiguous();
  PartialValue v = unknown_value(spec);
  for (size_t i = 0; i < v.elements.size(); ++i) {
    v.elements[i] = element(c, i);
    v.known[i] = true;
  }
  return v;
}

std::vector<std::optional<PartialValue>> infer_known_values(
    const OpDef& op, const Attrs& attrs, std::span<const Output> input_tensors,
    std::span<const TensorSpec> inputs, std::span<const PartialValue* const> input_values,
    std::span<const TensorSpec> outputs, bool unresolved_attrs) {
  std::vector<std::optional<PartialValue>> result(outputs.size());
  bool any = false;  // an integer output (its shape may be known only by evaluating: range)
  for (const TensorSpec& o : outputs) any = any || o.dtype == int32 || o.dtype == int64;
  if (!any) return result;
  if (op.has(kShapeOnly) && outputs.size() == 1 && inputs.size() == 1) {
    if (!trackable(outputs[0])) return result;
    result[0] = from_static_shape(op, input_tensors[0], inputs[0].shape, outputs[0]);
    return result;
  }
  // A fed value replaces a placeholder_with_default's input: nothing is known of it.
  static const OpDef* with_default = &Registry::get().at("placeholder_with_default");
  if (unresolved_attrs || op.has(kStateful) || op.has(kGraphOnly) || inputs.empty() ||
      &op == with_default) {
    return result;
  }
  bool all_known = true;
  for (const PartialValue* v : input_values) all_known = all_known && v && v->fully_known();
  if (all_known && small_outputs(op, input_values, outputs)) {
    return evaluate(op, attrs, input_values, outputs);
  }
  if (outputs.size() != 1 || !trackable(outputs[0])) return result;
  if (op.moves_inputs != 0) {
    result[0] = track_moves(op, attrs, inputs, input_values, outputs[0]);
  } else if (op.has(kElementwise) && inputs.size() == 1 && input_values[0]) {
    result[0] = map_elements(op, attrs, *input_values[0], outputs[0]);
  }
  return result;
}

}  // namespace kiln
