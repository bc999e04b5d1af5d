// Image resizing: one op, `resize`, for every method of tf.image.resize and
// of TF1's resize_bilinear / resize_nearest_neighbor / resize_bicubic /
// resize_area, and `resize_grad`, its gradient with respect to the image.
// Both run the one separable resampler of src/kernels/cpu/resize*.cc.
//
// Attributes (both ops, in this order): size (the output's [height, width]
// for resize, the original image's for resize_grad; a tensor in graphs),
// method ("bilinear", "nearest", "bicubic", "area": TF's ResizeX ops, which
// take align_corners / half_pixel_centers; "triangle", "keyscubic",
// "mitchellcubic", "lanczos1", "lanczos3", "lanczos5", "gaussian", "box":
// ScaleAndTranslate's kernels, which take antialias), align_corners,
// half_pixel_centers, antialias.
#include <limits>
#include <string>

#include "kernels/cpu/cast.h"
#include "kernels/cpu/resize.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using cpu::ResizeMethod;
using cpu::ResizeOptions;

constexpr int64_t kMaxSize = std::numeric_limits<int32_t>::max();  // TF's sizes are int32

[[noreturn]] void fail(const OpDef& op, const std::string& message) {
  throw InvalidArgumentError("[" + std::string(op.name) + "] " + message);
}

// The method and flags, checked: each method takes only its own flags.
ResizeOptions options_of(const OpDef& op, const Attrs& attrs) {
  ResizeOptions o;
  const auto& name = attr<std::string>(attrs, 1);
  if (!cpu::resize_method_from_name(name, o.method)) {
    fail(op, "Unrecognized resize method: '" + name + "'. Use one of bilinear, nearest, bicubic, "
             "area, lanczos3, lanczos5, gaussian, mitchellcubic (or triangle, keyscubic, "
             "lanczos1, box).");
  }
  o.align_corners = attr<bool>(attrs, 2);
  o.half_pixel_centers = attr<bool>(attrs, 3);
  o.antialias = attr<bool>(attrs, 4);
  if (o.align_corners && o.half_pixel_centers) {
    fail(op, "If half_pixel_centers is True, align_corners must be False.");
  }
  bool sampling = cpu::is_sampling_kernel(o.method);
  if (sampling && (o.align_corners || o.half_pixel_centers)) {
    fail(op, "method '" + name + "' samples at pixel centres and takes neither align_corners "
             "nor half_pixel_centers; set them to False.");
  }
  if (!sampling && o.antialias) {
    fail(op, "method '" + name + "' takes no antialias flag (tf.image.resize maps antialiased "
             "bilinear and bicubic to the triangle and keyscubic kernels); set it to False.");
  }
  return o;
}

bool real_dtype(DType d) {
  return d == int8 || d == uint8 || d == int16 || d == uint16 || d == int32 || d == int64 ||
         d == float16 || d == bfloat16 || d == float32 || d == float64;
}

// The [height, width] attribute: two known positive int32 values, or kUnknownDim
// where a graph gives them only when it runs.
std::pair<int64_t, int64_t> spatial_size(const OpDef& op, const Attrs& attrs, const char* what) {
  const auto& size = attr<std::vector<int64_t>>(attrs, 0);
  if (is_unknown_length(size)) return {kUnknownDim, kUnknownDim};
  if (size.size() != 2) {
    fail(op, std::string(what) + " must have two elements, [height, width]; got " +
                 std::to_string(size.size()) + ".");
  }
  int64_t dims[2];
  for (int i = 0; i < 2; ++i) {
    if (!is_known(size[i])) {
      dims[i] = kUnknownDim;
    } else if (size[i] <= 0 || size[i] > kMaxSize) {
      fail(op, std::string(what) + " must be positive (and below 2^31): got [" +
                   (is_known(size[0]) ? std::to_string(size[0]) : "?") + ", " +
                   (is_known(size[1]) ? std::to_string(size[1]) : "?") +
                   "]; output dimensions must be positive.");
    } else {
      dims[i] = size[i];
    }
  }
  return {dims[0], dims[1]};
}

// images (N, H, W, C): rank 4, at least one channel, non-empty H and W
// within int32 (2^24 for nearest, as TF).
void check_images(const OpDef& op, const Shape& s, const char* what, bool nearest) {
  if (!s.has_known_rank()) return;
  if (s.rank() != 4) {
    fail(op, std::string(what) + " must be 4-dimensional [batch, height, width, channels], got "
                                 "shape " + s.to_string() + "; add a batch axis to a single "
                                 "image, e.g. x[None].");
  }
  if (s.dim(3) == 0) {
    fail(op, "image must have at least one channel, got shape " + s.to_string() + ".");
  }
  for (int axis : {1, 2}) {
    int64_t d = s.dim(axis);
    if (d == 0) fail(op, "input image must be of non-zero size, got shape " + s.to_string() + ".");
    int64_t limit = nearest ? (int64_t{1} << 24) - 1 : kMaxSize;
    if (d != kUnknownDim && d > limit) {
      fail(op, nearest ? "nearest neighbor requires max height & width of 2^24, got shape " +
                             s.to_string() + "."
                       : "input sizes must be between 0 and max int32, got shape " +
                             s.to_string() + ".");
    }
  }
}

