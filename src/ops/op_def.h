// OpDef: the one declaration of an op. Eager execution, graph construction,
// the planner and the Python bindings all read it; nothing else lists ops.
//
// An op has inputs (tensors), attributes (values fixed when the op is built:
// axes, flags, dtypes), an inference function that computes output dtypes
// and shapes from input specs (partially known shapes allowed, for graphs),
// traits, and a CPU kernel that computes outputs from concrete arrays.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kernels/cpu/scalar_fn.h"
#include "kiln/array.h"
#include "kiln/attr.h"

namespace kiln {

// Outputs of inference and of kernels: inline for the usual one or two, so
// the eager path allocates only the output buffers.
using Specs = boost::container::small_vector<TensorSpec, 2>;
using Arrays = boost::container::small_vector<Array, 2>;

// A span over a small_vector (whose iterators std::span does not recognise).
template <class V>
std::span<const typename V::value_type> as_span(const V& v) {
  return {v.data(), v.size()};
}

enum class AttrType : uint8_t { kInt, kFloat, kBool, kIntList, kDType, kShape, kString };

// An attribute TF takes as a tensor input (a shape, axis, size, perm, ...):
// in graphs it may be given by a tensor, known only when the graph runs.
// tensor_rank is the rank that tensor may have (0: a scalar, for kInt; 1: a
// vector or scalar, for kIntList; 2: a matrix flattened in C order, for
// paddings); kNotTensor for attributes that are always fixed when an op is built.
inline constexpr int kNotTensor = -1;

struct AttrDef {
  std::string_view name;
  AttrType type;
  int tensor_rank = kNotTensor;
};

// While a graph is built, a tensor-given attribute may be only partly known.
// Inference then sees kUnknownValue for each unknown integer, and a kIntList
// of unknown length as the one-element list {kUnknownLength}. Only inference
// ever sees them: eager calls and plans refuse both values (tensor_attrs.h),
// so no kernel does.
inline constexpr int64_t kUnknownValue = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kUnknownLength = std::numeric_limits<int64_t>::min() + 1;

inline bool is_known(int64_t v) { return v != kUnknownValue && v != kUnknownLength; }
inline bool is_unknown_length(const std::vector<int64_t>& v) {
  return v.size() == 1 && v[0] == kUnknownLength;
}
inline bool all_known(const std::vector<int64_t>& v) {
  for (int64_t x : v) {
    if (!is_known(x)) return false;
  }
  return true;
}

enum OpTrait : uint32_t {
  kElementwise = 1u << 0,  // output[i] depends only on inputs[i] (after broadcasting)
  kCommutative = 1u << 1,  // f(a, b) == f(b, a)
  kStateful = 1u << 2,     // not a pure function of its inputs (random ops)
  kReduction = 1u << 3,
  kShapeOnly = 1u << 4,    // result depends only on input shapes/dtypes (shape, size, rank)
  kGraphOnly = 1u << 5,    // a graph construct (const, placeholder): the planner runs it, not a kernel
  // Changes state outside its outputs (assigns a variable, prints): a traced
  // function runs it on every call even when no output uses it.
  kSideEffect = 1u << 6,
};

// The Python namespaces an op's wrapper is exported under (OpDef::python).
enum PyNamespace : uint32_t {
  kPyTop = 1u << 0,      // kiln.X (tf.X)
  kPyMath = 1u << 1,     // kiln.math.X
  kPyNn = 1u << 2,       // kiln.nn.X
  kPyBitwise = 1u << 3,  // kiln.bitwise.X
  kPyLinalg = 1u << 4,   // kiln.linalg.X
  kPyRandom = 1u << 5,   // kiln.random.X
  kPyImage = 1u << 6,    // kiln.image.X
};

// How Python names an op (docs/adding-ops.md). python/kiln/_registry_names.py
// reads it through _core.op_defs(): each op family's Python module takes its
// names (__all__, NAMESPACES) from it, and generates the wrapper of an op with
// one or two inputs and no attributes that gives a `doc`. An op with a
// hand-written wrapper leaves `doc` empty (the wrapper's docstring is the one).
struct PythonApi {
  uint32_t namespaces = 0;  // PyNamespace bits; 0: no Python name of its own
  // TF's name where it is not the op's, and further names of the same
  // function (space-separated: "truediv"), exported under the same namespaces.
  std::string_view name = {};
  std::string_view aliases = {};
  // A generated wrapper's argument names; empty: x (and y).
  std::string_view args[2] = {};
  std::string_view doc = {};
};

struct OpDef;
class Grad;
struct GradArgs;
struct GradValue;
// Builds an op's vector-Jacobian product from registry ops (src/ops/gradient.h).
using GradFn = void (*)(Grad& g, const GradArgs& a, std::span<GradValue> dx);
// Output specs from input specs; throws kiln::Error ("[op] ...") for invalid
// inputs. Must work on partially known shapes (graphs) and be exact on known ones.
using InferFn = Specs (*)(const OpDef& op, std::span<const TensorSpec> inputs, const Attrs& attrs);
// Computes the outputs; `outputs` are the inferred specs, fully known here.
using KernelFn = Arrays (*)(const OpDef& op, std::span<const Array> inputs, const Attrs& attrs,
                            std::span<const TensorSpec> outputs);
// An elementwise op's kernel into storage the caller gives: `out` has the
// output dtype and the inputs' broadcast shape, is C-contiguous, and may be
// the storage of an input of the same shape and dtype (in place). Inputs may
// be any strided views that broadcast to out. The plan's fused steps call it
// on tiles and its memory plan on reused buffers.
using IntoFn = void (*)(const OpDef& op, std::span<const Array> inputs, const Attrs& attrs,
                        Array& out);
// ScalarFn (kernels/cpu/scalar_fn.h): one element of an elementwise op; it
// must give what cpu_into gives.
// The ScalarFn for these input dtypes and attributes, or nullptr where
// there is none (the step then runs cpu_into).
using ScalarKernelFn = ScalarFn (*)(const OpDef& op, std::span<const DType> inputs,
                                      const Attrs& attrs);

struct OpDef {
  std::string_view name;           // e.g. "add" (the Python name unless python.name); "[add] ..."
  int min_inputs = 0;
  int max_inputs = 0;              // kVariadic: any number >= min_inputs
  std::vector<AttrDef> attrs;
  uint32_t traits = 0;
  InferFn infer = nullptr;
  KernelFn cpu = nullptr;  // may be left out when cpu_into is given
  IntoFn cpu_into = nullptr;
  ScalarKernelFn cpu_scalar = nullptr;  // optional, with cpu_into
  // Family-specific selector, so one kernel can serve many ops without
  // comparing names (e.g. which binary operation).
  int code = 0;
  // > 0: the outputs are copies of elements of the first `moves_inputs`
  // inputs (kVariadic: of every input) chosen by the attributes and the other
  // inputs, so a partly known value flows through (stack, concat,
  // strided_slice, identity: TF's partial shape values).
  int moves_inputs = 0;
  // The node type graphs show ("MatMul" for matmul); empty: the name in
  // CamelCase ("add" -> "Add"). See graph_type_name().
  std::string_view graph_type;
  PythonApi python = {};

