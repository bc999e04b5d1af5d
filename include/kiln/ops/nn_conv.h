// Convolutions (TF's tf.nn names; src/ops/nn_conv_ops.cc): 2-D and 3-D,
// grouped and depthwise, their gradients with respect to the input (the
// transposed convolution) and to the filter. float16, bfloat16, float32
// (oneDNN) and float64 (im2col + BLAS).
//
// Layouts: inputs are channels-last ("NHWC", "NDHWC", the default) or
// channels-first ("NCHW", "NCDHW"); filters are TF's (spatial..., in_channels
// / groups, out_channels), depthwise filters (height, width, in_channels,
// channel_multiplier). A conv2d whose input has G times the filter's
// in_channels is a grouped convolution with G groups.
//
// strides and dilations: one value for every spatial axis, one per spatial
// axis, or one per axis of the input (batch and channel entries 1), as
// tf.nn.conv2d takes them. padding: "SAME", "VALID", or "EXPLICIT" with
// ConvOptions::explicit_paddings. Errors (InvalidArgumentError, with
// "[op] ") are TF's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

struct ConvOptions {
  // "" is channels-last: "NHWC" for 2-D, "NDHWC" for 3-D.
  std::string data_format;
  std::vector<int64_t> dilations = {1};
  // With padding "EXPLICIT": a (before, after) pair per axis of the input
  // (zeros for batch and channels), or per spatial axis.
  std::vector<int64_t> explicit_paddings;
};

// The cross-correlation of input (N, H, W, C) with filter (kh, kw, C / G, O):
// (N, H', W', O), with H' = ceil(H / stride) for SAME and
// floor((H - (kh - 1) * dilation - 1) / stride) + 1 for VALID, as TF.
Tensor conv2d(const Tensor& input, const Tensor& filter, const std::vector<int64_t>& strides,
              const std::string& padding, const ConvOptions& options = {});
// The same with 3 spatial axes: input (N, D, H, W, C), filter (kd, kh, kw, C / G, O).
Tensor conv3d(const Tensor& input, const Tensor& filter, const std::vector<int64_t>& strides,
              const std::string& padding, const ConvOptions& options = {});

// The gradient of conv2d with respect to its input, of shape input_sizes (the
// input's 4 dimensions, or its 2 spatial ones), given the gradient of its
// output: tf.nn.conv2d_transpose's op.
Tensor conv2d_backprop_input(const std::vector<int64_t>& input_sizes, const Tensor& filter,
                             const Tensor& out_backprop, const std::vector<int64_t>& strides,
                             const std::string& padding, const ConvOptions& options = {});
// The gradient of conv2d with respect to its filter, of shape filter_sizes.
Tensor conv2d_backprop_filter(const Tensor& input, const std::vector<int64_t>& filter_sizes,
                              const Tensor& out_backprop, const std::vector<int64_t>& strides,
                              const std::string& padding, const ConvOptions& options = {});
// The 3-D pair (TF's Conv3DBackpropInputV2, Conv3DBackpropFilterV2).
Tensor conv3d_backprop_input(const std::vector<int64_t>& input_sizes, const Tensor& filter,
                             const Tensor& out_backprop, const std::vector<int64_t>& strides,
                             const std::string& padding, const ConvOptions& options = {});
Tensor conv3d_backprop_filter(const Tensor& input, const std::vector<int64_t>& filter_sizes,
                              const Tensor& out_backprop, const std::vector<int64_t>& strides,
                              const std::string& padding, const ConvOptions& options = {});

// Each input channel convolved with its own channel_multiplier filters:
// input (N, H, W, C), filter (kh, kw, C, M) -> (N, H', W', C * M), output
// channel c * M + m from input channel c (TF's DepthwiseConv2dNative).
Tensor depthwise_conv2d(const Tensor& input, const Tensor& filter,
                        const std::vector<int64_t>& strides, const std::string& padding,
                        const ConvOptions& options = {});
Tensor depthwise_conv2d_backprop_input(const std::vector<int64_t>& input_sizes,
                                       const Tensor& filter, const Tensor& out_backprop,
                                       const std::vector<int64_t>& strides,
                                       const std::string& padding, const ConvOptions& options = {});
Tensor depthwise_conv2d_backprop_filter(const Tensor& input,
                                        const std::vector<int64_t>& filter_sizes,
                                        const Tensor& out_backprop,
                                        const std::vector<int64_t>& strides,
                                        const std::string& padding,
                                        const ConvOptions& options = {});

// The transposed convolution (the gradient of conv2d with respect to its
// input): input (N, H, W, O), filter (kh, kw, C, O) -> output_shape
// (N, H_out, W_out, C), where conv2d of the output would have input's shape.
Tensor conv2d_transpose(const Tensor& input, const Tensor& filter,
                        const std::vector<int64_t>& output_shape,
                        const std::vector<int64_t>& strides, const std::string& padding = "SAME",
                        const ConvOptions& options = {});

}  // namespace kiln
