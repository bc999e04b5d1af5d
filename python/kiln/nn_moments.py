"""``kiln.nn`` ops that TF composes from other ops for normalization and
simple losses: ``bias_add``, ``moments``, ``weighted_moments``,
``l2_normalize``, ``batch_normalization``, ``sigmoid_cross_entropy_with_logits``,
``weighted_cross_entropy_with_logits``, ``l2_loss``, ``silu``/``swish``. Built
from registry ops as TF builds them (so they differentiate, and run in graphs
and traced functions); TF's answers are in docs/tf-reference/nn_composites.json.
"""

from ._convert import convert_to_tensor
from .errors import InvalidArgumentError

__all__ = []
NAMESPACES = {"nn": ["bias_add", "moments", "weighted_moments", "l2_normalize",
                     "batch_normalization", "sigmoid_cross_entropy_with_logits",
                     "weighted_cross_entropy_with_logits", "l2_loss", "silu", "swish"]}


def _kiln():
    import kiln
    return kiln


def bias_add(value, bias, data_format=None, name=None):
    """value + bias along the channel dimension: the last one (NHWC, the
    default) or the second (data formats starting "NC")."""
    kiln = _kiln()
    value = convert_to_tensor(value)
    bias = convert_to_tensor(bias, dtype=value.dtype)
    if data_format is not None and not isinstance(data_format, str):
        raise TypeError(f"data_format must be a string, got {data_format!r}.")
    if bias.shape.rank not in (None, 1):
        raise InvalidArgumentError(None, None, f"[bias_add] bias must be a vector (rank 1), got "
                                               f"shape {bias.shape}.")
    channels_first = bool(data_format) and data_format.startswith("NC")
    rank = value.shape.rank
    if rank is not None and rank < 2:
        raise InvalidArgumentError(None, None, f"[bias_add] value must have rank 2 or more, got "
                                               f"shape {value.shape}.")
    axis = 1 if channels_first else -1
    channels = value.shape[axis] if rank is not None else None
    if channels is not None and bias.shape[0] is not None and channels != bias.shape[0]:
        raise InvalidArgumentError(None, None, f"[bias_add] bias has {bias.shape[0]} elements but "
                                               f"value has {channels} channels (dimension "
                                               f"{axis} of shape {value.shape}).")
    if channels_first and rank is not None:
        bias = kiln.reshape(bias, [-1] + [1] * (rank - 2))
    return kiln.add(value, bias)


def _axes(x, axes):
    if axes is None:
        return list(range(x.shape.rank)) if x.shape.rank is not None else None
    return list(axes) if isinstance(axes, (list, tuple)) else [axes]


def moments(x, axes, shift=None, keepdims=False, name=None):
    """(mean, variance) of x over `axes` (float16 computed in float32, as TF)."""
    kiln = _kiln()
    x = convert_to_tensor(x)
    y = kiln.cast(x, kiln.float32) if x.dtype == kiln.float16 else x
    axes = _axes(y, axes)
    mean = kiln.reduce_mean(y, axis=axes, keepdims=True)
    variance = kiln.reduce_mean(kiln.math.squared_difference(y, kiln.stop_gradient(mean)),
                                axis=axes, keepdims=True)
    if not keepdims:
        mean = kiln.squeeze(mean, axes)
        variance = kiln.squeeze(variance, axes)
    if x.dtype == kiln.float16:
        return kiln.cast(mean, kiln.float16), kiln.cast(variance, kiln.float16)
    return mean, variance


def weighted_moments(x, axes, frequency_weights, keepdims=False, name=None):
    """(mean, variance) of x over `axes`, each element counted frequency_weights times."""
    kiln = _kiln()
    x = convert_to_tensor(x)
    weights = convert_to_tensor(frequency_weights, dtype=x.dtype)
    axes = _axes(x, axes)
    weighted_sum = kiln.reduce_sum(weights * x, axis=axes, keepdims=True)
    weights = weights + kiln.zeros_like(x)
    divisor = kiln.math.reciprocal(kiln.reduce_sum(weights, axis=axes, keepdims=True))
    mean = weighted_sum * divisor
    variance = kiln.reduce_sum(weights * kiln.math.squared_difference(x, mean), axis=axes,
                               keepdims=True) * divisor
    if not keepdims:
        mean = kiln.squeeze(mean, axes)
        variance = kiln.squeeze(variance, axes)
    return mean, variance


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    kiln = _kiln()
    axis = dim if axis is None else axis
    x = convert_to_tensor(x)
    square_sum = kiln.reduce_sum(kiln.square(x), axis=axis, keepdims=True)
    return x * kiln.math.rsqrt(kiln.maximum(square_sum, kiln.cast(epsilon, x.dtype)))


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) / sqrt(variance + epsilon) * scale + offset (scale, offset optional)."""
    kiln = _kiln()
    x = convert_to_tensor(x)
    inv = kiln.math.rsqrt(convert_to_tensor(variance, dtype=x.dtype) +
                          kiln.cast(variance_epsilon, x.dtype))
    if scale is not None:
        inv = inv * convert_to_tensor(scale, dtype=x.dtype)
    mean = convert_to_tensor(mean, dtype=x.dtype)
    shift = (convert_to_tensor(offset, dtype=x.dtype) - mean * inv if offset is not None
             else -mean * inv)
    return x * inv + shift


def _same_shape(labels, logits):
    if (labels.shape.rank is not None and logits.shape.rank is not None
            and not labels.shape.is_compatible_with(logits.shape)):
        raise ValueError(f"`logits` and `labels` must have the same shape, received "
                         f"({logits.shape} vs {labels.shape}).")


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """max(logits, 0) - logits * labels + log(1 + exp(-|logits|)): stable for any logit."""
    kiln = _kiln()
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype)
    _same_shape(labels, logits)
    return (kiln.nn.relu(logits) - logits * labels +
            kiln.math.log1p(kiln.exp(-kiln.abs(logits))))


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy with the positive term weighted by pos_weight."""
    kiln = _kiln()
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype)
    _same_shape(labels, logits)
    log_weight = 1 + (convert_to_tensor(pos_weight, dtype=logits.dtype) - 1) * labels
    return ((1 - labels) * logits + log_weight * (
        kiln.math.log1p(kiln.exp(-kiln.abs(logits))) + kiln.nn.relu(-logits)))


def l2_loss(t, name=None):
    """sum(t ** 2) / 2."""
    kiln = _kiln()
    t = convert_to_tensor(t)
    return kiln.reduce_sum(kiln.square(t)) / kiln.cast(2, t.dtype)


def silu(features, beta=1.0):
    """features * sigmoid(beta * features) (also tf.nn.swish)."""
    kiln = _kiln()
    features = convert_to_tensor(features)
    if beta == 1.0:
        return features * kiln.sigmoid(features)
    return features * kiln.sigmoid(kiln.cast(beta, features.dtype) * features)


swish = silu
