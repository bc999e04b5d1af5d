"""The arguments of ``Dataset.padded_batch``: padded_shapes and padding_values
per component, with TF's defaults (pad each dimension to the batch's
largest; pad with 0, or b"" for strings)."""

import numpy as np

from .. import _graph_state, nest
from .._convert import convert_to_tensor
from .._tensor_shape import TensorShape
from . import _structure


def _shape(value):
    if hasattr(value, "numpy"):
        value = value.numpy().tolist()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    shape = TensorShape(value)
    if shape.rank is None:
        return None
    return [None if d is None or d == -1 else d for d in shape.as_list()]


def _leaves_up_to(structure, value, what):
    """value's leaves where structure has its leaves (a shape is a leaf, a list too)."""
    if isinstance(structure, dict):
        return [v for k in sorted(structure) for v in _leaves_up_to(structure[k], value[k], what)]
    if isinstance(structure, tuple):
        if not isinstance(value, tuple) or len(value) != len(structure):
            raise ValueError(f"The two structures don't have the same sequence length: "
                             f"{what} must have the element's structure {structure}.")
        return [v for s, x in zip(structure, value) for v in _leaves_up_to(s, x, what)]
    return [value]


def padded_batch_args(structure, padded_shapes, padding_values):
    specs = nest.flatten(structure)
    if any(isinstance(s, _structure.DatasetSpec) for s in specs):  # TF's message
        raise TypeError("`padded_batch` is not supported for datasets of datasets")
    if padded_shapes is None:
        for s in specs:
            if s.shape.rank is None:
                raise ValueError("You must provide `padded_shapes` argument because component "
                                 f"{s} has unknown rank.")
        shapes = [[None] * s.shape.rank for s in specs]
    else:
        shapes = [_shape(v) for v in _leaves_up_to(structure, padded_shapes, "padded_shapes")]
    if padding_values is None:
        values = [None] * len(specs)
    elif not nest.is_nested(padding_values) and len(specs) > 1:
        values = [padding_values] * len(specs)
    else:
        values = _leaves_up_to(structure, padding_values, "padding_values")
    components = []
    for s, v in zip(specs, values):
        if isinstance(s, _structure.StringSpec):
            b = b"" if v is None else (v.encode() if isinstance(v, str) else bytes(v))
            components.append(("strings", [], [b]))
        else:
            value = 0 if v is None else v
            given = getattr(value, "dtype", None)
            if isinstance(value, (str, bytes)) or (given is not None and hasattr(value, "numpy")
                                                   and given != s.dtype):
                kind = "string" if isinstance(value, (str, bytes)) else given.name
                raise TypeError(f"Invalid `padding_values`. `padding_values` values type "
                                f"<dtype: '{kind}'> does not match type <dtype: "
                                f"'{s.dtype.name}'> of the corresponding input component.")
            with _graph_state.eager_scope():  # a value, also while a graph is built
                components.append(convert_to_tensor(value, dtype=s.dtype))
    return shapes, components


