"""Python names of registry ops, from their registry rows (OpDef::python in
src/ops/op_def.h, read through ``_core.op_defs()``; docs/adding-ops.md).

An op family's module (unary_ops.py, math_ops.py, ...) calls
``export(family, globals())``: it defines there the wrapper of each of the
family's ops whose row gives a docstring (one or two inputs, no attributes),
and returns the module's ``__all__`` and ``NAMESPACES`` (what kiln exports as
``kiln.X``, ``kiln.math.X``, ...) for every op of the family that has Python
names. Ops whose wrapper converts arguments keep a hand-written one in the
module, under the name their row gives.
"""

from . import _core
from ._convert import convert_to_tensor
from ._ops import binary_operands, execute

OP_DEFS = _core.op_defs()  # in registry order: an op's position is its handle


# A generated wrapper per argument list; kept as plain closures, since a call on
# small tensors is dominated by its Python overhead.
def _x(handle):
    def wrapper(x, name=None):
        return execute(handle, (convert_to_tensor(x),), (), name)
    return wrapper


def _features(handle):  # tf.nn's activations
    def wrapper(features, name=None):
        return execute(handle, (convert_to_tensor(features),), (), name)
    return wrapper


def _x_y(handle):
    def wrapper(x, y, name=None):
        return execute(handle, binary_operands(x, y), (), name)
    return wrapper


def _y_x(handle):  # atan2(y, x)
    def wrapper(y, x, name=None):
        return execute(handle, binary_operands(y, x), (), name)
    return wrapper


_SIGNATURES = {("x",): _x, ("features",): _features, ("x", "y"): _x_y, ("y", "x"): _y_x}


def _wrapper(handle, op_def, module_name):
    """The generated wrapper of `op_def`, named and documented by its row."""
    python = op_def["python"]
    arity = op_def["min_inputs"]
    args = python["args"] or ("x", "y")[:arity]
    if op_def["attrs"] or arity != op_def["max_inputs"] or args not in _SIGNATURES:
        raise RuntimeError(
            f"registry op {op_def['name']!r} gives a Python docstring, so kiln generates its "
            f"wrapper, but it takes attributes or arguments {args} that no generated wrapper "
            f"has: leave the row's doc empty and write the wrapper by hand, or add a "
            f"signature to _registry_names._SIGNATURES.")
    wrapper = _SIGNATURES[args](handle)
    wrapper.__name__ = wrapper.__qualname__ = python["names"][0]
    wrapper.__doc__ = python["doc"]
    wrapper.__module__ = module_name
    return wrapper


def export(family, module):
    """Defines the generated wrappers of `family`'s ops in `module` (a family
    module's globals()) and returns its (__all__, NAMESPACES)."""
    top, namespaces = [], {}
    for handle, op_def in enumerate(OP_DEFS):
        python = op_def["python"]
        if op_def["family"] != family or not python["namespaces"]:
            continue
        if python["doc"]:
            wrapper = _wrapper(handle, op_def, module["__name__"])
            module.update(dict.fromkeys(python["names"], wrapper))
        for space in python["namespaces"]:
            names = top if space == "kiln" else namespaces.setdefault(space, [])
            names.extend(n for n in python["names"] if n not in names)  # ops may share one
    return top, namespaces
