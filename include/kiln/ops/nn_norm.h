// Normalization ops as TF's raw ops take them: fused batch normalization
// (FusedBatchNormV3 and its gradient) and local response normalization
// (LRN, LRNGrad); see src/ops/nn_norm_ops.cc.
#pragma once

#include <string>

#include "kiln/tensor.h"

namespace kiln {

struct FusedBatchNormArgs {
  float epsilon = 0.0001f;  // TF's raw op default (tf.compat.v1.nn.fused_batch_norm: 0.001)
  float exponential_avg_factor = 1.0f;
  std::string data_format = "NHWC";  // "NCHW", "NDHWC", "NCDHW"
  bool is_training = true;
};

// y = scale * (x - mean) / sqrt(variance + epsilon) + offset per channel.
// Training: mean and biased variance of the batch (reserve_space_1, _2);
// batch_mean / batch_variance are the running statistics: (1 - f) * mean +
// f * batch statistic, f = exponential_avg_factor, with the batch variance
// Bessel-corrected there (mean and variance are read only when f != 1).
// Inference: the given mean and variance. x is float16, bfloat16 or
// float32; the per-channel vectors are float32.
struct FusedBatchNorm {
  Tensor y, batch_mean, batch_variance, reserve_space_1, reserve_space_2, reserve_space_3;
};
FusedBatchNorm fused_batch_norm(const Tensor& x, const Tensor& scale, const Tensor& offset,
                                const Tensor& mean, const Tensor& variance,
                                const FusedBatchNormArgs& args = {});

// Gradients of fused_batch_norm with respect to x, scale and offset, from
// the statistics it used (reserve spaces in training, mean and variance in
// inference).
struct FusedBatchNormGrad {
  Tensor x_backprop, scale_backprop, offset_backprop;
};
FusedBatchNormGrad fused_batch_norm_grad(const Tensor& y_backprop, const Tensor& x,
                                         const Tensor& scale, const Tensor& reserve_space_1,
                                         const Tensor& reserve_space_2,
                                         const FusedBatchNormArgs& args = {});

// Local response normalization of a 4-D NHWC x across channels:
// x / (bias + alpha * sum(x^2 over depth_radius channels each side))^beta.
Tensor lrn(const Tensor& x, int64_t depth_radius = 5, double bias = 1, double alpha = 1,
           double beta = 0.5);
// Its gradient for incoming input_grads at input_image (output_image = lrn(input_image)).
Tensor lrn_grad(const Tensor& input_grads, const Tensor& input_image, const Tensor& output_image,
                int64_t depth_radius = 5, double bias = 1, double alpha = 1, double beta = 0.5);

}  // namespace kiln
