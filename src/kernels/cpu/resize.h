// CPU kernel of image resizing (src/ops/image_ops.cc): one separable
// resampler for every method TF has.
//
// Resizing an axis of length `in` to length `out` is a sparse out x in matrix:
// output position i reads a few input positions, each with a weight. TF's
// methods differ only in those weights (resize_weights.cc): ResizeBilinear,
// ResizeNearestNeighbor, ResizeBicubic and ResizeArea with their align_corners
// and half_pixel_centers conventions, and ScaleAndTranslate's sampling kernels
// (triangle, keyscubic, lanczos, gaussian, mitchellcubic, box) with antialias.
// An image (N, H, W, C) is resampled along H with one matrix, then along W with
// another (resize.cc). The gradient with respect to the image applies the
// transposed matrices the same way.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kiln/array.h"

namespace kiln::cpu {

enum class ResizeMethod : int {
  // TF's ResizeX ops: align_corners / half_pixel_centers conventions.
  kBilinear,
  kNearest,
  kBicubic,  // Keys a = -0.5 with half_pixel_centers, a = -0.75 without (TF's table)
  kArea,
  // ScaleAndTranslate's kernels: pixel centres at +0.5, optional antialias.
  kTriangle,
  kKeysCubic,
  kMitchellCubic,
  kLanczos1,
  kLanczos3,
  kLanczos5,
  kGaussian,
  kBox,
};

// The method named `name` ("bilinear", "lanczos3", ...); false for no method.
bool resize_method_from_name(std::string_view name, ResizeMethod& method);
// Whether the method is one of ScaleAndTranslate's kernels (antialias applies,
// align_corners and half_pixel_centers do not).
bool is_sampling_kernel(ResizeMethod method);

struct ResizeOptions {
  ResizeMethod method = ResizeMethod::kBilinear;
  bool align_corners = false;
  bool half_pixel_centers = false;
  bool antialias = false;
};

// The sparse matrix of one axis: output position i reads input positions
// index[k] with weight[k] for k in [begin[i], begin[i + 1]). An input position
// may appear twice in one row (TF clamps taps at the border to the edge pixel).
struct AxisWeights {
  std::vector<int64_t> begin;  // out + 1 entries
  std::vector<int64_t> index;
  std::vector<float> weight;
  int64_t out_size() const { return static_cast<int64_t>(begin.size()) - 1; }
};

// The weights of resizing an axis from in_size to out_size (both > 0).
AxisWeights axis_weights(const ResizeOptions& options, int64_t in_size, int64_t out_size);
// The transposed matrix (in_size rows), for the gradient.
AxisWeights transposed(const AxisWeights& w, int64_t in_size);

// out (N, rows.out_size(), cols.out_size(), C) from in (N, H, W, C): along H
// with `rows`, then along W with `cols`. `out` is float32 or float64,
// allocated by the caller; `in` may have any real dtype and is read as out's
// (TF computes in float32 whatever the images' dtype). H or W of 0 gives
// zeros. The work is split over batch x output rows.
void resample(const Array& in, const AxisWeights& rows, const AxisWeights& cols, Array& out);

// For nearest neighbour (one weight-1 entry per output position): out's
// elements are copies of in's, of any dtype; out has in's dtype.
void resample_nearest(const Array& in, const AxisWeights& rows, const AxisWeights& cols,
                      Array& out);

}  // namespace kiln::cpu
