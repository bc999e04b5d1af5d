// The pooling ops (src/ops/nn_pool_ops.cc) through the C++ API
// (include/kiln/ops/nn_pool.h): values worked out by hand, the layouts and
// dtypes agreeing with each other, gradients against central differences,
// inference with unknown dimensions and TF's errors.
// tests/python/test_nn_pool.py compares with TF and NumPy.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "error_matchers.h"
#include "gradient_check.h"
#include "kiln/ops.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using testing::expect_gradient_matches;
using V = std::vector<int64_t>;

void expect_values(const Tensor& t, const std::vector<double>& want, double tol = 1e-6) {
  std::vector<double> got = t.to_vector<double>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

// TF's documented example: a 3 x 4 image of 1..12.
Tensor image(DType dtype = float32) {
  std::vector<double> v(12);
  std::iota(v.begin(), v.end(), 1.0);
  return cast(constant(v, Shape{1, 3, 4, 1}), dtype);
}

// Distinct values in a scrambled order (no ties within a window).
Array distinct(const Shape& shape, DType dtype = float64) {
  int64_t n = shape.num_elements();
  std::vector<double> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    v[static_cast<size_t>(i)] = static_cast<double>((i * 37) % n) / static_cast<double>(n) - 0.5;
  }
  return cast(constant(v, shape), dtype).array();
}

PoolArgs args(V ksize, V strides, const std::string& padding, const std::string& format = "") {
  return {.ksize = ksize, .strides = strides, .padding = padding, .data_format = format};
}

TEST(NnPool, TfsDocumentedExample) {
  expect_values(max_pool(image(), args({1, 2, 2, 1}, {1, 2, 2, 1}, "VALID")), {6, 8});
  expect_values(max_pool(image(), args({1, 2, 2, 1}, {1, 2, 2, 1}, "SAME")), {6, 8, 10, 12});
  PoolArgs padded = args({1, 2, 2, 1}, {1, 2, 2, 1}, "EXPLICIT");
  padded.explicit_paddings = {0, 0, 1, 1, 1, 1, 0, 0};
  expect_values(max_pool(image(), padded), {1, 3, 4, 9, 11, 12});
  // SAME averages count only the elements inside the input
  expect_values(avg_pool(image(), args({1, 2, 2, 1}, {1, 2, 2, 1}, "SAME")),
                {3.5, 5.5, 9.5, 11.5});
  expect_values(avg_pool(image(), args({1, 3, 3, 1}, {1, 1, 1, 1}, "SAME")),
                {3.5, 4, 5, 5.5, 5.5, 6, 7, 7.5, 7.5, 8, 9, 9.5});
}

TEST(NnPool, EveryDtypePathGivesTheSameMaxima) {
  // each dtype runs its own instance of the loops (float16 through float32)
  PoolArgs a = args({1, 3, 2, 1}, {1, 2, 1, 1}, "SAME");
  Tensor x = Tensor(distinct({2, 5, 4, 3}, float32));
  for (DType d : {float64, float16, bfloat16}) {
    Tensor got = max_pool(cast(x, d), a), want = cast(max_pool(x, a), d);
    EXPECT_EQ(got.to_vector<double>(), want.to_vector<double>()) << d.name();
  }
  Tensor xi = cast(multiply(x, fill(Shape{}, 1000.0, float32)), int32);
  EXPECT_EQ(max_pool(xi, a).to_vector<double>(),
            cast(max_pool(cast(xi, float32), a), int32).to_vector<double>());
  expect_values(avg_pool(cast(x, float64), a), avg_pool(x, a).to_vector<double>(), 1e-6);
}

TEST(NnPool, ChannelsFirstIsChannelsLastTransposed) {
  Tensor x = Tensor(distinct({2, 5, 6, 3}, float32));
  Tensor xc = transpose(x, V{0, 3, 1, 2});
  for (const char* padding : {"SAME", "VALID"}) {
    Tensor last = max_pool(x, args({1, 3, 2, 1}, {1, 2, 2, 1}, padding));
    Tensor first = max_pool(xc, args({1, 1, 3, 2}, {1, 1, 2, 2}, padding, "NCHW"));
    EXPECT_EQ(transpose(first, V{0, 2, 3, 1}).to_vector<float>(), last.to_vector<float>());
    Tensor avg_last = avg_pool(x, args({1, 3, 2, 1}, {1, 2, 2, 1}, padding));
    Tensor avg_first = avg_pool(xc, args({1, 1, 3, 2}, {1, 1, 2, 2}, padding, "NCHW"));
    expect_values(transpose(avg_first, V{0, 2, 3, 1}), avg_last.to_vector<double>(), 1e-6);
  }
  Tensor x3 = Tensor(distinct({1, 3, 4, 5, 2}, float32));
  Tensor last3 = max_pool3d(x3, args({1, 2, 2, 3, 1}, {1, 1, 2, 2, 1}, "SAME"));
  Tensor first3 = max_pool3d(transpose(x3, V{0, 4, 1, 2, 3}),
                             args({1, 1, 2, 2, 3}, {1, 1, 1, 2, 2}, "SAME", "NCDHW"));
  EXPECT_EQ(transpose(first3, V{0, 2, 3, 4, 1}).to_vector<float>(), last3.to_vector<float>());
}

