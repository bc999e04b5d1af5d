// Elementwise binary ops (NumPy broadcasting, one dtype for both operands),
// and the ternary where / clip_by_value, which broadcast the same way.
#include <string>
#include <type_traits>

#include "core/broadcast.h"
#include "kernels/cpu/binary.h"
#include "kernels/cpu/binary_functors.h"
#include "ops/elementwise_infer.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using cpu::BinaryCode;

enum class Output : uint8_t { kSame, kBool, kTrueDiv };

// One row per op, in BinaryCode order (OpDef::code indexes this table).
struct BinarySpec {
  std::string_view name;
  BinaryCode code;
  uint32_t accepts;  // DTypeSet
  Output output;
  uint32_t traits;
  const char* x_name = "x";
  const char* y_name = "y";
  std::string_view graph_type = {};  // TF's node type where it is not the CamelCase name
  PythonApi python = {};  // its wrapper's argument names are x_name and y_name
};

constexpr uint32_t kEw = kElementwise;
constexpr uint32_t kEwC = kElementwise | kCommutative;
// Each row ends with the op's Python names (kPy*) and docstring (OpDef::python).
// clang-format off
constexpr BinarySpec kSpecs[] = {
    {"add", BinaryCode::kAdd, kNumberTypes, Output::kSame, kEwC, "x", "y", "AddV2",
     {.namespaces = kPyTop | kPyMath,
      .doc = "x + y elementwise, with NumPy broadcasting. Not for bool."}},
    {"subtract", BinaryCode::kSubtract, kNumberTypes, Output::kSame, kEw, "x", "y", "Sub",
     {.namespaces = kPyTop | kPyMath,
      .doc = "x - y elementwise, with NumPy broadcasting. Not for bool."}},
    {"multiply", BinaryCode::kMultiply, kNumberTypes, Output::kSame, kEwC, "x", "y", "Mul",
     {.namespaces = kPyTop | kPyMath,
      .doc = "x * y elementwise, with NumPy broadcasting. Not for bool."}},
    {"divide", BinaryCode::kDivide, kNumberTypes, Output::kTrueDiv, kEw, "x", "y", "RealDiv",
     {.namespaces = kPyTop | kPyMath, .aliases = "truediv",
      .doc = "x / y elementwise (true division, as TF's truediv).\n\n"
             "int8/int16/uint8/uint16 give float32, wider integers float64; float and complex\n"
             "dtypes stay. Division by zero gives inf or nan."}},
    {"floordiv", BinaryCode::kFloorDiv, kRealTypes, Output::kSame, kEw, "x", "y", "FloorDiv",
     {.namespaces = kPyMath,
      .doc = "floor(x / y) elementwise, for integer and float dtypes.\n\n"
             "Integer division by zero raises InvalidArgumentError, as TF."}},
    {"floormod", BinaryCode::kFloorMod, kRealTypes, Output::kSame, kEw, "x", "y", "FloorMod",
     {.namespaces = kPyMath, .aliases = "mod",
      .doc = "x - floor(x / y) * y: the remainder with the sign of y (Python's %).\n\n"
             "Integer and float dtypes; integer division by zero raises InvalidArgumentError."}},
    {"pow", BinaryCode::kPow, kNumberTypes, Output::kSame, kEw, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "x ** y elementwise. Integer powers are exact (wrapping on overflow); a negative\n"
             "integer exponent raises InvalidArgumentError, as TF."}},
    {"maximum", BinaryCode::kMaximum, kRealTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "max(x, y) elementwise (NaN wins), for integer and float dtypes."}},
    {"minimum", BinaryCode::kMinimum, kRealTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "min(x, y) elementwise (NaN wins), for integer and float dtypes."}},
    {"squared_difference", BinaryCode::kSquaredDifference, kNumberTypes, Output::kSame, kEwC,
     "x", "y", {},
     {.namespaces = kPyMath, .doc = "(x - y) * conj(x - y) elementwise."}},
    {"atan2", BinaryCode::kAtan2, kFloatTypes, Output::kSame, kEw, "y", "x", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "atan2(y, x) elementwise: the angle of the point (x, y). Float dtypes."}},
    {"divide_no_nan", BinaryCode::kDivideNoNan, kFloatTypes | kComplexTypes, Output::kSame, kEw,
     "x", "y", "DivNoNan",
     {.namespaces = kPyMath,
      .doc = "x / y elementwise, but 0 where y == 0 (even when x is nan or inf). Float and "
             "complex."}},
    {"equal", BinaryCode::kEqual, kAllTypes, Output::kBool, kEwC, "x", "y", {},
     {.namespaces = kPyTop | kPyMath, .doc = "x == y elementwise (bool result); every dtype."}},
    {"not_equal", BinaryCode::kNotEqual, kAllTypes, Output::kBool, kEwC, "x", "y", {},
     {.namespaces = kPyTop | kPyMath, .doc = "x != y elementwise (bool result); every dtype."}},
    {"less", BinaryCode::kLess, kRealTypes, Output::kBool, kEw, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "x < y elementwise (bool result); integer and float dtypes."}},
    {"less_equal", BinaryCode::kLessEqual, kRealTypes, Output::kBool, kEw, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "x <= y elementwise (bool result); integer and float dtypes."}},
    {"greater", BinaryCode::kGreater, kRealTypes, Output::kBool, kEw, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "x > y elementwise (bool result); integer and float dtypes."}},
    {"greater_equal", BinaryCode::kGreaterEqual, kRealTypes, Output::kBool, kEw, "x", "y", {},
     {.namespaces = kPyTop | kPyMath,
      .doc = "x >= y elementwise (bool result); integer and float dtypes."}},
    {"logical_and", BinaryCode::kLogicalAnd, kBoolTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyTop | kPyMath, .doc = "x AND y elementwise, for bool tensors."}},
    {"logical_or", BinaryCode::kLogicalOr, kBoolTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyTop | kPyMath, .doc = "x OR y elementwise, for bool tensors."}},
    {"logical_xor", BinaryCode::kLogicalXor, kBoolTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyMath, .doc = "x XOR y elementwise, for bool tensors."}},
    {"bitwise_and", BinaryCode::kBitwiseAnd, kIntegerTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyBitwise, .doc = "x & y elementwise, for integer tensors."}},
    {"bitwise_or", BinaryCode::kBitwiseOr, kIntegerTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyBitwise, .doc = "x | y elementwise, for integer tensors."}},
    {"bitwise_xor", BinaryCode::kBitwiseXor, kIntegerTypes, Output::kSame, kEwC, "x", "y", {},
     {.namespaces = kPyBitwise, .doc = "x ^ y elementwise, for integer tensors."}},
    {"left_shift", BinaryCode::kLeftShift, kIntegerTypes, Output::kSame, kEw, "x", "y", {},
     {.namespaces = kPyBitwise,
      .doc = "x << y elementwise, for integer tensors; y is clamped to [0, bits - 1] (as TF's "
             "kernel)."}},
    {"right_shift", BinaryCode::kRightShift, kIntegerTypes, Output::kSame, kEw, "x", "y", {},
     {.namespaces = kPyBitwise,
      .doc = "x >> y elementwise (arithmetic for signed types); y is clamped to [0, bits - 1]."}},
};
// clang-format on

