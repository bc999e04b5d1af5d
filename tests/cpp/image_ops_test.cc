// The resize op (src/ops/image_ops.cc) through its C++ API and the registry:
// hand-computed values of each coordinate convention, shape inference with
// unknown dimensions, the errors, and the gradients against finite
// differences. tests/python/test_image_ops.py compares with TF and NumPy.
#include <gtest/gtest.h>

#include <vector>

#include "error_matchers.h"
#include "gradient_check.h"
#include "kiln/ops.h"
#include "ops/op_def.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

using testing::expect_gradient_matches;
using testing::random_doubles;

void expect_near(const std::vector<float>& got, const std::vector<float>& want, float tol = 1e-6f) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

// A 1 x 2 x 2 x 1 image [[0, 1], [2, 3]].
Tensor square() { return constant<float>({0, 1, 2, 3}, Shape{1, 2, 2, 1}); }

TEST(ImageResize, BilinearHalfPixelCentresClampAtTheBorder) {
  // Output centres at input coordinates -1/6, 1/2, 7/6: the outer ones clamp.
  Tensor y = resize(square(), {3, 3});
  EXPECT_EQ(y.shape(), (Shape{1, 3, 3, 1}));
  expect_near(y.to_vector<float>(), {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3});
}

TEST(ImageResize, AlignCornersAndTheLegacyMapping) {
  // align_corners: coordinates 0, 1/2, 1 (corners kept).
  expect_near(resize(square(), {3, 3}, "bilinear", true, false).to_vector<float>(),
              {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3});
  // Neither: TF1's legacy x * in / out, coordinates 0, 2/3, 4/3 (clamped to 1).
  expect_near(resize(square(), {1, 3}, "bilinear", false, false).to_vector<float>(),
              {0, 2.0f / 3, 1});
}

TEST(ImageResize, NearestKeepsTheDtypeAndAreaAverages) {
  Tensor ints = constant<int32_t>({1, 2, 3, 4, 5, 6, 7, 8}, Shape{1, 2, 4, 1});
  Tensor y = resize(ints, {2, 2}, "nearest");
  EXPECT_EQ(y.dtype(), int32);
  EXPECT_EQ(y.to_vector<int32_t>(), (std::vector<int32_t>{2, 4, 6, 8}));  // floor((i + .5) * 2)
  Tensor a = resize(ints, {1, 2}, "area", false, false);
  EXPECT_EQ(a.dtype(), float32);
  expect_near(a.to_vector<float>(), {3.5f, 5.5f});  // means of 2 x 2 blocks
}

TEST(ImageResize, AntialiasWidensTheKernelWhenDownsampling) {
  Tensor row = constant<float>({0, 0, 4, 0, 0, 0}, Shape{1, 1, 6, 1});
  // Plain triangle: output centres 1.5 and 4.5 read pixels 1 and 4 only.
  expect_near(resize(row, {1, 2}, "triangle", false, false, false).to_vector<float>(), {0, 0});
  // Antialiased: a triangle three times wider, normalised over its taps:
  // weights (2, 3, 2, 1)/8 at pixels 0..3 and (1, 2, 3, 2)/8 at pixels 2..5.
  expect_near(resize(row, {1, 2}, "triangle", false, false, true).to_vector<float>(), {1, 0.5f});
}

TEST(ImageResize, InferenceWithUnknownDimensionsAndSizes) {
  const OpDef& op = Registry::get().at("resize");
  Attrs attrs{std::vector<int64_t>{kUnknownValue, 7}, std::string("bicubic"), false, true, false};
  std::vector<TensorSpec> in{{uint8, Shape{kUnknownDim, 5, kUnknownDim, 3}}};
  Specs out = op.infer(op, in, attrs);
  EXPECT_EQ(out[0].dtype, float32);
  EXPECT_EQ(out[0].shape, (Shape{kUnknownDim, kUnknownDim, 7, 3}));
  attrs[0] = std::vector<int64_t>{kUnknownLength};
  in[0] = {int16, Shape::unknown_rank()};
  attrs[1] = std::string("nearest");
  out = op.infer(op, in, attrs);
  EXPECT_EQ(out[0].dtype, int16);
  EXPECT_EQ(out[0].shape, (Shape{kUnknownDim, kUnknownDim, kUnknownDim, kUnknownDim}));
}

