// Pooling (TF's MaxPool, AvgPool, MaxPool3D, AvgPool3D, their gradients and
// MaxPoolWithArgmax), as TF's raw ops take their arguments; see
// src/ops/nn_pool_ops.cc. Inputs are (batch, spatial..., channels) or, with
// data_format "NCHW"/"NCDHW", (batch, channels, spatial...).
//
//   kiln::Tensor y = kiln::max_pool(x, {.ksize = {1, 3, 3, 1}, .strides = {1, 2, 2, 1},
//                                       .padding = "SAME"});
#pragma once

#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

struct PoolArgs {
  std::vector<int64_t> ksize;    // one per input axis, 1 on batch and channels
  std::vector<int64_t> strides;  // likewise
  std::string padding = "VALID";  // "SAME", "VALID", or "EXPLICIT" (max_pool only)
  // "NHWC" or "NCHW" ("NDHWC" or "NCDHW" in 3-D); empty: channels last.
  std::string data_format = "";
  // With padding "EXPLICIT": (before, after) per input axis, 0 on batch and channels.
  std::vector<int64_t> explicit_paddings = {};
};

// The maximum / mean of each window (4-D input; 5-D for the 3d forms). A
// mean counts only the elements inside the input, as TF's. max_pool also
// pools across channels when ksize is 1 in space (TF's depthwise pooling,
// ksize[c] == strides[c] dividing the channels).
Tensor max_pool(const Tensor& x, const PoolArgs& args);
Tensor avg_pool(const Tensor& x, const PoolArgs& args);
Tensor max_pool3d(const Tensor& x, const PoolArgs& args);
Tensor avg_pool3d(const Tensor& x, const PoolArgs& args);

// The gradient of max_pool (max_pool3d for 5-D input) with respect to its
// input: grad (shaped like orig_output) routed to each window's first
// maximum of orig_input.
Tensor max_pool_grad(const Tensor& orig_input, const Tensor& orig_output, const Tensor& grad,
                     const PoolArgs& args);
// The gradient of max_pool_grad with respect to its grad: grad (shaped like
// orig_input) read at each window's maximum; shaped like orig_output.
Tensor max_pool_grad_grad(const Tensor& orig_input, const Tensor& orig_output, const Tensor& grad,
                          const PoolArgs& args);
// The gradient of avg_pool (avg_pool3d when orig_input_shape has 5 entries).
Tensor avg_pool_grad(const std::vector<int64_t>& orig_input_shape, const Tensor& grad,
                     const PoolArgs& args);

// TF's MaxPoolWithArgmax (NHWC): the maxima and the flattened index of each,
// ((b * height + y) * width + x) * channels + c (without the b term unless
// include_batch_in_index); argmax_dtype int32 or int64.
struct MaxPoolWithArgmax {
  Tensor output;
  Tensor argmax;
};
MaxPoolWithArgmax max_pool_with_argmax(const Tensor& x, const std::vector<int64_t>& ksize,
                                       const std::vector<int64_t>& strides,
                                       const std::string& padding, DType argmax_dtype = int64,
                                       bool include_batch_in_index = false);
// Its gradient: grad added into zeros shaped like input at the argmax indices.
Tensor max_pool_grad_with_argmax(const Tensor& input, const Tensor& grad, const Tensor& argmax,
                                 const std::vector<int64_t>& ksize,
                                 const std::vector<int64_t>& strides, const std::string& padding,
                                 bool include_batch_in_index = false);

}  // namespace kiln
