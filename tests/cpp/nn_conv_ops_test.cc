// The C++ API of the convolutions (include/kiln/ops/nn_conv.h): values worked
// out by hand, the float32 (oneDNN) and float64 (BLAS) kernels against each
// other, layouts, the errors, and oneDNN's primitive cache.
// tests/python/test_nn_conv.py compares with TF and with direct loops.
#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

#include "error_matchers.h"
#include "kernels/cpu/dnnl_context.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

using Ints = std::vector<int64_t>;

void expect_near(const std::vector<double>& got, const std::vector<double>& want,
                 double tol = 1e-12) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

std::vector<double> as_doubles(const Tensor& t) { return cast(t, float64).to_vector<double>(); }

Tensor random_tensor(const Shape& shape, DType dtype, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> dist(-1, 1);
  std::vector<double> v(static_cast<size_t>(shape.num_elements()));
  for (double& x : v) x = dist(gen);
  return cast(constant(v, shape), dtype);
}

// A 3x3 image 1..9 and a 2x2 filter 1..4 (one channel in and out).
Tensor image() { return constant<double>({1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape{1, 3, 3, 1}); }
Tensor filter() { return constant<double>({1, 2, 3, 4}, Shape{2, 2, 1, 1}); }

TEST(NnConv, Conv2dValidAndSameByHand) {
  for (DType dtype : {float64, float32}) {
    Tensor x = cast(image(), dtype), w = cast(filter(), dtype);
    // Windows [1 2; 4 5] . [1 2; 3 4] = 37, and so on.
    expect_near(as_doubles(conv2d(x, w, {1}, "VALID")), {37, 47, 67, 77});
    // SAME, stride 2: 2x2 outputs, one row and column of zeros after.
    expect_near(as_doubles(conv2d(x, w, {2}, "SAME")), {37, 21, 23, 9});
    // Explicit: one zero row above; dilation 2 in width reads columns 0 and 2.
    expect_near(as_doubles(conv2d(x, w, {1}, "EXPLICIT",
                                  {.dilations = {1, 2}, .explicit_paddings = {1, 0, 0, 0}})),
                {3 * 1 + 4 * 3, 1 + 2 * 3 + 3 * 4 + 4 * 6, 4 + 2 * 6 + 3 * 7 + 4 * 9});
    EXPECT_EQ(conv2d(x, w, {1}, "VALID").dtype(), dtype);
  }
}

TEST(NnConv, GradientsOfConv2dByHand) {
  for (DType dtype : {float64, float32}) {
    Tensor w = cast(filter(), dtype), dy = cast(constant<double>({1, 1, 1, 1}, Shape{1, 2, 2, 1}),
                                                dtype);
    // Each input pixel collects the filter taps whose windows cover it.
    expect_near(as_doubles(conv2d_backprop_input({1, 3, 3, 1}, w, dy, {1}, "VALID")),
                {1, 3, 2, 4, 10, 6, 3, 7, 4});
    expect_near(as_doubles(conv2d_backprop_input({3, 3}, w, dy, {1}, "VALID")),
                {1, 3, 2, 4, 10, 6, 3, 7, 4});
    expect_near(as_doubles(conv2d_transpose(dy, w, {1, 3, 3, 1}, {1}, "VALID")),
                {1, 3, 2, 4, 10, 6, 3, 7, 4});
    // Each tap collects the pixels it met: 1+2+4+5, ...
    expect_near(as_doubles(conv2d_backprop_filter(cast(image(), dtype), {2, 2, 1, 1}, dy, {1},
                                                  "VALID")),
                {12, 16, 24, 28});
  }
}

TEST(NnConv, GroupedAndDepthwiseByHand) {
  for (DType dtype : {float64, float32}) {
    // Two groups: output 0 reads channels 0-1, output 1 channels 2-3.
    Tensor x = cast(constant<double>({1, 2, 3, 4}, Shape{1, 1, 1, 4}), dtype);
    Tensor w = cast(constant<double>({1, 2, 3, 4}, Shape{1, 1, 2, 2}), dtype);
    expect_near(as_doubles(conv2d(x, w, {1}, "VALID")), {1 * 1 + 2 * 3, 3 * 2 + 4 * 4});
    // Depthwise: channel 0 summed, channel 1 its diagonal.
    Tensor img = cast(constant<double>({1, 10, 2, 20, 3, 30, 4, 40}, Shape{1, 2, 2, 2}), dtype);
    Tensor dw = cast(constant<double>({1, 1, 1, 0, 1, 0, 1, 1}, Shape{2, 2, 2, 1}), dtype);
    expect_near(as_doubles(depthwise_conv2d(img, dw, {1, 1, 1, 1}, "VALID")), {10, 50});
    Tensor dy = cast(constant<double>({1, 2}, Shape{1, 1, 1, 2}), dtype);
    expect_near(as_doubles(depthwise_conv2d_backprop_input({1, 2, 2, 2}, dw, dy, {1}, "VALID")),
                {1, 2, 1, 0, 1, 0, 1, 2});
    expect_near(as_doubles(depthwise_conv2d_backprop_filter(img, {2, 2, 2, 1}, dy, {1}, "VALID")),
                {1, 20, 2, 40, 3, 60, 4, 80});
  }
}

TEST(NnConv, Conv3dByHand) {
  for (DType dtype : {float64, float32}) {
    Tensor ones = kiln::ones(Shape{1, 2, 2, 2, 1}, dtype);
    Tensor w = kiln::ones(Shape{2, 2, 2, 1, 1}, dtype);
    expect_near(as_doubles(conv3d(ones, w, {1}, "VALID")), {8});
    expect_near(as_doubles(conv3d(ones, w, {1}, "SAME")), {8, 4, 4, 2, 4, 2, 2, 1});
    Tensor dy = fill(Shape{1, 1, 1, 1, 1}, 2.0, dtype);
    expect_near(as_doubles(conv3d_backprop_input({1, 2, 2, 2, 1}, w, dy, {1}, "VALID")),
                std::vector<double>(8, 2.0));
    expect_near(as_doubles(conv3d_backprop_filter(ones, {2, 2, 2, 1, 1}, dy, {1}, "VALID")),
                std::vector<double>(8, 2.0));
  }
}

// float32 (oneDNN) and float64 (im2col + BLAS) compute the same function.
TEST(NnConv, OneDnnAndBlasKernelsAgree) {
  struct Case {
    Shape x, w;
    std::vector<int64_t> strides;
    std::string padding;
    ConvOptions options;
  };
  const std::vector<Case> cases = {
      {Shape{2, 7, 6, 6}, Shape{3, 2, 3, 4}, {2, 1}, "SAME", {.dilations = {1, 2}}},  // 2 groups
      {Shape{2, 6, 7, 5}, Shape{3, 3, 3, 4}, {1, 2}, "EXPLICIT",
       {.data_format = "NCHW", .explicit_paddings = {1, 2, 0, 1}}},
      {Shape{1, 5, 4, 6, 2}, Shape{2, 3, 2, 2, 3}, {1, 2, 1}, "VALID", {.dilations = {2, 1, 1}}},
      // 3x3 taps of 32 channels: oneDNN's blocked layout (blocked_activations).
      {Shape{2, 9, 8, 32}, Shape{3, 3, 32, 12}, {2, 1}, "SAME", {}},
      {Shape{1, 32, 7, 9}, Shape{3, 3, 32, 8}, {1, 2}, "EXPLICIT",
       {.data_format = "NCHW", .dilations = {2, 1}, .explicit_paddings = {2, 1, 0, 3}}},
      {Shape{1, 3, 5, 4, 16}, Shape{2, 3, 2, 16, 8}, {1}, "SAME", {}},
  };
  for (const Case& c : cases) {
    const bool three = c.x.rank() == 5;
    Tensor x64 = random_tensor(c.x, float64, 1), w64 = random_tensor(c.w, float64, 2);
    auto run = [&](const Tensor& x, const Tensor& w) {
      return three ? conv3d(x, w, c.strides, c.padding, c.options)
                   : conv2d(x, w, c.strides, c.padding, c.options);
    };
    Tensor y64 = run(x64, w64);
    Tensor y32 = run(cast(x64, float32), cast(w64, float32));
    EXPECT_EQ(y32.shape(), y64.shape());
    expect_near(as_doubles(y32), as_doubles(y64), 1e-5);
    // And their gradients.
    Tensor dy = random_tensor(y64.shape(), float64, 3);
    std::vector<int64_t> xs(c.x.dims().begin(), c.x.dims().end());
    std::vector<int64_t> ws(c.w.dims().begin(), c.w.dims().end());
    auto grads = [&](DType d) {
      Tensor w = cast(w64, d), x = cast(x64, d), g = cast(dy, d);
      return three ? std::pair{conv3d_backprop_input(xs, w, g, c.strides, c.padding, c.options),
                               conv3d_backprop_filter(x, ws, g, c.strides, c.padding, c.options)}
                   : std::pair{conv2d_backprop_input(xs, w, g, c.strides, c.padding, c.options),
                               conv2d_backprop_filter(x, ws, g, c.strides, c.padding, c.options)};
    };
    auto [dx64, dw64] = grads(float64);
    auto [dx32, dw32] = grads(float32);
    expect_near(as_doubles(dx32), as_doubles(dx64), 1e-5);
    expect_near(as_doubles(dw32), as_doubles(dw64), 1e-4);
  }
}

TEST(NnConv, ChannelsFirstIsChannelsLastTransposed) {
  Tensor x = random_tensor(Shape{2, 5, 6, 4}, float32, 4), w = random_tensor(Shape{3, 3, 4, 2},
                                                                             float32, 5);
  Tensor nhwc = conv2d(x, w, {2}, "SAME", {.dilations = {2}});
  Tensor nchw = conv2d(transpose(x, Ints{0, 3, 1, 2}), w, {2}, "SAME",
                       {.data_format = "NCHW", .dilations = {2}});
  expect_near(as_doubles(transpose(nchw, Ints{0, 2, 3, 1})), as_doubles(nhwc), 1e-6);
  Tensor dw = random_tensor(Shape{3, 3, 4, 2}, float32, 6);
  expect_near(as_doubles(transpose(depthwise_conv2d(transpose(x, Ints{0, 3, 1, 2}), dw, {1}, "SAME",
                                                    {.data_format = "NCHW"}),
                                   Ints{0, 2, 3, 1})),
              as_doubles(depthwise_conv2d(x, dw, {1}, "SAME")), 1e-6);
}

TEST(NnConv, EmptyTensorsGiveEmptyOrZeroResults) {
  Tensor w = random_tensor(Shape{3, 3, 4, 2}, float32, 7);
  EXPECT_EQ(conv2d(random_tensor(Shape{0, 5, 5, 4}, float32, 1), w, {1}, "SAME").shape(),
            (Shape{0, 5, 5, 2}));
  // A 0x0 image padded to 3x3: the output is the padding's zeros.
  Tensor tiny = random_tensor(Shape{1, 0, 0, 4}, float32, 1);
  expect_near(as_doubles(conv2d(tiny, w, {1}, "EXPLICIT", {.explicit_paddings = {1, 2, 1, 2}})),
              std::vector<double>(2, 0.0));
  expect_near(as_doubles(conv2d_backprop_filter(random_tensor(Shape{0, 5, 5, 4}, float32, 1),
                                                {3, 3, 4, 2},
                                                random_tensor(Shape{0, 5, 5, 2}, float32, 1), {1},
                                                "SAME")),
              std::vector<double>(3 * 3 * 4 * 2, 0.0));
}

TEST(NnConv, ErrorsAreTfsWithTheFix) {
  Tensor x = random_tensor(Shape{1, 5, 5, 4}, float32, 1), w = random_tensor(Shape{3, 3, 4, 2},
                                                                             float32, 2);
  EXPECT_KILN_ERROR(conv2d(x, w, {1}, "FULL"), InvalidArgumentError,
                    "[conv2d] Value for attr 'padding' of \"FULL\" is not in the list of allowed "
                    "values");
  EXPECT_KILN_ERROR(conv2d(x, random_tensor(Shape{3, 3, 3, 2}, float32, 3), {1}, "SAME"),
                    InvalidArgumentError,
                    "input depth must be evenly divisible by filter depth: 4 vs 3");
  EXPECT_KILN_ERROR(conv2d(x, w, {2, 1, 1, 1}, "SAME"), UnimplementedError,
                    "does not yet support strides in the batch and depth dimensions");
  EXPECT_KILN_ERROR(conv2d(random_tensor(Shape{5, 5, 4}, float32, 1), w, {1}, "SAME"),
                    InvalidArgumentError, "input must be 4-dimensional, got shape (5, 5, 4)");
  EXPECT_KILN_ERROR(conv2d(x, w, {1, 2, 3}, "SAME"), InvalidArgumentError,
                    "[conv2d] strides should be of length 1, 2 or 4");
  EXPECT_KILN_ERROR(conv2d(x, cast(w, float64), {1}, "SAME"), InvalidArgumentError,
                    "filter is float64 but input is float32");
  EXPECT_KILN_ERROR(conv3d(random_tensor(Shape{1, 3, 3, 3, 4}, float32, 1),
                           random_tensor(Shape{2, 2, 2, 4, 1}, float32, 1), {1}, "SAME",
                           {.data_format = "NHWC"}),
                    InvalidArgumentError, "\"NDHWC\", \"NCDHW\"");
  EXPECT_KILN_ERROR(conv2d_backprop_input({1, 5, 5, 4}, w, random_tensor(Shape{1, 4, 5, 2},
                                                                         float32, 1),
                                          {1}, "SAME"),
                    InvalidArgumentError,
                    "Size of out_backprop doesn't match computed: actual = 4, computed = 5");
}

TEST(NnConv, APrimitiveIsBuiltOnceAndReused) {
  // A geometry no other test uses, so the first call builds its primitive.
  Tensor x = random_tensor(Shape{1, 13, 11, 3}, float32, 1), w = random_tensor(Shape{2, 3, 3, 5},
                                                                               float32, 2);
  auto before = cpu::dnnl_util::cache_stats();
  Tensor first = conv2d(x, w, {1, 2}, "SAME");
  auto built = cpu::dnnl_util::cache_stats();
  EXPECT_EQ(built.misses, before.misses + 1);
  Tensor again = conv2d(x, w, {1, 2}, "SAME");
  auto reused = cpu::dnnl_util::cache_stats();
  EXPECT_EQ(reused.misses, built.misses);
  EXPECT_EQ(reused.hits, built.hits + 1);
  expect_near(as_doubles(again), as_doubles(first), 0);
  // Another stride is another primitive.
  conv2d(x, w, {2, 1}, "SAME");
  EXPECT_EQ(cpu::dnnl_util::cache_stats().misses, reused.misses + 1);
}

// One cached primitive runs on several threads at once: each call has its
// own scratchpad and reordered filter.
TEST(NnConv, ConcurrentCallsShareAPrimitiveSafely) {
  Tensor x = random_tensor(Shape{2, 9, 9, 8}, float32, 1), w = random_tensor(Shape{3, 3, 8, 8},
                                                                             float32, 2);
  const std::vector<double> want = as_doubles(conv2d(x, w, {1}, "SAME"));
  std::vector<std::vector<double>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) got[t] = as_doubles(conv2d(x, w, {1}, "SAME"));
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& g : got) expect_near(g, want, 1e-5);
}

}  // namespace
}  // namespace kiln