TEST(NnPool, PoolingAcrossChannels) {
  Tensor x = constant<float>({1, 5, 2, 4, 0, 3, 9, 8, 7, 6, 5, 4}, Shape{1, 1, 2, 6});
  expect_values(max_pool(x, args({1, 1, 1, 3}, {1, 1, 1, 3}, "VALID")), {5, 4, 9, 6});
  Tensor xc = transpose(x, V{0, 3, 1, 2});
  expect_values(max_pool(xc, args({1, 2, 1, 1}, {1, 2, 1, 1}, "VALID", "NCHW")),
                {5, 9, 4, 7, 3, 5});
}

TEST(NnPool, ArgmaxIsTfsFlattenedIndex) {
  Tensor x = constant<float>({1, 9, 2, 8, 3, 7, 4, 6, 0, 5, 1, 2}, Shape{2, 2, 3, 1});
  MaxPoolWithArgmax r = max_pool_with_argmax(x, {1, 2, 2, 1}, {1, 1, 1, 1}, "VALID");
  // images [[1, 9, 2], [8, 3, 7]] and [[4, 6, 0], [5, 1, 2]]: both windows of
  // each hold its maximum, at (0, 1)
  expect_values(r.output, {9, 9, 6, 6});
  EXPECT_EQ(r.argmax.dtype(), int64);
  EXPECT_EQ(r.argmax.to_vector<int64_t>(), (std::vector<int64_t>{1, 1, 1, 1}));
  MaxPoolWithArgmax b = max_pool_with_argmax(x, {1, 2, 2, 1}, {1, 1, 1, 1}, "VALID", int32, true);
  EXPECT_EQ(b.argmax.to_vector<int32_t>(), (std::vector<int32_t>{1, 1, 7, 7}));
  Tensor dx = max_pool_grad_with_argmax(x, ones(Shape{2, 1, 2, 1}), b.argmax, {1, 2, 2, 1},
                                        {1, 1, 1, 1}, "VALID", true);
  expect_values(dx, {0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0});
}

TEST(NnPool, GradientsMatchFiniteDifferences) {
  Attrs max2{V{1, 3, 2, 1}, V{1, 2, 1, 1}, std::string("SAME"), V{}, std::string("NHWC")};
  expect_gradient_matches("max_pool", {distinct({2, 5, 4, 2})}, max2);
  Attrs explicit2{V{1, 1, 2, 2}, V{1, 1, 1, 2}, std::string("EXPLICIT"), V{0, 0, 0, 0, 1, 0, 0, 1},
                  std::string("NCHW")};
  expect_gradient_matches("max_pool", {distinct({1, 2, 4, 5})}, explicit2);
  Attrs avg2{V{1, 2, 3, 1}, V{1, 2, 2, 1}, std::string("SAME"), std::string("NHWC")};
  expect_gradient_matches("avg_pool", {testing::random_doubles({2, 5, 4, 2})}, avg2);
  Attrs three{V{1, 2, 2, 2, 1}, V{1, 1, 2, 1, 1}, std::string("VALID"), std::string("NDHWC")};
  expect_gradient_matches("max_pool3d", {distinct({1, 3, 4, 3, 2})}, three);
  expect_gradient_matches("avg_pool3d", {testing::random_doubles({1, 3, 4, 3, 2})}, three);
  Attrs argmax{V{1, 2, 2, 1}, V{1, 2, 2, 1}, int64, std::string("SAME"), false};
  expect_gradient_matches("max_pool_with_argmax", {distinct({2, 3, 5, 2})}, argmax);

  // The gradient ops are linear in their incoming gradient (and constant in
  // the input where no maxima tie).
  Array x = distinct({2, 5, 4, 2});
  Array y = max_pool(Tensor(x), args({1, 3, 2, 1}, {1, 2, 1, 1}, "SAME")).array();
  expect_gradient_matches("max_pool_grad", {x, y, testing::random_doubles(y.shape())}, max2);
  expect_gradient_matches("max_pool_grad_grad", {x, y, testing::random_doubles(x.shape())}, max2);
  Attrs avg_grad{V{2, 5, 4, 2}, V{1, 2, 3, 1}, V{1, 2, 2, 1}, std::string("SAME"),
                 std::string("NHWC")};
  expect_gradient_matches("avg_pool_grad", {testing::random_doubles({2, 3, 2, 2})}, avg_grad);
}

