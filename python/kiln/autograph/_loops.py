"""Loops whose condition or iterable is a tensor: one ``kiln.while_loop``.

The loop variables are the loop's state (see operators.py) that has a value
when the loop starts: tensors, and Python numbers (made tensors, as TF). A
variable with no value yet that the body defines (``z = i * 2`` inside the
loop) gets a zero placeholder of the dtype and shape the body gives it, found
by tracing the body once in a region nothing else can use; one the body
leaves undefined stays so. Other Python objects pass through unchanged.
"""

import numbers

import numpy as np

from .. import dtypes
from ..nest import _is_composite  # kiln.TensorArray and the like: a while_loop carries its tensors
from .._control_flow import while_loop as _while_loop
from .._convert import convert_to_tensor
from .._eager_tensor import EagerTensor
from .._graph import get_default_graph
from .._symbolic_tensor import SymbolicTensor
from .._tensor_shape import TensorShape

DO_RETURN = "__kiln_do_return"
_TENSORS = (SymbolicTensor, EagerTensor)


def _undefined_types():
    from ._operators import Undefined
    return Undefined


def tensor_for(iterable, extra_test, body_fn, state, names, options, where):
    """``for item in tensor``: over a kiln.range without making it, else over axis 0."""
    from ..math_ops import greater, less, logical_and, logical_or
    from ..shape_ops import shape
    if iterable.op.type == "Range":
        start, limit, delta = iterable.op.inputs
        from .._static_value import get_static_value
        step_value = get_static_value(delta)  # usually a constant: one comparison per step

        def more(index):
            if step_value is not None:
                return less(index, limit) if step_value > 0 else greater(index, limit)
            zero = convert_to_tensor(0, dtype=delta.dtype)
            return logical_or(logical_and(greater(delta, zero), less(index, limit)),
                              logical_and(less(delta, zero), greater(index, limit)))
        first, step, item_of = start, delta, (lambda index: index)
    else:
        count = shape(iterable)[0]

        def more(index):
            return less(index, count)
        first, step, item_of = convert_to_tensor(0, dtype=dtypes.int32), 1, iterable.__getitem__

    def test(index, *s):
        go_on = more(index)
        if extra_test is not None:
            extra = extra_test(*s)
            go_on = logical_and(go_on, convert_to_tensor(extra, dtype=dtypes.bool))
        return go_on

    def body(index, *s):
        return (index + step,) + tuple(body_fn(item_of(index), *s))

    return tensor_loop(test, body, first, state, names, options, where)


def tensor_loop(test_fn, body_fn, counter, state, names, options, where):
    """A while_loop over `state` (and a leading counter, when not None): test_fn and body_fn
    take (counter, *state) or (*state); body_fn returns the same."""
    Undefined = _undefined_types()
    if DO_RETURN in names:
        raise NotImplementedError(
            "a return statement cannot be placed inside this kiln loop (a loop over a tensor, "
            "or with a tensor condition); this may happen if a return statement depends on a "
            f"static Python condition such as a hyperparameter (line {where}). Set a variable "
            "and break instead, and return it after the loop.")
    options = options or {}
    lead = () if counter is None else (counter,)
    kinds, initial = [], []  # per state entry: "var" (a loop variable), "undefined", "python"
    for value in state:
        if isinstance(value, Undefined):
            kinds.append("undefined")
        elif isinstance(value, _TENSORS) or _is_number(value) or _is_composite(value):
            kinds.append("var")
        else:
            kinds.append("python")
        initial.append(value)
    invariants = _shape_invariants(options.get("shape_invariants"), state)
    if "undefined" in kinds:
        _define_in_body(body_fn, lead, state, kinds, initial, invariants)
    var_index = [i for i, k in enumerate(kinds) if k == "var"]
    loop_vars = list(lead) + [initial[i] if _is_composite(initial[i]) else convert_to_tensor(initial[i])
                              for i in var_index]
    shapes = ([None] * len(lead)) + [invariants.get(i) for i in var_index]

    def full(values):
        """The whole state from the loop variables' values."""
        values = list(values)
        s = list(state)
        for k, i in enumerate(var_index):
            s[i] = values[len(lead) + k]
        for i, kind in enumerate(kinds):
            if kind == "undefined":
                s[i] = Undefined(names[i])
        return values[:len(lead)], s

    def cond(*values):
        c, s = full(values)
        return test_fn(*c, *s)

    def body(*values):
        c, s = full(values)
        out = body_fn(*c, *s)
        new_lead, new_state = list(out[:len(lead)]), list(out[len(lead):])
        result = new_lead
        for k, i in enumerate(var_index):
            result.append(_checked_output(names[i], new_state[i], loop_vars[len(lead) + k],
                                          shapes[len(lead) + k], where))
        for i, kind in enumerate(kinds):
            if kind == "python" and new_state[i] is not state[i]:
                raise ValueError(f"'{names[i]}' is a Python value ({type(state[i]).__name__}) "
                                 f"that the loop at line {where} changes; a loop over a tensor "
                                 f"runs in the graph and can only change tensors. Make it a "
                                 f"tensor before the loop.")
        return result

    explicit = any(s is not None for s in shapes)
    # A composite (kiln.TensorArray) knows its own invariants; its entry is a placeholder.
    outputs = _while_loop(cond, body, loop_vars,
                          shape_invariants=[TensorShape(None) if _is_composite(v) else
                                            s if s is not None else v.shape
                                            for s, v in zip(shapes, loop_vars)] if explicit else None,
                          maximum_iterations=options.get("maximum_iterations"))
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    _, result = full(outputs)
    for i, kind in enumerate(kinds):
        if kind == "undefined":
            result[i] = Undefined(names[i], ValueError(
                f"'{names[i]}' must be defined before the loop (line {where}): the loop gives "
                f"it no value when it runs no iteration"))
    return tuple(result)