TEST(ImageResize, ErrorsSayWhatIsWrong) {
  Tensor img = square();
  EXPECT_KILN_ERROR(resize(constant<float>({1, 2}, Shape{1, 2}), {2, 2}), InvalidArgumentError,
                    "[resize] images must be 4-dimensional");
  EXPECT_KILN_ERROR(resize(img, {0, 2}), InvalidArgumentError,
                    "output dimensions must be positive");
  EXPECT_KILN_ERROR(resize(img, {2, int64_t{1} << 31}), InvalidArgumentError, "below 2^31");
  EXPECT_KILN_ERROR(resize(img, {2}), InvalidArgumentError, "must have two elements");
  EXPECT_KILN_ERROR(resize(img, {2, 2}, "cubic"), InvalidArgumentError,
                    "Unrecognized resize method: 'cubic'");
  EXPECT_KILN_ERROR(resize(img, {2, 2}, "bilinear", true, true), InvalidArgumentError,
                    "If half_pixel_centers is True, align_corners must be False.");
  EXPECT_KILN_ERROR(resize(img, {2, 2}, "area", false, false, true), InvalidArgumentError,
                    "takes no antialias flag");
  EXPECT_KILN_ERROR(resize(img, {2, 2}, "gaussian", false, true), InvalidArgumentError,
                    "takes neither align_corners nor half_pixel_centers");
  EXPECT_KILN_ERROR(resize(constant<bool>({true}, Shape{1, 1, 1, 1}), {2, 2}), InvalidArgumentError,
                    "real number tensor");
  EXPECT_KILN_ERROR(resize(zeros(Shape{1, 2, 2, 0}, float32), {2, 2}), InvalidArgumentError,
                    "at least one channel");
  EXPECT_KILN_ERROR(resize(zeros(Shape{1, 0, 2, 1}, float32), {2, 2}), InvalidArgumentError,
                    "non-zero size");
  // An empty batch is no error: an empty result.
  EXPECT_EQ(resize(zeros(Shape{0, 2, 2, 1}, float32), {3, 3}).shape(), (Shape{0, 3, 3, 1}));
}

TEST(ImageResize, GradOfAnEmptyGradientIsZeros) {
  const OpDef& op = Registry::get().at("resize_grad");
  std::vector<Tensor> in{zeros(Shape{1, 2, 0, 1}, float32)};
  Tensor dx = execute(op, in, {std::vector<int64_t>{3, 3}, std::string("bilinear"), false, true,
                               false})[0];
  EXPECT_EQ(dx.shape(), (Shape{1, 3, 3, 1}));
  EXPECT_EQ(dx.to_vector<float>(), std::vector<float>(9, 0.0f));
}

TEST(ImageResize, GradientsMatchFiniteDifferences) {
  // Nearest neighbour keeps float64, so resize's gradient can be checked directly.
  expect_gradient_matches("resize", {random_doubles(Shape{2, 3, 4, 2})},
                          {std::vector<int64_t>{5, 3}, std::string("nearest"), false, true, false});
  // resize_grad computes in float64 for float64 gradients: every method's
  // transposed weights, and its own gradient (resize, in float32).
  struct Method {
    const char* name;
    bool align_corners, half_pixel, antialias;
  };
  for (Method m : {Method{"bilinear", false, true, false}, Method{"bilinear", true, false, false},
                   Method{"bicubic", false, true, false}, Method{"bicubic", false, false, false},
                   Method{"area", false, false, false}, Method{"lanczos3", false, false, true},
                   Method{"mitchellcubic", false, false, false}}) {
    SCOPED_TRACE(m.name);
    expect_gradient_matches("resize_grad", {random_doubles(Shape{1, 3, 2, 2})},
                            {std::vector<int64_t>{5, 4}, std::string(m.name), m.align_corners,
                             m.half_pixel, m.antialias},
                            /*rtol=*/1e-5, /*atol=*/1e-6);
  }
}

}  // namespace
}  // namespace kiln
