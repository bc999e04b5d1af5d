"""Linear algebra: matmul, tensordot, einsum, eye, linalg.trace, linalg.diag_part.

Operands share one dtype (no implicit promotion; a Python scalar or list
takes the other operand's dtype). float32/float64/complex products run on
OpenBLAS; integer products wrap around; 16-bit floats accumulate in float32.
"""

import operator

from . import dtypes
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._ops import TENSOR_TYPES, binary_operands, concrete, execute, op
from ._registry_names import export

__all__, NAMESPACES = export("linalg", globals())  # names from src/ops/linalg_ops.cc


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None):
    """The matrix product a @ b over the last two axes, batched over the others.

    a has shape (..., m, k) and b (..., k, n) (after the optional transpose or
    adjoint, i.e. conjugate transpose, of each); their batch dimensions
    broadcast. Returns (..., m, n) of the operands' dtype. `a_is_sparse`,
    `b_is_sparse`, `grad_a` and `grad_b` are hints TF accepts; kiln ignores them.
    `output_type` must be None or the operands' dtype.
    """
    del a_is_sparse, b_is_sparse, grad_a, grad_b
    for x in ("a", "b"):
        if locals()[f"transpose_{x}"] and locals()[f"adjoint_{x}"]:
            raise ValueError(f"Only one of `transpose_{x}` and `adjoint_{x}` can be True; "
                             f"adjoint_{x} already transposes.")
    a, b = binary_operands(a, b)
    if output_type is not None and dtypes.as_dtype(output_type) != a.dtype:
        raise ValueError(f"[matmul] output_type={dtypes.as_dtype(output_type).name} is not "
                         f"supported for {a.dtype.name} operands; cast the result instead.")
    return execute(_MATMUL, (a, b), (bool(transpose_a), bool(transpose_b), bool(adjoint_a),
                                     bool(adjoint_b)), name)


def _axis_list(axes, what):
    axes = concrete(axes, "axes", "tensordot")
    if isinstance(axes, EagerTensor):
        axes = axes.numpy().tolist()
    if not isinstance(axes, (list, tuple)):
        axes = [axes]
    try:
        return [operator.index(a) for a in axes]
    except TypeError:
        raise TypeError(f"[tensordot] axes for {what} must be integers, got {axes!r}.") from None


def tensordot(a, b, axes, name=None):
    """Sums the products of a's and b's elements over the given axes.

    axes: an int N (a's last N axes against b's first N, in order), or a pair
    [axes_a, axes_b] of equal-length lists (or of single ints). The result has
    a's remaining axes followed by b's.
    """
    a, b = binary_operands(a, b)
    axes = concrete(axes, "axes", "tensordot")
    if isinstance(axes, EagerTensor):
        axes = axes.numpy().tolist()
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(f"[tensordot] axes must be an int or a pair [axes_a, axes_b], got "
                             f"{axes!r}.")
        axes_a, axes_b = _axis_list(axes[0], "a"), _axis_list(axes[1], "b")
    else:
        try:
            n = operator.index(axes)
        except TypeError:
            raise TypeError(f"[tensordot] axes must be an int or a pair of lists, got "
                            f"{axes!r}.") from None
        if n < 0:
            raise ValueError(f"[tensordot] axes must be at least 0, got {n}.")
        if n > a.ndim or n > b.ndim:
            raise ValueError(f"[tensordot] axes={n} must not be larger than the rank of either "
                             f"operand; the shapes are {a.shape} and {b.shape}.")
        axes_a, axes_b = list(range(a.ndim - n, a.ndim)), list(range(n))
    return execute(_TENSORDOT, (a, b), (axes_a, axes_b), name)


def einsum(equation, *inputs, **kwargs):
    """Einstein summation over up to any number of operands, NumPy's notation.

    "ij,jk->ik" (matmul), "bij,bjk->bik" (batched), "ii->i" (diagonal),
    "ij->" (sum), "...ij,...jk->...ik" (broadcast batch). Without "->" the
    output holds '...' and the subscripts used once, sorted. Contracts the
    operands pairwise from left to right; each step is a batched matmul.
    """
    kwargs.pop("name", None)
    kwargs.pop("optimize", None)  # TF's contraction-order hint; kiln goes left to right
    if kwargs:
        raise TypeError(f"[einsum] unexpected keyword arguments {sorted(kwargs)}.")
    if not isinstance(equation, str):
        raise TypeError(f"[einsum] equation must be a string, got {equation!r}.")
    if not inputs:
        raise ValueError(f"[einsum] needs at least one operand for equation '{equation}'.")
    first = next((x for x in inputs if isinstance(x, TENSOR_TYPES)), None)
    if first is None:
        first = convert_to_tensor(inputs[0])
    tensors = tuple(x if isinstance(x, TENSOR_TYPES) else convert_to_tensor(x, dtype_hint=first.dtype)
                    for x in inputs)
    return execute(_EINSUM, tensors, (equation,))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """Identity matrices: shape batch_shape + [num_rows, num_columns], ones on the diagonal."""
    rows = operator.index(num_rows)
    cols = rows if num_columns is None else operator.index(num_columns)
    batch = [] if batch_shape is None else [operator.index(d) for d in batch_shape]
    return execute(_EYE, (), (rows, cols, batch, dtypes.as_dtype(dtype)._code), name)


def trace(x, name=None):
    """The sum of the main diagonal of x's last two axes; shape x.shape[:-2]."""
    return execute(_TRACE, (convert_to_tensor(x),), (), name)


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    """The k-th diagonal of the last two axes (k > 0 above the main one, k < 0 below).

    kiln reads one diagonal; a band k=(low, high) with low != high is not supported
    (padding_value and align only matter for bands).
    """
    del padding_value, align
    if isinstance(k, (list, tuple)):
        if len(k) != 2 or k[0] != k[1]:
            raise ValueError(f"[diag_part] kiln reads a single diagonal; k={k!r} names a band. "
                             f"Call diag_part once per diagonal.")
        k = k[0]
    return execute(_DIAG_PART, (convert_to_tensor(input),), (operator.index(k),), name)


_MATMUL = op("matmul")
_TENSORDOT = op("tensordot")
_EINSUM = op("einsum")
_EYE = op("eye")
_TRACE = op("trace")
_DIAG_PART = op("diag_part")
