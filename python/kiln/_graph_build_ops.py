"""Ops that only make sense in graphs: ``placeholder_with_default`` and
``no_op``/``group`` (control-dependency anchors)."""

from ._convert import convert_to_tensor
from ._graph import add_operation
from ._graph_state import building_graph
from ._ops import execute, op
from ._tensor_shape import TensorShape

_WITH_DEFAULT = op("placeholder_with_default")
_NO_OP = op("no_op")


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF's name
    """`input` unless a value is fed for the result (then that value, of the given shape)."""
    static = TensorShape(shape)
    dims = None if static.rank is None else list(static._dims)
    return execute(_WITH_DEFAULT, (convert_to_tensor(input),), (dims,), name)


def no_op(name=None):
    """An operation that does nothing; with control dependencies, it groups others.
    Eagerly there is nothing to group: it returns None."""
    if not building_graph():
        return None
    return add_operation(_NO_OP, (), (), name)


def group(*inputs, name=None):
    """An operation that runs after all `inputs` (operations or tensors)."""
    from ._graph import control_dependencies
    with control_dependencies(inputs):
        return no_op(name=name)
