"""tf.norm / tf.linalg.norm: vector norms (p > 0, inf) over all elements or
one axis, and matrix norms ('fro'/'euclidean', 1, 2, inf) over two axes.
TF's own composition of reductions, with its argument checks and errors;
the matrix 2-norm is the largest singular value (svd). As TF, the
'euclidean' norm of a complex tensor is complex (sqrt(sum(x * conj(x))));
the others are real."""

import numbers

import numpy as np

from ._convert import convert_to_tensor

__all__ = ["norm"]
NAMESPACES = {"linalg": ["norm"]}


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    """The ord-norm of `tensor`: over all its elements (axis=None), along one
    axis (an int: a batch of vectors), or over two axes (a pair: a batch of
    matrices). keepdims keeps the reduced axes with size 1."""
    from . import linalg, math
    from .shape_ops import expand_dims, squeeze, transpose
    keepdims = bool(keepdims)
    is_matrix_norm = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix_norm:
        axis = tuple(axis)
        if (not isinstance(axis[0], int) or not isinstance(axis[1], int)
                or axis[0] == axis[1]):
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, "
                             f"got {axis}")
        supported = ["euclidean", "fro", 1, 2, np.inf]
        if ord not in supported:
            raise ValueError(f"'ord' must be a supported matrix norm in {supported}, got {ord}")
    else:
        if not (isinstance(axis, int) or axis is None):
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, "
                             f"got {axis}")
        supported = ["euclidean", 1, 2, np.inf]
        if (not isinstance(ord, numbers.Real) or ord <= 0) and ord not in supported:
            raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
        if axis is not None:
            axis = (axis,)
    tensor = convert_to_tensor(tensor)
    if ord in ["fro", "euclidean", 2, 2.0]:
        if is_matrix_norm and ord in [2, 2.0]:
            # The largest singular value, over the two axes moved last.
            rank = tensor.shape.rank
            if rank is None:
                raise ValueError("[norm] the matrix 2-norm needs a tensor of known rank.")
            positive = [a + rank if a < 0 else a for a in axis]
            perm_before = [a for a in range(rank) if a not in positive] + positive
            perm_after = [perm_before.index(a) for a in range(rank)]
            s = linalg.svd(transpose(tensor, perm_before), compute_uv=False)
            result = expand_dims(math.reduce_max(math.abs(s), axis=-1, keepdims=True), -1)
            result = transpose(result, perm_after)
        else:
            result = math.sqrt(math.reduce_sum(tensor * _conj(tensor), axis, keepdims=True))
    else:
        result = math.abs(tensor)
        if ord == 1:
            result = math.reduce_sum(result, None if axis is None else axis[0], keepdims=True)
            if is_matrix_norm:
                result = math.reduce_max(result, axis[-1], keepdims=True)
        elif ord == np.inf:
            if is_matrix_norm:
                result = math.reduce_sum(result, axis[1], keepdims=True)
            result = math.reduce_max(result, None if axis is None else axis[0], keepdims=True)
        else:  # a general p-norm, p > 0
            result = math.pow(math.reduce_sum(math.pow(result, ord), axis, keepdims=True),
                              1.0 / ord)
    if not keepdims:
        result = squeeze(result, axis)
    return result


def _conj(x):
    """x's complex conjugate (x itself when real)."""
    if not x.dtype.is_complex:
        return x
    from .shape_ops import transpose
    if x.shape.rank is None:
        raise ValueError("[norm] the Euclidean norm of a complex tensor needs a known rank.")
    return transpose(x, list(range(x.shape.rank)), conjugate=True)
