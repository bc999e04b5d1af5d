// Transcendental functions and activations on real floating dtypes. Each op
// is a block function over contiguous spans of the compute type C (float for
// float16/bfloat16/float32, double for float64), built from SLEEF's vector
// functions (vec_math) and simple loops the compiler vectorises.
#include <cmath>
#include <type_traits>

#include "kernels/cpu/unary_impl.h"
#include "kernels/cpu/unary_map.h"
#include "kernels/cpu/unary_vecmath.h"

namespace kiln::cpu {
namespace {

// The ops that are one SLEEF function, and which.
bool direct_vecfn(UnaryCode code, VecFn* f) {
  switch (code) {
    case UnaryCode::kSqrt: *f = VecFn::kSqrt; return true;
    case UnaryCode::kExp: *f = VecFn::kExp; return true;
    case UnaryCode::kExpm1: *f = VecFn::kExpm1; return true;
    case UnaryCode::kLog: *f = VecFn::kLog; return true;
    case UnaryCode::kLog1p: *f = VecFn::kLog1p; return true;
    case UnaryCode::kSin: *f = VecFn::kSin; return true;
    case UnaryCode::kCos: *f = VecFn::kCos; return true;
    case UnaryCode::kTan: *f = VecFn::kTan; return true;
    case UnaryCode::kAsin: *f = VecFn::kAsin; return true;
    case UnaryCode::kAcos: *f = VecFn::kAcos; return true;
    case UnaryCode::kAtan: *f = VecFn::kAtan; return true;
    case UnaryCode::kSinh: *f = VecFn::kSinh; return true;
    case UnaryCode::kCosh: *f = VecFn::kCosh; return true;
    case UnaryCode::kTanh: *f = VecFn::kTanh; return true;
    case UnaryCode::kAsinh: *f = VecFn::kAsinh; return true;
    case UnaryCode::kAcosh: *f = VecFn::kAcosh; return true;
    case UnaryCode::kAtanh: *f = VecFn::kAtanh; return true;
    case UnaryCode::kErf: *f = VecFn::kErf; return true;
    default: return false;
  }
}

// y = f(x) over one block; false when `code` is not a floating op.
template <class C>
void composite_block(UnaryCode code, C alpha, const C* x, C* y, int64_t n) {
  switch (code) {
    case UnaryCode::kRsqrt:
      vec_math(VecFn::kSqrt, x, y, n);
      for (int64_t i = 0; i < n; ++i) y[i] = C(1) / y[i];
      return;
    case UnaryCode::kReciprocal:
      for (int64_t i = 0; i < n; ++i) y[i] = C(1) / x[i];
      return;
    case UnaryCode::kSigmoid:
      // With t = e^-|x| (never overflows): 1/(1+t) for x >= 0, t/(1+t) below,
      // so tiny results keep their precision instead of flushing to 0.
      for (int64_t i = 0; i < n; ++i) y[i] = -std::fabs(x[i]);
      vec_math(VecFn::kExp, y, y, n);
      for (int64_t i = 0; i < n; ++i) y[i] = (x[i] >= 0 ? C(1) : y[i]) / (C(1) + y[i]);
      return;
    case UnaryCode::kLeakyRelu:
      for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0 ? x[i] : x[i] * alpha;
      return;
    case UnaryCode::kElu:
    case UnaryCode::kSelu: {
      // expm1 of the non-positive part only (NaN kept), so large x cannot overflow.
      for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0 ? C(0) : x[i];
      vec_math(VecFn::kExpm1, y, y, n);
      if (code == UnaryCode::kElu) {
        for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0 ? x[i] : y[i];
      } else {
        const C scale = C(1.0507009873554804934193349852946);
        const C scale_alpha = C(1.0507009873554804934193349852946 * 1.6732632423543772848170429916717);
        for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0 ? scale * x[i] : scale_alpha * y[i];
      }
      return;
    }
    case UnaryCode::kGelu:  // x/2 * erfc(-x/√2): no cancellation for negative x, unlike 1 + erf
      for (int64_t i = 0; i < n; ++i) y[i] = x[i] * C(-0.70710678118654752440084436210485);
      vec_math(VecFn::kErfc, y, y, n);
      for (int64_t i = 0; i < n; ++i) y[i] *= C(0.5) * x[i];
      return;
    case UnaryCode::kGeluApprox:  // x/2 * (1 + tanh(√(2/π) (x + 0.044715 x³)))
      for (int64_t i = 0; i < n; ++i) {
        y[i] = C(0.79788456080286535587989211986876) * (x[i] + C(0.044715) * x[i] * x[i] * x[i]);
      }
      vec_math(VecFn::kTanh, y, y, n);
      for (int64_t i = 0; i < n; ++i) y[i] = C(0.5) * x[i] * (C(1) + y[i]);
      return;
    case UnaryCode::kSoftplus:  // max(x, 0) + log1p(e^-|x|): never overflows
      for (int64_t i = 0; i < n; ++i) y[i] = -std::fabs(x[i]);
      vec_math(VecFn::kExp, y, y, n);
      vec_math(VecFn::kLog1p, y, y, n);
      for (int64_t i = 0; i < n; ++i) y[i] += x[i] > 0 ? x[i] : C(0);
      return;
    case UnaryCode::kSoftsign:
      for (int64_t i = 0; i < n; ++i) y[i] = x[i] / (C(1) + std::fabs(x[i]));
      return;
    default:
      return;
  }
}

bool is_composite(UnaryCode code) {
  switch (code) {
    case UnaryCode::kRsqrt: case UnaryCode::kReciprocal: case UnaryCode::kSigmoid:
    case UnaryCode::kLeakyRelu: case UnaryCode::kElu: case UnaryCode::kSelu:
    case UnaryCode::kGelu: case UnaryCode::kGeluApprox: case UnaryCode::kSoftplus:
    case UnaryCode::kSoftsign:
      return true;
    default:
      return false;
  }
}

// TI: input storage type; TO: output storage type; C: compute type.
template <class TI, class TO, class C>
bool run(UnaryCode code, const Array& x, Array& out, double alpha) {
  VecFn f;
  if (direct_vecfn(code, &f)) {
    map_blocks<TI, TO, C, C>(x, out, kCostly,
                             [f](const C* in, C* o, int64_t m) { vec_math(f, in, o, m); });
    return true;
  }
  if (!is_composite(code)) return false;
  C a = static_cast<C>(alpha);
  map_blocks<TI, TO, C, C>(x, out, kCostly, [code, a](const C* in, C* o, int64_t m) {
    composite_block<C>(code, a, in, o, m);
  });
  return true;
}

}  // namespace

bool unary_floating(UnaryCode code, const Array& x, Array& out, double alpha) {
  return visit_dtype(x.dtype(), [&](auto tag) -> bool {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, double>) {
      return run<double, double, double>(code, x, out, alpha);
    } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, half> ||
                         std::is_same_v<T, bfloat16_t>) {
      return run<T, T, float>(code, x, out, alpha);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      // leaky_relu of integers gives float32, as TF.
      if (code != UnaryCode::kLeakyRelu) return false;
      return run<T, float, float>(code, x, out, alpha);
    } else {
      return false;
    }
  });
}

}  // namespace kiln::cpu
