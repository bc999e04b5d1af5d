// softmax and log_softmax along one axis, numerically stable: the maximum
// along the axis is subtracted before exponentiating, so no exp overflows.
// The array is seen as [outer, n, inner] with n the axis; each [n, inner]
// slab is computed in place in a workspace of the compute type (the output
// itself when the storage type is the compute type).
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "kernels/cpu/unary.h"
#include "kernels/cpu/unary_vecmath.h"
#include "kiln/cast.h"
#include "kiln/error.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// One slab ws[n][inner], in place. m, s, e: scratch of `inner` elements.
template <class C>
void slab(C* ws, int64_t n, int64_t inner, bool log, C* m, C* s, C* e) {
  if (inner == 1) {  // the usual case (last axis): one contiguous row
    C mx = ws[0];
    for (int64_t i = 1; i < n; ++i) mx = std::max(mx, ws[i]);  // NaN inputs give NaN below
    for (int64_t i = 0; i < n; ++i) ws[i] -= mx;
    if (log) {
      double sum = 0;
      for (int64_t i = 0; i < n; i += 256) {  // exp in blocks: ws keeps x - max
        int64_t k = std::min<int64_t>(n - i, 256);
        vec_math(VecFn::kExp, ws + i, e, k);
        for (int64_t j = 0; j < k; ++j) sum += e[j];
      }
      C ls = static_cast<C>(std::log(sum));
      for (int64_t i = 0; i < n; ++i) ws[i] -= ls;
    } else {
      vec_math(VecFn::kExp, ws, ws, n);
      double sum = 0;
      for (int64_t i = 0; i < n; ++i) sum += ws[i];
      C inv = static_cast<C>(1.0 / sum);
      for (int64_t i = 0; i < n; ++i) ws[i] *= inv;
    }
    return;
  }
  std::copy(ws, ws + inner, m);
  for (int64_t r = 1; r < n; ++r) {
    const C* row = ws + r * inner;
    for (int64_t j = 0; j < inner; ++j) m[j] = std::max(m[j], row[j]);
  }
  std::fill(s, s + inner, C(0));
  for (int64_t r = 0; r < n; ++r) {
    C* row = ws + r * inner;
    for (int64_t j = 0; j < inner; ++j) row[j] -= m[j];
    C* ex = log ? e : row;
    vec_math(VecFn::kExp, row, ex, inner);
    for (int64_t j = 0; j < inner; ++j) s[j] += ex[j];
  }
  if (log) {
    for (int64_t j = 0; j < inner; ++j) s[j] = std::log(s[j]);
    for (int64_t r = 0; r < n; ++r) {
      for (int64_t j = 0; j < inner; ++j) ws[r * inner + j] -= s[j];
    }
  } else {
    for (int64_t r = 0; r < n; ++r) {
      for (int64_t j = 0; j < inner; ++j) ws[r * inner + j] /= s[j];
    }
  }
}

template <class T, class C>
void run(const Array& xc, int64_t axis, bool log, Array& out) {
  const Dims& d = xc.dims();
  int64_t outer = 1, inner = 1, n = d[static_cast<size_t>(axis)];
  for (int64_t i = 0; i < axis; ++i) outer *= d[static_cast<size_t>(i)];
  for (size_t i = static_cast<size_t>(axis) + 1; i < d.size(); ++i) inner *= d[i];
  if (xc.size() == 0) return;
  const T* x = xc.data_as<T>();
  T* o = static_cast<T*>(out.mutable_data());
  int64_t per = n * inner;
  parallel_for(outer, std::max<int64_t>(1, kParallelThreshold / (8 * per)), [&](int64_t b, int64_t end) {
    // Scratch: m, s, e (e holds exp blocks of up to 256 for the row case);
    // and a workspace slab when T is stored narrower than C.
    std::vector<C> scratch(static_cast<size_t>(2 * inner + std::max<int64_t>(inner, 256)));
    std::vector<C> converted(std::is_same_v<T, C> ? 0 : static_cast<size_t>(per));
    C* m = scratch.data();
    C* s = m + inner;
    C* e = s + inner;
    for (int64_t i = b; i < end; ++i) {
      const T* xs = x + i * per;
      T* os = o + i * per;
      if constexpr (std::is_same_v<T, C>) {
        std::copy(xs, xs + per, os);
        slab<C>(os, n, inner, log, m, s, e);
      } else {
        for (int64_t k = 0; k < per; ++k) converted[static_cast<size_t>(k)] = widen(xs[k]);
        slab<C>(converted.data(), n, inner, log, m, s, e);
        for (int64_t k = 0; k < per; ++k) os[k] = cast_value<T>(converted[static_cast<size_t>(k)]);
      }
    }
  });
}

}  // namespace

void softmax(const Array& x, int64_t axis, bool log, Array& out) {
  Array xc = x.contiguous();  // strided input: one copy, then contiguous slabs
  switch (x.dtype().code()) {
    case DTypeCode::kFloat16: return run<half, float>(xc, axis, log, out);
    case DTypeCode::kBFloat16: return run<bfloat16_t, float>(xc, axis, log, out);
    case DTypeCode::kFloat32: return run<float, float>(xc, axis, log, out);
    case DTypeCode::kFloat64: return run<double, double>(xc, axis, log, out);
    default:
      throw InternalError("softmax kernel: unsupported dtype " + std::string(x.dtype().name()));
  }
}

}  // namespace kiln::cpu
