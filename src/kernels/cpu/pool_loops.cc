// Brings every pooling call to the channels-last loops (pool_loops_nhwc.cc):
// C-contiguous channels-last arrays of a real type. Channels-first data is
// transposed there and back, float16 and bfloat16 converted through float32,
// and empty problems answered here.
#include "kernels/cpu/pool_loops.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/cpu/cast.h"
#include "kernels/cpu/pool_loops_nhwc.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

bool half_float(DType d) { return d == float16 || d == bfloat16; }

Array to_float32(const Array& a) {
  Array f = Array::empty(float32, a.shape());
  cast(a, f, /*saturate=*/false);
  return f;
}

Array from_float32(const Array& f, DType d) {
  Array a = Array::empty(d, f.shape());
  cast(f, a, /*saturate=*/false);
  return a;
}

// dst[n][s][c] = src[n][c][s] for `planes` = n and the given c, s extents:
// the channels-first <-> channels-last transposition (with c and s swapped
// it is the way back). Tiles keep both sides' accesses in cache lines.
template <class T>
void transpose_planes(const T* src, T* dst, int64_t planes, int64_t c, int64_t s) {
  constexpr int64_t kTile = 32;
  const int64_t tiles_c = (c + kTile - 1) / kTile, tiles_s = (s + kTile - 1) / kTile;
  const int64_t grain = std::max<int64_t>(kParallelThreshold / (kTile * kTile), 1);
  parallel_for(planes * tiles_c * tiles_s, grain, [&](int64_t first, int64_t last) {
    for (int64_t t = first; t < last; ++t) {
      int64_t n = t / (tiles_c * tiles_s), tc = t / tiles_s % tiles_c, ts = t % tiles_s;
      const T* from = src + n * c * s;
      T* to = dst + n * c * s;
      for (int64_t i = tc * kTile; i < std::min(c, (tc + 1) * kTile); ++i) {
        for (int64_t j = ts * kTile; j < std::min(s, (ts + 1) * kTile); ++j) {
          to[j * c + i] = from[i * s + j];
        }
      }
    }
  });
}

// `a` (C-contiguous) with its axis 1 moved last (to_last) or its last axis
// moved to 1 (!to_last).
Array move_channels(const Array& a, bool to_last) {
  const Dims& d = a.dims();
  int64_t planes = d[0], c = to_last ? d[1] : d.back();
  int64_t s = c == 0 ? 0 : a.size() / std::max<int64_t>(planes * c, 1);
  Dims out{d[0]};
  if (to_last) {
    out.insert(out.end(), d.begin() + 2, d.end());
    out.push_back(d[1]);
  } else {
    out.push_back(d.back());
    out.insert(out.end(), d.begin() + 1, d.end() - 1);
  }
  Array r = Array::empty(a.dtype(), Shape(out));
  if (a.size() == 0) return r;
  auto run = [&](auto tag) {
    using T = decltype(tag);
    const T* src = a.data_as<T>();
    T* dst = static_cast<T*>(r.mutable_data());
    if (to_last) transpose_planes(src, dst, planes, c, s);
    else transpose_planes(src, dst, planes, s, c);
  };
  switch (a.dtype().size()) {
    case 1: run(uint8_t{}); break;
    case 2: run(uint16_t{}); break;
    case 4: run(uint32_t{}); break;
    default: run(uint64_t{}); break;
  }
  return r;
}

// The window's arrays in the loops' layout: C-contiguous, channels last.
struct Layout {
  const PoolWindow& w;
  PoolWindow last() const {
    PoolWindow l = w;
    l.channels_last = true;
    return l;
  }
  Array in(const Array& a) const {
    return w.channels_last ? a.contiguous() : move_channels(a.contiguous(), true);
  }
  Array empty(DType d, const Shape& shape) const {
    if (w.channels_last) return Array::empty(d, shape);
    Dims dims{shape.dims()[0]};
    dims.insert(dims.end(), shape.dims().begin() + 2, shape.dims().end());
    dims.push_back(shape.dims()[1]);
    return Array::empty(d, Shape(dims));
  }
  Array out(const Array& a) const { return w.channels_last ? a : move_channels(a, false); }
};

