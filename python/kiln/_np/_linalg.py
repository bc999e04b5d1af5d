"""NumPy's products of kiln.experimental.numpy: matmul, dot, vdot, tensordot,
einsum, outer, inner, kron, cross, trace.

Each maps onto kiln's matmul / tensordot / einsum / diag_part ops after the
operands are promoted to NumPy's common dtype (_arrays.operands). NumPy's
bool products are bool (an "or" of "and"s), which kiln's kernels lack: they
are computed on int32 0/1 operands and compared with zero. np.matmul is a
ufunc in NumPy, so this module also registers it in _ufuncs.UFUNCS for
``np.matmul(symbolic, ...)`` (__array_ufunc__).
"""

import numpy as np

from .. import dtypes, errors
from ..cast_ops import cast
from ..linalg_ops import diag_part, einsum as _einsum, matmul as _kiln_matmul
from ..linalg_ops import tensordot as _kiln_tensordot
from ..math_ops import not_equal, subtract
from ..reduction_ops import reduce_sum
from ..shape_ops import expand_dims, reshape, shape as _dynamic_shape, squeeze, stack
from ..shape_ops import transpose
from . import _arrays, _ufuncs
from ._arrays import axis_index

__all__ = ["matmul", "dot", "vdot", "tensordot", "einsum", "outer", "inner", "kron", "cross",
           "trace"]

_multiply = _ufuncs.UFUNCS[np.multiply]
_subtract = _ufuncs.UFUNCS[np.subtract]


def _promoted(*values):
    """`values` as tensors of their common dtype. NumPy's products convert Python
    scalars to arrays first (np.dot(int32, 2) is int64), so no operand is weak."""
    return _arrays.operands(*(_arrays.asarray(v) for v in values))[0]


def _in_int_if_bool(fn, *xs):
    """fn(*xs); bool operands computed as int32 0/1 and the result compared with zero."""
    if not xs[0].dtype.is_bool:
        return fn(*xs)
    return not_equal(fn(*(cast(x, dtypes.int32) for x in xs)), cast(0, dtypes.int32))


def _matmul_same_dtype(a, b):
    ra, rb = _arrays.rank(a, "matmul"), _arrays.rank(b, "matmul")
    if ra == 0 or rb == 0:
        raise ValueError("np.matmul: a scalar operand has no dimension to contract; use "
                         "np.multiply (or *) to scale by a scalar.")
    if ra == 1 and rb == 1:
        return _in_int_if_bool(lambda x, y: _kiln_tensordot(x, y, 1), a, b)
    a2 = expand_dims(a, 0) if ra == 1 else a  # NumPy: a 1-D operand is a row / column vector
    b2 = expand_dims(b, -1) if rb == 1 else b
    n, m = a2.shape[-1], b2.shape[-2]
    if n is not None and m is not None and n != m:  # NumPy's and TF's class
        raise ValueError(f"np.matmul: the contracted dimensions differ ({n} != {m}) for operands "
                         f"of shapes {a.shape} and {b.shape}; a's last axis must match b's "
                         f"second-to-last.")
    result = _in_int_if_bool(_kiln_matmul, a2, b2)
    if ra == 1:
        return squeeze(result, -1 if rb == 1 else -2)
    return squeeze(result, -1) if rb == 1 else result


def matmul(x1, x2, dtype=None):
    """NumPy's matmul: (..., n, k) @ (..., k, m) with broadcast batch axes; a 1-D
    operand is a vector (its axis is removed from the result)."""
    return _MATMUL_UFUNC(x1, x2, dtype=dtype)


_MATMUL_UFUNC = _ufuncs.Ufunc(np.matmul, _matmul_same_dtype)
# NumPy's matmul is a ufunc: np.matmul(symbolic, ...) reaches __array_ufunc__'s table.
_ufuncs.UFUNCS[np.matmul] = _MATMUL_UFUNC


def dot(a, b):
    """NumPy's dot: a scalar operand multiplies; otherwise a's last axis against
    b's second-to-last (its only one when 1-D)."""
    a, b = _promoted(a, b)
    ra, rb = _arrays.rank(a, "dot"), _arrays.rank(b, "dot")
    if ra == 0 or rb == 0:
        return _multiply(a, b)
    axis_b = max(rb - 2, 0)
    return _in_int_if_bool(lambda x, y: _kiln_tensordot(x, y, [[ra - 1], [axis_b]]), a, b)