  static constexpr int kVariadic = -1;
  bool has(OpTrait t) const { return (traits & t) != 0; }
  // Set by Registry while a family registers its ops (registry.cc): the family
  // ("unary", "binary", ...), whose Python module exports the op.
  std::string_view family;
  // Set by Registry::add: whether an attribute has a tensor_rank (the eager
  // path tests this one flag, not every attribute).
  bool tensor_attrs = false;
  bool has_tensor_attrs() const { return tensor_attrs; }
  // Set by Registry::add: the position of the attribute "handle" (the id of
  // the VarHandleOp node a variable op reads or assigns), -1 for other ops.
  int handle_attr = -1;
  // Set by Registry::set_gradient / set_no_gradient (src/ops/*_grad.cc):
  // the op's gradient, or that it has none (TF's NotDifferentiable: its
  // inputs get no gradient). Neither: asking for one is an error.
  GradFn grad = nullptr;
  bool no_gradient = false;
};

// Typed access to an attribute; InternalError when the caller passed the wrong type.
template <class T>
const T& attr(const Attrs& attrs, size_t index);
// The same by the name `op` declares it under: what code outside the op's own
// file uses, so that it does not depend on the order of the op's attributes.
template <class T>
const T& attr(const OpDef& op, const Attrs& attrs, std::string_view name);

}  // namespace kiln

#include "ops/op_def_inl.h"
