// Normalization kernels on oneDNN: batch normalization as TF's
// FusedBatchNormV3 computes it (and its gradient), and local response
// normalization across channels (TF's LRN and LRNGrad). float32 runs on
// oneDNN's primitives, cached by shape and parameters; float16 and bfloat16
// go through float32. The op layer (src/ops/nn_norm_ops.cc) checked shapes
// and dtypes.
#pragma once

#include <cstdint>

#include "kiln/array.h"

namespace kiln::cpu {

// x seen as `batch` x `spatial` positions of `channels` values: channels last
// ([batch, spatial, channels], NHWC and NDHWC) or first ([batch, channels,
// spatial], NCHW and NCDHW).
struct BatchNormShape {
  int64_t batch = 0, channels = 0, spatial = 0;
  bool channels_last = true;
};

struct BatchNormOutputs {
  Array y;               // x's dtype and shape
  Array batch_mean;      // float32 [channels]: TF's batch_mean output
  Array batch_variance;  // float32 [channels]: TF's batch_variance output
  Array saved_mean;      // reserve_space_1: the mean y used
  Array saved_variance;  // reserve_space_2: the (biased) variance y used
};

// TF's FusedBatchNormV3 (outputs preallocated). Training: y from the batch's
// mean and biased variance; batch_mean and batch_variance are the running
// statistics, (1 - f) * old + f * batch with f = exponential_avg_factor,
// the batch's variance Bessel-corrected (n / (n - 1)) there, as TF's (old
// values are read only when f != 1). Inference: y from `mean` and
// `variance`, which the four statistics outputs copy. An x without elements
// per channel gives NaN statistics, as TF's.
void fused_batch_norm(const Array& x, const Array& scale, const Array& offset, const Array& mean,
                      const Array& variance, const BatchNormShape& s, float epsilon,
                      float exponential_avg_factor, bool training, BatchNormOutputs& out);

// TF's FusedBatchNormGradV3: dx, dscale, doffset (preallocated) from dy, x,
// scale and the mean and variance the forward pass used (its reserve
// spaces in training; the population statistics otherwise, where dx is
// dy * scale / sqrt(variance + epsilon)).
void fused_batch_norm_grad(const Array& dy, const Array& x, const Array& scale, const Array& mean,
                           const Array& variance, const BatchNormShape& s, float epsilon,
                           bool training, Array& dx, Array& dscale, Array& doffset);

// TF's LRN of a 4-D NHWC x: x / (bias + alpha * sum(x^2 over channels
// c - radius .. c + radius))^beta.
Array lrn(const Array& x, int64_t radius, float bias, float alpha, float beta);
// Its gradient at x (y = lrn(x), which oneDNN recomputes) for incoming dy.
Array lrn_grad(const Array& dy, const Array& x, int64_t radius, float bias, float alpha,
               float beta);

}  // namespace kiln::cpu
