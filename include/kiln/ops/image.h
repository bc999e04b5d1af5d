// Image resizing (tf.image.resize and TF1's resize_* ops); see
// src/ops/image_ops.cc. Images are NHWC: (batch, height, width, channels).
#pragma once

#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// images (N, H, W, C) resized to (N, size[0], size[1], C). method: "bilinear",
// "nearest", "bicubic" or "area" (TF's ResizeX ops: align_corners /
// half_pixel_centers conventions), or one of ScaleAndTranslate's kernels
// "triangle", "keyscubic", "mitchellcubic", "lanczos1", "lanczos3",
// "lanczos5", "gaussian", "box" (antialias widens the kernel when
// downsampling). float32 result, except "nearest", which keeps the dtype.
// tf.image.resize(x, size) is resize(x, size, "bilinear", false, true).
Tensor resize(const Tensor& images, const std::vector<int64_t>& size,
              const std::string& method = "bilinear", bool align_corners = false,
              bool half_pixel_centers = true, bool antialias = false);

}  // namespace kiln
