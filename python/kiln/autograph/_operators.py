"""What converted code calls (as ``ag__.name``): each operator looks at its
condition or iterable once the function is traced and picks Python control
flow (a Python value: the code runs as written, loops unrolled) or graph
control flow (a symbolic tensor: ``kiln.cond`` / ``kiln.while_loop``, so the
choice is made when the graph runs, inside the plan).

An if or loop is a function of its "state": the variables it assigns, passed
in and returned as a tuple. A variable with no value on some path is an
``Undefined`` object that raises TF's error when it is used, not before:
TF raises only for variables used afterwards, and so does kiln.
"""

import builtins

from .. import _graph_state, dtypes, nest
from .._control_flow import cond as _cond
from .._eager_tensor import EagerTensor
from .._graph import get_default_graph
from .._symbolic_tensor import SymbolicTensor
from . import _loops as loops

__all__ = ["Undefined", "UndefinedReturnValue", "and_", "assert_stmt", "converted", "converted_call",
           "for_stmt", "if_exp", "if_stmt", "ld", "not_", "or_", "retval", "while_stmt"]


class Undefined:
    """The value of a variable with none on this path; using it raises `error`."""

    __slots__ = ("name", "error")

    def __init__(self, name, error=None):
        self.name = name
        self.error = error or UnboundLocalError(
            f"local variable '{name}' referenced before assignment")

    def _fail(self, *args, **kwargs):
        raise self.error

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # protocol lookups (copy, pickle) see a plain object
        self._fail()

    def __repr__(self):
        return f"<undefined '{self.name}'>"

    __bool__ = __iter__ = __len__ = __index__ = __int__ = __float__ = __call__ = _fail
    __getitem__ = __array__ = __neg__ = __pos__ = __abs__ = __invert__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = _fail
    __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = _fail
    __rpow__ = __matmul__ = __rmatmul__ = __lt__ = __le__ = __gt__ = __ge__ = _fail
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _fail


class UndefinedReturnValue(Undefined):
    """The return value before a return ran (a function that returns nothing gives None)."""

    def __init__(self):
        super().__init__("retval_")


def retval(value):
    """What a converted function returns: None when no return ran; a variable with no
    value raises the error that says why."""
    if isinstance(value, UndefinedReturnValue):
        return None
    _check_defined(value)
    return value


def _check_defined(value):
    if isinstance(value, Undefined):
        raise value.error
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_defined(v)
    elif isinstance(value, dict):
        for v in value.values():
            _check_defined(v)


def converted(func):
    """Marks a function defined inside converted code: it is converted already."""
    func.__kiln_converted__ = True
    return func


def display_name(name):
    """A generated variable as TF names it in errors."""
    return {"__kiln_retval": "retval_", "__kiln_do_return": "do_return"}.get(name, name)


def ld(read, name):
    """A variable's value, or Undefined when it has none yet."""
    try:
        return read()
    except NameError:  # UnboundLocalError too
        return Undefined(name)


def is_tensor(value):
    """Whether `value` decides graph control flow: a symbolic tensor."""
    return isinstance(value, SymbolicTensor)


# ---- expressions ----

def not_(value):
    if is_tensor(value):
        from ..unary_ops import logical_not
        return logical_not(value)
    return not value


def and_(left, right):
    a = left()
    if is_tensor(a):
        return _cond(a, lambda: _bool_tensor(right()), lambda: a)
    return a and right()


def or_(left, right):
    a = left()
    if is_tensor(a):
        return _cond(a, lambda: a, lambda: _bool_tensor(right()))
    return a or right()


def _bool_tensor(value):
    from .._convert import convert_to_tensor
    return convert_to_tensor(value, dtype=dtypes.bool)


def if_exp(test, body, orelse):
    if is_tensor(test):
        return _cond(test, body, orelse)
    return body() if test else orelse()


def assert_stmt(test, message, where):
    if is_tensor(test):
        from ..debugging import Assert
        data = [message()] if message is not None else ["Assertion failed"]
        return Assert(test, data)
    if not test:
        raise AssertionError(message()) if message is not None else AssertionError()
    return None


def converted_call(f, args, kwargs, where):
    from . import _conversion as conversion
    return conversion.call(f, args, kwargs)


# ---- if ----

def if_stmt(test, true_fn, false_fn, state, names, true_names, false_names, where):
    if not is_tensor(test):
        return true_fn(*state) if test else false_fn(*state)
    return _tensor_if(test, true_fn, false_fn, state, names, set(true_names), set(false_names),
                      where)


