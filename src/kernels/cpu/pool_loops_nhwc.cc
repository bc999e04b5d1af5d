#include "kernels/cpu/pool_loops_nhwc.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "kiln/error.h"
#include "core/parallel.h"

namespace kiln::cpu::nhwc {
namespace {

// The input positions [lo, hi) of output position o along spatial axis i.
struct Range {
  int64_t lo, hi;
  int64_t size() const { return hi - lo; }
};
Range window(const PoolWindow& w, int i, int64_t o) {
  int64_t start = o * w.stride[i] - w.pad_before[i];
  return {std::max<int64_t>(start, 0), std::min<int64_t>(start + w.size[i], w.in[i])};
}

// The element offset of position (n, d, h, x) of an array of spatial dims
// `sp`, channel 0.
int64_t offset(const PoolWindow& w, const std::array<int64_t, 3>& sp, int64_t n, int64_t d,
               int64_t h, int64_t x) {
  return (((n * sp[0] + d) * sp[1] + h) * sp[2] + x) * w.channels;
}

// One output position: its image, its offset and its window.
struct Window {
  int64_t n, out;
  Range d, h, w;
};

// The grain (items per task) of parallel work where each item costs `work`.
int64_t grain_for(double work) {
  return std::max<int64_t>(static_cast<int64_t>(kParallelThreshold / std::max(work, 1.0)), 1);
}

// Calls f(Window) for every output position. Rows (n, od, oh) are split
// between threads: they write disjoint parts of the output.
template <class F>
void for_each_window(const PoolWindow& w, double work_per_window, F&& f) {
  const int64_t rows = w.batch * w.out[0] * w.out[1];
  parallel_for(rows, grain_for(static_cast<double>(w.out[2]) * work_per_window),
               [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      int64_t n = r / (w.out[0] * w.out[1]);
      Range rd = window(w, 0, (r / w.out[1]) % w.out[0]), rh = window(w, 1, r % w.out[1]);
      for (int64_t ox = 0; ox < w.out[2]; ++ox) {
        f(Window{n, (r * w.out[2] + ox) * w.channels, rd, rh, window(w, 2, ox)});
      }
    }
  });
}

// Calls f(in_offset) for each element position of a window, in d, h, w order.
template <class F>
void for_each_tap(const PoolWindow& w, const Window& win, F&& f) {
  for (int64_t d = win.d.lo; d < win.d.hi; ++d) {
    for (int64_t h = win.h.lo; h < win.h.hi; ++h) {
      for (int64_t x = win.w.lo; x < win.w.hi; ++x) f(offset(w, w.in, win.n, d, h, x));
    }
  }
}

// The elements a window reads at most (its size clipped to the input: a
// window may be up to 2^31 - 1 long on each axis).
double window_work(const PoolWindow& w) {
  double taps = 1;
  for (int i = 0; i < 3; ++i) taps *= static_cast<double>(std::min(w.size[i], w.in[i]));
  return taps * static_cast<double>(w.channels);
}

// best[c] = max(best[c], in[c]); NaN never replaces (TF's comparison).
template <class T>
inline void max_into(T* __restrict best, const T* __restrict in, int64_t n) {
  for (int64_t c = 0; c < n; ++c) best[c] = best[c] < in[c] ? in[c] : best[c];
}

template <class T>
void window_max(const T* x, T* best, const PoolWindow& w, const Window& win, int64_t c0,
                int64_t n) {
  std::fill(best, best + n, std::numeric_limits<T>::lowest());
  for_each_tap(w, win, [&](int64_t at) { max_into(best, x + at + c0, n); });
}

// TF's argmax of each channel's window (what its MaxPoolGrad, MaxPoolGradGrad
// and MaxPoolWithArgmax use): starting from the window's first element, the
// first element greater than all before it. which[c] is its number in d, h,
// w order, best[c] its value. Unlike the maximum that max_pool gives, a NaN
// first element stays, and a window of -inf has its first element. One
// branch-free pass: the compiler vectorizes it over the channels (J: int32_t,
// or int64_t for windows of 2^31 elements or more).
template <class T, class J>
void window_argmax(const T* x, T* best, J* which, const PoolWindow& w, const Window& win,
                   int64_t c0, int64_t n) {
  std::fill(which, which + n, J{0});
  J tap = 0;
  for_each_tap(w, win, [&](int64_t at) {
    const T* __restrict in = x + at + c0;
    T* __restrict top = best;
    J* __restrict index = which;
    const J t = tap++;  // locals: no aliasing to rule out, so the loop vectorizes
    if (t == 0) {
      std::copy(in, in + n, top);
      return;
    }
    for (int64_t c = 0; c < n; ++c) {
      T v = in[c], b = top[c];
      J i = index[c];
      bool hit = v > b;
      top[c] = hit ? v : b;
      index[c] = hit ? t : i;
    }
  });
}

// Calls f(index type) with int32_t unless a window may hold 2^31 elements.
template <class F>
void with_tap_type(const PoolWindow& w, F&& f) {
  int64_t taps = 1;
  for (int i = 0; i < 3; ++i) taps *= std::min(w.size[i], w.in[i]);
  if (taps < std::numeric_limits<int32_t>::max()) return f(int32_t{});
  f(int64_t{});
}

// Gradients add into the input: split by image and channel block, which
// write disjoint parts of it.
constexpr int64_t kChannelBlock = 64;

template <class F>
void for_each_block(const PoolWindow& w, F&& f) {
  const int64_t blocks = (w.channels + kChannelBlock - 1) / kChannelBlock;
  const double per_block = static_cast<double>(w.out[0] * w.out[1] * w.out[2]) * window_work(w) /
                           static_cast<double>(std::max<int64_t>(blocks, 1));
  parallel_for(w.batch * blocks, grain_for(per_block), [&](int64_t first, int64_t last) {
    for (int64_t t = first; t < last; ++t) {
      int64_t n = t / blocks, c0 = (t % blocks) * kChannelBlock;
      f(n, c0, std::min(kChannelBlock, w.channels - c0));
    }
  });
}

// Every output position of image n, in order.
template <class F>
void for_each_window_of(const PoolWindow& w, int64_t n, F&& f) {
  for (int64_t od = 0; od < w.out[0]; ++od) {
    Range rd = window(w, 0, od);
    for (int64_t oh = 0; oh < w.out[1]; ++oh) {
      Range rh = window(w, 1, oh);
      for (int64_t ox = 0; ox < w.out[2]; ++ox) {
        f(Window{n, offset(w, w.out, n, od, oh, ox), rd, rh, window(w, 2, ox)});
      }
    }
  }
}

void zero(Array& a) { std::memset(a.mutable_data(), 0, static_cast<size_t>(a.nbytes())); }

// ---- typed loops ----

template <class T>
void max_pool_typed(const T* x, T* y, const PoolWindow& w) {
  for_each_window(w, window_work(w), [&](const Window& win) {
    window_max(x, y + win.out, w, win, 0, w.channels);
  });
}

template <class T>
void avg_pool_typed(const T* x, T* y, const PoolWindow& w) {
  for_each_window(w, window_work(w), [&](const Window& win) {
    T* out = y + win.out;
    std::fill(out, out + w.channels, T{0});
    for_each_tap(w, win, [&](int64_t at) {
      const T* in = x + at;
      for (int64_t c = 0; c < w.channels; ++c) out[c] += in[c];
    });
    const int64_t taps = win.d.size() * win.h.size() * win.w.size();
    const T count = static_cast<T>(std::max<int64_t>(taps, 1));
    for (int64_t c = 0; c < w.channels; ++c) out[c] /= count;
  });
}

template <class T, class J>
void max_pool_grad_typed(const T* x, const T* dy, T* dx, const PoolWindow& w) {
  for_each_block(w, [&](int64_t n, int64_t c0, int64_t cn) {
    T best[kChannelBlock];
    J which[kChannelBlock];
    for_each_window_of(w, n, [&](const Window& win) {
      window_argmax(x, best, which, w, win, c0, cn);
      const T* __restrict g = dy + win.out + c0;
      J tap = 0;
      for_each_tap(w, win, [&](int64_t at) {
        T* __restrict d = dx + at + c0;
        const J* __restrict first = which;
        const J t = tap;
        for (int64_t c = 0; c < cn; ++c) {
          T add = g[c], cur = d[c];  // loaded either way: the select vectorizes
          d[c] = static_cast<T>(cur + (first[c] == t ? add : T{0}));
        }
        ++tap;
      });
    });
  });
}

template <class T, class J>
void max_pool_grad_grad_typed(const T* x, const T* ddx, T* out, const PoolWindow& w) {
  for_each_block(w, [&](int64_t n, int64_t c0, int64_t cn) {
    T best[kChannelBlock];
    J which[kChannelBlock];
    for_each_window_of(w, n, [&](const Window& win) {
      window_argmax(x, best, which, w, win, c0, cn);
      T* __restrict o = out + win.out + c0;
      std::fill(o, o + cn, T{0});
      J tap = 0;
      for_each_tap(w, win, [&](int64_t at) {
        const T* __restrict v = ddx + at + c0;
        const J* __restrict first = which;
        const J t = tap;
        for (int64_t c = 0; c < cn; ++c) {
          T a = v[c], b = o[c];
          o[c] = first[c] == t ? a : b;
        }
        ++tap;
      });
    });
  });
}

template <class T>
void avg_pool_grad_typed(const T* dy, T* dx, const PoolWindow& w) {
  for_each_block(w, [&](int64_t n, int64_t c0, int64_t cn) {
    T share[kChannelBlock];
    for_each_window_of(w, n, [&](const Window& win) {
      int64_t count = win.d.size() * win.h.size() * win.w.size();
      if (count == 0) return;
      const T* g = dy + win.out + c0;
      for (int64_t c = 0; c < cn; ++c) share[c] = g[c] / static_cast<T>(count);
      for_each_tap(w, win, [&](int64_t at) {
        T* d = dx + at + c0;
        for (int64_t c = 0; c < cn; ++c) d[c] += share[c];
      });
    });
  });
}

// TF's flattened index of an element offset: the offset itself, less the
// image's start unless the batch is included.
template <class T, class I>
void argmax_typed(const T* x, T* y, I* argmax, const PoolWindow& w, bool include_batch) {
  const int64_t image = w.in[0] * w.in[1] * w.in[2] * w.channels;
  for_each_window(w, window_work(w), [&](const Window& win) {
    thread_local std::vector<int64_t> which;
    which.resize(static_cast<size_t>(w.channels));
    window_argmax(x, y + win.out, which.data(), w, win, 0, w.channels);
    const int64_t base = include_batch ? 0 : win.n * image;
    const int64_t hw = win.h.size() * win.w.size();
    I* index = argmax + win.out;
    for (int64_t c = 0; c < w.channels; ++c) {
      int64_t t = which[static_cast<size_t>(c)];
      int64_t d = win.d.lo + t / hw, h = win.h.lo + t % hw / win.w.size();
      int64_t xx = win.w.lo + t % win.w.size();
      index[c] = static_cast<I>(offset(w, w.in, win.n, d, h, xx) + c - base);
    }
  });
}

template <class T, class I>
void grad_with_argmax_typed(const T* dy, const I* argmax, T* dx, const PoolWindow& w,
                            bool include_batch) {
  const int64_t image = w.in[0] * w.in[1] * w.in[2] * w.channels;
  const int64_t per_image = w.out[0] * w.out[1] * w.out[2] * w.channels;
  std::mutex m;
  int64_t bad_image = -1, bad_index = 0;
  parallel_for(w.batch, 1, [&](int64_t first, int64_t last) {
    for (int64_t b = first; b < last; ++b) {
      const int64_t lo = include_batch ? b * image : 0;
      T* d = dx + b * image;
      for (int64_t i = b * per_image; i < (b + 1) * per_image; ++i) {
        int64_t index = static_cast<int64_t>(argmax[i]) - lo;
        if (index < 0 || index >= image) {
          // Reported after the loop: the first image wins, whatever the threads' timing.
          std::lock_guard<std::mutex> lock(m);
          if (bad_image < 0 || b < bad_image) {
            bad_image = b;
            bad_index = static_cast<int64_t>(argmax[i]);
          }
          break;
        }
        d[index] += dy[i];
      }
    }
  });
  if (bad_image >= 0) {
    const int64_t lo = include_batch ? bad_image * image : 0;
    throw InvalidArgumentError(
        "argmax holds the index " + std::to_string(bad_index) + " for image " +
        std::to_string(bad_image) + ", outside its range [" + std::to_string(lo) + ", " +
        std::to_string(lo + image) + ")" +
        (include_batch ? "" : " (indices without the batch: include_batch_in_index=False)") +
        "; pass the argmax that max_pool_with_argmax gave for this input, with the same "
        "include_batch_in_index.");
  }
}

template <class F>
void visit_real(DType d, F&& f) {
  visit_dtype(d, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      f(tag);
    } else {
      throw InternalError("pool loops got a " + std::string(d.name()) + " array");
    }
  });
}

