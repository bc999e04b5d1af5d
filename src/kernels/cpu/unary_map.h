// The one loop behind every elementwise unary kernel: streams x through a
// block function in cache-sized blocks, converting to the compute type where
// the storage type differs (float16/bfloat16 compute in float), reading
// strided and unaligned inputs in place, and splitting large arrays over the
// thread pool. Block functions see contiguous, aligned spans only, so they
// are simple loops the compiler vectorises (or calls into vec_math).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <type_traits>

#include "kiln/array.h"
#include "kiln/cast.h"
#include "core/broadcast.h"
#include "core/parallel.h"

namespace kiln::cpu {

inline constexpr int64_t kUnaryBlock = 512;

// Relative costs per element, scaling the parallel threshold: transcendental
// functions pay for a task hand-off at far fewer elements than a negation.
inline constexpr int64_t kCheap = 1;
inline constexpr int64_t kCostly = 8;

namespace detail {

inline bool aligned_for(const void* p, size_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

// One row: n elements of x at byte stride sx, into contiguous po.
template <class TI, class TO, class CI, class CO, class Block>
void map_row(const char* px, int64_t sx, TO* po, int64_t n, const Block& fn) {
  alignas(64) CI xbuf[kUnaryBlock];
  alignas(64) CO ybuf[kUnaryBlock];
  // bool storage is read byte by byte (load_value): foreign memory may hold
  // bytes other than 0 and 1, which are not valid C++ bools.
  bool direct_in = std::is_same_v<TI, CI> && !std::is_same_v<TI, bool> && sx == static_cast<int64_t>(sizeof(TI)) &&
                   aligned_for(px, alignof(TI));
  for (int64_t i = 0; i < n; i += kUnaryBlock) {
    int64_t m = std::min(kUnaryBlock, n - i);
    const CI* xs = xbuf;
    if (direct_in) {
      xs = reinterpret_cast<const CI*>(px) + i;
    } else {
      for (int64_t j = 0; j < m; ++j) {
        xbuf[j] = static_cast<CI>(widen(load_value<TI>(px + (i + j) * sx)));
      }
    }
    if constexpr (std::is_same_v<TO, CO>) {
      fn(xs, po + i, m);
    } else {
      fn(xs, ybuf, m);
      for (int64_t j = 0; j < m; ++j) po[i + j] = cast_value<TO>(ybuf[j]);
    }
  }
}

// Every row of x (any strides) into the C-contiguous out of the same shape.
template <class TI, class TO, class CI, class CO, class Block>
void map_rows(const Array& x, Array& out, const Block& fn) {
  std::array<Strides, 2> strides = {out.strides(), x.strides()};
  int64_t sx = x.ndim() == 0 ? 0 : x.strides().back();
  const char* base = static_cast<const char*>(x.data());
  char* obase = static_cast<char*>(out.mutable_data());
  for_each_row<2>(x.dims(), strides, [&](const std::array<int64_t, 2>& off, int64_t n) {
    map_row<TI, TO, CI, CO>(base + off[1], sx, reinterpret_cast<TO*>(obase + off[0]), n, fn);
  });
}

}  // namespace detail

// out[i] = TO(fn(CI(x[i]))) with fn(const CI* in, CO* out, int64_t n) over
// blocks. out must be freshly allocated, C-contiguous, of x's shape.
template <class TI, class TO, class CI, class CO, class Block>
void map_blocks(const Array& x, Array& out, int64_t cost, const Block& fn) {
  int64_t n = x.size();
  if (n == 0) return;
  int64_t grain = std::max<int64_t>(kParallelThreshold / cost, kUnaryBlock);
  TO* po = static_cast<TO*>(out.mutable_data());
  if (x.is_c_contiguous()) {
    const char* px = static_cast<const char*>(x.data());
    auto chunk = [&](int64_t b, int64_t e) {
      detail::map_row<TI, TO, CI, CO>(px + b * static_cast<int64_t>(sizeof(TI)), sizeof(TI),
                                      po + b, e - b, fn);
    };
    if (n <= grain) chunk(0, n);
    else parallel_for(n, grain, chunk);
    return;
  }
  // Strided: rows read in place; large arrays split along the first axis.
  if (n <= grain || x.ndim() < 2) {
    detail::map_rows<TI, TO, CI, CO>(x, out, fn);
    return;
  }
  int64_t per_slice = n / x.dims()[0];
  parallel_for(x.dims()[0], std::max<int64_t>(1, grain / std::max<int64_t>(per_slice, 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t i = b; i < e; ++i) {
                   Array xi = x.index(i);
                   Array oi = out.index(i);
                   detail::map_rows<TI, TO, CI, CO>(xi, oi, fn);
                 }
               });
}

// The common case of a scalar function: out = f(x) element by element.
template <class TI, class TO, class CI, class CO, class F>
void map_scalar(const Array& x, Array& out, int64_t cost, F f) {
  map_blocks<TI, TO, CI, CO>(x, out, cost, [f](const CI* in, CO* o, int64_t m) {
    for (int64_t i = 0; i < m; ++i) o[i] = f(in[i]);
  });
}

}  // namespace kiln::cpu
