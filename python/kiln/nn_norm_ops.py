"""Normalization ops: ``tf.nn.local_response_normalization`` (alias
``tf.nn.lrn``) and TF1's ``tf.compat.v1.nn.fused_batch_norm`` (TF 2 has no
``tf.nn.fused_batch_norm``; Keras's BatchNormalization calls the same op).
Kernels: src/ops/nn_norm_ops.cc (oneDNN)."""

from ._convert import convert_to_tensor as _convert_to_tensor
from ._ops import execute as _execute, op as _op

__all__ = []
NAMESPACES = {"nn": ["local_response_normalization", "lrn"]}


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5,  # noqa: A002
                                 name=None):
    """input / (bias + alpha * sqr_sum) ** beta for a 4-D NHWC input, where
    sqr_sum sums input**2 over channels c - depth_radius .. c + depth_radius
    (as far as there are channels)."""
    return _execute(_LRN, (_convert_to_tensor(input),),
                    (int(depth_radius), float(bias), float(alpha), float(beta)), name)


lrn = local_response_normalization


def _fused_batch_norm_v1(x, scale, offset, mean=None, variance=None, epsilon=0.001,
                         data_format="NHWC", is_training=True, name=None,
                         exponential_avg_factor=1.0):
    """TF1's tf.nn.fused_batch_norm: (y, running_mean, running_var).

    Training: y from the batch's mean and (biased) variance; the returned
    mean and variance are (1 - f) * mean + f * batch statistic with
    f = exponential_avg_factor (mean and variance may be None when f is 1),
    the batch variance Bessel-corrected there, as TF's. Inference
    (is_training=False): y from the given mean and variance, returned as
    they are. x: float16, bfloat16 or float32; the rest float32."""
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is "
                         "False or `exponential_avg_factor` != 1.0. Received: "
                         f"`mean` {mean!r} and `variance` {variance!r}")
    x = _convert_to_tensor(x)
    scale = _convert_to_tensor(scale)
    offset = _convert_to_tensor(offset)
    mean = _convert_to_tensor([] if mean is None else mean, dtype_hint=scale.dtype)
    variance = _convert_to_tensor([] if variance is None else variance, dtype_hint=scale.dtype)
    y, running_mean, running_var, _, _, _ = _execute(
        _FUSED_BATCH_NORM, (x, scale, offset, mean, variance),
        (float(epsilon), float(exponential_avg_factor), data_format, bool(is_training)), name)
    return y, running_mean, running_var


V1_NAMESPACES = {"nn": {"fused_batch_norm": _fused_batch_norm_v1}}

_LRN = _op("lrn")
_FUSED_BATCH_NORM = _op("fused_batch_norm")
