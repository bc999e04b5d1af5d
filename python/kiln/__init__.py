"""kiln: a tensor runtime that turns symbolic tensors into concrete ones and hands them to NumPy.

Names and semantics follow TensorFlow 2.x, so ``import kiln as tf`` runs TF
programs. See README.md and docs/ for what is implemented.
"""

from . import _core
from . import errors
from . import dtypes
from .dtypes import (DType, as_dtype, bool, int8, int16, int32, int64, uint8,  # noqa: A004
                     uint16, uint32, uint64, float16, half, bfloat16, float32, float64, double,
                     complex64, complex128)
from .tensor_shape import TensorShape
from ._eager_tensor import EagerTensor
from ._convert import constant, convert_to_tensor
from .array_ops import fill, ones, ones_like, zeros, zeros_like
from .math_ops import add
from .dlpack import from_dlpack
from . import dlpack
from . import io

Tensor = EagerTensor
newaxis = None

__version__ = "0.1.0"


def executing_eagerly():
    """True: every tensor is concrete until graphs and functions arrive."""
    return True


class math:  # noqa: N801 - a namespace, as tf.math
    add = add


class experimental:  # noqa: N801 - a namespace, as tf.experimental
    dlpack = dlpack
