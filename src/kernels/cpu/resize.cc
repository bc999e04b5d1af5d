// Separable resampling of NHWC images (resize.h): each output row is first
// combined from the input rows its H weights name (whole rows of W x C
// values at once, which vectorises), then each output pixel from the columns
// of that row its W weights name. Work is split over batch x output rows.
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/cpu/cast.h"
#include "kernels/cpu/resize.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// `in` as a C-contiguous array of dtype `d` (itself when it is one already).
Array contiguous_as(const Array& in, DType d) {
  if (in.dtype() == d) return in.contiguous();
  Array out = Array::empty(d, in.shape());
  cast(in, out, /*saturate=*/false);
  return out;
}

// Rows per task: enough that a task does ~kParallelThreshold multiply-adds.
int64_t grain_for(int64_t cost_per_row) {
  return std::max<int64_t>(1, kParallelThreshold / std::max<int64_t>(cost_per_row, 1));
}

// One axis' weights as fixed-width spans: output i reads `width` consecutive
// inputs from start[i], with weights weight[i * width + k] (zeros pad shorter
// rows; taps on one input add up). What the inner loops want: no index lists.
struct Spans {
  int64_t width = 0;
  std::vector<int64_t> start;
  std::vector<float> weight;
};

Spans spans_of(const AxisWeights& w, int64_t in_size) {
  Spans s;
  const int64_t out = w.out_size();
  for (int64_t i = 0; i < out; ++i) {
    int64_t lo = in_size, hi = -1;
    for (int64_t k = w.begin[i]; k < w.begin[i + 1]; ++k) {
      lo = std::min(lo, w.index[k]);
      hi = std::max(hi, w.index[k]);
    }
    s.width = std::max(s.width, hi - lo + 1);
  }
  s.width = std::max<int64_t>(s.width, 1);
  s.start.assign(static_cast<size_t>(out), 0);
  s.weight.assign(static_cast<size_t>(out * s.width), 0.0f);
  for (int64_t i = 0; i < out; ++i) {
    const int64_t k0 = w.begin[i], k1 = w.begin[i + 1];
    if (k0 == k1) continue;  // no taps: weights stay 0
    int64_t lo = in_size;
    for (int64_t k = k0; k < k1; ++k) lo = std::min(lo, w.index[k]);
    // Keep the span inside the input (its extra slots get weight 0).
    int64_t start = std::max<int64_t>(0, std::min(lo, in_size - s.width));
    s.start[i] = start;
    float* row = &s.weight[i * s.width];
    for (int64_t k = k0; k < k1; ++k) row[w.index[k] - start] += w.weight[k];
  }
  return s;
}

// Along W: dst[x, c] = sum_k w[x, k] * line[start[x] + k, c]. kChannels > 0
// fixes the channel count at compile time (the usual 1 to 4), so the per-pixel
// sums stay in registers.
template <class T, int kChannels>
void resample_columns(const T* line, const Spans& s, int64_t out_w, int64_t channels, T* dst) {
  const int64_t width = s.width;
  if constexpr (kChannels > 0) {
    for (int64_t x = 0; x < out_w; ++x) {
      const T* src = line + s.start[x] * kChannels;
      const float* w = &s.weight[x * width];
      T acc[kChannels] = {};
      for (int64_t k = 0; k < width; ++k) {
        const T wk = static_cast<T>(w[k]);
        for (int c = 0; c < kChannels; ++c) acc[c] += wk * src[k * kChannels + c];
      }
      for (int c = 0; c < kChannels; ++c) dst[x * kChannels + c] = acc[c];
    }
  } else {
    for (int64_t x = 0; x < out_w; ++x) {
      const T* src = line + s.start[x] * channels;
      const float* w = &s.weight[x * width];
      T* out = dst + x * channels;
      std::fill(out, out + channels, T(0));
      for (int64_t k = 0; k < width; ++k) {
        const T wk = static_cast<T>(w[k]);
        for (int64_t c = 0; c < channels; ++c) out[c] += wk * src[k * channels + c];
      }
    }
  }
}

template <class T>
using ColumnsFn = void (*)(const T*, const Spans&, int64_t, int64_t, T*);

