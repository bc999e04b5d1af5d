// The convolution ops' gradients (src/ops/nn_conv_grad.cc) against central
// differences in float64, for each of the nine ops: the forward ops' from the
// backprop ops, and the backprop ops' own (second derivatives of the forward
// ones). tests/python/gradient_cases.py runs them in graphs and functions too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gradient_check.h"

namespace kiln {
namespace {

using testing::expect_gradient_matches;
using testing::random_doubles;
using Ints = std::vector<int64_t>;

// strides, padding, explicit_paddings, data_format, dilations.
Attrs window(Ints strides, std::string padding, Ints pads, std::string format, Ints dilations) {
  return {strides, padding, pads, format, dilations};
}

Attrs sized(Ints sizes, Attrs attrs) {
  attrs.insert(attrs.begin(), sizes);
  return attrs;
}

TEST(NnConvGrad, Conv2dGroupedStridedDilated) {
  Attrs a = window({1, 2, 1, 1}, "SAME", {}, "NHWC", {1, 1, 2, 1});
  expect_gradient_matches("conv2d", {random_doubles(Shape{2, 5, 6, 4}, -1, 1, 1),
                                     random_doubles(Shape{3, 2, 2, 6}, -1, 1, 2)}, a);
}

TEST(NnConvGrad, Conv2dChannelsFirstExplicit) {
  Attrs a = window({1, 1, 1, 2}, "EXPLICIT", {0, 0, 0, 0, 1, 2, 0, 1}, "NCHW", {1, 1, 1, 1});
  expect_gradient_matches("conv2d", {random_doubles(Shape{1, 3, 4, 5}, -1, 1, 3),
                                     random_doubles(Shape{2, 3, 3, 2}, -1, 1, 4)}, a);
}

TEST(NnConvGrad, Conv2dBackpropInputAndFilter) {
  Attrs a = window({1, 2, 1, 1}, "VALID", {}, "NHWC", {1, 1, 1, 1});
  expect_gradient_matches("conv2d_backprop_input",
                          {random_doubles(Shape{3, 2, 4, 3}, -1, 1, 5),
                           random_doubles(Shape{2, 2, 5, 3}, -1, 1, 6)},
                          sized({2, 5, 6, 4}, a));
  expect_gradient_matches("conv2d_backprop_filter",
                          {random_doubles(Shape{2, 5, 6, 4}, -1, 1, 7),
                           random_doubles(Shape{2, 2, 5, 3}, -1, 1, 8)},
                          sized({3, 2, 4, 3}, a));
}

TEST(NnConvGrad, Conv3dAndItsBackprops) {
  Attrs a = window({1, 1, 2, 1, 1}, "SAME", {}, "NDHWC", {1, 1, 1, 2, 1});
  expect_gradient_matches("conv3d", {random_doubles(Shape{1, 3, 4, 3, 2}, -1, 1, 9),
                                     random_doubles(Shape{2, 2, 2, 2, 3}, -1, 1, 10)}, a);
  expect_gradient_matches("conv3d_backprop_input_v2",
                          {random_doubles(Shape{2, 2, 2, 2, 3}, -1, 1, 11),
                           random_doubles(Shape{1, 3, 2, 3, 3}, -1, 1, 12)},
                          sized({1, 3, 4, 3, 2}, a));
  expect_gradient_matches("conv3d_backprop_filter_v2",
                          {random_doubles(Shape{1, 3, 4, 3, 2}, -1, 1, 13),
                           random_doubles(Shape{1, 3, 2, 3, 3}, -1, 1, 14)},
                          sized({2, 2, 2, 2, 3}, a));
}

TEST(NnConvGrad, DepthwiseAndItsBackprops) {
  Attrs a = window({1, 2, 1, 1}, "SAME", {}, "NHWC", {1, 1, 2, 1});
  expect_gradient_matches("depthwise_conv2d_native",
                          {random_doubles(Shape{1, 5, 4, 3}, -1, 1, 15),
                           random_doubles(Shape{2, 2, 3, 2}, -1, 1, 16)}, a);
  expect_gradient_matches("depthwise_conv2d_native_backprop_input",
                          {random_doubles(Shape{2, 2, 3, 2}, -1, 1, 17),
                           random_doubles(Shape{1, 3, 4, 6}, -1, 1, 18)},
                          sized({1, 5, 4, 3}, a));
  expect_gradient_matches("depthwise_conv2d_native_backprop_filter",
                          {random_doubles(Shape{1, 5, 4, 3}, -1, 1, 19),
                           random_doubles(Shape{1, 3, 4, 6}, -1, 1, 20)},
                          sized({2, 2, 3, 2}, a));
}

}  // namespace
}  // namespace kiln
