// Elementwise unary ops (math, rounding, classification, activations) and
// softmax / log_softmax. One table lists every elementwise op with the dtypes
// it accepts (TF's rules) and its Python names and docstring; registration
// reads it (the C++ API is src/api/unary_api.cc).
#include <string>

#include "kernels/cpu/unary.h"
#include "ops/axis.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using cpu::UnaryCode;

// Which input dtypes an op accepts (and so what its error says).
enum class Accepts : uint8_t {
  kNumeric,         // every dtype but bool
  kReal,            // integers and real floats
  kFloat,           // float16, bfloat16, float32, float64
  kFloatOrComplex,  // those and complex64, complex128
  kInteger,
  kBool,
};

bool accepts(Accepts a, DType d) {
  switch (a) {
    case Accepts::kNumeric: return !d.is_bool();
    case Accepts::kReal: return d.is_integer() || d.is_floating();
    case Accepts::kFloat: return d.is_floating();
    case Accepts::kFloatOrComplex: return d.is_floating() || d.is_complex();
    case Accepts::kInteger: return d.is_integer();
    case Accepts::kBool: return d.is_bool();
  }
  return false;
}

const char* describe(Accepts a) {
  switch (a) {
    case Accepts::kNumeric: return "a numeric tensor (any dtype but bool)";
    case Accepts::kReal: return "an integer or real floating-point tensor";
    case Accepts::kFloat: return "a floating-point tensor (float16, bfloat16, float32 or float64)";
    case Accepts::kFloatOrComplex:
      return "a floating-point or complex tensor (float16, bfloat16, float32, float64, "
             "complex64 or complex128)";
    case Accepts::kInteger: return "an integer tensor";
    case Accepts::kBool: return "a bool tensor";
  }
  return "";
}

const char* fix_for(Accepts a) {
  switch (a) {
    case Accepts::kInteger: return "cast it to an integer type first, e.g. kiln.cast(x, kiln.int32)";
    case Accepts::kBool: return "compare it first, e.g. kiln.not_equal(x, 0)";
    case Accepts::kNumeric:
    case Accepts::kReal: return "cast it to a numeric type first, e.g. kiln.cast(x, kiln.int32)";
    default: return "cast it first, e.g. kiln.cast(x, kiln.float32)";
  }
}

// What every elementwise unary op declares: its inputs, its output dtype, and
// its Python names and docstring (OpDef::python).
struct UnaryOp {
  const char* name;
  UnaryCode code;
  Accepts accepts;
  PythonApi python;
};

