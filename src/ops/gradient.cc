#include "ops/gradient.h"

#include <cstring>
#include <string>

#include "kiln/error.h"
#include "kiln/tensor.h"
#include "ops/registry.h"

namespace kiln {

std::vector<GradValue> GradBuilder::custom_gradient(int, std::span<const GradValue>) {
  throw InternalError("a custom gradient record reached a builder that has none");
}

namespace {

Array scalar_array(DType dtype, double value) {
  Array a = Array::empty(dtype, Shape{});
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    T v = cast_value<T>(value);
    std::memcpy(a.mutable_data(), &v, sizeof(T));
  });
  return a;
}

std::vector<int64_t> dims_of(const Shape& s) { return {s.dims().begin(), s.dims().end()}; }

}  // namespace

std::vector<GradValue> Grad::ops(std::string_view name, std::span<const GradValue> inputs,
                                 Attrs attrs,
                                 std::span<const std::pair<int, GradValue>> attr_inputs) {
  const OpDef& op = Registry::get().at(name);
  return b_.apply(op, inputs, attrs, attr_inputs);
}

GradValue Grad::op(std::string_view name, std::initializer_list<GradValue> inputs, Attrs attrs,
                   int output) {
  std::vector<GradValue> in(inputs);
  std::vector<GradValue> out = ops(name, in, std::move(attrs));
  if (output >= static_cast<int>(out.size())) throw InternalError("gradient: bad output index");
  return out[static_cast<size_t>(output)];
}

GradValue Grad::op_with(std::string_view name, std::initializer_list<GradValue> inputs, Attrs attrs,
                        std::initializer_list<std::pair<int, GradValue>> attr_inputs) {
  std::vector<GradValue> in(inputs);
  std::vector<std::pair<int, GradValue>> bound(attr_inputs);
  return ops(name, in, std::move(attrs), bound).at(0);
}

GradValue Grad::conj(GradValue x) {
  if (!dtype(x).is_complex()) return x;
  throw UnimplementedError("kiln does not differentiate complex tensors yet (the gradient needs "
                           "conj); cast to a real dtype, or differentiate the real and imaginary "
                           "parts separately.");
}

GradValue Grad::cast(GradValue x, DType dtype) {
  if (this->dtype(x) == dtype) return x;
  return op("cast", {x}, {dtype});
}

GradValue Grad::scalar(DType dtype, double value) { return b_.constant(scalar_array(dtype, value)); }

GradValue Grad::int_vector(const std::vector<int64_t>& values, DType dtype) {
  const Shape shape{static_cast<int64_t>(values.size())};
  if (dtype == int64) return b_.constant(constant(values, shape).array());
  std::vector<int32_t> narrow(values.begin(), values.end());
  return b_.constant(constant(narrow, shape).array());
}

GradValue Grad::zeros_like(GradValue x) { return broadcast_like(scalar_like(x, 0.0), x); }
GradValue Grad::ones_like(GradValue x) { return broadcast_like(scalar_like(x, 1.0), x); }

GradValue Grad::sum_of(std::span<const GradValue> grads) {
  GradValue total;
  for (GradValue v : grads) {
    if (!v.defined()) continue;
    total = total.defined() ? add(total, v) : v;
  }
  return total;
}

GradValue Grad::shape_of(GradValue x) {
  TensorSpec s = spec(x);
  if (s.shape.is_fully_defined()) return int_vector(dims_of(s.shape));
  return op("shape", {x}, {int32});
}

GradValue Grad::reshape(GradValue x, const std::vector<int64_t>& dims) {
  return op("reshape", {x}, {dims});
}

GradValue Grad::reshape_like(GradValue x, GradValue like) {
  TensorSpec s = spec(like);
  if (s.shape.is_fully_defined()) {
    if (spec(x).shape == s.shape) return x;
    return reshape(x, dims_of(s.shape));
  }
  return op_with("reshape", {x}, {std::vector<int64_t>{}}, {{0, shape_of(like)}});
}

