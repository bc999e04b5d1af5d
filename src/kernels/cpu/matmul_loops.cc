// Portable matrix-product loops for the dtypes BLAS lacks (integers, 16-bit
// floats) and for layouts no BLAS call can express. B is packed per column
// block into a contiguous buffer of the accumulator type, so the inner loop
// is a unit-stride multiply-add the compiler vectorises.
#include <algorithm>
#include <complex>
#include <type_traits>
#include <vector>

#include "kernels/cpu/matmul_loops.h"
#include "kiln/cast.h"
#include "kiln/error.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// The type sums run in. Integers accumulate in unsigned arithmetic of at
// least 32 bits: wrap-around is defined there, and the low bits of the sum are
// the wrapped result in the narrower type (no promotion to signed int, whose
// overflow would be undefined).
template <class T>
struct Accum { using type = T; };
template <> struct Accum<half> { using type = float; };
template <> struct Accum<bfloat16_t> { using type = float; };
template <> struct Accum<int8_t> { using type = uint32_t; };
template <> struct Accum<int16_t> { using type = uint32_t; };
template <> struct Accum<int32_t> { using type = uint32_t; };
template <> struct Accum<uint8_t> { using type = uint32_t; };
template <> struct Accum<uint16_t> { using type = uint32_t; };
template <> struct Accum<uint32_t> { using type = uint32_t; };
template <> struct Accum<int64_t> { using type = uint64_t; };
template <> struct Accum<uint64_t> { using type = uint64_t; };

template <class T, class A>
A load_accum(const char* p, bool conj) {
  T v = load_value<T>(p);
  if constexpr (is_complex<T>::value) {
    return conj ? std::conj(v) : v;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<A>(v);  // modular: sign-extends, then wraps
  } else {
    return static_cast<A>(widen(v));
  }
}

template <class T, class A>
T from_accum(A acc) {
  if constexpr (std::is_integral_v<T>) return static_cast<T>(acc);  // modular (C++20)
  else return cast_value<T>(acc);
}

constexpr int64_t kRowBlock = 64;   // rows of A per task
constexpr int64_t kColBlock = 256;  // columns of B packed at a time (fits L2 with k ~ 1000)

template <class T>
void product_rows(const MatmulProblem& p, int64_t batch, int64_t i0, int64_t i1) {
  using A = typename Accum<T>::type;
  const char* a = p.a.data + p.offset(p.a, batch);
  const char* b = p.b.data + p.offset(p.b, batch);
  T* out = reinterpret_cast<T*>(p.out) + batch * p.m * p.n;
  int64_t k = p.k;
  std::vector<A> packed(static_cast<size_t>(k * std::min(p.n, kColBlock)));
  std::vector<A> row(static_cast<size_t>(k));
  std::vector<A> acc(static_cast<size_t>(kColBlock));
  for (int64_t j0 = 0; j0 < p.n; j0 += kColBlock) {
    int64_t jn = std::min(kColBlock, p.n - j0);
    for (int64_t kk = 0; kk < k; ++kk) {
      for (int64_t j = 0; j < jn; ++j) {
        packed[kk * jn + j] = load_accum<T, A>(b + kk * p.b.rs + (j0 + j) * p.b.cs, p.b.conj);
      }
    }
    for (int64_t i = i0; i < i1; ++i) {
      for (int64_t kk = 0; kk < k; ++kk) {
        row[kk] = load_accum<T, A>(a + i * p.a.rs + kk * p.a.cs, p.a.conj);
      }
      std::fill(acc.begin(), acc.begin() + jn, A{});
      for (int64_t kk = 0; kk < k; ++kk) {
        const A av = row[kk];
        const A* bk = packed.data() + kk * jn;
        A* c = acc.data();
        for (int64_t j = 0; j < jn; ++j) c[j] += av * bk[j];
      }
      T* o = out + i * p.n + j0;
      for (int64_t j = 0; j < jn; ++j) o[j] = from_accum<T, A>(acc[j]);
    }
  }
}

}  // namespace

void matmul_loops(DType dtype, const MatmulProblem& p) {
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) {
      throw InternalError("matmul_loops: bool has no product");
    } else {
      int64_t blocks = (p.m + kRowBlock - 1) / kRowBlock;
      auto run = [&](int64_t begin, int64_t end) {
        for (int64_t u = begin; u < end; ++u) {
          int64_t batch = u / blocks, i0 = (u % blocks) * kRowBlock;
          product_rows<T>(p, batch, i0, std::min(p.m, i0 + kRowBlock));
        }
      };
      int64_t units = p.batches * blocks;
      // Multiply-adds; small products stay on the calling thread.
      double work = static_cast<double>(p.batches) * p.m * p.n * p.k;
      if (work < 16.0 * kParallelThreshold) run(0, units);
      else parallel_for(units, 1, run);
    }
  });
}

}  // namespace kiln::cpu
