"""NumPy's own functions on symbolic tensors: ``__array_ufunc__`` (NEP 13) and
``__array_function__`` (NEP 18), installed on ``SymbolicTensor``.

``np.sin(t)`` or ``np.sum(t, axis=0)`` on a symbolic tensor builds the op in
``t``'s graph (or the function being traced) with the implementation
``kiln.experimental.numpy`` uses: _ufuncs.UFUNCS for ufuncs, FUNCTIONS below
for the rest. Eager tensors define neither hook, so NumPy converts them and
``np.add(t, 1)`` returns an ndarray, as in TF.

``array + t``: NumPy routes an operator whose left operand is an ndarray or a
NumPy scalar through ``np.add(array, t)``, so ``__array_ufunc__`` cannot tell
the two apart. Both follow TF's operator rule (the constant takes the tensor's
dtype), so TF programs that write ``mean - x`` keep their dtype; tensors among
themselves, and every non-operator ufunc, follow NumPy's promotion.
"""

import numpy as np

from .._symbolic_tensor import SymbolicTensor, _no_value_advice
from . import _arrays
from ._ufuncs import UFUNCS

# ufunc -> the tensor's (forward, reflected) operator methods, for TF's operator rule.
_OPERATORS = {
    np.add: ("__add__", "__radd__"), np.subtract: ("__sub__", "__rsub__"),
    np.multiply: ("__mul__", "__rmul__"), np.true_divide: ("__truediv__", "__rtruediv__"),
    np.floor_divide: ("__floordiv__", "__rfloordiv__"), np.remainder: ("__mod__", "__rmod__"),
    np.power: ("__pow__", "__rpow__"), np.matmul: ("__matmul__", "__rmatmul__"),
    np.bitwise_and: ("__and__", "__rand__"), np.bitwise_or: ("__or__", "__ror__"),
    np.bitwise_xor: ("__xor__", "__rxor__"), np.less: ("__lt__", "__gt__"),
    np.less_equal: ("__le__", "__ge__"), np.greater: ("__gt__", "__lt__"),
    np.greater_equal: ("__ge__", "__le__"), np.equal: ("__eq__", "__eq__"),
    np.not_equal: ("__ne__", "__ne__"),
}

# NumPy function -> kiln implementation; filled by install() from kiln.experimental.numpy.
FUNCTIONS = {}
# ufunc methods other than __call__: (method, ufunc) -> name of the NumPy-API function.
_METHODS = {
    ("reduce", np.add): "sum", ("reduce", np.multiply): "prod", ("reduce", np.maximum): "max",
    ("reduce", np.minimum): "min", ("reduce", np.logical_and): "all",
    ("reduce", np.logical_or): "any", ("accumulate", np.add): "cumsum",
    ("accumulate", np.multiply): "cumprod",
}
_api = {}
numpy_behavior_on = [False]  # set by _behavior.py: operators then follow NumPy's promotion too


def _unsupported_kwargs(name, kwargs, allowed):
    for key, value in kwargs.items():
        if key == "out":
            if all(o is None for o in (value if isinstance(value, tuple) else (value,))):
                continue
            raise TypeError(f"np.{name}(..., out=...) cannot write into a kiln tensor: tensors are "
                            f"immutable, and a symbolic one has no memory yet. Use the returned "
                            f"tensor instead (y = np.{name}(...)).")
        if key == "where":
            if value is True:
                continue
            raise TypeError(f"np.{name}(..., where=mask) is not supported on kiln tensors: NumPy "
                            f"leaves the masked-out elements uninitialised. Compute the full result "
                            f"and choose with np.where(mask, result, other).")
        if key not in allowed:
            raise TypeError(f"np.{name}() on kiln tensors does not support the argument {key}=.")


def _unmapped(what, tensor):
    return (f"Cannot convert a symbolic tensor ({tensor.name}) to a NumPy array: {what} has no "
            f"kiln mapping (kiln maps the functions kiln.experimental.numpy has; docs/numpy.md "
            f"lists them). {_no_value_advice(tensor)}")


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    name = ufunc.__name__
    entry = UFUNCS.get(ufunc)
    if method == "__call__":
        if entry is None:
            raise NotImplementedError(_unmapped(f"np.{name}", self))
        _unsupported_kwargs(name, kwargs,
                            ("dtype", "casting", "order", "subok") + entry.keywords)
        operator = _OPERATORS.get(ufunc)
        if operator is not None and not numpy_behavior_on[0] and len(inputs) == 2:
            a, b = inputs
            if _arrays.is_tensor(a) and isinstance(b, (np.ndarray, np.generic)):
                return getattr(a, operator[0])(b)
            if _arrays.is_tensor(b) and isinstance(a, (np.ndarray, np.generic)):
                return getattr(b, operator[1])(a)
        extra = {k: kwargs[k] for k in entry.keywords if k in kwargs}
        return entry(*inputs, dtype=kwargs.get("dtype"), **extra)
    if method == "outer" and entry is not None and entry.nin == 2:
        _unsupported_kwargs(f"{name}.outer", kwargs, ("dtype",))
        a, b = (_arrays.asarray(x) for x in inputs)
        shape_ops = _api["reshape"]
        if a.shape.rank is None or b.shape.rank is None:
            raise TypeError(f"np.{name}.outer needs the ranks of its inputs while the graph is "
                            f"built; one of them is unknown.")
        a = shape_ops(a, [-1 if d is None else d for d in a.shape.as_list()] + [1] * b.shape.rank)
        return entry(a, b, dtype=kwargs.get("dtype"))
    target = _METHODS.get((method, ufunc))
    if target is None:
        raise TypeError(f"np.{name}.{method} is not supported on kiln tensors. Supported: "
                        f"np.add/multiply/maximum/minimum/logical_and/logical_or.reduce, "
                        f"np.add/multiply.accumulate, and .outer of two-input ufuncs.")
    _unsupported_kwargs(f"{name}.{method}", kwargs, ("axis", "dtype", "keepdims", "initial"))
    kwargs.pop("out", None)
    kwargs.pop("where", None)
    kwargs.setdefault("axis", 0)  # a ufunc's reduce and accumulate default to axis 0
    if kwargs.get("initial") is not None:
        raise TypeError(f"np.{name}.{method}(..., initial=) is not supported on kiln tensors; "
                        f"combine the initial value with the result instead.")
    kwargs.pop("initial", None)
    return _api[target](*inputs, **kwargs)


def _array_function(self, func, types, args, kwargs):
    for t in types:
        if not (issubclass(t, SymbolicTensor) or issubclass(t, np.ndarray)):
            return NotImplemented
    impl = FUNCTIONS.get(func)
    name = getattr(func, "__name__", repr(func))
    if impl is None:
        raise NotImplementedError(_unmapped(f"np.{name}", self))
    _unsupported_kwargs(name, {k: v for k, v in kwargs.items() if k in ("out", "where")}, ())
    kwargs = {k: v for k, v in kwargs.items() if k not in ("out", "where")}
    return impl(*args, **kwargs)


def install(api):
    """Maps NumPy's functions to `api`'s (kiln.experimental.numpy's namespace) by name and
    installs the two protocols on SymbolicTensor."""
    _api.update(api)
    dispatched = type(np.sum)
    for name, impl in api.items():
        numpy_fn = getattr(np, name, None)
        if isinstance(numpy_fn, dispatched) and not isinstance(numpy_fn, np.ufunc):
            FUNCTIONS[numpy_fn] = impl
    SymbolicTensor.__array_ufunc__ = _array_ufunc
    SymbolicTensor.__array_function__ = _array_function