def vdot(a, b):
    """NumPy's vdot: the dot product of the flattened operands, the first
    conjugated."""
    a, b = _promoted(a, b)
    a, b = reshape(a, [-1]), reshape(b, [-1])
    if a.dtype.is_complex:
        # conj(z) = 2 Re(z) - z (kiln has no conjugate op; exact in floating point)
        a = subtract(cast(cast(a, a.dtype.real_dtype), a.dtype) * cast(2, a.dtype), a)
    return _in_int_if_bool(lambda x, y: _kiln_tensordot(x, y, 1), a, b)


def _axes_list(axes, ndim, fn):
    if isinstance(axes, (list, tuple)):
        return [axis_index(x, ndim, fn) for x in axes]
    return [axis_index(axes, ndim, fn)]


def tensordot(a, b, axes=2):
    """NumPy's tensordot: axes=N contracts a's last N axes with b's first N;
    axes=(axes_a, axes_b) names them (ints or sequences)."""
    a, b = _promoted(a, b)
    ra, rb = _arrays.rank(a, "tensordot"), _arrays.rank(b, "tensordot")
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(f"np.tensordot: axes must be an int or a pair (axes_a, axes_b), "
                             f"got {axes!r}.")
        axes_a, axes_b = _axes_list(axes[0], ra, "tensordot"), _axes_list(axes[1], rb, "tensordot")
        if len(axes_a) != len(axes_b):
            raise ValueError(f"np.tensordot: axes_a and axes_b must have the same length, got "
                             f"{axes!r}.")
    else:
        n = int(axes)
        if n < 0 or n > ra or n > rb:
            raise ValueError(f"np.tensordot: axes={n} must be between 0 and the smaller rank of "
                             f"the operands (shapes {a.shape} and {b.shape}).")
        axes_a, axes_b = list(range(ra - n, ra)), list(range(n))
    return _in_int_if_bool(lambda x, y: _kiln_tensordot(x, y, [axes_a, axes_b]), a, b)


def einsum(subscripts, *operands, dtype=None, casting="safe", optimize=False, **kwargs):
    """NumPy's einsum over kiln's einsum op; the operands are promoted to their
    common dtype (or cast to `dtype`)."""
    del optimize  # a contraction-order hint; kiln contracts left to right
    for key in kwargs:
        if key != "order":
            raise TypeError(f"np.einsum() on kiln tensors does not support the argument {key}=.")
    if not isinstance(subscripts, str):
        raise TypeError("np.einsum on kiln tensors takes the subscripts as a string "
                        "('ij,jk->ik'); the interleaved (operand, sublist) form is not supported.")
    if not operands:
        raise ValueError(f"np.einsum('{subscripts}') needs at least one operand.")
    if dtype is None:
        tensors = _promoted(*operands)
    else:
        del casting
        tensors = [_arrays.asarray(x, dtype) for x in operands]
    return _in_int_if_bool(lambda *xs: _einsum(subscripts, *xs), *tensors)


def outer(a, b):
    """NumPy's outer: the products of the flattened operands, shape (a.size, b.size)."""
    a, b = _promoted(a, b)
    return _multiply(reshape(a, [-1, 1]), reshape(b, [1, -1]))


def inner(a, b):
    """NumPy's inner: sums over the last axes of both; a scalar operand multiplies."""
    a, b = _promoted(a, b)
    ra, rb = _arrays.rank(a, "inner"), _arrays.rank(b, "inner")
    if ra == 0 or rb == 0:
        return _multiply(a, b)
    return _in_int_if_bool(lambda x, y: _kiln_tensordot(x, y, [[ra - 1], [rb - 1]]), a, b)


def _dims(x):
    """x's shape as a list of ints, or a dynamic shape tensor when one is unknown."""
    static = x.shape.as_list()
    if None not in static:
        return static
    return _dynamic_shape(x, out_type=dtypes.int64)


def kron(a, b):
    """NumPy's kron: the block product; the operand of lower rank gets leading 1 axes."""
    a, b = _promoted(a, b)
    ra, rb = _arrays.rank(a, "kron"), _arrays.rank(b, "kron")
    n = max(ra, rb)
    a = reshape(a, [1] * (n - ra) + _static_or_minus_one(a)) if ra < n else a
    b = reshape(b, [1] * (n - rb) + _static_or_minus_one(b)) if rb < n else b
    # a's axes at even positions, b's at odd ones: (a0, 1, a1, 1, ...) * (1, b0, 1, b1, ...)
    ea, eb = a, b
    for i in range(n):
        ea = expand_dims(ea, 2 * i + 1)
        eb = expand_dims(eb, 2 * i)
    product = _multiply(ea, eb)
    da, db = _dims(a), _dims(b)
    if isinstance(da, list) and isinstance(db, list):
        return reshape(product, [x * y for x, y in zip(da, db)])
    return reshape(product, cast(da, dtypes.int64) * cast(db, dtypes.int64))


