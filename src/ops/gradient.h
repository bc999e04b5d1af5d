// Gradients: how an op declares its vector-Jacobian product, once, as a
// function that builds it from registry ops.
//
// A gradient function never sees arrays, graph nodes or Python objects: it
// works on GradValues, handles that a GradBuilder gives meaning to. The
// builder decides what "apply an op" means: run it now (eager tapes), add a
// graph node (kiln::gradients on a Graph), or call back into Python (the
// tape and tf.gradients, where ops are recorded again, so gradients are
// themselves differentiable). One gradient function serves all of them.
//
// Each family registers its gradients from src/ops/<family>_grad.cc with
// Registry::set_gradient; ops with no gradient (comparisons, integer
// outputs, random draws) are marked with Registry::set_no_gradient, and a
// test enumerates the registry so that no op is left undecided.
#pragma once

#include <boost/container/small_vector.hpp>

#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "ops/op_def.h"

namespace kiln {

// A tensor in a gradient computation: an index into the builder's table.
// An undefined value (id -1) is TF's None: no gradient flows there.
struct GradValue {
  int id = -1;
  bool defined() const { return id >= 0; }
};

// What a gradient function may do with values: apply registry ops, make
// constants, and read what is known of a value's dtype and shape (partly
// known in graphs, fully known eagerly).
class GradBuilder {
 public:
  virtual ~GradBuilder() = default;
  // Applies `op`; attr_inputs give attributes by values (attribute index,
  // value), known only when the op runs in graphs. Returns every output.
  virtual std::vector<GradValue> apply(const OpDef& op, std::span<const GradValue> inputs,
                                       const Attrs& attrs,
                                       std::span<const std::pair<int, GradValue>> attr_inputs) = 0;
  virtual GradValue constant(Array value) = 0;
  virtual TensorSpec spec(GradValue v) = 0;
  // The gradient of a record made by a user's function (kiln.custom_gradient):
  // only the Python builder has them.
  virtual std::vector<GradValue> custom_gradient(int custom_id, std::span<const GradValue> grads);
};

// Whether values of this dtype carry gradients (floating and complex ones).
bool differentiable(DType dtype);

// Per attribute of a recorded op: whether a tensor gave it (contiguous, so a
// span can view it).
using AttrFlags = boost::container::small_vector<bool, 8>;

// The forward op whose gradient is being built.
struct GradArgs {
  const OpDef& op;
  const Attrs& attrs;
  std::span<const GradValue> inputs;   // the op's own inputs
  std::span<const GradValue> outputs;  // its outputs
  std::span<const GradValue> grads;    // per output: the incoming gradient, or undefined
  // Per attribute: whether its value was given by a tensor (or a dimension
  // read when a graph runs), so `attrs` holds only a stand-in. May be shorter
  // than attrs: the attributes beyond it are known.
  std::span<const bool> attr_unknown;
};

// The helpers gradient functions are written with: registry ops by name,
// with the conversions every gradient needs (reduce a broadcast gradient to
// an input's shape, shapes known now or only when a graph runs).
class Grad {
 public:
  explicit Grad(GradBuilder& b) : b_(b) {}
  GradBuilder& builder() { return b_; }

  TensorSpec spec(GradValue v) { return b_.spec(v); }
  DType dtype(GradValue v) { return b_.spec(v).dtype; }

  // One output of registry op `name` (the first, or `output`).
  GradValue op(std::string_view name, std::initializer_list<GradValue> inputs, Attrs attrs = {},
               int output = 0);
  std::vector<GradValue> ops(std::string_view name, std::span<const GradValue> inputs,
                             Attrs attrs = {},
                             std::span<const std::pair<int, GradValue>> attr_inputs = {});
  GradValue op_with(std::string_view name, std::initializer_list<GradValue> inputs, Attrs attrs,
                    std::initializer_list<std::pair<int, GradValue>> attr_inputs);

  // Arithmetic.
  GradValue add(GradValue x, GradValue y) { return op("add", {x, y}); }
  GradValue sub(GradValue x, GradValue y) { return op("subtract", {x, y}); }
  GradValue mul(GradValue x, GradValue y) { return op("multiply", {x, y}); }
  GradValue div(GradValue x, GradValue y) { return op("divide", {x, y}); }
  GradValue neg(GradValue x) { return op("negative", {x}); }
  GradValue conj(GradValue x);  // x for real dtypes
  GradValue cast(GradValue x, DType dtype);
  // Constants: a scalar of `dtype` (or of x's dtype), an integer vector.
  GradValue scalar(DType dtype, double value);
  GradValue scalar_like(GradValue x, double value) { return scalar(dtype(x), value); }
  GradValue int_vector(const std::vector<int64_t>& values, DType dtype = int32);
  GradValue zeros_like(GradValue x);
  GradValue ones_like(GradValue x);
  // The sum of gradients (any may be undefined; all undefined: undefined).
  GradValue sum_of(std::span<const GradValue> grads);

  // Shapes. shape_of is an int32 vector (a constant when x's shape is known).
  GradValue shape_of(GradValue x);
  // x reshaped to the shape of `like` (statically when known).
  GradValue reshape_like(GradValue x, GradValue like);
  GradValue reshape(GradValue x, const std::vector<int64_t>& dims);
  GradValue broadcast_like(GradValue x, GradValue like);
  // The sum of x over `axes`.
  GradValue reduce_sum(GradValue x, const std::vector<int64_t>& axes, bool keepdims = false);
  // A gradient of a broadcast result reduced to input x's shape (the sum
  // over the broadcast dimensions), and cast to x's dtype when the op
  // changed it (never for integer x, which gets no gradient).
  GradValue unbroadcast(GradValue grad, GradValue x);

  // The gradient of output i, or zeros shaped like output i when none flows.
  GradValue grad_or_zeros(const GradArgs& a, int i);
  // The value of an int / int-list attribute; UnimplementedError when it was
  // given by a tensor (the gradient would need its value while building).
  int64_t attr_int(const GradArgs& a, std::string_view name);
  const std::vector<int64_t>& attr_ints(const GradArgs& a, std::string_view name);
  bool attr_bool(const GradArgs& a, std::string_view name);

 private:
  int attr_index(const GradArgs& a, std::string_view name);
  GradBuilder& b_;
};

// A GradFn (op_def.h) builds the gradients with respect to the op's inputs:
// dx[i] for input i (left undefined for none). Integer and bool inputs get
// none whatever it returns (backprop drops them).

// One per family; each lives in its family's <family>_grad.cc.
class Registry;
void register_unary_gradients(Registry& r);
void register_binary_gradients(Registry& r);
void register_reduction_gradients(Registry& r);
void register_linalg_gradients(Registry& r);
void register_linalg_lapack_gradients(Registry& r);
void register_shape_gradients(Registry& r);
void register_index_gradients(Registry& r);
void register_segment_gradients(Registry& r);  // segment and search ops
void register_other_gradients(Registry& r);  // ops no family file differentiates
void register_nn_conv_gradients(Registry& r);
void register_nn_pool_gradients(Registry& r);
void register_nn_norm_gradients(Registry& r);
void register_image_gradients(Registry& r);

}  // namespace kiln
