"""tf.nn's remaining composites (exported by nn_ops.py): space_to_depth and
depth_to_space (reshape + transpose: exact copies), in_top_k, crelu,
log_poisson_loss, the distribution-strategy loss helpers (kiln runs one
replica), sufficient_statistics / normalize_moments, zero_fraction, and the
morphological dilation2d / erosion2d (the patches of _image_patches.py, plus
the filter, maximised), approx_max_k / approx_min_k (exact, as TF's CPU
kernel) and batch_norm_with_global_normalization. Each follows TF's Python or
kernel semantics and errors; TF1's argument orders are the *_v1 functions."""

import collections

import numpy as np

from . import dtypes
from ._convert import convert_to_tensor
from ._image_patches import _four, _invalid, _windows, extract_patches
from ._deprecation import deprecated_argument_lookup
from ._space_batch import tf_type_name


def _kiln():
    import kiln
    return kiln


# ---- space_to_depth / depth_to_space ----

def _block_and_layout(op_name, x, block_size, data_format):
    kiln = _kiln()
    block_size = int(block_size)
    if block_size < 2:
        raise _invalid(f"Value for attr 'block_size' of {block_size} must be at least minimum 2")
    if data_format not in ("NHWC", "NCHW"):
        raise _invalid(f"Value for attr 'data_format' of \"{data_format}\" is not supported: "
                       f"kiln's {op_name} takes \"NHWC\" or \"NCHW\".")
    if x.shape.rank is not None and x.shape.rank != 4:
        raise _invalid(f"Input rank should be 4 instead of {x.shape.rank}")
    if x.shape.rank is None:
        raise ValueError(f"{op_name} needs an input of known rank 4 in kiln.")
    nhwc = x if data_format == "NHWC" else kiln.transpose(x, [0, 2, 3, 1])
    return block_size, nhwc


def _dims(x):
    """Each dimension: an int when known, else a scalar read when the graph runs."""
    known = x.shape.as_list()
    if None not in known:
        return known
    shape = _kiln().shape(x)
    return [d if d is not None else shape[i] for i, d in enumerate(known)]


def _back(kiln, y, data_format):
    return y if data_format == "NHWC" else kiln.transpose(y, [0, 3, 1, 2])