def _is_number(value):
    return isinstance(value, (numbers.Number, np.generic, np.ndarray)) and not isinstance(value, str)


def _shape_invariants(pairs, state):
    """{state index: TensorShape} from set_loop_options' (value, shape) pairs."""
    out = {}
    for value, shape in pairs or ():
        for i, v in enumerate(state):
            if v is value:
                out[i] = TensorShape(shape)
    return out


def _define_in_body(body_fn, lead, state, kinds, initial, invariants):
    """Traces the body once, in a region nothing can use, to find what the variables
    without a value become; those it defines start as zeros of that dtype and shape."""
    from .._array_ops import zeros
    graph = get_default_graph()
    start = graph._open_region()
    try:
        out = body_fn(*lead, *state)
    finally:
        graph._close_region(start, len(graph._ops))
    Undefined = _undefined_types()
    for i, kind in enumerate(kinds):
        value = out[len(lead) + i]
        if kind != "undefined" or isinstance(value, Undefined):
            continue
        if not (isinstance(value, _TENSORS) or _is_number(value)):
            continue
        value = value if isinstance(value, _TENSORS) else convert_to_tensor(value)
        shape = value.shape
        dims = [] if shape.rank is None else [0 if d is None else d for d in shape.as_list()]
        kinds[i] = "var"
        initial[i] = zeros(dims, value.dtype)
        invariants.setdefault(i, shape)


def _checked_output(name, value, var, invariant, where):
    """A body's new value of loop variable `name`, checked as TF checks it."""
    Undefined = _undefined_types()
    if isinstance(value, Undefined):
        raise ValueError(f"'{name}' must be defined in every iteration of the loop at line "
                         f"{where}: the body left it without a value")
    if _is_composite(var):
        if type(value) is not type(var):
            raise TypeError(f"'{name}' is a {type(var).__name__} before the loop, but a "
                            f"{type(value).__name__} after one iteration (the loop at line {where})")
        return value  # while_loop checks its tensors
    value = convert_to_tensor(value, dtype=var.dtype) if not isinstance(value, _TENSORS) else value
    if value.dtype != var.dtype:
        raise TypeError(f"'{name}' has dtype {var.dtype.name} before the loop, but dtype "
                        f"{value.dtype.name} after one iteration (the loop at line {where}). "
                        f"Cast it to one dtype before the loop.")
    allowed = invariant if invariant is not None else var.shape
    if not TensorShape(allowed).is_compatible_with(value.shape) or (
            invariant is None and value.shape.rank is not None and var.shape.rank is not None
            and any(a is not None and b is None for a, b in zip(var.shape.as_list(),
                                                                value.shape.as_list()))):
        raise ValueError(f"'{name}' has shape {var.shape} before the loop, but shape "
                         f"{value.shape} after one iteration (the loop at line {where}). Use "
                         f"kiln.autograph.experimental.set_loop_options to set shape invariants.")
    return value
