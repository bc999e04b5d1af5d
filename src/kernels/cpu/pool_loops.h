// Pooling kernels: max and average pooling over the spatial dimensions of a
// batch of images, their gradients, max pooling with TF's flattened argmax
// indices and the second-order max pooling gradient.
//
// Loops of kiln's own (pool_loops_nhwc.cc), channels innermost so that each
// window step is a vector operation over the channels; channels-first data
// is transposed to channels last and back (pool_loops.cc). oneDNN 2.6's
// pooling primitives were measured slower on the CPUs kiln targets (AVX2:
// jit:avx2 on NHWC 4.5x slower than these loops, a reference kernel on NCHW;
// bench/nn_pool_norm.py), so pooling does not use them. float16 and
// bfloat16 go through float32 (max pooling is exact so, and averages are
// summed in float32). The op layer (src/ops/nn_pool_ops.cc) checked every
// shape: kernels trust them.
#pragma once

#include <array>
#include <cstdint>

#include "kiln/array.h"

namespace kiln::cpu {

// One pooling problem: `batch` images of `channels` channels and up to three
// spatial dimensions (depth, height, width; a 2-D problem has depth 1, a
// 1-D one height 1 too), channels last ([batch, d, h, w, c]) or first
// ([batch, c, d, h, w]). Output position o of axis i has the window
// [o * stride - pad_before, + size) clipped to the input: padding never
// takes part (a max ignores it, a mean divides by the elements inside the
// input, as TF's).
struct PoolWindow {
  bool channels_last = true;
  int64_t batch = 0;
  int64_t channels = 0;
  std::array<int64_t, 3> in{1, 1, 1}, out{1, 1, 1}, size{1, 1, 1}, stride{1, 1, 1};
  std::array<int64_t, 3> pad_before{0, 0, 0};

  int64_t in_elements() const { return batch * channels * in[0] * in[1] * in[2]; }
  int64_t out_elements() const { return batch * channels * out[0] * out[1] * out[2]; }
};

// y (shape `out_shape`, x's dtype): the maximum, or the mean, of each window.
// A maximum starts from the type's lowest value and NaN never wins, as in
// TF's kernels (a window of NaN or -inf alone gives the lowest value).
Array max_pool(const Array& x, const PoolWindow& w, const Shape& out_shape);
Array avg_pool(const Array& x, const PoolWindow& w, const Shape& out_shape);

// The gradient of max_pool at x for the incoming gradient dy (shaped like
// y): each dy goes to its window's argmax as TF's kernels find it (from the
// window's first element, the first element greater than all before it, in
// d, h, w order: a NaN first element keeps it, as does a window of -inf),
// summed where windows overlap. Shaped like x.
Array max_pool_grad(const Array& x, const Array& dy, const PoolWindow& w);
// The gradient of avg_pool: each dy spread evenly over its window's
// elements inside the input. Shape `in_shape` (the pooled input's).
Array avg_pool_grad(const Array& dy, const PoolWindow& w, const Shape& in_shape);
// The gradient of max_pool_grad with respect to its incoming gradient: for
// each window of x, the element of ddx (shaped like x) at that argmax.
// Shape `out_shape` (y's).
Array max_pool_grad_grad(const Array& x, const Array& ddx, const PoolWindow& w,
                         const Shape& out_shape);

// TF's MaxPoolWithArgmax (channels last, 2-D): in `argmax` (int32 or int64,
// preallocated like y) the flattened index of each window's argmax (as
// above) in x, ((b * height + h) * width + w) * channels + c without the b
// term unless include_batch, and in y the element there.
void max_pool_with_argmax(const Array& x, const PoolWindow& w, bool include_batch, Array& y,
                          Array& argmax);
// Its gradient: dx (shape `in_shape`) with dy[i] added at argmax[i].
// InvalidArgumentError (no op prefix) for an index outside its image.
Array max_pool_grad_with_argmax(const Array& dy, const Array& argmax, const PoolWindow& w,
                                bool include_batch, const Shape& in_shape);

}  // namespace kiln::cpu
