// The binary-op driver: picks the functor for the op and the element type,
// then walks the broadcast operands row by row (binary_loop.h). Contiguous
// rows of the hot types go to the Highway kernels; everything else (strided,
// unaligned foreign memory, other dtypes) runs the scalar functor.
#include "kernels/cpu/binary.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "kernels/cpu/binary_functors.h"
#include "kernels/cpu/binary_loop.h"
#include "kernels/cpu/binary_simd.h"
#include "kiln/error.h"
#include "core/broadcast.h"

namespace kiln::cpu {
namespace {

template <class T>
constexpr bool kHasSimd = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                          std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>;

bool aligned_for(const void* p, size_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

template <class T, class F>
void binary_apply(BinaryCode code, const Array& x, const Array& y, Array& out, F f) {
  using Out = decltype(f(T{}, T{}));
  if (out.size() == 1) {
    // One element (a loop counter, a scalar in a traced function): no loop
    // or SIMD set-up, which would cost more than the operation.
    T a, b;
    std::memcpy(&a, x.data(), sizeof(T));
    std::memcpy(&b, y.data(), sizeof(T));
    const Out r = f(a, b);
    std::memcpy(out.mutable_data(), &r, sizeof(Out));
    return;
  }
  constexpr bool kSimd = kHasSimd<T> && std::is_same_v<Out, T>;
  SimdFn<T> simd = nullptr;
  if constexpr (kSimd) simd = simd_kernel<T>(code);
  // Runs the SIMD row kernel when there is one; false: run the functor.
  auto simd_row = [&](SimdMode mode, const T* ta, const T* tb, Out* po, int64_t n) {
    if constexpr (kSimd) {
      if (simd) simd(mode, ta, tb, po, n);
      return simd != nullptr;
    }
    return false;
  };
  Loop<3> loop = make_loop<3>(
      out.dims(), {out.strides(), broadcast_strides(x, out.dims()), broadcast_strides(y, out.dims())});
  const int64_t sx = loop.inner_stride(1), sy = loop.inner_stride(2);
  constexpr auto kSize = static_cast<int64_t>(sizeof(T));
  char* o = static_cast<char*>(out.mutable_data());  // C-contiguous: rows are dense
  const char* a = static_cast<const char*>(x.data());
  const char* b = static_cast<const char*>(y.data());
  run_loop(loop, [&](const std::array<int64_t, 3>& off, int64_t n) {
    Out* po = reinterpret_cast<Out*>(o + off[0]);
    const char* pa = a + off[1];
    const char* pb = b + off[2];
    const bool dense_a = sx == kSize && aligned_for(pa, alignof(T));
    const bool dense_b = sy == kSize && aligned_for(pb, alignof(T));
    const T* ta = reinterpret_cast<const T*>(pa);
    const T* tb = reinterpret_cast<const T*>(pb);
    if (dense_a && dense_b) {
      if (simd_row(SimdMode::kVectorVector, ta, tb, po, n)) return;
      for (int64_t i = 0; i < n; ++i) po[i] = f(ta[i], tb[i]);
    } else if (sx == 0 && dense_b) {
      T va = load_value<T>(pa);
      if (simd_row(SimdMode::kScalarVector, &va, tb, po, n)) return;
      for (int64_t i = 0; i < n; ++i) po[i] = f(va, tb[i]);
    } else if (dense_a && sy == 0) {
      T vb = load_value<T>(pb);
      if (simd_row(SimdMode::kVectorScalar, ta, &vb, po, n)) return;
      for (int64_t i = 0; i < n; ++i) po[i] = f(ta[i], vb);
    } else {  // strided, or foreign memory that is not aligned for T
      for (int64_t i = 0; i < n; ++i) po[i] = f(load_value<T>(pa + i * sx), load_value<T>(pb + i * sy));
    }
  });
}

// Whether any element of `a` satisfies pred (for the checks TF makes before
// integer division and integer powers).
template <class T, class Pred>
bool any_element(const Array& a, Pred pred) {
  Loop<1> loop = make_loop<1>(a.dims(), {a.strides()});
  const int64_t s = loop.inner_stride(0);
  const char* base = static_cast<const char*>(a.data());
  bool found = false;
  auto row = [&](const std::array<int64_t, 1>& off, int64_t n) {
    for (int64_t i = 0; i < n && !found; ++i) found = pred(load_value<T>(base + off[0] + i * s));
  };
  if (loop.size > 0) for_rows_in_range(loop, 0, loop.size, row);
  return found;
}

[[noreturn]] void division_by_zero(const char* op) {
  throw InvalidArgumentError("[" + std::string(op) +
                             "] Integer division by zero: y has a zero element. Mask it out "
                             "first (e.g. kiln.where(y == 0, 1, y)), or use float operands.");
}

[[noreturn]] void negative_power(const char* op) {
  throw InvalidArgumentError("[" + std::string(op) +
                             "] Integers to negative integer powers are not allowed: y has "
                             "a negative element. Cast x and y to a float dtype first.");
}

// Whether y is a divisor or exponent that TF refuses for integer T (as it
// checks before integer division and powers).
template <class T>
bool refused_operand(BinaryCode code, T y) {
  if constexpr (fn::kInt<T>) {
    if (code == BinaryCode::kFloorDiv || code == BinaryCode::kFloorMod) return y == 0;
    if constexpr (fn::kSigned<T>) return code == BinaryCode::kPow && y < 0;
  }
  return false;
}

[[noreturn]] void refuse(BinaryCode code, const char* op) {
  if (code == BinaryCode::kPow) negative_power(op);
  division_by_zero(op);
}

template <class T>
void check_operands(BinaryCode code, const Array& y, const char* op) {
  if constexpr (fn::kInt<T>) {
    const bool checked =
        code == BinaryCode::kFloorDiv || code == BinaryCode::kFloorMod || code == BinaryCode::kPow;
    if (checked && any_element<T>(y, [code](T v) { return refused_operand(code, v); })) {
      refuse(code, op);
    }
  }
}

template <class F>
void run(BinaryCode code, const Array& x, const Array& y, Array& out, const char* op) {
  visit_dtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (F::template accepts<T>) {
      check_operands<T>(code, y, op);
      binary_apply<T>(code, x, y, out, F{});
    } else {
      throw InternalError("[" + std::string(op) + "] binary kernel got unsupported dtype " +
                          std::string(x.dtype().name()));
    }
  });
}

// The one-element function of functor F; kChecked: of an op whose integer
// operands TF checks first (kCode, named kName in its error).
template <class F, BinaryCode kCode = BinaryCode::kAdd, const char* kName = nullptr>
ScalarFn scalar_fn(DType dtype) {
  return visit_dtype(dtype, [](auto tag) -> ScalarFn {
    using T = decltype(tag);
    if constexpr (F::template accepts<T>) {
      return [](const void* const* in, void* out) {
        const T b = load_value<T>(in[1]);
        if constexpr (kName != nullptr) {
          if (refused_operand(kCode, b)) refuse(kCode, kName);
        }
        const auto r = F{}(load_value<T>(in[0]), b);
        std::memcpy(out, &r, sizeof(r));
      };
    } else {
      return nullptr;
    }
  });
}

constexpr char kFloorDivName[] = "floordiv";
constexpr char kFloorModName[] = "floormod";
constexpr char kPowName[] = "pow";

}  // namespace