template <class F>
void visit_float(DType d, F&& f) {
  if (d == float32) return f(float{});
  if (d == float64) return f(double{});
  throw InternalError("pool loops got a " + std::string(d.name()) + " array to average");
}

template <class F>
void visit_index(const Array& a, F&& f) {
  if (a.dtype() == int32) return f(int32_t{});
  f(int64_t{});
}

}  // namespace

void max_pool(const Array& x, Array& y, const PoolWindow& w) {
  visit_real(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    max_pool_typed(x.data_as<T>(), static_cast<T*>(y.mutable_data()), w);
  });
}

void avg_pool(const Array& x, Array& y, const PoolWindow& w) {
  visit_float(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    avg_pool_typed(x.data_as<T>(), static_cast<T*>(y.mutable_data()), w);
  });
}

void max_pool_grad(const Array& x, const Array& dy, Array& dx, const PoolWindow& w) {
  zero(dx);
  visit_real(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    with_tap_type(w, [&](auto tap) {
      max_pool_grad_typed<T, decltype(tap)>(x.data_as<T>(), dy.data_as<T>(),
                                            static_cast<T*>(dx.mutable_data()), w);
    });
  });
}

void avg_pool_grad(const Array& dy, Array& dx, const PoolWindow& w) {
  zero(dx);
  visit_float(dy.dtype(), [&](auto tag) {
    using T = decltype(tag);
    avg_pool_grad_typed(dy.data_as<T>(), static_cast<T*>(dx.mutable_data()), w);
  });
}

