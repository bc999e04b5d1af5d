// Unary ops on complex64/complex128, element by element through std::complex
// (these dtypes are rare in practice; clarity over SIMD here).
#include <cmath>
#include <complex>

#include "kernels/cpu/unary_impl.h"
#include "kernels/cpu/unary_map.h"

namespace kiln::cpu {
namespace {

// e^z - 1 without cancellation for small |z|:
// (expm1(a) cos b - 2 sin²(b/2)) + i e^a sin b.
template <class R>
std::complex<R> complex_expm1(std::complex<R> z) {
  R a = z.real(), b = z.imag();
  R h = std::sin(b / 2);
  return {std::expm1(a) * std::cos(b) - 2 * h * h, std::exp(a) * std::sin(b)};
}

// log(1 + z) with the real part from log1p: |1+z|² - 1 = a(2 + a) + b².
template <class R>
std::complex<R> complex_log1p(std::complex<R> z) {
  R a = z.real(), b = z.imag();
  return {std::log1p(a * (2 + a) + b * b) / 2, std::atan2(b, 1 + a)};
}

template <class Z>
bool complex_op(UnaryCode code, const Array& x, Array& out) {
  using R = typename Z::value_type;
  auto map = [&](auto f) { map_scalar<Z, Z, Z, Z>(x, out, kCostly, f); };
  switch (code) {
    case UnaryCode::kAbs:  // |z| has the real dtype, as TF
      map_scalar<Z, R, Z, R>(x, out, kCostly, [](Z v) { return std::abs(v); });
      return true;
    case UnaryCode::kNegative: map([](Z v) { return -v; }); return true;
    case UnaryCode::kSign:  // z / |z|, and 0 for 0
      map([](Z v) { R m = std::abs(v); return m == 0 ? Z{} : v / m; });
      return true;
    case UnaryCode::kSquare: map([](Z v) { return v * v; }); return true;
    case UnaryCode::kSqrt: map([](Z v) { return std::sqrt(v); }); return true;
    case UnaryCode::kRsqrt: map([](Z v) { return Z(1) / std::sqrt(v); }); return true;
    case UnaryCode::kReciprocal: map([](Z v) { return Z(1) / v; }); return true;
    case UnaryCode::kExp: map([](Z v) { return std::exp(v); }); return true;
    case UnaryCode::kExpm1: map([](Z v) { return complex_expm1(v); }); return true;
    case UnaryCode::kLog: map([](Z v) { return std::log(v); }); return true;
    case UnaryCode::kLog1p: map([](Z v) { return complex_log1p(v); }); return true;
    case UnaryCode::kSin: map([](Z v) { return std::sin(v); }); return true;
    case UnaryCode::kCos: map([](Z v) { return std::cos(v); }); return true;
    case UnaryCode::kTan: map([](Z v) { return std::tan(v); }); return true;
    case UnaryCode::kAsin: map([](Z v) { return std::asin(v); }); return true;
    case UnaryCode::kAcos: map([](Z v) { return std::acos(v); }); return true;
    case UnaryCode::kAtan: map([](Z v) { return std::atan(v); }); return true;
    case UnaryCode::kSinh: map([](Z v) { return std::sinh(v); }); return true;
    case UnaryCode::kCosh: map([](Z v) { return std::cosh(v); }); return true;
    case UnaryCode::kTanh: map([](Z v) { return std::tanh(v); }); return true;
    case UnaryCode::kAsinh: map([](Z v) { return std::asinh(v); }); return true;
    case UnaryCode::kAcosh: map([](Z v) { return std::acosh(v); }); return true;
    case UnaryCode::kAtanh: map([](Z v) { return std::atanh(v); }); return true;
    case UnaryCode::kSigmoid: map([](Z v) { return Z(1) / (Z(1) + std::exp(-v)); }); return true;
    default: return false;
  }
}

}  // namespace

bool unary_complex(UnaryCode code, const Array& x, Array& out) {
  if (x.dtype() == complex64) return complex_op<std::complex<float>>(code, x, out);
  if (x.dtype() == complex128) return complex_op<std::complex<double>>(code, x, out);
  return false;
}

}  // namespace kiln::cpu