ScalarFn binary_scalar(BinaryCode code, DType dtype) {
  using C = BinaryCode;
  switch (code) {
    case C::kAdd: return scalar_fn<fn::Add>(dtype);
    case C::kSubtract: return scalar_fn<fn::Subtract>(dtype);
    case C::kMultiply: return scalar_fn<fn::Multiply>(dtype);
    case C::kDivide: return scalar_fn<fn::Divide>(dtype);
    case C::kFloorDiv: return scalar_fn<fn::FloorDiv, C::kFloorDiv, kFloorDivName>(dtype);
    case C::kFloorMod: return scalar_fn<fn::FloorMod, C::kFloorMod, kFloorModName>(dtype);
    case C::kPow: return scalar_fn<fn::Pow, C::kPow, kPowName>(dtype);
    case C::kMaximum: return scalar_fn<fn::Maximum>(dtype);
    case C::kMinimum: return scalar_fn<fn::Minimum>(dtype);
    case C::kSquaredDifference: return scalar_fn<fn::SquaredDifference>(dtype);
    case C::kAtan2: return scalar_fn<fn::Atan2>(dtype);
    case C::kDivideNoNan: return scalar_fn<fn::DivideNoNan>(dtype);
    case C::kEqual: return scalar_fn<fn::Equal>(dtype);
    case C::kNotEqual: return scalar_fn<fn::NotEqual>(dtype);
    case C::kLess: return scalar_fn<fn::Less>(dtype);
    case C::kLessEqual: return scalar_fn<fn::LessEqual>(dtype);
    case C::kGreater: return scalar_fn<fn::Greater>(dtype);
    case C::kGreaterEqual: return scalar_fn<fn::GreaterEqual>(dtype);
    case C::kLogicalAnd: return scalar_fn<fn::LogicalAnd>(dtype);
    case C::kLogicalOr: return scalar_fn<fn::LogicalOr>(dtype);
    case C::kLogicalXor: return scalar_fn<fn::LogicalXor>(dtype);
    case C::kBitwiseAnd: return scalar_fn<fn::BitwiseAnd>(dtype);
    case C::kBitwiseOr: return scalar_fn<fn::BitwiseOr>(dtype);
    case C::kBitwiseXor: return scalar_fn<fn::BitwiseXor>(dtype);
    case C::kLeftShift: return scalar_fn<fn::LeftShift>(dtype);
    case C::kRightShift: return scalar_fn<fn::RightShift>(dtype);
  }
  return nullptr;
}

