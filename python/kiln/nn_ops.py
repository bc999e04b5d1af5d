"""``kiln.nn`` ops that TF itself composes from other ops: ``dropout``,
``embedding_lookup``, ``softmax_cross_entropy_with_logits`` and
``sparse_softmax_cross_entropy_with_logits`` here, and in _nn_misc.py
``space_to_depth``, ``depth_to_space``, ``in_top_k``, ``crelu``,
``log_poisson_loss``, ``compute_average_loss``, ``scale_regularization_loss``,
``sufficient_statistics``, ``normalize_moments``, ``zero_fraction``,
``dilation2d``, ``erosion2d``, ``approx_max_k``, ``approx_min_k`` and
``batch_norm_with_global_normalization``, and in _space_batch.py
``space_to_batch_nd``, ``batch_to_space``, their TF1 names,
``required_space_to_batch_paddings`` and ``with_space_to_batch``. They are
built the same way here (no kernels of their own), so they work eagerly, in
graphs and in traced functions.
"""

import numbers

from ._convert import convert_to_tensor
from ._symbolic_tensor import SymbolicTensor

from ._nn_misc import (approx_max_k, approx_min_k, batch_norm_with_global_normalization,
                       batch_norm_with_global_normalization_v1, compute_average_loss, crelu,
                       crelu_v1, depth_to_space, depth_to_space_v1,
                       dilation2d, dilation2d_v1, erosion2d, erosion2d_v1, in_top_k, in_top_k_v1,
                       log_poisson_loss, normalize_moments, scale_regularization_loss,
                       space_to_depth, space_to_depth_v1, sufficient_statistics,
                       sufficient_statistics_v1, zero_fraction)
from ._space_batch import (batch_to_space, batch_to_space_nd, batch_to_space_v1,
                           required_space_to_batch_paddings, space_to_batch, space_to_batch_nd,
                           space_to_batch_v1, with_space_to_batch)

__all__ = ["space_to_batch_nd", "space_to_batch", "batch_to_space",
           "required_space_to_batch_paddings"]
NAMESPACES = {"nn": ["dropout", "embedding_lookup", "softmax_cross_entropy_with_logits",
                     "sparse_softmax_cross_entropy_with_logits", "space_to_depth",
                     "depth_to_space", "in_top_k", "crelu", "log_poisson_loss",
                     "compute_average_loss", "scale_regularization_loss", "sufficient_statistics",
                     "normalize_moments", "zero_fraction", "dilation2d", "erosion2d",
                     "space_to_batch", "with_space_to_batch", "approx_max_k", "approx_min_k",
                     "batch_norm_with_global_normalization"],
              "math": ["in_top_k", "approx_max_k", "approx_min_k"]}


