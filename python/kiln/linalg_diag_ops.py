"""Diagonals, bands and transposes of matrices, as tf.linalg names them:
diag, set_diag, band_part, matrix_transpose, adjoint, tensor_diag,
tensor_diag_part. Any dtype, batched over the leading axes.

kiln writes or reads one diagonal k; TF's bands k=(low, high) with low !=
high are not supported (align only matters for bands, so it is ignored).
"""

import operator

from ._convert import convert_to_tensor
from ._ops import execute, int_argument, op
from ._registry_names import export

# diag, set_diag, band_part: named by src/ops/linalg_diag_ops.cc; the rest built from ops.
__all__, NAMESPACES = export("linalg_diag", globals())
NAMESPACES["linalg"] += ["matrix_transpose", "adjoint", "tensor_diag", "tensor_diag_part"]


def _single_k(k, op_name):
    if isinstance(k, (list, tuple)):
        if len(k) != 2 or k[0] != k[1]:
            raise ValueError(f"[{op_name}] kiln handles a single diagonal; k={k!r} names a band. "
                             f"Call {op_name} once per diagonal.")
        k = k[0]
    return int_argument(k, "k", op_name, tensor=True)


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT"):
    """Matrices (..., num_rows, num_cols) with `diagonal` (..., L) on their k-th
    diagonal and padding_value elsewhere. num_rows / num_cols -1: the
    smallest that hold the diagonal (square when both are -1)."""
    del align
    diagonal = convert_to_tensor(diagonal)
    padding = convert_to_tensor(padding_value, dtype=diagonal.dtype)
    return execute(_DIAG, (diagonal, padding),
                   (_single_k(k, "diag"), int_argument(num_rows, "num_rows", "diag", tensor=True),
                    int_argument(num_cols, "num_cols", "diag", tensor=True)), name)


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):  # noqa: A002
    """input with its k-th diagonal replaced by `diagonal`, whose shape is
    input.shape[:-2] + (length of that diagonal,)."""
    del align
    input = convert_to_tensor(input)  # noqa: A001
    return execute(_SET_DIAG, (input, convert_to_tensor(diagonal, dtype_hint=input.dtype)),
                   (_single_k(k, "set_diag"),), name)


def band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """input with the elements outside a band zeroed: element (i, j) is kept
    when (num_lower < 0 or i - j <= num_lower) and (num_upper < 0 or
    j - i <= num_upper). band_part(x, 0, -1) is the upper triangle."""
    return execute(_BAND_PART, (convert_to_tensor(input),),
                   (int_argument(num_lower, "num_lower", "band_part", tensor=True),
                    int_argument(num_upper, "num_upper", "band_part", tensor=True)), name)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """The last two axes swapped (conjugated too with conjugate=True)."""
    from .shape_ops import transpose
    a = convert_to_tensor(a)
    rank = a.shape.rank
    if rank is None:
        raise ValueError("[matrix_transpose] the rank of `a` must be known; set its shape "
                         "(e.g. with ensure_shape) first.")
    if rank < 2:
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` "
                         f"with shape: {a.shape}")
    perm = list(range(rank - 2)) + [rank - 1, rank - 2]
    return transpose(a, perm, conjugate=conjugate, name=name)


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes."""
    return matrix_transpose(matrix, name=name or "adjoint", conjugate=True)


def tensor_diag(diagonal, name=None):
    """A tensor of shape s + s with `diagonal` (shape s) on its diagonal:
    out[i..., i...] = diagonal[i...] (TF1's tf.diag)."""
    from .shape_ops import reshape
    diagonal = convert_to_tensor(diagonal)
    dims = _static_dims(diagonal, "tensor_diag")
    flat = reshape(diagonal, [-1])
    return reshape(diag(flat, name=name or "diag"), dims + dims)


def tensor_diag_part(input, name=None):  # noqa: A002
    """The diagonal of a tensor of shape s + s: out[i...] = input[i..., i...]
    (TF1's tf.diag_part)."""
    from . import linalg
    from .shape_ops import reshape
    input = convert_to_tensor(input)  # noqa: A001
    dims = _static_dims(input, "tensor_diag_part")
    half = len(dims) // 2
    if len(dims) % 2 or dims[:half] != dims[half:]:
        raise ValueError(f"[tensor_diag_part] input must have an even rank 2k and shape s + s, "
                         f"got shape {tuple(dims)}.")
    size = 1
    for d in dims[:half]:
        size *= d
    return reshape(linalg.diag_part(reshape(input, [size, size]), name=name or "diag_part"),
                   dims[:half])


def _static_dims(x, op_name):
    dims = x.shape.as_list() if x.shape.rank is not None else None
    if dims is None or any(d is None for d in dims):
        raise ValueError(f"[{op_name}] needs a fully known shape, got {x.shape}.")
    return [operator.index(d) for d in dims]


_DIAG = op("diag")
_SET_DIAG = op("set_diag")
_BAND_PART = op("band_part")