constexpr bool in_code_order() {
  for (size_t i = 0; i < std::size(kSpecs); ++i) {
    if (static_cast<size_t>(kSpecs[i].code) != i) return false;
  }
  return true;
}
static_assert(in_code_order(), "kSpecs is out of BinaryCode order (OpDef::code indexes it)");

// float32 for 8/16-bit integers, float64 for wider ones (TF's truediv).
DType true_divide_dtype(DType d) {
  return visit_dtype(d, [](auto tag) -> DType {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) return bool_;  // refused before this is asked
    else return dtype_of<cpu::fn::TrueDiv<T>>();
  });
}

Specs infer_binary(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  const BinarySpec& spec = kSpecs[op.code];
  TensorSpec out = infer_same_dtype_broadcast(op, in, spec.x_name, spec.y_name);
  check_dtype_in(op, out.dtype, spec.accepts);
  if (spec.output == Output::kBool) out.dtype = bool_;
  if (spec.output == Output::kTrueDiv) out.dtype = true_divide_dtype(out.dtype);
  return {out};
}

void binary_into(const OpDef& op, std::span<const Array> in, const Attrs&, Array& out) {
  cpu::binary(static_cast<BinaryCode>(op.code), in[0], in[1], out, op.name.data());
}

ScalarFn binary_scalar(const OpDef& op, std::span<const DType> in, const Attrs&) {
  return cpu::binary_scalar(static_cast<BinaryCode>(op.code), in[0]);
}

