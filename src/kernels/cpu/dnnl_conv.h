// Convolution kernels: forward, gradient with respect to the input and with
// respect to the filter, for 2-D and 3-D convolutions in channels-last (NHWC,
// NDHWC) or channels-first (NCHW, NCDHW) layout, with strides, dilations,
// explicit paddings and groups. float32 runs on oneDNN (dnnl_conv.cc),
// float16 and bfloat16 on the same primitives through float32 copies (the
// AVX2 primitives of oneDNN 2.6 have neither), float64 on im2col and
// OpenBLAS's dgemm (conv_gemm.cc), since oneDNN has no float64.
//
// The op layer (src/ops/nn_conv_ops.cc) checked shapes, dtypes and that the
// geometry is consistent; these functions trust it.
#pragma once

#include <array>
#include <cstdint>

#include "kiln/array.h"

namespace kiln::cpu {

// One convolution. Tensors are
//   input  (N, spatial..., C) channels-last, or (N, C, spatial...) channels-first;
//   filter (kernel..., C / groups, O): TF's layout. A depthwise filter
//          (kernel..., C, M) has the same memory as (kernel..., 1, C * M) with
//          groups = C, which is how depthwise convolutions are given here;
//   output like the input, with O channels and `out` spatial sizes.
// Output channel o belongs to group o / (O / groups) and reads input channels
// [g * C / groups, (g + 1) * C / groups).
struct ConvGeometry {
  int spatial = 2;  // 2 or 3
  bool channels_last = true;
  int64_t batch = 0;
  int64_t in_channels = 0;
  int64_t out_channels = 0;
  int64_t groups = 1;
  // Per spatial axis (the first `spatial` entries are used). Dilation 1 is
  // none; paddings are the zeros added before and after the input.
  std::array<int64_t, 3> in{}, kernel{}, out{}, stride{}, dilation{}, pad_before{}, pad_after{};

  int64_t in_per_group() const { return in_channels / groups; }
  int64_t out_per_group() const { return out_channels / groups; }
};

// The shapes of the three tensors (the filter in the grouped layout above).
Shape conv_input_shape(const ConvGeometry& g);
Shape conv_output_shape(const ConvGeometry& g);
Shape conv_filter_shape(const ConvGeometry& g);

// output = input (*) filter.
Array conv_forward(const Array& input, const Array& filter, const ConvGeometry& g);
// The gradient with respect to the input of a convolution whose output got
// out_grad (TF's Conv2DBackpropInput; also the transposed convolution).
Array conv_backward_input(const Array& filter, const Array& out_grad, const ConvGeometry& g);
// The gradient with respect to the filter (TF's Conv2DBackpropFilter).
Array conv_backward_filter(const Array& input, const Array& out_grad, const ConvGeometry& g);

// The float64 implementations (conv_gemm.cc), on any dtype OpenBLAS's gemm
// takes; only float64 is routed there.
Array conv_forward_gemm(const Array& input, const Array& filter, const ConvGeometry& g);
Array conv_backward_input_gemm(const Array& filter, const Array& out_grad, const ConvGeometry& g);
Array conv_backward_filter_gemm(const Array& input, const Array& out_grad, const ConvGeometry& g);

}  // namespace kiln::cpu
