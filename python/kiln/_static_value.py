"""``kiln.get_static_value``: the value of a tensor when it can be known
without running anything that needs feeds — constants and ops on constants
(the C++ planner folds them: ``_core.static_value``), and the shape/size/rank
of tensors whose static shape is known (read here, as the static shape may
have been refined by set_shape since the op was made)."""

import numpy as np

from . import _core
from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor

_SHAPE_OPS = {"shape", "size", "rank"}


def get_static_value(tensor, partial=False):
    """A NumPy value for `tensor`, or None when it depends on feeds or random ops.

    With partial=True, a shape with unknown dims gives an object array with None
    for them (TF's behaviour)."""
    if isinstance(tensor, EagerTensor):
        return tensor.numpy()
    if not isinstance(tensor, SymbolicTensor):
        return tensor  # a Python or NumPy value is its own static value
    op = tensor.op
    c = op.graph._c
    known = c.known_value(op._id, tensor.value_index)  # shape arithmetic the graph knows
    if known is not None:
        elements, dims = known
        dtype = tensor.dtype.as_numpy_dtype
        if None not in elements:
            return np.asarray(elements, dtype).reshape(dims)
        if partial:
            return np.array(elements, dtype=object).reshape(dims)
    shape_value = _from_static_shape(op, c.op_name(op._id), partial)
    if shape_value is not _UNKNOWN:
        return shape_value
    return _core.static_value(c, op._id, tensor.value_index)


_UNKNOWN = object()


def _from_static_shape(op, op_name, partial):
    if op_name not in _SHAPE_OPS:
        return _UNKNOWN
    source = op.inputs[0].shape
    if op_name == "rank":
        return _UNKNOWN if source.rank is None else np.int32(source.rank)
    dtype = op.get_attr("out_type").as_numpy_dtype
    if source.rank is None:
        return _UNKNOWN
    dims = list(source._dims)
    if op_name == "size":
        return _UNKNOWN if None in dims else np.asarray(int(np.prod(dims)), dtype)
    if None not in dims:
        return np.asarray(dims, dtype)
    return np.array(dims, dtype=object) if partial else _UNKNOWN