def _tensor_if(test, true_fn, false_fn, state, names, true_names, false_names, where):
    # A variable is an output when it has a value either way; the others stay
    # undefined after the if and raise TF's error if used.
    outputs, missing = [], {}
    for i, (name, value) in enumerate(zip(names, state)):
        if not isinstance(value, Undefined) or (name in true_names and name in false_names):
            outputs.append(i)
        elif isinstance(value, UndefinedReturnValue):
            outputs.append(i)  # a return in one branch: the other gives a placeholder
        else:
            branch = "else" if name in true_names else "main"
            missing[i] = ValueError(f"'{name}' must also be initialized in the {branch} branch "
                                    f"(the if at line {where}), as it is used after the if")
    # The branch that may return runs first, so the other can match its structure.
    swap = any(isinstance(state[i], UndefinedReturnValue) and names[i] in false_names
               and names[i] not in true_names for i in outputs)
    first_fn, second_fn = (false_fn, true_fn) if swap else (true_fn, false_fn)
    first_name, second_name = ("else", "main") if swap else ("main", "else")
    traced = {}

    def first():
        result = first_fn(*state)
        traced["first"] = [result[i] for i in outputs]
        return _branch_outputs(traced["first"], None, outputs, names, first_name, where)

    def second():
        result = second_fn(*state)
        mine = [result[i] for i in outputs]
        return _branch_outputs(mine, traced["first"], outputs, names, second_name, where)

    from ..unary_ops import logical_not
    values = _cond(logical_not(test) if swap else test, first, second)
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    result = list(state)
    for i, v in zip(outputs, values):
        result[i] = v
    for i, error in missing.items():
        result[i] = Undefined(names[i], error)
    return tuple(result)


def _branch_outputs(values, other, outputs, names, branch, where):
    """A branch's values for the cond: an unset return value becomes zeros shaped like
    the other branch's; Python values unchanged by the branch stay out of the graph."""
    out = []
    for k, (i, v) in enumerate(zip(outputs, values)):
        if isinstance(v, UndefinedReturnValue):
            if other is None or isinstance(other[k], Undefined):
                v = None
            else:
                v = _placeholder_like(other[k])
        elif isinstance(v, Undefined):
            raise ValueError(f"'{display_name(names[i])}' must also be initialized in the "
                             f"{branch} branch (the if at line {where})")
        if other is not None and not _same_structure(v, other[k]):
            raise TypeError(f"'{display_name(names[i])}' must have the same nested structure in "
                            f"the main and else branches (line {where}): "
                            f"{_describe(other[k])} and {_describe(v)}")
        out.append(v)
    return tuple(out)


def _placeholder_like(value):
    """Zeros shaped like each tensor of `value` (a nest); other leaves as they are."""
    from .._array_ops import zeros

    def like(leaf):
        if isinstance(leaf, (SymbolicTensor, EagerTensor)):
            shape = leaf.shape
            return zeros([0 if d is None else d for d in shape.as_list()]
                         if shape.rank is not None else [], leaf.dtype)
        return leaf
    return nest.map_structure(like, value)


def _same_structure(a, b):
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(_same_structure(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b) and all(
            _same_structure(a[k], b[k]) for k in a)
    return (a is None) == (b is None)


def _describe(value):
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(value)}"
    return "None" if value is None else "a single value"


# ---- loops ----

def while_stmt(test_fn, body_fn, state, names, options, where):
    test = test_fn(*state)
    if not is_tensor(test):
        while test:
            state = body_fn(*state)
            test = test_fn(*state)
            if is_tensor(test):
                raise NotImplementedError(
                    f"The while loop at line {where} started as a Python loop (its condition "
                    f"was a Python value), and its condition became a tensor. Make it a "
                    f"tensor from the start (e.g. kiln.constant) to loop in the graph.")
        return state
    return loops.tensor_loop(test_fn, body_fn, None, state, names,
                             options, where)


def for_stmt(iterable, extra_test, body_fn, state, names, options, where):
    if isinstance(iterable, EagerTensor) and _graph_state.building_graph():
        iterable = get_default_graph()._constant(iterable)._outputs[0]  # a captured constant
    if is_tensor(iterable):
        return loops.tensor_for(iterable, extra_test, body_fn, state, names, options, where)
    if _graph_state.building_graph() and _is_dataset(iterable):
        from ..data._graph_iteration import dataset_for  # a graph loop reading the dataset
        return dataset_for(iterable, extra_test, body_fn, state, names, options, where)
    for item in iterable:
        if extra_test is not None:
            go_on = extra_test(*state)
            if is_tensor(go_on):
                raise NotImplementedError(
                    "break and return statements which depend on a TF condition are not "
                    f"supported in Python for loops (line {where}). Did you intend to make it a "
                    "TF loop? Loop over kiln.range(...) to loop in the graph.")
            if not go_on:
                break
        state = body_fn(item, *state)
    return state


def _is_dataset(value):
    from ..data import Dataset
    return isinstance(value, Dataset)


def _range(*args):
    """builtins.range of tensors in converted code: kiln.range (as TF)."""
    if any(isinstance(a, (SymbolicTensor, EagerTensor)) for a in args):
        from ..creation_ops import range as kiln_range
        return kiln_range(*args)
    return builtins.range(*args)


def _len(value):
    """len() of a symbolic tensor whose length is unknown: a tensor (as TF)."""
    if isinstance(value, SymbolicTensor) and value.shape.rank and value.shape[0] is None:
        from ..shape_ops import shape
        return shape(value)[0]
    return builtins.len(value)


BUILTIN_OVERRIDES = {builtins.range: _range, builtins.len: _len}