void binary(BinaryCode code, const Array& x, const Array& y, Array& out, const char* op) {
  using C = BinaryCode;
  switch (code) {
    case C::kAdd: return run<fn::Add>(code, x, y, out, op);
    case C::kSubtract: return run<fn::Subtract>(code, x, y, out, op);
    case C::kMultiply: return run<fn::Multiply>(code, x, y, out, op);
    case C::kDivide: return run<fn::Divide>(code, x, y, out, op);
    case C::kFloorDiv: return run<fn::FloorDiv>(code, x, y, out, op);
    case C::kFloorMod: return run<fn::FloorMod>(code, x, y, out, op);
    case C::kPow: return run<fn::Pow>(code, x, y, out, op);
    case C::kMaximum: return run<fn::Maximum>(code, x, y, out, op);
    case C::kMinimum: return run<fn::Minimum>(code, x, y, out, op);
    case C::kSquaredDifference: return run<fn::SquaredDifference>(code, x, y, out, op);
    case C::kAtan2: return run<fn::Atan2>(code, x, y, out, op);
    case C::kDivideNoNan: return run<fn::DivideNoNan>(code, x, y, out, op);
    case C::kEqual: return run<fn::Equal>(code, x, y, out, op);
    case C::kNotEqual: return run<fn::NotEqual>(code, x, y, out, op);
    case C::kLess: return run<fn::Less>(code, x, y, out, op);
    case C::kLessEqual: return run<fn::LessEqual>(code, x, y, out, op);
    case C::kGreater: return run<fn::Greater>(code, x, y, out, op);
    case C::kGreaterEqual: return run<fn::GreaterEqual>(code, x, y, out, op);
    case C::kLogicalAnd: return run<fn::LogicalAnd>(code, x, y, out, op);
    case C::kLogicalOr: return run<fn::LogicalOr>(code, x, y, out, op);
    case C::kLogicalXor: return run<fn::LogicalXor>(code, x, y, out, op);
    case C::kBitwiseAnd: return run<fn::BitwiseAnd>(code, x, y, out, op);
    case C::kBitwiseOr: return run<fn::BitwiseOr>(code, x, y, out, op);
    case C::kBitwiseXor: return run<fn::BitwiseXor>(code, x, y, out, op);
    case C::kLeftShift: return run<fn::LeftShift>(code, x, y, out, op);
    case C::kRightShift: return run<fn::RightShift>(code, x, y, out, op);
  }
  throw InternalError("binary kernel: unknown op code " + std::to_string(static_cast<int>(code)));
}

}  // namespace kiln::cpu