Shape resized_shape(const Shape& s, std::pair<int64_t, int64_t> size) {
  int64_t batch = s.has_known_rank() ? s.dim(0) : kUnknownDim;
  int64_t channels = s.has_known_rank() ? s.dim(3) : kUnknownDim;
  return Shape({batch, size.first, size.second, channels});
}

Specs infer_resize(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  ResizeOptions o = options_of(op, attrs);
  DType d = in[0].dtype;
  if (!real_dtype(d)) {
    fail(op, "images must be a real number tensor (int8, uint8, int16, uint16, int32, int64, "
             "float16, bfloat16, float32 or float64), got " + std::string(d.name()) +
             "; cast it first, e.g. kiln.cast(images, kiln.float32).");
  }
  bool nearest = o.method == ResizeMethod::kNearest;
  check_images(op, in[0].shape, "images", nearest);
  auto size = spatial_size(op, attrs, "size");
  // Nearest neighbour copies pixels (keeps the dtype); the others compute in float32.
  return {{nearest ? d : float32, resized_shape(in[0].shape, size)}};
}

Specs infer_resize_grad(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  options_of(op, attrs);
  DType d = in[0].dtype;
  if (!d.is_floating()) {
    fail(op, "grads must be a floating-point tensor (the gradient of resize's output), got " +
                 std::string(d.name()) + ".");
  }
  const Shape& s = in[0].shape;
  if (s.has_known_rank() && s.rank() != 4) {
    fail(op, "grads must be 4-dimensional [batch, height, width, channels], got shape " +
                 s.to_string() + ".");
  }
  auto size = spatial_size(op, attrs, "original size");
  return {{d, resized_shape(s, size)}};
}

Arrays resize_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  ResizeOptions o = options_of(op, attrs);
  Array result = Array::empty(out[0].dtype, out[0].shape);
  if (result.size() == 0) return {result};
  const Dims& d = in[0].dims();
  cpu::AxisWeights rows = cpu::axis_weights(o, d[1], out[0].shape.dim(1));
  cpu::AxisWeights cols = cpu::axis_weights(o, d[2], out[0].shape.dim(2));
  if (o.method == ResizeMethod::kNearest) {
    cpu::resample_nearest(in[0], rows, cols, result);
  } else {
    cpu::resample(in[0], rows, cols, result);
  }
  return {result};
}

// The adjoint: the forward op's weights for (original size -> grads' size),
// transposed. Computed in float32 (float64 for float64 grads).
Arrays resize_grad_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                          std::span<const TensorSpec> out) {
  ResizeOptions o = options_of(op, attrs);
  DType work = out[0].dtype == float64 ? float64 : float32;
  Array result = Array::empty(work, out[0].shape);
  if (result.size() > 0) {
    const Dims& g = in[0].dims();
    int64_t height = out[0].shape.dim(1), width = out[0].shape.dim(2);
    cpu::AxisWeights rows = cpu::transposed(cpu::axis_weights(o, height, g[1]), height);
    cpu::AxisWeights cols = cpu::transposed(cpu::axis_weights(o, width, g[2]), width);
    cpu::resample(in[0], rows, cols, result);
  }
  if (work == out[0].dtype) return {result};
  Array cast_back = Array::empty(out[0].dtype, out[0].shape);
  cpu::cast(result, cast_back, /*saturate=*/false);
  return {cast_back};
}

std::vector<AttrDef> resize_attrs() {
  return {{"size", AttrType::kIntList, 1},
          {"method", AttrType::kString},
          {"align_corners", AttrType::kBool},
          {"half_pixel_centers", AttrType::kBool},
          {"antialias", AttrType::kBool}};
}

}  // namespace

void register_image_ops(Registry& r) {
  r.add({.name = "resize", .min_inputs = 1, .max_inputs = 1, .attrs = resize_attrs(),
         .infer = infer_resize, .cpu = resize_kernel});
  r.add({.name = "resize_grad", .min_inputs = 1, .max_inputs = 1, .attrs = resize_attrs(),
         .infer = infer_resize_grad, .cpu = resize_grad_kernel});
}

}  // namespace kiln