void fill_zero(Array& a) { std::memset(a.mutable_data(), 0, static_cast<size_t>(a.nbytes())); }

}  // namespace

Array max_pool(const Array& x, const PoolWindow& w, const Shape& out_shape) {
  DType d = x.dtype();
  if (w.out_elements() == 0) return Array::empty(d, out_shape);
  if (half_float(d)) return from_float32(max_pool(to_float32(x), w, out_shape), d);
  Layout l{w};
  Array y = l.empty(d, out_shape);
  nhwc::max_pool(l.in(x), y, l.last());
  return l.out(y);
}

Array avg_pool(const Array& x, const PoolWindow& w, const Shape& out_shape) {
  DType d = x.dtype();
  if (w.out_elements() == 0) return Array::empty(d, out_shape);
  if (half_float(d)) return from_float32(avg_pool(to_float32(x), w, out_shape), d);
  Layout l{w};
  Array y = l.empty(d, out_shape);
  nhwc::avg_pool(l.in(x), y, l.last());
  return l.out(y);
}

Array max_pool_grad(const Array& x, const Array& dy, const PoolWindow& w) {
  DType d = x.dtype();
  if (half_float(d)) return from_float32(max_pool_grad(to_float32(x), to_float32(dy), w), d);
  Layout l{w};
  Array dx = l.empty(d, x.shape());
  if (w.out_elements() == 0) {
    fill_zero(dx);
  } else {
    nhwc::max_pool_grad(l.in(x), l.in(dy), dx, l.last());
  }
  return l.out(dx);
}

Array avg_pool_grad(const Array& dy, const PoolWindow& w, const Shape& in_shape) {
  DType d = dy.dtype();
  if (half_float(d)) return from_float32(avg_pool_grad(to_float32(dy), w, in_shape), d);
  Layout l{w};
  Array dx = l.empty(d, in_shape);
  if (w.out_elements() == 0) {
    fill_zero(dx);
  } else {
    nhwc::avg_pool_grad(l.in(dy), dx, l.last());
  }
  return l.out(dx);
}

Array max_pool_grad_grad(const Array& x, const Array& ddx, const PoolWindow& w,
                         const Shape& out_shape) {
  DType d = x.dtype();
  if (w.out_elements() == 0) return Array::empty(d, out_shape);
  if (half_float(d)) {
    return from_float32(max_pool_grad_grad(to_float32(x), to_float32(ddx), w, out_shape), d);
  }
  Layout l{w};
  Array out = l.empty(d, out_shape);
  nhwc::max_pool_grad_grad(l.in(x), l.in(ddx), out, l.last());
  return l.out(out);
}

void max_pool_with_argmax(const Array& x, const PoolWindow& w, bool include_batch, Array& y,
                          Array& argmax) {
  if (y.size() == 0) return;
  if (half_float(x.dtype())) {
    Array yf = Array::empty(float32, y.shape());
    nhwc::max_pool_with_argmax(to_float32(x), yf, argmax, w, include_batch);
    cast(yf, y, /*saturate=*/false);
    return;
  }
  nhwc::max_pool_with_argmax(x.contiguous(), y, argmax, w, include_batch);
}

Array max_pool_grad_with_argmax(const Array& dy, const Array& argmax, const PoolWindow& w,
                                bool include_batch, const Shape& in_shape) {
  DType d = dy.dtype();
  if (half_float(d)) {
    return from_float32(
        max_pool_grad_with_argmax(to_float32(dy), argmax, w, include_batch, in_shape), d);
  }
  Array dx = Array::empty(d, in_shape);
  if (dx.size() == 0) return dx;
  nhwc::max_pool_grad_with_argmax(dy.contiguous(), argmax.contiguous(), dx, w, include_batch);
  return dx;
}

}  // namespace kiln::cpu
