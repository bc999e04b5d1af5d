#include "kernels/cpu/random.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <type_traits>

#include "kernels/cpu/philox.h"
#include "kiln/cast.h"
#include "kiln/error.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

using Block = PhiloxBlock;

uint64_t word64(const Block& w, int i) { return (static_cast<uint64_t>(w[2 * i + 1]) << 32) | w[2 * i]; }

// Fills out (contiguous, element type T) block by block: `per_block`
// elements come from each Philox block, through fill(block, dst, count).
// Element i lives in block i / per_block whichever thread computes it, so
// the result does not depend on how the work is split.
template <class T, class Fill>
void generate(const PhiloxStream& stream, Array& out, int per_block, Fill fill) {
  Philox philox(stream);
  T* dst = static_cast<T*>(out.mutable_data());
  int64_t n = out.size();
  int64_t blocks = (n + per_block - 1) / per_block;
  auto run = [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      int64_t first = b * per_block;
      fill(philox(static_cast<uint64_t>(b)), dst + first, static_cast<int>(std::min<int64_t>(per_block, n - first)));
    }
  };
  if (n < kParallelThreshold) run(0, blocks);
  else parallel_for(blocks, 4096, run);
}

// The top `bits` bits of a word as a fraction in [0, 1): exact in the
// element type (bits <= its significand), so u never rounds up to 1.
template <class C>
C fraction32(uint32_t w, int bits) {
  return static_cast<C>(w >> (32 - bits)) * std::ldexp(C(1), -bits);
}
double fraction64(uint64_t w) { return static_cast<double>(w >> 11) * 0x1p-53; }

template <class T>
constexpr int mantissa_bits() {
  if constexpr (std::is_same_v<T, half>) return 11;
  else if constexpr (std::is_same_v<T, bfloat16_t>) return 8;
  else return 24;  // float
}

template <class T>
void uniform_typed(const PhiloxStream& s, double lo, double hi, Array& out) {
  if constexpr (std::is_same_v<T, double>) {
    generate<double>(s, out, 2, [&](const Block& w, double* d, int count) {
      for (int i = 0; i < count; ++i) d[i] = fraction64(word64(w, i)) * (hi - lo) + lo;
    });
  } else {
    // float16, bfloat16 and float32 compute in float, as TF does.
    auto flo = static_cast<float>(lo), frange = static_cast<float>(hi) - static_cast<float>(lo);
    generate<T>(s, out, 4, [&](const Block& w, T* d, int count) {
      for (int i = 0; i < count; ++i) d[i] = cast_value<T>(fraction32<float>(w[i], mantissa_bits<T>()) * frange + flo);
    });
  }
}

template <class T>
void normal_typed(const PhiloxStream& s, double mean, double stddev, Array& out) {
  // Box-Muller: u1 in (0, 1] (so log(u1) is finite), u2 in [0, 1).
  if constexpr (std::is_same_v<T, double>) {
    generate<double>(s, out, 2, [&](const Block& w, double* d, int count) {
      double r = std::sqrt(-2.0 * std::log(fraction64(word64(w, 0)) + 0x1p-53));
      double theta = 2.0 * std::numbers::pi * fraction64(word64(w, 1));
      double z[2] = {r * std::cos(theta), r * std::sin(theta)};
      for (int i = 0; i < count; ++i) d[i] = mean + stddev * z[i];
    });
  } else {
    auto fmean = static_cast<float>(mean), fstd = static_cast<float>(stddev);
    generate<T>(s, out, 4, [&](const Block& w, T* d, int count) {
      float z[4];
      for (int p = 0; p < 2; ++p) {
        float r = std::sqrt(-2.0f * std::log(fraction32<float>(w[2 * p], 24) + 0x1p-24f));
        float theta = 2.0f * std::numbers::pi_v<float> * fraction32<float>(w[2 * p + 1], 24);
        z[2 * p] = r * std::cos(theta);
        z[2 * p + 1] = r * std::sin(theta);
      }
      for (int i = 0; i < count; ++i) d[i] = cast_value<T>(fmean + fstd * z[i]);
    });
  }
}

template <class F>
void visit_float(DType dtype, const char* op, F f) {
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, half> || std::is_same_v<T, bfloat16_t> ||
                  std::is_same_v<T, float> || std::is_same_v<T, double>) {
      f(tag);
    } else {
      throw InternalError(std::string(op) + " kernel: unsupported dtype " + std::string(dtype.name()));
    }
  });
}

}  // namespace

void random_uniform(const PhiloxStream& s, double minval, double maxval, Array& out) {
  visit_float(out.dtype(), "random_uniform", [&](auto tag) {
    uniform_typed<decltype(tag)>(s, minval, maxval, out);
  });
}

void random_normal(const PhiloxStream& s, double mean, double stddev, Array& out) {
  visit_float(out.dtype(), "random_normal", [&](auto tag) {
    normal_typed<decltype(tag)>(s, mean, stddev, out);
  });
}

void random_uniform_int(const PhiloxStream& s, int64_t minval, int64_t maxval, Array& out) {
  // Unsigned arithmetic: the range and the sum wrap instead of overflowing.
  auto lo = static_cast<uint64_t>(minval);
  uint64_t range = static_cast<uint64_t>(maxval) - lo;
  if (out.dtype() == int32) {
    auto range32 = static_cast<uint32_t>(range);
    generate<int32_t>(s, out, 4, [&](const Block& w, int32_t* d, int count) {
      for (int i = 0; i < count; ++i) d[i] = static_cast<int32_t>(static_cast<uint32_t>(lo) + w[i] % range32);
    });
  } else if (out.dtype() == int64) {
    generate<int64_t>(s, out, 2, [&](const Block& w, int64_t* d, int count) {
      for (int i = 0; i < count; ++i) d[i] = static_cast<int64_t>(lo + word64(w, i) % range);
    });
  } else {
    throw InternalError("random_uniform_int kernel: unsupported dtype " + std::string(out.dtype().name()));
  }
}

void random_uniform_full_int(const PhiloxStream& s, Array& out) {
  if (out.dtype().size() == 4 && out.dtype().is_integer()) {
    generate<uint32_t>(s, out, 4, [&](const Block& w, uint32_t* d, int count) {
      for (int i = 0; i < count; ++i) d[i] = w[i];
    });
  } else if (out.dtype().size() == 8 && out.dtype().is_integer()) {
    generate<uint64_t>(s, out, 2, [&](const Block& w, uint64_t* d, int count) {
      for (int i = 0; i < count; ++i) d[i] = word64(w, i);
    });
  } else {
    throw InternalError("random_uniform_full_int kernel: unsupported dtype " + std::string(out.dtype().name()));
  }
}

}  // namespace kiln::cpu
