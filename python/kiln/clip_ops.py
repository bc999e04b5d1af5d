"""Norm clipping, as TensorFlow's tf.clip_by_norm, tf.clip_by_global_norm and
tf.linalg.global_norm. TF writes them in Python from other ops, and so does
kiln (no kernel of their own): they work eagerly, in graphs and in
kiln.function as the ops they are built from do.
"""

import collections.abc

import numpy as np

from . import errors
from . import math_ops, reduction_ops, shape_ops, unary_ops
from ._convert import convert_to_tensor
from ._array_ops import ones_like
from .cast_ops import cast

__all__ = ["clip_by_norm", "clip_by_global_norm"]
NAMESPACES = {"linalg": ["global_norm"]}


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """tf.clip_by_norm: `t` scaled by ``clip_norm / max(l2norm, clip_norm)``,
    the L2 norm taken over `axes` (all axes when None), so that its norm is at
    most `clip_norm` (a negative one counts as 0). A zero norm leaves `t` as it is. `clip_norm` may
    broadcast against the norm but not enlarge `t`'s shape."""
    values = convert_to_tensor(t)
    # A negative clip_norm counts as 0 (TF's rule: the result is then 0).
    if isinstance(clip_norm, (int, float, np.number)):
        clip_norm = max(clip_norm, 0)
    else:
        clip_norm = cast(math_ops.maximum(clip_norm, 0), values.dtype)
    l2sum = reduction_ops.reduce_sum(values * values, axes, keepdims=True)
    pred = l2sum > 0
    # TF's two-sided where: sqrt never sees 0, so gradients stay finite.
    l2sum_safe = math_ops.where(pred, l2sum, ones_like(l2sum))
    l2norm = math_ops.where(pred, unary_ops.sqrt(l2sum_safe), l2sum)
    intermediate = values * clip_norm
    if not values.shape.is_compatible_with(intermediate.shape):
        raise ValueError(f"Shapes {values.shape} and {intermediate.shape} are incompatible: "
                         f"clip_norm must not broadcast t to a larger shape.")
    return shape_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm), name=name)


def _tensor_list(t_list):
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    return [None if t is None else convert_to_tensor(t) for t in t_list]


def global_norm(t_list, name=None):
    """tf.linalg.global_norm: ``sqrt(sum(sum(t ** 2) for t in t_list))``,
    skipping None entries; 0.0 for an empty list. Float tensors of one dtype."""
    values = [v for v in _tensor_list(t_list) if v is not None]
    if not values:
        return convert_to_tensor(0.0)
    for v in values:
        if not v.dtype.is_floating:
            raise errors.InvalidArgumentError(
                None, None, f"[global_norm] the tensors must be float16, bfloat16, float32 or "
                f"float64, got {v.dtype.name}; cast them first.")
        if v.dtype != values[0].dtype:
            raise errors.InvalidArgumentError(
                None, None, f"[global_norm] the tensors must share one dtype, got "
                f"{values[0].dtype.name} and {v.dtype.name}; cast them first.")
    # TF sums half squared norms (l2_loss) and doubles the total; the same here.
    half_squared = [reduction_ops.reduce_sum(v * v) / 2 for v in values]
    total = reduction_ops.reduce_sum(shape_ops.stack(half_squared))
    return unary_ops.sqrt(total * 2, name=name)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """tf.clip_by_global_norm: ``(list_clipped, global_norm)``: every tensor of
    `t_list` times ``clip_norm / max(global_norm, clip_norm)``, None entries
    kept. A global norm of inf or NaN makes every value NaN, as TF. `use_norm`
    replaces the computed norm."""
    values = _tensor_list(t_list)
    if use_norm is None:
        use_norm = global_norm(values)
    use_norm = convert_to_tensor(use_norm)
    one = convert_to_tensor(1.0, dtype=use_norm.dtype)
    scale_for_finite = clip_norm * math_ops.minimum(one / use_norm, one / clip_norm)
    scale = scale_for_finite + (use_norm - use_norm)  # NaN when the norm is inf or NaN
    clipped = [None if v is None else shape_ops.identity(v * cast(scale, v.dtype)) for v in values]
    return clipped, use_norm