void max_pool_grad_grad(const Array& x, const Array& ddx, Array& out, const PoolWindow& w) {
  visit_real(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    with_tap_type(w, [&](auto tap) {
      max_pool_grad_grad_typed<T, decltype(tap)>(x.data_as<T>(), ddx.data_as<T>(),
                                                 static_cast<T*>(out.mutable_data()), w);
    });
  });
}

void max_pool_with_argmax(const Array& x, Array& y, Array& argmax, const PoolWindow& w,
                          bool include_batch) {
  visit_real(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    visit_index(argmax, [&](auto index) {
      using I = decltype(index);
      argmax_typed(x.data_as<T>(), static_cast<T*>(y.mutable_data()),
                   static_cast<I*>(argmax.mutable_data()), w, include_batch);
    });
  });
}

void max_pool_grad_with_argmax(const Array& dy, const Array& argmax, Array& dx,
                               const PoolWindow& w, bool include_batch) {
  zero(dx);
  visit_real(dy.dtype(), [&](auto tag) {
    using T = decltype(tag);
    visit_index(argmax, [&](auto index) {
      using I = decltype(index);
      grad_with_argmax_typed(dy.data_as<T>(), argmax.data_as<I>(),
                             static_cast<T*>(dx.mutable_data()), w, include_batch);
    });
  });
}

}  // namespace kiln::cpu::nhwc