def _kiln():
    import kiln
    return kiln


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Each element kept with probability 1 - rate and scaled by 1 / (1 - rate),
    else 0 (TF's inverted dropout); noise_shape shares one draw along
    dimensions of size 1."""
    kiln = _kiln()
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError(f"x has to be a floating point tensor since it's going to be scaled. "
                         f"Got a {x.dtype.name} tensor instead.")
    if isinstance(rate, numbers.Real) and not isinstance(rate, bool):
        if not 0 <= rate < 1:
            raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). "
                             f"Received: rate={rate}")
        if rate == 0:
            return kiln.identity(x)
        keep = 1.0 - rate
    else:
        rate = convert_to_tensor(rate, dtype=x.dtype)
        if rate.shape.rank not in (None, 0):
            raise ValueError(f"`rate` must be a scalar tensor, got shape {rate.shape}.")
        keep = 1 - rate
    shape = kiln.shape(x) if noise_shape is None else noise_shape
    draw = kiln.random.uniform(shape, dtype=x.dtype, seed=seed)
    mask = kiln.cast(draw >= (1 - keep), x.dtype)
    return x * mask / keep


def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows `ids` of `params` (a tensor, or a list of row shards split "div"
    style: consecutive rows per shard, the first shards one longer, as TF 2's
    embedding_lookup); rows longer than max_norm are scaled down to it."""
    kiln = _kiln()
    if isinstance(params, (list, tuple)):
        if not params:
            raise ValueError("Need at least one param")
        params = params[0] if len(params) == 1 else kiln.concat(list(params), axis=0)
    params = convert_to_tensor(params)
    ids = convert_to_tensor(ids)
    if not ids.dtype.is_integer:
        raise TypeError(f"ids must be an integer tensor, got {ids.dtype.name}.")
    rows = kiln.gather(params, ids)
    if max_norm is None:
        return rows
    if ids.shape.rank is None or rows.shape.rank is None:
        raise ValueError("embedding_lookup with max_norm needs ids and params of known rank.")
    axes = list(range(ids.shape.rank, rows.shape.rank))
    # TF's clip_by_norm of each row: rows longer than max_norm scaled to it.
    norm = kiln.sqrt(kiln.reduce_sum(rows * rows, axis=axes, keepdims=True))
    scale = kiln.minimum(kiln.ones_like(norm), max_norm / kiln.maximum(norm, 1e-12))
    return rows * scale


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits)) along `axis`: one loss per example."""
    kiln = _kiln()
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype)
    if not logits.dtype.is_floating:
        raise ValueError(f"logits must be float16, bfloat16, float32 or float64, got "
                         f"{logits.dtype.name}.")
    if (labels.shape.rank is not None and logits.shape.rank is not None
            and not labels.shape.is_compatible_with(logits.shape)):
        raise ValueError(f"`labels.shape` must equal `logits.shape` except for the last "
                         f"dimension. Received: labels.shape={labels.shape} and "
                         f"logits.shape={logits.shape}")
    return -kiln.reduce_sum(labels * kiln.nn.log_softmax(logits, axis=axis), axis=axis)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """-log_softmax(logits)[label] per example: labels are class indices, one
    per row of logits (labels.shape == logits.shape[:-1])."""
    kiln = _kiln()
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    if not labels.dtype.is_integer:
        raise ValueError(f"labels must be int32 or int64 class indices, got {labels.dtype.name}.")
    if not logits.dtype.is_floating:
        raise ValueError(f"logits must be float16, bfloat16, float32 or float64, got "
                         f"{logits.dtype.name}.")
    lr, gr = labels.shape.rank, logits.shape.rank
    if lr is not None and gr is not None:
        if gr == 0:
            raise ValueError(f"Logits cannot be scalars - received shape {logits.shape}.")
        if lr != gr - 1 or not labels.shape.is_compatible_with(logits.shape[:-1]):
            raise ValueError(f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                             f"labels.shape={labels.shape} of rank {lr} and "
                             f"logits.shape={logits.shape} of rank {gr}")
    log_probs = kiln.nn.log_softmax(logits, axis=-1)
    if not isinstance(labels, SymbolicTensor) and not isinstance(logits, SymbolicTensor):
        _check_labels(kiln, labels, logits)
    if lr is None:
        raise ValueError("sparse_softmax_cross_entropy_with_logits needs labels of known rank.")
    rank = lr
    picked = kiln.gather(log_probs, kiln.expand_dims(labels, -1), batch_dims=rank, axis=rank)
    return -kiln.squeeze(picked, axis=-1)


def _check_labels(kiln, labels, logits):
    """TF's message for a label outside [0, classes) (eagerly)."""
    import numpy as np
    classes = logits.shape[-1]
    values = np.asarray(labels)
    bad = values[(values < 0) | (values >= classes)]
    if bad.size:
        raise kiln.errors.InvalidArgumentError(
            None, None, f"Received a label value of {int(bad.flat[0])} which is outside the valid "
            f"range of [0, {classes}).  Label values: {' '.join(map(str, values.ravel()))}")



def embedding_lookup_v1(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                        max_norm=None):
    """TF1's embedding_lookup: a list of shards is split "mod" style by default
    (row i in shard i % n, at position i // n), or "div" as TF 2's."""
    kiln = _kiln()
    if partition_strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}."
                         f"Must be one of either `mod` or `div`.")
    if not isinstance(params, (list, tuple)) or len(params) <= 1 or partition_strategy == "div":
        return embedding_lookup(params, ids, max_norm=max_norm, name=name)
    shards = [convert_to_tensor(p) for p in params]
    ids = convert_to_tensor(ids)
    if not ids.dtype.is_integer:
        raise TypeError(f"ids must be an integer tensor, got {ids.dtype.name}.")
    n = len(shards)
    # Where each shard's rows start in the concatenation.
    sizes = [kiln.shape(p, out_type=ids.dtype)[0] for p in shards]
    starts = kiln.concat([kiln.zeros([1], ids.dtype), kiln.math.cumsum(kiln.stack(sizes))[:-1]], 0)
    flat_ids = kiln.gather(starts, ids % n) + ids // n
    return embedding_lookup(kiln.concat(shards, axis=0), flat_ids, max_norm=max_norm, name=name)


# TF1's names and argument orders, installed by kiln.compat.v1.
V1_NAMESPACES = {
    "nn": {"space_to_depth": space_to_depth_v1, "depth_to_space": depth_to_space_v1,
           "in_top_k": in_top_k_v1, "crelu": crelu_v1, "dilation2d": dilation2d_v1,
           "erosion2d": erosion2d_v1, "sufficient_statistics": sufficient_statistics_v1,
           "embedding_lookup": embedding_lookup_v1, "space_to_batch": space_to_batch_v1,
           "batch_norm_with_global_normalization": batch_norm_with_global_normalization_v1},
    "math": {"in_top_k": in_top_k_v1},
    "": {"space_to_depth": space_to_depth_v1, "depth_to_space": depth_to_space_v1,
         "space_to_batch": space_to_batch_v1, "batch_to_space": batch_to_space_v1,
         "batch_to_space_nd": batch_to_space_nd},
}
