"""Elementwise binary math ops. Operands follow TF's dtype rules: tensors of
different dtypes are an error (no implicit promotion); a Python or NumPy
scalar takes the dtype of the tensor it meets."""

from ._ops import binary_operands, execute, op

__all__ = ["add"]
NAMESPACES = {"math": ["add"]}


def add(x, y, name=None):
    """x + y elementwise, with NumPy broadcasting. Both must have the same dtype."""
    del name
    return execute(_ADD, binary_operands(x, y), ())


_ADD = op("add")
