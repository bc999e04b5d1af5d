// The weights of each resize method along one axis (resize.h), computed as
// TF's kernels compute them, in the same float arithmetic, so that kiln's
// results agree with TF's to rounding: the coordinate conventions of
// ResizeBilinear / ResizeNearestNeighbor / ResizeBicubic / ResizeArea
// (image_resizer_state.h), ResizeBicubic's 1024-entry coefficient table, and
// ScaleAndTranslate's normalised spans of its sampling kernels.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "kernels/cpu/resize.h"

namespace kiln::cpu {
namespace {

struct Builder {
  AxisWeights w;
  explicit Builder(int64_t out) {
    w.begin.reserve(static_cast<size_t>(out) + 1);
    w.begin.push_back(0);
  }
  void add(int64_t index, float weight) {
    w.index.push_back(index);
    w.weight.push_back(weight);
  }
  void end_row() { w.begin.push_back(static_cast<int64_t>(w.index.size())); }
};

int64_t clamp_index(int64_t i, int64_t size) { return std::min(size - 1, std::max<int64_t>(0, i)); }

// TF's CalculateResizeScale.
float resize_scale(int64_t in, int64_t out, bool align_corners) {
  return (align_corners && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                    : static_cast<float>(in) / static_cast<float>(out);
}

// The input coordinate of output position i: pixel centres at +0.5 (minus 0.5
// again, the old code's frame) or TF's legacy corner-based mapping.
float source_coordinate(int64_t i, float scale, bool half_pixel_centers) {
  return half_pixel_centers ? (static_cast<float>(i) + 0.5f) * scale - 0.5f
                            : static_cast<float>(i) * scale;
}

AxisWeights bilinear(const ResizeOptions& o, int64_t in, int64_t out) {
  float scale = resize_scale(in, out, o.align_corners);
  Builder b(out);
  for (int64_t i = 0; i < out; ++i) {
    float x = source_coordinate(i, scale, o.half_pixel_centers);
    float floor_x = std::floor(x);
    float lerp = x - floor_x;
    b.add(std::max<int64_t>(static_cast<int64_t>(floor_x), 0), 1.0f - lerp);
    b.add(std::min<int64_t>(static_cast<int64_t>(std::ceil(x)), in - 1), lerp);
    b.end_row();
  }
  return std::move(b.w);
}

AxisWeights nearest(const ResizeOptions& o, int64_t in, int64_t out) {
  float scale = resize_scale(in, out, o.align_corners);
  Builder b(out);
  for (int64_t i = 0; i < out; ++i) {
    // Half-pixel centres: floor((i + 0.5) * scale), TF's HalfPixelScalerForNN.
    float x = o.half_pixel_centers ? (static_cast<float>(i) + 0.5f) * scale
                                   : static_cast<float>(i) * scale;
    int64_t j = o.align_corners ? static_cast<int64_t>(std::round(x))
                                : static_cast<int64_t>(std::floor(x));
    j = std::min(j, in - 1);
    if (o.half_pixel_centers) j = std::max<int64_t>(j, 0);
    b.add(j, 1.0f);
    b.end_row();
  }
  return std::move(b.w);
}

// ResizeBicubic samples the cubic convolution kernel at 1/1024 steps: entry
// 2i is the kernel at i/1024, entry 2i + 1 at 1 + i/1024 (TF's table).
constexpr int kTableSize = 1024;

std::vector<float> cubic_table(double a) {
  std::vector<float> t(2 * (kTableSize + 1));
  for (int i = 0; i <= kTableSize; ++i) {
    float x = static_cast<float>(i * 1.0 / kTableSize);
    t[2 * i] = static_cast<float>(((a + 2) * x - (a + 3)) * x * x + 1);
    x += 1.0f;
    t[2 * i + 1] = static_cast<float>(((a * x - 5 * a) * x + 8 * a) * x - 4 * a);
  }
  return t;
}

AxisWeights bicubic(const ResizeOptions& o, int64_t in, int64_t out) {
  // Keys' a = -0.5 with half-pixel centres (TF 2), the legacy a = -0.75 otherwise.
  static const std::vector<float> keys = cubic_table(-0.5), legacy = cubic_table(-0.75);
  const std::vector<float>& t = o.half_pixel_centers ? keys : legacy;
  float scale = resize_scale(in, out, o.align_corners);
  Builder b(out);
  for (int64_t i = 0; i < out; ++i) {
    float x = source_coordinate(i, scale, o.half_pixel_centers);
    int64_t base = static_cast<int64_t>(std::floor(x));
    float delta = x - static_cast<float>(base);
    int64_t offset = std::lrint(delta * kTableSize);
    float w[4] = {t[offset * 2 + 1], t[offset * 2], t[(kTableSize - offset) * 2],
                  t[(kTableSize - offset) * 2 + 1]};
    int64_t idx[4];
    for (int k = 0; k < 4; ++k) idx[k] = clamp_index(base - 1 + k, in);
    if (o.half_pixel_centers) {
      // Taps outside the image get no weight; the others are renormalised
      // (ScaleAndTranslate's border rule), instead of repeating the edge pixel.
      float sum = 0;
      for (int k = 0; k < 4; ++k) {
        if (idx[k] != base - 1 + k) w[k] = 0.0f;
        sum += w[k];
      }
      if (std::abs(sum) >= 1000.0f * std::numeric_limits<float>::min()) {
        float inverse = 1.0f / sum;
        for (float& v : w) v *= inverse;
      }
    }
    for (int k = 0; k < 4; ++k) b.add(idx[k], w[k]);
    b.end_row();
  }
  return std::move(b.w);
}

// ResizeArea: each output cell averages the input cells it covers, weighted
// by the covered fraction (cells beyond the edge clamp to it).
AxisWeights area(const ResizeOptions& o, int64_t in, int64_t out) {
  float scale = resize_scale(in, out, o.align_corners);
  float inverse = static_cast<float>(1.0 / scale);
  Builder b(out);
  for (int64_t i = 0; i < out; ++i) {
    if (scale == 0.0f) {  // one input pixel with align_corners: TF repeats it
      b.add(0, 1.0f);
      b.end_row();
      continue;
    }
    float lo = static_cast<float>(i) * scale, hi = static_cast<float>(i + 1) * scale;
    auto first = static_cast<int64_t>(std::floor(lo)), last = static_cast<int64_t>(std::ceil(hi));
    for (int64_t j = first; j < last; ++j) {
      auto fj = static_cast<float>(j);
      // The part of input cell [j, j + 1) inside [lo, hi), TF's expression.
      float covered = fj < lo ? (fj + 1 > hi ? scale : fj + 1 - lo)
                              : (fj + 1 > hi ? hi - fj : 1.0f);
      b.add(clamp_index(j, in), covered * inverse);
    }
    b.end_row();
  }
  return std::move(b.w);
}

// ScaleAndTranslate's kernels (TF's sampling_kernels.h), of |x|.
float kernel_value(ResizeMethod m, float x) {
  constexpr float kPi = 3.14159265359f;
  x = std::abs(x);
  switch (m) {
    case ResizeMethod::kTriangle:
      return x < 1.0f ? 1.0f - x : 0.0f;
    case ResizeMethod::kBox:
      return x < 0.5f ? 1.0f : x == 0.5f ? 0.5f : 0.0f;
    case ResizeMethod::kKeysCubic:
      if (x >= 2.0f) return 0.0f;
      if (x >= 1.0f) return ((-0.5f * x + 2.5f) * x - 4.0f) * x + 2.0f;
      return ((1.5f * x - 2.5f) * x) * x + 1.0f;
    case ResizeMethod::kMitchellCubic:
      if (x >= 2.0f) return 0.0f;
      if (x >= 1.0f) return (((-7.0f / 18.0f) * x + 2.0f) * x - 10.0f / 3.0f) * x + 16.0f / 9.0f;
      return (((7.0f / 6.0f) * x - 2.0f) * x) * x + 8.0f / 9.0f;
    case ResizeMethod::kGaussian: {
      constexpr float kRadius = 1.5f, kSigma = kRadius / 3.0f;
      if (x >= kRadius) return 0.0f;
      return static_cast<float>(std::exp(-x * x / (2.0 * kSigma * kSigma)));
    }
    default: {  // Lanczos
      float r = m == ResizeMethod::kLanczos1 ? 1.0f : m == ResizeMethod::kLanczos3 ? 3.0f : 5.0f;
      if (x > r) return 0.0f;
      if (x <= 1e-3f) return 1.0f;
      return r * std::sin(kPi * x) * std::sin(kPi * x / r) / (kPi * kPi * x * x);
    }
  }
}

float kernel_radius(ResizeMethod m) {
  switch (m) {
    case ResizeMethod::kKeysCubic:
    case ResizeMethod::kMitchellCubic:
      return 2.0f;
    case ResizeMethod::kGaussian:
      return 1.5f;
    case ResizeMethod::kLanczos3:
      return 3.0f;
    case ResizeMethod::kLanczos5:
      return 5.0f;
    default:
      return 1.0f;
  }
}

// ScaleAndTranslate with scale out/in and no translation (what
// tf.image.resize passes it): the kernel centred on each output pixel's centre
// in input coordinates, widened by in/out when downsampling with antialias;
// taps outside the image are dropped and the rest normalised to sum 1.
AxisWeights sampled(const ResizeOptions& o, int64_t in, int64_t out) {
  float scale = static_cast<float>(out) / static_cast<float>(in);
  auto inv_scale = static_cast<float>(1.0 / scale);
  float kernel_scale = o.antialias ? std::max(inv_scale, 1.0f) : 1.0f;
  float reach = kernel_radius(o.method) * kernel_scale;
  float one_over_kernel_scale = 1.0f / kernel_scale;
  Builder b(out);
  std::vector<float> taps;
  for (int64_t i = 0; i < out; ++i) {
    float sample = (static_cast<float>(i) + 0.5f) * inv_scale;
    if (sample < 0 || sample > static_cast<float>(in)) {  // outside the image: no taps
      b.end_row();
      continue;
    }
    int64_t first = clamp_index(static_cast<int64_t>(std::ceil(sample - reach - 0.5f)), in);
    int64_t last = clamp_index(static_cast<int64_t>(std::floor(sample + reach - 0.5f)), in);
    taps.clear();
    float sum = 0.0f;
    for (int64_t j = first; j <= last; ++j) {
      float position = static_cast<float>(j) + 0.5f - sample;
      float w = kernel_value(o.method, std::abs(position * one_over_kernel_scale));
      sum += w;
      taps.push_back(w);
    }
    if (std::abs(sum) >= 1000.0f * std::numeric_limits<float>::min()) {
      float inverse = 1.0f / sum;
      for (size_t k = 0; k < taps.size(); ++k) {
        b.add(first + static_cast<int64_t>(k), taps[k] * inverse);
      }
    }
    b.end_row();
  }
  return std::move(b.w);
}

}  // namespace

bool resize_method_from_name(std::string_view name, ResizeMethod& method) {
  static constexpr std::pair<std::string_view, ResizeMethod> kNames[] = {
      {"bilinear", ResizeMethod::kBilinear},     {"nearest", ResizeMethod::kNearest},
      {"bicubic", ResizeMethod::kBicubic},       {"area", ResizeMethod::kArea},
      {"triangle", ResizeMethod::kTriangle},     {"keyscubic", ResizeMethod::kKeysCubic},
      {"mitchellcubic", ResizeMethod::kMitchellCubic}, {"lanczos1", ResizeMethod::kLanczos1},
      {"lanczos3", ResizeMethod::kLanczos3},     {"lanczos5", ResizeMethod::kLanczos5},
      {"gaussian", ResizeMethod::kGaussian},     {"box", ResizeMethod::kBox}};
  for (const auto& [n, m] : kNames) {
    if (n == name) {
      method = m;
      return true;
    }
  }
  return false;
}

bool is_sampling_kernel(ResizeMethod method) {
  return static_cast<int>(method) >= static_cast<int>(ResizeMethod::kTriangle);
}

AxisWeights axis_weights(const ResizeOptions& options, int64_t in_size, int64_t out_size) {
  switch (options.method) {
    case ResizeMethod::kBilinear:
      return bilinear(options, in_size, out_size);
    case ResizeMethod::kNearest:
      return nearest(options, in_size, out_size);
    case ResizeMethod::kBicubic:
      return bicubic(options, in_size, out_size);
    case ResizeMethod::kArea:
      return area(options, in_size, out_size);
    default:
      return sampled(options, in_size, out_size);
  }
}

AxisWeights transposed(const AxisWeights& w, int64_t in_size) {
  AxisWeights t;
  t.begin.assign(static_cast<size_t>(in_size) + 1, 0);
  for (int64_t j : w.index) ++t.begin[j + 1];
  for (size_t j = 0; j < static_cast<size_t>(in_size); ++j) t.begin[j + 1] += t.begin[j];
  t.index.resize(w.index.size());
  t.weight.resize(w.weight.size());
  std::vector<int64_t> next(t.begin.begin(), t.begin.end() - 1);
  // Rows of the transpose list their entries in increasing output position.
  for (int64_t i = 0; i < w.out_size(); ++i) {
    for (int64_t k = w.begin[i]; k < w.begin[i + 1]; ++k) {
      auto slot = static_cast<size_t>(next[w.index[k]]++);
      t.index[slot] = i;
      t.weight[slot] = w.weight[k];
    }
  }
  return t;
}

}  // namespace kiln::cpu