TEST(NnPool, SecondOrderOpsAreAdjoint) {
  // <max_pool_grad(x, y, dy), v> == <dy, max_pool_grad_grad(x, y, v)>
  PoolArgs a = args({1, 3, 3, 1}, {1, 2, 2, 1}, "SAME");
  Tensor x = Tensor(distinct({2, 6, 5, 3}));
  Tensor y = max_pool(x, a);
  Tensor dy = Tensor(testing::random_doubles(y.shape(), -1, 1, 3));
  Tensor v = Tensor(testing::random_doubles(x.shape(), -1, 1, 4));
  double lhs = reduce_sum(multiply(max_pool_grad(x, y, dy, a), v)).item<double>();
  double rhs = reduce_sum(multiply(dy, max_pool_grad_grad(x, y, v, a))).item<double>();
  EXPECT_NEAR(lhs, rhs, 1e-12);
  // avg_pool_grad is avg_pool's adjoint
  Tensor u = Tensor(testing::random_doubles(x.shape(), -1, 1, 5));
  Tensor w = Tensor(testing::random_doubles(y.shape(), -1, 1, 6));
  EXPECT_NEAR(reduce_sum(multiply(avg_pool(u, a), w)).item<double>(),
              reduce_sum(multiply(u, avg_pool_grad({2, 6, 5, 3}, w, a))).item<double>(), 1e-12);
}

TEST(NnPool, InferenceKeepsUnknownDimensions) {
  const OpDef& op = Registry::get().at("max_pool");
  Attrs attrs{V{1, 3, 3, 1}, V{1, 2, 2, 1}, std::string("SAME"), V{}, std::string("NHWC")};
  std::vector<TensorSpec> in{{float32, Shape{kUnknownDim, 7, kUnknownDim, 3}}};
  EXPECT_EQ(op.infer(op, in, attrs)[0].shape, (Shape{kUnknownDim, 4, kUnknownDim, 3}));
  in[0].shape = Shape::unknown_rank();
  EXPECT_EQ(op.infer(op, in, attrs)[0].shape,
            (Shape{kUnknownDim, kUnknownDim, kUnknownDim, kUnknownDim}));
  // avg_pool_grad's shape from a partly known orig_input_shape
  const OpDef& grad = Registry::get().at("avg_pool_grad");
  Attrs g{V{kUnknownValue, 6, 5, 3}, V{1, 2, 2, 1}, V{1, 2, 2, 1}, std::string("SAME"),
          std::string("NHWC")};
  std::vector<TensorSpec> gin{{float32, Shape{kUnknownDim, 3, 3, 3}}};
  EXPECT_EQ(grad.infer(grad, gin, g)[0].shape, (Shape{kUnknownDim, 6, 5, 3}));
}

TEST(NnPool, TfsErrors) {
  Tensor x = zeros(Shape{2, 6, 7, 3});
  EXPECT_KILN_ERROR(max_pool(x, args({2, 2, 2, 1}, {1, 1, 1, 1}, "VALID")), UnimplementedError,
                    "[max_pool] Pooling is not yet supported on the batch dimension");
  EXPECT_KILN_ERROR(max_pool(x, args({1, 2, 2}, {1, 1, 1, 1}, "VALID")), InvalidArgumentError,
                    "Sliding window ksize field must specify 4 dimensions");
  EXPECT_KILN_ERROR(max_pool(x, args({1, 9, 2, 1}, {1, 1, 1, 1}, "VALID")), InvalidArgumentError,
                    "Computed output size would be negative: -2 [input_size: 6, "
                    "effective_filter_size: 9, stride: 1]");
  EXPECT_KILN_ERROR(max_pool(x, args({1, 2, 2, 1}, {1, 1, 1, 1}, "FULL")), InvalidArgumentError,
                    "Value for attr 'padding' of \"FULL\"");
  EXPECT_KILN_ERROR(max_pool3d(x, args({1, 2, 2, 2, 1}, {1, 1, 1, 1, 1}, "VALID")),
                    InvalidArgumentError, "input must be 5-dimensional");
  EXPECT_KILN_ERROR(avg_pool(cast(x, int64), args({1, 2, 2, 1}, {1, 1, 1, 1}, "VALID")),
                    InvalidArgumentError, "Value for attr 'T' of int64");
  PoolArgs padded = args({1, 2, 2, 1}, {1, 1, 1, 1}, "EXPLICIT");
  padded.explicit_paddings = {0, 0, 0, 0, 0, 2, 0, 0};
  EXPECT_KILN_ERROR(max_pool(x, padded), InvalidArgumentError,
                    "Right padding 2 needs to be smaller than the window size 2");
  padded.explicit_paddings = {0, 0, 1, 1};
  EXPECT_KILN_ERROR(max_pool(x, padded), InvalidArgumentError,
                    "explicit_paddings attribute must contain 8 values, but got: 4");
  Tensor y = max_pool(x, args({1, 2, 2, 1}, {1, 2, 2, 1}, "SAME"));
  PoolArgs same = args({1, 2, 2, 1}, {1, 2, 2, 1}, "SAME");
  EXPECT_KILN_ERROR(max_pool_grad(x, y, zeros(Shape{2, 3, 3, 3}), same), InvalidArgumentError,
                    "Expected grad shape to be [2,3,4,3], but got [2,3,3,3]");
  EXPECT_KILN_ERROR(max_pool_grad_with_argmax(x, y, fill(y.shape(), 10000.0, int64), {1, 2, 2, 1},
                                              {1, 2, 2, 1}, "SAME"),
                    InvalidArgumentError, "argmax holds the index 10000");
}

}  // namespace
}  // namespace kiln