// where(condition, x, y): condition bool; x and y one dtype; all three broadcast.
Specs infer_where(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  if (!in[0].dtype.is_bool()) {
    throw InvalidArgumentError("[where] condition must be bool, got " +
                               std::string(in[0].dtype.name()) +
                               ". Compare first to get bools, e.g. kiln.where(c != 0, x, y).");
  }
  TensorSpec out = infer_same_dtype_broadcast(op, in.subspan(1));
  out.shape = broadcast_shapes(in[0].shape, out.shape, "where");
  return {out};
}

void where_into(const OpDef&, std::span<const Array> in, const Attrs&, Array& out) {
  cpu::select(in[0], in[1], in[2], out);
}

// clip_by_value(t, lo, hi): lo and hi may broadcast to t, never beyond it
// (TF raises ValueError when they would grow the result).
Specs infer_clip(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  for (size_t i = 1; i < 3; ++i) {
    if (in[i].dtype != in[0].dtype) {
      throw InvalidArgumentError(
          std::string("[clip_by_value] t is ") + std::string(in[0].dtype.name()) + " but " +
          (i == 1 ? "clip_value_min" : "clip_value_max") + " is " +
          std::string(in[i].dtype.name()) + "; cast the bound to " +
          std::string(in[0].dtype.name()) + " first.");
    }
  }
  check_dtype_in(op, in[0].dtype, kRealTypes);
  Shape out = broadcast_shapes(in[0].shape, broadcast_shapes(in[1].shape, in[2].shape,
                                                             "clip_by_value"), "clip_by_value");
  const Shape& t = in[0].shape;
  bool grows = false;
  if (out.has_known_rank() && t.has_known_rank()) {
    grows = out.rank() != t.rank();
    for (size_t i = 0; !grows && i < t.dims().size(); ++i) {
      grows = t.dims()[i] != kUnknownDim && out.dims()[i] != kUnknownDim &&
              t.dims()[i] != out.dims()[i];
    }
  }
  if (grows) {
    throw ValueError("[clip_by_value] Shapes " + t.to_string() + " and " + out.to_string() +
                     " are incompatible: the bounds (shapes " + in[1].shape.to_string() + " and " +
                     in[2].shape.to_string() + ") must broadcast to t's shape without growing it.");
  }
  return {{in[0].dtype, out}};
}

void clip_into(const OpDef&, std::span<const Array> in, const Attrs&, Array& out) {
  cpu::clip(in[0], in[1], in[2], out);
}

// The Python wrapper takes the operands by the names errors give them (atan2(y, x)).
PythonApi with_args(const BinarySpec& spec) {
  PythonApi python = spec.python;
  python.args[0] = spec.x_name;
  python.args[1] = spec.y_name;
  return python;
}

}  // namespace

void register_binary_ops(Registry& r) {
  for (size_t i = 0; i < std::size(kSpecs); ++i) {
    const BinarySpec& spec = kSpecs[i];  // in BinaryCode order (static_assert above)
    r.add({.name = spec.name, .min_inputs = 2, .max_inputs = 2, .traits = spec.traits,
           .infer = infer_binary, .cpu_into = binary_into,
           .cpu_scalar = binary_scalar, .code = static_cast<int>(spec.code),
           .graph_type = spec.graph_type, .python = with_args(spec)});
  }
  // Three inputs: hand-written wrappers (math_ops.py) with their own docstrings.
  r.add({.name = "where", .min_inputs = 3, .max_inputs = 3, .traits = kElementwise,
         .infer = infer_where, .cpu_into = where_into, .python = {.namespaces = kPyTop}});
  r.add({.name = "clip_by_value", .min_inputs = 3, .max_inputs = 3, .traits = kElementwise,
         .infer = infer_clip, .cpu_into = clip_into, .python = {.namespaces = kPyTop}});
}

}  // namespace kiln