def space_to_depth(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """Each block_size x block_size block of pixels moved into the depth axis
    (depth index (row * block_size + col) * channels + channel)."""
    kiln = _kiln()
    x = convert_to_tensor(input)
    b, x_nhwc = _block_and_layout("space_to_depth", x, block_size, data_format)
    n, h, w, c = _dims(x_nhwc)
    if isinstance(h, int) and isinstance(w, int) and (h % b or w % b):
        raise _invalid(f"Image width {w} and height {h} should be divisible by block_size: {b}")
    y = kiln.reshape(x_nhwc, [n, h // b, b, w // b, b, c])
    y = kiln.reshape(kiln.transpose(y, [0, 1, 3, 2, 4, 5]), [n, h // b, w // b, b * b * c])
    return _back(kiln, y, data_format)


def depth_to_space(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """space_to_depth's inverse: depth split into block_size x block_size blocks of pixels."""
    kiln = _kiln()
    x = convert_to_tensor(input)
    b, x_nhwc = _block_and_layout("depth_to_space", x, block_size, data_format)
    n, h, w, c = _dims(x_nhwc)
    if isinstance(c, int) and c % (b * b):
        raise _invalid(f"Input depth dimension {c} should be divisible by: {b * b}")
    y = kiln.reshape(x_nhwc, [n, h, w, b, b, c // (b * b)])
    y = kiln.reshape(kiln.transpose(y, [0, 1, 3, 2, 4, 5]), [n, h * b, w * b, c // (b * b)])
    return _back(kiln, y, data_format)


def space_to_depth_v1(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    return space_to_depth(input, block_size, data_format, name)


def depth_to_space_v1(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    return depth_to_space(input, block_size, data_format, name)


# ---- in_top_k ----

def in_top_k(targets, predictions, k, name=None):
    """Whether each target's prediction is among the k largest of its row: fewer
    than k predictions strictly greater (so ties at the boundary all count), and
    False for a target out of range or a row holding inf or NaN (TF's InTopKV2)."""
    kiln = _kiln()
    predictions = convert_to_tensor(predictions, dtype=dtypes.float32)
    targets = convert_to_tensor(targets)
    if targets.dtype not in (dtypes.int32, dtypes.int64):
        raise _invalid(f"Value for attr 'T' of {targets.dtype.name} is not in the list of allowed "
                       f"values: int32, int64")
    ps, ts = predictions.shape, targets.shape
    if ps.rank is not None and ps.rank != 2:
        raise _invalid(f"predictions must be 2-dimensional, got shape {ps}")
    if ts.rank is not None and ts.rank != 1:
        raise _invalid(f"targets must be 1-dimensional, got shape {ts}")
    if ps.rank == 2 and ts.rank == 1 and None not in (ps[0], ts[0]) and ps[0] != ts[0]:
        raise _invalid(f"First dimension of predictions {ps[0]} must match length of targets "
                       f"{ts[0]}")
    targets = kiln.cast(targets, dtypes.int64)
    k = kiln.cast(k, dtypes.int64)
    classes = kiln.shape(predictions, out_type=dtypes.int64)[1]
    in_range = kiln.logical_and(targets >= 0, targets < classes)
    if ps.rank == 2 and ps[1] == 0:
        return in_range  # all False: no class to be
    safe = kiln.where(in_range, targets, kiln.zeros_like(targets))
    target_prediction = kiln.gather(predictions, kiln.expand_dims(safe, -1), axis=1, batch_dims=1)
    greater = kiln.reduce_sum(kiln.cast(predictions > target_prediction, dtypes.int64), axis=1)
    finite = kiln.reduce_all(kiln.math.is_finite(predictions), axis=1)
    return kiln.logical_and(kiln.logical_and(in_range, finite), greater < k)


def in_top_k_v1(predictions, targets, k, name=None):
    """TF1's argument order (predictions first)."""
    return in_top_k(targets, predictions, k, name)


# ---- activations and losses ----

def crelu(features, axis=-1, name=None):
    """relu of [features, -features] concatenated along axis (twice the depth)."""
    kiln = _kiln()
    features = convert_to_tensor(features)
    return kiln.nn.relu(kiln.concat([features, -features], axis))


def crelu_v1(features, name=None, axis=-1):
    return crelu(features, axis, name)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets, plus Stirling's approximation of
    log(targets!) where targets > 1 with compute_full_loss."""
    kiln = _kiln()
    log_input = convert_to_tensor(log_input)
    targets = convert_to_tensor(targets)
    if not targets.shape.is_compatible_with(log_input.shape):
        raise ValueError(f"`log_input` and `targets` must have the same shape, received "
                         f"({log_input.shape} vs {targets.shape}).")
    if targets.dtype != log_input.dtype:
        raise _invalid(f"cannot compute Mul as input #1(zero-based) was expected to be a "
                       f"{log_input.dtype.name} tensor but is a {targets.dtype.name} tensor")
    result = kiln.exp(log_input) - log_input * targets
    if compute_full_loss:
        half = kiln.constant(0.5, dtype=targets.dtype)
        two_pi = kiln.constant(2 * np.pi, dtype=targets.dtype)
        log = kiln.math.log
        stirling = targets * log(targets) - targets + half * log(two_pi * targets)
        zeros = kiln.zeros_like(targets)
        small = kiln.logical_and(targets >= zeros, targets <= kiln.ones_like(targets))
        result += kiln.where(small, zeros, stirling)
    return result


def _safe_divide(kiln, x, y):
    """x / y, and 0 where y is 0 (TF's div_no_nan; integers divide to float64 as TF)."""
    quotient = kiln.math.divide(x, y)
    return kiln.where(kiln.equal(y, kiln.zeros_like(y)), kiln.zeros_like(quotient), quotient)


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """sum(per_example_loss * sample_weight) / global_batch_size (default: the
    first dimension; kiln runs one replica), 0 for a batch of 0."""
    kiln = _kiln()
    per_example_loss = convert_to_tensor(per_example_loss)
    dtype = per_example_loss.dtype
    if per_example_loss.shape.rank == 0:
        raise ValueError(f"Invalid value passed for `per_example_loss`. Expected a tensor with at "
                         f"least rank 1. Received per_example_loss={per_example_loss} with rank 0")
    if sample_weight is not None:
        weight = kiln.cast(convert_to_tensor(sample_weight), dtypes.float32)
        losses = kiln.cast(per_example_loss, dtypes.float32)
        lr, wr = losses.shape.rank, weight.shape.rank
        if wr not in (None, 0) and lr is not None:  # TF's squeeze_or_expand_dimensions
            if wr - lr == 1:
                weight = kiln.squeeze(weight, [-1])
            elif lr - wr == 1:
                weight = kiln.expand_dims(weight, -1)
        per_example_loss = kiln.cast(losses * weight, dtype)
    if global_batch_size is None:
        global_batch_size = kiln.shape(per_example_loss)[0]
    else:
        batch = convert_to_tensor(global_batch_size)
        if batch.shape.rank != 0:
            raise ValueError("global_batch_size must be scalar.")
        if not batch.dtype.is_integer:
            raise TypeError(f"global_batch_size must be an integer..  Expected \"x\" to be integer "
                            f"type.  Found: tensor of dtype {batch.dtype!r}")
        if not hasattr(batch, "op") and int(batch) < 0:
            raise _invalid(f"global_batch_size must be non-negative..  Condition x >= 0 did not "
                           f"hold element-wise: x = {int(batch)}")
        global_batch_size = batch
    loss = kiln.reduce_sum(per_example_loss)
    return _safe_divide(kiln, loss, kiln.cast(global_batch_size, dtype))


def scale_regularization_loss(regularization_loss):
    """sum(regularization_loss) / the number of replicas (kiln runs one)."""
    kiln = _kiln()
    return kiln.reduce_sum(regularization_loss) / 1


# ---- moments from sums ----

def sufficient_statistics(x, axes, shift=None, keepdims=False, name=None):
    """(count, sum of x - shift, sum of (x - shift)^2, shift) over axes: what
    normalize_moments turns into a mean and variance."""
    kiln = _kiln()
    axes = list(set(int(a) for a in axes))
    x = convert_to_tensor(x)
    shape = x.shape
    if shape.rank is not None and all(shape[d] is not None for d in axes):
        count = 1
        for d in axes:
            count *= shape[d]
        counts = kiln.constant(count, dtype=x.dtype)
    else:
        rank = kiln.rank(x)
        positive = [kiln.where(a < 0, a + rank, a) if a < 0 else a for a in axes]
        dims = kiln.cast(kiln.shape(x), x.dtype)
        counts = kiln.reduce_prod(kiln.gather(dims, kiln.stack(positive)))
    if shift is not None:
        shift = convert_to_tensor(shift)
        m_ss, v_ss = x - shift, kiln.math.squared_difference(x, shift)
    else:
        m_ss, v_ss = x, kiln.square(x)
    return (counts, kiln.reduce_sum(m_ss, axes, keepdims=keepdims),
            kiln.reduce_sum(v_ss, axes, keepdims=keepdims), shift)


def sufficient_statistics_v1(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """TF1's form (keep_dims, or keepdims)."""
    keep = keepdims if keepdims is not None else keep_dims
    return sufficient_statistics(x, axes, shift, bool(keep), name)


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """(mean, variance) from sufficient_statistics' sums."""
    kiln = _kiln()
    divisor = kiln.math.reciprocal(counts)
    shifted_mean = mean_ss * divisor
    mean = shifted_mean if shift is None else shifted_mean + shift
    return mean, variance_ss * divisor - kiln.square(shifted_mean)


def zero_fraction(value, name=None):
    """The fraction of value's elements that are zero, as float32 (NaN when empty)."""
    kiln = _kiln()
    value = convert_to_tensor(value)
    size = kiln.size(value, out_type=dtypes.int64)
    nonzero = kiln.reduce_sum(
        kiln.cast(kiln.not_equal(value, kiln.zeros_like(value)), dtypes.int64))
    return kiln.cast(size - nonzero, dtypes.float32) / kiln.cast(size, dtypes.float32)


# ---- morphology ----

def dilation2d(input, filters, strides, padding, data_format, dilations, name=None):  # noqa: A002
    """Grayscale dilation: out[b, y, x, c] = max over the window of
    input[b, y * stride + dy * rate, x * stride + dx * rate, c] + filters[dy, dx, c]
    (taps outside the image are left out). Its gradient goes to every maximum
    of a window (TF's to the first one); they differ only at ties."""
    kiln = _kiln()
    if data_format != "NHWC":
        raise ValueError(f"`data_format` values other  than 'NHWC' are not supported. Received: "
                         f"data_format={data_format}")
    x = convert_to_tensor(input)
    f = convert_to_tensor(filters, dtype_hint=x.dtype)
    s = _four(strides, "strides")
    r = _four(dilations, "rates")
    if padding not in ("SAME", "VALID"):
        raise _invalid(f'Value for attr \'padding\' of "{padding}" is not in the list of allowed '
                       f'values: "SAME", "VALID"')
    if x.shape.rank != 4:
        raise _invalid(f"input must be 4-dimensional{x.shape.as_list() if x.shape.rank else ''}")
    if f.shape.rank != 3:
        raise _invalid(f"filter must be 3-dimensional: {f.shape.as_list()}")
    kh, kw, depth = f.shape.as_list()
    if None in (kh, kw):
        raise ValueError("dilation2d needs the filter's height and width known when the graph is "
                         "built.")
    if x.shape[3] is not None and depth is not None and x.shape[3] != depth:
        raise _invalid(f"input and filter must have the same depth: {x.shape[3]} vs {depth}")
    _, height, width, _ = x.shape.as_list()
    if height is None or width is None:
        raise ValueError(f"dilation2d needs the input's height and width known when the graph is "
                         f"built; got shape {x.shape}.")
    out_h, top, _ = _windows(height, kh, s[0], r[0], padding)
    out_w, left, _ = _windows(width, kw, s[1], r[1], padding)
    patches = extract_patches(x, [1, kh, kw, 1], [1, s[0], s[1], 1], [1, r[0], r[1], 1], padding)
    dims = kiln.shape(x)
    batch = x.shape[0] if x.shape[0] is not None else dims[0]
    channels = x.shape[3] if x.shape[3] is not None else dims[3]
    taps = kiln.reshape(patches, [batch, out_h, out_w, kh * kw, channels])
    taps = taps + kiln.reshape(f, [kh * kw, channels])
    # Taps in the padding take no part in the max: which they are depends on shapes only.
    rows = (np.arange(out_h)[:, None, None, None] * s[0] + np.arange(kh)[None, None, :, None] * r[0]
            - top)
    cols = (np.arange(out_w)[None, :, None, None] * s[1] + np.arange(kw)[None, None, None, :] * r[1]
            - left)
    inside = ((rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)).reshape(
        out_h, out_w, kh * kw, 1)
    if not inside.all():
        lowest = -np.inf if x.dtype.is_floating else x.dtype.min
        taps = kiln.where(inside, taps, kiln.constant(lowest, dtype=x.dtype))
    return kiln.reduce_max(taps, axis=3)


def erosion2d(value, filters, strides, padding, data_format, dilations, name=None):
    """Grayscale erosion: -dilation2d(-value, filters reversed in space)."""
    kiln = _kiln()
    if data_format != "NHWC":
        raise ValueError(f"`data_format` values other  than 'NHWC' are not supported. Received: "
                         f"data_format={data_format}")
    filters = convert_to_tensor(filters)
    return -dilation2d(-convert_to_tensor(value), kiln.reverse(filters, [0, 1]), strides, padding,
                       "NHWC", dilations)


def dilation2d_v1(input, filter=None, strides=None, rates=None,  # noqa: A002
                  padding=None, name=None, filters=None, dilations=None):
    return dilation2d(input, filters if filters is not None else filter, strides, padding, "NHWC",
                      dilations if dilations is not None else rates, name)


def erosion2d_v1(value, kernel, strides, rates, padding, name=None):
    return erosion2d(value, kernel, strides, padding, "NHWC", rates, name)


# ---- approx_max_k / approx_min_k ----

ApproxTopK = collections.namedtuple("ApproxTopK", ["values", "indices"])


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The k largest values along reduction_dimension and their int32 indices,
    largest first, equal values by index: exactly, as TF's CPU kernel (TPUs
    approximate; recall_target and reduction_input_size_override only tune
    that, and aggregate_to_topk=False may give more than k there, k here).
    NaN counts as the largest value (TF's CPU kernel leaves its place
    undefined)."""
    return _approx_k(operand, k, reduction_dimension, True)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The k smallest values, smallest first, as approx_max_k (TF has it on
    XLA only); NaN counts as the largest value, so it comes last."""
    return _approx_k(operand, k, reduction_dimension, False)


def _approx_k(operand, k, reduction_dimension, is_max):
    kiln = _kiln()
    x = convert_to_tensor(operand)
    graph = not kiln.executing_eagerly()
    if x.dtype not in (dtypes.float16, dtypes.bfloat16, dtypes.float32):
        raise _invalid(f"Value for attr 'T' of {tf_type_name(x.dtype)} is not in the list of "
                       f"allowed values: half, bfloat16, float")
    k = int(k)
    if k < 0:
        raise _invalid(f"Value for attr 'k' of {k} must be at least minimum 0")
    rank = x.shape.rank
    if rank is None:
        raise ValueError("kiln's approx_max_k / approx_min_k need an operand of known rank when "
                         "the graph is built.")
    if rank == 0:
        raise (ValueError("Shape must be at least rank 1 but is rank 0") if graph else
               _invalid("input must be >= 1-D, got shape []"))
    axis = int(reduction_dimension)
    if not -rank <= axis < rank:
        message = (f"Invalid reduction dimension: {axis}. Must be within the range of "
                   f"[{-rank}, {rank - 1}]")
        raise ValueError(message) if graph else _invalid(message)
    axis %= rank
    size = x.shape[axis]
    if size is not None and size < k:
        raise (ValueError(f"input must have last dimension >= k = {k} but was {size}") if graph
               else _invalid(f"input must have at least k columns. Had {size}, needed {k}"))
    # top_k works on the last axis: move the reduction axis there and back.
    perm = [d for d in range(rank) if d != axis] + [axis]
    moved = x if axis == rank - 1 else kiln.transpose(x, perm)
    if is_max:
        values, indices = kiln.math.top_k(moved, k)
    else:
        # The k largest of -x, NaN last: in float64 (exact for these dtypes) NaN
        # becomes +inf and +inf the largest finite value, so -key orders them.
        key = kiln.cast(moved, dtypes.float64)
        key = kiln.where(kiln.math.is_nan(key), kiln.fill(kiln.shape(key), np.float64(np.inf)),
                         kiln.minimum(key, np.finfo(np.float64).max))
        _, indices = kiln.math.top_k(-key, k)
        values = kiln.gather(moved, indices, batch_dims=rank - 1, axis=rank - 1)
    if axis != rank - 1:
        back = [perm.index(d) for d in range(rank)]
        values, indices = kiln.transpose(values, back), kiln.transpose(indices, back)
    return ApproxTopK(values, indices)


# ---- batch_norm_with_global_normalization ----

def batch_norm_with_global_normalization(input, mean, variance, beta, gamma,  # noqa: A002
                                         variance_epsilon, scale_after_normalization, name=None):
    """batch_normalization(input, mean, variance, beta, gamma if
    scale_after_normalization else None, variance_epsilon), as TF composes it."""
    kiln = _kiln()
    return kiln.nn.batch_normalization(input, mean, variance, beta,
                                       gamma if scale_after_normalization else None,
                                       variance_epsilon)


def batch_norm_with_global_normalization_v1(t=None, m=None, v=None, beta=None, gamma=None,
                                            variance_epsilon=None,
                                            scale_after_normalization=None, name=None,
                                            input=None, mean=None, variance=None):  # noqa: A002
    """TF1's names: t, m, v (or input, mean, variance, not both)."""
    t = deprecated_argument_lookup("input", input, "t", t)
    m = deprecated_argument_lookup("mean", mean, "m", m)
    v = deprecated_argument_lookup("variance", variance, "v", v)
    return batch_norm_with_global_normalization(t, m, v, beta, gamma, variance_epsilon,
                                                scale_after_normalization, name)