def _static_or_minus_one(x):
    dims = x.shape.as_list()
    if dims.count(None) > 1:
        raise ValueError(f"np.kron: operands of different ranks need at most one unknown "
                         f"dimension each; got shape {x.shape}.")
    return [-1 if d is None else d for d in dims]


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """NumPy's cross product of 3-vectors (or 2-vectors: z taken as 0) along
    axisa / axisb, the result's vectors along axisc (`axis` sets all three)."""
    a, b = _promoted(a, b)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = _vectors_last(a, axisa, "axisa")
    b = _vectors_last(b, axisb, "axisb")
    na, nb = a.shape[-1], b.shape[-1]
    for n in (na, nb):
        if n not in (2, 3):  # TF's class (its Cross kernel's)
            raise errors.FailedPreconditionError(
                None, None, f"np.cross: incompatible dimensions for cross product (dimension "
                f"must be 2 or 3), got vectors of length {n}.")
    ax = [a[..., i] for i in range(na)]
    bx = [b[..., i] for i in range(nb)]
    z = _subtract(_multiply(ax[0], bx[1]), _multiply(ax[1], bx[0]))
    if na == 2 and nb == 2:
        return z
    x_part = [_multiply(ax[1], bx[2]) if nb == 3 else None,
              _multiply(ax[2], bx[1]) if na == 3 else None]
    y_part = [_multiply(ax[2], bx[0]) if na == 3 else None,
              _multiply(ax[0], bx[2]) if nb == 3 else None]
    x = _difference(*x_part)
    y = _difference(*y_part)
    rank = _arrays.rank(z, "cross") + 1
    result = stack([x, y, z], axis=-1)
    c = axis_index(axisc, rank, "cross", "axisc")
    if c == rank - 1:
        return result
    perm = list(range(rank - 1))
    perm.insert(c, rank - 1)
    return transpose(result, perm)


def _difference(p, q):
    if p is None:
        return _ufuncs.UFUNCS[np.negative](q)
    return p if q is None else _subtract(p, q)


def _vectors_last(x, axis, what):
    rank = _arrays.rank(x, "cross")
    if rank == 0:
        raise ValueError(f"np.cross needs arrays of vectors; {what} names an axis of a scalar.")
    k = axis_index(axis, rank, "cross", what)
    if x.shape[k] is None:
        raise ValueError("np.cross needs the length of the vector axis (2 or 3) while the "
                         "graph is built; it is unknown.")
    if k == rank - 1:
        return x
    return transpose(x, [i for i in range(rank) if i != k] + [k])


def sum_dtype(dtype):
    """NumPy's accumulator of np.sum / np.trace: smaller ints and bools widen to
    the platform's int64 / uint64; other dtypes stay."""
    np_dtype = _arrays.numpy_dtype(dtype)
    if np_dtype == np.bool_ or (np_dtype.kind == "i" and np_dtype.itemsize < 8):
        return dtypes.int64
    if np_dtype.kind == "u" and np_dtype.itemsize < 8:
        return dtypes.uint64
    return _arrays.kiln_dtype(np_dtype)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """NumPy's trace: the sum of the offset diagonal of axes axis1 and axis2; the
    other axes remain. Integer traces widen like np.sum (int32 -> int64)."""
    _arrays.no_out(out, "np.trace")
    a = _arrays.asarray(a)
    rank = _arrays.rank(a, "trace")
    if rank < 2:  # TF's class
        raise errors.InvalidArgumentError(
            None, None, f"np.trace needs an array of at least 2 dimensions (diag requires an "
            f"array of at least two dimensions); got shape {a.shape}.")
    i = axis_index(axis1, rank, "trace", "axis1")
    j = axis_index(axis2, rank, "trace", "axis2")
    if i == j:
        raise ValueError("np.trace: axis1 and axis2 cannot be the same.")
    moved = transpose(a, [k for k in range(rank) if k not in (i, j)] + [i, j])
    accumulate = sum_dtype(a.dtype) if dtype is None else _arrays.kiln_dtype(dtype)
    moved = cast(moved, accumulate) if moved.dtype != accumulate else moved
    rows, cols = moved.shape[-2], moved.shape[-1]
    offset = int(offset)
    if rows is not None and cols is not None and not -rows < offset < cols:
        # NumPy's empty diagonal sums to zero
        return reduce_sum(moved[..., :0, 0], axis=-1)
    if moved.dtype.is_bool:  # dtype=bool: NumPy's bool sum is an "or"
        return not_equal(reduce_sum(diag_part(cast(moved, dtypes.int64), k=offset), axis=-1),
                         cast(0, dtypes.int64))
    return reduce_sum(diag_part(moved, k=offset), axis=-1)