// The one list of elementwise unary ops. The C++ API's list of those without
// attributes (include/kiln/ops/unary.h) is checked against the registry by
// tests/cpp/unary_api_test.cc.
// clang-format off
constexpr UnaryOp kUnaryOps[] = {
    {"abs", UnaryCode::kAbs, Accepts::kNumeric, {.namespaces = kPyTop | kPyMath,
     .doc = "|x| elementwise. Any dtype but bool; complex gives the real dtype; integers wrap "
            "(abs of the minimum value is itself), as TF."}},
    {"negative", UnaryCode::kNegative, Accepts::kNumeric, {.namespaces = kPyTop | kPyMath,
     .doc = "-x elementwise. Any dtype but bool; integers wrap."}},
    {"sign", UnaryCode::kSign, Accepts::kNumeric, {.namespaces = kPyTop | kPyMath,
     .doc = "-1, 0 or 1 by the sign of x (NaN stays NaN; complex: x / |x|)."}},
    {"square", UnaryCode::kSquare, Accepts::kNumeric, {.namespaces = kPyTop | kPyMath,
     .doc = "x * x elementwise. Any dtype but bool; integers wrap."}},
    {"relu", UnaryCode::kRelu, Accepts::kReal, {.namespaces = kPyNn, .args = {"features"},
     .doc = "max(features, 0). Integers and floats; NaN stays NaN."}},
    {"relu6", UnaryCode::kRelu6, Accepts::kReal, {.namespaces = kPyNn, .args = {"features"},
     .doc = "min(max(features, 0), 6). Integers and floats."}},
    {"round", UnaryCode::kRound, Accepts::kReal, {.namespaces = kPyTop | kPyMath,
     .doc = "Rounds half to even (banker's rounding), as TF; integers unchanged."}},
    {"floor", UnaryCode::kFloor, Accepts::kFloat, {.namespaces = kPyTop | kPyMath,
     .doc = "Largest integer not greater than x. Floating only."}},
    {"ceil", UnaryCode::kCeil, Accepts::kFloat, {.namespaces = kPyMath,
     .doc = "Smallest integer not less than x. Floating only."}},
    {"invert", UnaryCode::kInvert, Accepts::kInteger, {.namespaces = kPyBitwise,
     .doc = "Bitwise NOT (~x) of an integer tensor."}},
    {"logical_not", UnaryCode::kLogicalNot, Accepts::kBool, {.namespaces = kPyTop | kPyMath,
     .doc = "Elementwise NOT of a bool tensor."}},
    {"is_nan", UnaryCode::kIsNan, Accepts::kFloat, {.namespaces = kPyMath,
     .doc = "True where x is NaN. Floating only; returns bool."}},
    {"is_inf", UnaryCode::kIsInf, Accepts::kFloat, {.namespaces = kPyMath,
     .doc = "True where x is +inf or -inf. Floating only; returns bool."}},
    {"is_finite", UnaryCode::kIsFinite, Accepts::kFloat, {.namespaces = kPyMath,
     .doc = "True where x is neither inf nor NaN. Floating only; returns bool."}},
    {"sqrt", UnaryCode::kSqrt, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Square root (correctly rounded). Floating or complex."}},
    {"rsqrt", UnaryCode::kRsqrt, Accepts::kFloatOrComplex, {.namespaces = kPyMath,
     .doc = "1 / sqrt(x). Floating or complex."}},
    {"reciprocal", UnaryCode::kReciprocal, Accepts::kFloatOrComplex, {.namespaces = kPyMath,
     .doc = "1 / x. Floating or complex."}},
    {"exp", UnaryCode::kExp, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "e ** x. Floating or complex."}},
    {"expm1", UnaryCode::kExpm1, Accepts::kFloatOrComplex, {.namespaces = kPyMath,
     .doc = "e ** x - 1, accurate near 0. Floating or complex."}},
    {"log", UnaryCode::kLog, Accepts::kFloatOrComplex, {.namespaces = kPyMath,
     .doc = "Natural logarithm. Floating or complex."}},
    {"log1p", UnaryCode::kLog1p, Accepts::kFloatOrComplex, {.namespaces = kPyMath,
     .doc = "log(1 + x), accurate near 0. Floating or complex."}},
    {"sin", UnaryCode::kSin, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Sine. Floating or complex."}},
    {"cos", UnaryCode::kCos, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Cosine. Floating or complex."}},
    {"tan", UnaryCode::kTan, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Tangent. Floating or complex."}},
    {"asin", UnaryCode::kAsin, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Inverse sine. Floating or complex."}},
    {"acos", UnaryCode::kAcos, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Inverse cosine. Floating or complex."}},
    {"atan", UnaryCode::kAtan, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Inverse tangent. Floating or complex."}},
    {"sinh", UnaryCode::kSinh, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Hyperbolic sine. Floating or complex."}},
    {"cosh", UnaryCode::kCosh, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Hyperbolic cosine. Floating or complex."}},
    {"tanh", UnaryCode::kTanh, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath | kPyNn,
     .doc = "Hyperbolic tangent. Floating or complex."}},
    {"asinh", UnaryCode::kAsinh, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Inverse hyperbolic sine. Floating or complex."}},
    {"acosh", UnaryCode::kAcosh, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Inverse hyperbolic cosine. Floating or complex."}},
    {"atanh", UnaryCode::kAtanh, Accepts::kFloatOrComplex, {.namespaces = kPyTop | kPyMath,
     .doc = "Inverse hyperbolic tangent. Floating or complex."}},
    {"sigmoid", UnaryCode::kSigmoid, Accepts::kFloatOrComplex,
     {.namespaces = kPyTop | kPyMath | kPyNn,
      .doc = "1 / (1 + e ** -x), without overflow. Floating or complex."}},
    {"erf", UnaryCode::kErf, Accepts::kFloat, {.namespaces = kPyMath,
     .doc = "The error function. Floating only."}},
    {"elu", UnaryCode::kElu, Accepts::kFloat, {.namespaces = kPyNn,
     .doc = "x if x > 0 else e ** x - 1. Floating only."}},
    {"selu", UnaryCode::kSelu, Accepts::kFloat, {.namespaces = kPyNn,
     .doc = "scale * (x if x > 0 else alpha * (e ** x - 1)) with the SELU constants (alpha = "
            "1.6732632..., scale = 1.0507009...). Floating only."}},
    {"softplus", UnaryCode::kSoftplus, Accepts::kFloat, {.namespaces = kPyMath | kPyNn,
     .doc = "log(1 + e ** x), computed without overflow. Floating only."}},
    {"softsign", UnaryCode::kSoftsign, Accepts::kFloat, {.namespaces = kPyMath | kPyNn,
     .doc = "x / (1 + |x|). Floating only."}},
    // With an attribute: the Python wrappers convert it (unary_ops.py).
    {"leaky_relu", UnaryCode::kLeakyRelu, Accepts::kReal, {.namespaces = kPyNn}},
    {"gelu", UnaryCode::kGelu, Accepts::kFloat, {.namespaces = kPyNn}},
};
// clang-format on

const UnaryOp& entry(const OpDef& op) {
  for (const UnaryOp& u : kUnaryOps) {
    if (static_cast<int>(u.code) == op.code) return u;
  }
  throw InternalError("[" + std::string(op.name) + "] is not a unary op");
}

DType check_dtype(const OpDef& op, Accepts a, DType d) {
  if (!accepts(a, d)) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] expects " + describe(a) + ", got " +
                               std::string(d.name()) + "; " + fix_for(a) + ".");
  }
  return d;
}

Specs infer_unary(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  const UnaryOp& u = entry(op);
  DType d = check_dtype(op, u.accepts, in[0].dtype);
  if (u.code == UnaryCode::kAbs && d == complex64) d = float32;  // |z| is real, as TF
  if (u.code == UnaryCode::kAbs && d == complex128) d = float64;
  if (u.code == UnaryCode::kIsNan || u.code == UnaryCode::kIsInf || u.code == UnaryCode::kIsFinite) {
    d = bool_;
  }
  if (u.code == UnaryCode::kLeakyRelu && d.is_integer()) d = float32;  // as TF
  return {{d, in[0].shape}};
}

void unary_into(const OpDef& op, std::span<const Array> in, const Attrs& attrs, Array& out) {
  auto code = static_cast<UnaryCode>(op.code);
  double alpha = 0.0;
  if (code == UnaryCode::kLeakyRelu) alpha = attr<double>(attrs, 0);
  if (code == UnaryCode::kGelu && attr<bool>(attrs, 0)) code = UnaryCode::kGeluApprox;
  cpu::unary(code, in[0], out, alpha);
}

Specs infer_softmax(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_dtype(op, Accepts::kFloat, in[0].dtype);
  const Shape& s = in[0].shape;
  if (s.has_known_rank()) {
    if (s.rank() == 0) {
      throw InvalidArgumentError("[" + std::string(op.name) +
                                 "] logits must have at least one dimension, got a scalar; "
                                 "reshape it, e.g. kiln.reshape(logits, [1]).");
    }
    normalize_axis(op, attr<int64_t>(attrs, 0), s.rank());
  }
  return {{in[0].dtype, s}};
}

Arrays softmax_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                      std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim());
  cpu::softmax(in[0], axis, op.code == 1, result);
  return {std::move(result)};
}

}  // namespace

void register_unary_ops(Registry& r) {
  for (const UnaryOp& u : kUnaryOps) {
    std::vector<AttrDef> attrs;
    if (u.code == UnaryCode::kLeakyRelu) attrs = {{"alpha", AttrType::kFloat}};
    if (u.code == UnaryCode::kGelu) attrs = {{"approximate", AttrType::kBool}};
    r.add({.name = u.name, .min_inputs = 1, .max_inputs = 1, .attrs = std::move(attrs),
           .traits = kElementwise, .infer = infer_unary, .cpu_into = unary_into,
           .code = static_cast<int>(u.code),
           .graph_type = u.code == UnaryCode::kNegative ? "Neg" : std::string_view{},  // TF's
           .python = u.python});
  }
  for (int log = 0; log < 2; ++log) {
    r.add({.name = log ? "log_softmax" : "softmax", .min_inputs = 1, .max_inputs = 1,
           .attrs = {{"axis", AttrType::kInt}}, .infer = infer_softmax, .cpu = softmax_kernel,
           .code = log, .python = {.namespaces = kPyMath | kPyNn}});
  }
}

}  // namespace kiln
