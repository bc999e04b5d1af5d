"""Shape functions of kiln's NumPy API (``kiln.experimental.numpy``): reshape,
transpose, concatenate, stack, split, tile, repeat, flip, roll, pad, ... each
a thin mapping onto kiln's shape ops (shape_ops.py) with NumPy's signatures
and dtype rules. Indexing-like functions (take, where, nonzero, tril, ...)
live in _indexing_np.py.

``stack_nested`` is also how _arrays.asarray converts nested lists that hold
tensors (``tnp.asarray([t, 2 * t])``): the leaves take their common NumPy
result dtype and are stacked level by level.

Functions that only move data work on placeholders with a None first
dimension: static shapes are read only where an argument needs them (an
axis's range, -1 in a reshape is left to the op).
"""

import numpy as np

from .. import shape_ops
from .._ops import TENSOR_TYPES
from . import _arrays

__all__ = []


def _leaves(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _leaves(item)
        else:
            yield item


def stack_nested(items, dtype=None):
    """Nested lists and tuples holding tensors as one tensor: every leaf is
    converted to the common NumPy result dtype of all leaves (or `dtype`),
    then each level is stacked along a new first axis."""
    common = _arrays.result_type(*_leaves(items)) if dtype is None else _arrays.numpy_dtype(dtype)
    return _stack_level(items, common)


def _stack_level(items, common):
    if not isinstance(items, (list, tuple)):
        return _arrays.asarray(items, common)
    if not items:
        return _arrays.asarray(np.zeros((0,), common))
    parts = [_stack_level(item, common) for item in items]
    shapes = {tuple(p.shape.as_list()) if p.shape.rank is not None else None for p in parts}
    if len(shapes) > 1 and None not in shapes and not _compatible(shapes):
        raise ValueError(f"asarray: a nested list holding tensors must be rectangular; its items "
                         f"at one level have shapes {sorted(shapes, key=str)}. Give every item "
                         f"the same shape (NumPy does not build ragged arrays either).")
    return shape_ops.stack(parts, axis=0)


def _compatible(shapes):
    shapes = list(shapes)
    first = shapes[0]
    return all(len(s) == len(first) and all(a is None or b is None or a == b
                                             for a, b in zip(s, first)) for s in shapes[1:])