template <class T>
ColumnsFn<T> columns_for(int64_t channels) {
  switch (channels) {
    case 1: return resample_columns<T, 1>;
    case 2: return resample_columns<T, 2>;
    case 3: return resample_columns<T, 3>;
    case 4: return resample_columns<T, 4>;
    default: return resample_columns<T, 0>;
  }
}

template <class T>
void resample_typed(const T* in, int64_t batch, int64_t height, int64_t width, int64_t channels,
                    const AxisWeights& row_weights, const AxisWeights& col_weights, T* out) {
  const Spans rows = spans_of(row_weights, height), cols = spans_of(col_weights, width);
  const int64_t out_h = row_weights.out_size(), out_w = col_weights.out_size();
  const int64_t row_len = width * channels;
  const ColumnsFn<T> columns = columns_for<T>(channels);
  int64_t cost = rows.width * row_len + cols.width * out_w * channels;
  parallel_for(batch * out_h, grain_for(cost), [&](int64_t first, int64_t last) {
    std::vector<T> line(static_cast<size_t>(row_len));
    for (int64_t r = first; r < last; ++r) {
      const int64_t n = r / out_h, y = r % out_h;
      // Along H: line = sum_k w_k * in[n, start + k, :, :] (whole rows: vectorises).
      const float* w = &rows.weight[y * rows.width];
      const T* src = in + (n * height + rows.start[y]) * row_len;
      T* dst = line.data();
      bool first_tap = true;
      for (int64_t k = 0; k < rows.width; ++k) {
        const T wk = static_cast<T>(w[k]);
        if (wk == T(0)) continue;  // padding: no tap
        const T* s = src + k * row_len;
        if (first_tap) {
          for (int64_t j = 0; j < row_len; ++j) dst[j] = wk * s[j];
        } else {
          for (int64_t j = 0; j < row_len; ++j) dst[j] += wk * s[j];
        }
        first_tap = false;
      }
      if (first_tap) std::fill(line.begin(), line.end(), T(0));
      columns(line.data(), cols, out_w, channels, out + r * out_w * channels);
    }
  });
}

}  // namespace

void resample(const Array& in, const AxisWeights& rows, const AxisWeights& cols, Array& out) {
  if (out.size() == 0) return;
  const Dims& d = in.dims();
  if (d[1] == 0 || d[2] == 0) {  // nothing to read (resize_grad of an empty gradient): zeros
    std::memset(out.mutable_data(), 0, static_cast<size_t>(out.nbytes()));
    return;
  }
  Array src = contiguous_as(in, out.dtype());
  if (out.dtype() == float64) {
    resample_typed(src.data_as<double>(), d[0], d[1], d[2], d[3], rows, cols,
                   static_cast<double*>(out.mutable_data()));
  } else {
    resample_typed(src.data_as<float>(), d[0], d[1], d[2], d[3], rows, cols,
                   static_cast<float*>(out.mutable_data()));
  }
}

void resample_nearest(const Array& in, const AxisWeights& rows, const AxisWeights& cols,
                      Array& out) {
  if (out.size() == 0) return;
  Array src = in.contiguous();
  const Dims& d = in.dims();
  const int64_t height = d[1], width = d[2];
  const int64_t out_h = rows.out_size(), out_w = cols.out_size();
  const auto pixel = static_cast<int64_t>(d[3] * static_cast<int64_t>(in.dtype().size()));
  const char* base = static_cast<const char*>(src.data());
  char* dst = static_cast<char*>(out.mutable_data());
  parallel_for(d[0] * out_h, grain_for(out_w * pixel / 4), [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      const int64_t n = r / out_h, y = r % out_h;
      const char* row = base + (n * height + rows.index[rows.begin[y]]) * width * pixel;
      char* out_row = dst + r * out_w * pixel;
      for (int64_t x = 0; x < out_w; ++x) {
        int64_t j = cols.index[cols.begin[x]];
        std::memcpy(out_row + x * pixel, row + j * pixel, static_cast<size_t>(pixel));
      }
    }
  });
}

}  // namespace kiln::cpu
