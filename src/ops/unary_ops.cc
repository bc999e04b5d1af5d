// Elementwise unary ops (math, rounding, classification, activations) and
// softmax / log_softmax. One table lists every elementwise op with the dtypes
// it accepts (TF's rules); registration reads it (the C++ API is
// src/api/unary_api.cc).
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

// What every elementwise unary op declares: its inputs and its output dtype.
struct UnaryOp {
  const char* name;
  UnaryCode code;
  Accepts accepts;
};

// X(name, code, accepted dtypes): the one list of elementwise unary ops.
#define KILN_UNARY_OPS(X)                                                               \
  X(abs, kAbs, kNumeric) X(negative, kNegative, kNumeric) X(sign, kSign, kNumeric)      \
  X(square, kSquare, kNumeric) X(relu, kRelu, kReal) X(relu6, kRelu6, kReal)            \
  X(round, kRound, kReal) X(floor, kFloor, kFloat) X(ceil, kCeil, kFloat)               \
  X(invert, kInvert, kInteger) X(logical_not, kLogicalNot, kBool)                       \
  X(is_nan, kIsNan, kFloat) X(is_inf, kIsInf, kFloat) X(is_finite, kIsFinite, kFloat)   \
  X(sqrt, kSqrt, kFloatOrComplex) X(rsqrt, kRsqrt, kFloatOrComplex)                     \
  X(reciprocal, kReciprocal, kFloatOrComplex) X(exp, kExp, kFloatOrComplex)             \
  X(expm1, kExpm1, kFloatOrComplex) X(log, kLog, kFloatOrComplex)                       \
  X(log1p, kLog1p, kFloatOrComplex) X(sin, kSin, kFloatOrComplex)                       \
  X(cos, kCos, kFloatOrComplex) X(tan, kTan, kFloatOrComplex)                           \
  X(asin, kAsin, kFloatOrComplex) X(acos, kAcos, kFloatOrComplex)                       \
  X(atan, kAtan, kFloatOrComplex) X(sinh, kSinh, kFloatOrComplex)                       \
  X(cosh, kCosh, kFloatOrComplex) X(tanh, kTanh, kFloatOrComplex)                       \
  X(asinh, kAsinh, kFloatOrComplex) X(acosh, kAcosh, kFloatOrComplex)                   \
  X(atanh, kAtanh, kFloatOrComplex) X(sigmoid, kSigmoid, kFloatOrComplex)               \
  X(erf, kErf, kFloat) X(elu, kElu, kFloat) X(selu, kSelu, kFloat)                      \
  X(softplus, kSoftplus, kFloat) X(softsign, kSoftsign, kFloat)

#define KILN_UNARY_ENTRY(name, code, acc) {#name, UnaryCode::code, Accepts::acc},
constexpr UnaryOp kUnaryOps[] = {KILN_UNARY_OPS(KILN_UNARY_ENTRY)
                                 {"leaky_relu", UnaryCode::kLeakyRelu, Accepts::kReal},
                                 {"gelu", UnaryCode::kGelu, Accepts::kFloat}};

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
           .graph_type = u.code == UnaryCode::kNegative ? "Neg" : std::string_view{}});  // TF's type
  }
  for (int log = 0; log < 2; ++log) {
    r.add({.name = log ? "log_softmax" : "softmax", .min_inputs = 1, .max_inputs = 1,
           .attrs = {{"axis", AttrType::kInt}}, .infer = infer_softmax, .cpu = softmax_kernel,
           .code = log});
  }
}

}  // namespace kiln