GradValue Grad::broadcast_like(GradValue x, GradValue like) {
  TensorSpec s = spec(like);
  if (s.shape.is_fully_defined()) {
    TensorSpec xs = spec(x);
    if (xs.shape == s.shape) return x;
    if (xs.shape.rank() == 0) return op("fill", {x}, {dims_of(s.shape)});
    return op("broadcast_to", {x}, {dims_of(s.shape)});
  }
  return op_with("broadcast_to", {x}, {std::vector<int64_t>{}}, {{0, shape_of(like)}});
}

GradValue Grad::reduce_sum(GradValue x, const std::vector<int64_t>& axes, bool keepdims) {
  if (axes.empty()) return x;
  return op("reduce_sum", {x}, {axes, keepdims, false});
}

GradValue Grad::unbroadcast(GradValue grad, GradValue x) {
  TensorSpec gs = spec(grad);
  TensorSpec xs = spec(x);
  if (xs.dtype != gs.dtype && differentiable(xs.dtype)) grad = cast(grad, xs.dtype);
  if (gs.shape.has_known_rank() && xs.shape.has_known_rank() &&
      gs.shape.rank() >= xs.shape.rank()) {
    int64_t lead = gs.shape.rank() - xs.shape.rank();
    std::vector<int64_t> axes;
    bool known = true;
    for (int64_t i = 0; i < gs.shape.rank(); ++i) {
      int64_t gd = gs.shape.dims()[static_cast<size_t>(i)];
      if (i < lead) {
        axes.push_back(i);
        continue;
      }
      int64_t xd = xs.shape.dims()[static_cast<size_t>(i - lead)];
      if (gd == 1 || (xd != kUnknownDim && xd != 1)) continue;  // not broadcast here
      if (xd == 1 && gd != kUnknownDim) {
        axes.push_back(i);
        continue;
      }
      known = false;  // whether x's dimension was 1 is known only when the graph runs
      break;
    }
    if (known) {
      if (axes.empty()) return grad;
      return reshape_like(reduce_sum(grad, axes), x);
    }
  }
  // Shapes known only when the graph runs: sum over the axes that
  // broadcast_gradient_args finds then.
  GradValue axes = op("broadcast_gradient_args", {shape_of(grad), shape_of(x)});
  GradValue summed = op_with("reduce_sum", {grad}, {std::vector<int64_t>{}, false, false},
                             {{0, axes}});
  return reshape_like(summed, x);
}

GradValue Grad::grad_or_zeros(const GradArgs& a, int i) {
  GradValue g = a.grads[static_cast<size_t>(i)];
  return g.defined() ? g : zeros_like(a.outputs[static_cast<size_t>(i)]);
}

int Grad::attr_index(const GradArgs& a, std::string_view name) {
  for (size_t i = 0; i < a.op.attrs.size(); ++i) {
    if (a.op.attrs[i].name != name) continue;
    if (i < a.attr_unknown.size() && a.attr_unknown[i]) {
      throw UnimplementedError("[" + std::string(a.op.name) + "] kiln cannot build this op's "
                               "gradient when its '" + std::string(name) + "' is given by a "
                               "tensor known only when the graph runs; pass a Python value.");
    }
    return static_cast<int>(i);
  }
  throw InternalError("gradient of " + std::string(a.op.name) + ": no attribute " +
                      std::string(name));
}

int64_t Grad::attr_int(const GradArgs& a, std::string_view name) {
  return attr<int64_t>(a.attrs, static_cast<size_t>(attr_index(a, name)));
}

const std::vector<int64_t>& Grad::attr_ints(const GradArgs& a, std::string_view name) {
  return attr<std::vector<int64_t>>(a.attrs, static_cast<size_t>(attr_index(a, name)));
}

bool Grad::attr_bool(const GradArgs& a, std::string_view name) {
  return attr<bool>(a.attrs, static_cast<size_t>(attr_index(a, name)));
}

}  // namespace kiln
