"""NumPy behaviour on kiln tensors: ``experimental_enable_numpy_behavior``
(TF's switch, for the whole process) and ``numpy_behavior()`` (kiln's: the
same for one ``with`` block, then everything is as it was).

While it is on, eager and symbolic tensors have the ndarray methods TF gives
them then (``T``, ``reshape``, ``astype``, ``ravel``, ``flatten``,
``tolist``, ``clip``, ``max``, ``mean``, ``min``, ``transpose``, ``size``,
``data``, unary ``+``, ``round()``; kiln adds ``sum``), operators promote
by NumPy's rules (``int32 + int64`` is int64, ``float32 + 1.5`` stays
float32, ``int32 + 1.5`` is float64) instead of TF's, and a list, integer
array or tensor, or boolean mask indexes the first axis (``t[[2, 0]]``,
``t[t > 0]``). ``prefer_float32=True`` makes Python floats float32 where
they stand alone. It is process-wide, as TF's (not per thread).
"""

import contextlib
import threading

import numpy as np

from .._eager_tensor import EagerTensor
from .._symbolic_tensor import SymbolicTensor
from ..cast_ops import cast
from . import _arrays, _dispatch
from ._ufuncs import UFUNCS

__all__ = ["experimental_enable_numpy_behavior", "numpy_behavior"]

_CLASSES = (EagerTensor, SymbolicTensor)
_MISSING = object()
_lock = threading.Lock()
_saved = {}  # (class, name) -> the attribute numpy behavior replaced (or _MISSING)
_api = {}    # filled by _np/__init__.py: kiln.experimental.numpy's functions


def _fn(name):
    def method(self, *args, **kwargs):
        return _api[name](self, *args, **kwargs)
    method.__name__ = name
    return method


def _reshape(self, *shape, order="C"):
    if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
        shape = shape[0]
    return _api["reshape"](self, shape, order=order)


def _transpose(self, *axes):
    if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (list, tuple))):
        axes = axes[0]
    return _api["transpose"](self, axes or None)


def _tolist(self):
    return np.asarray(self).tolist()


def _binary(ufunc, reflected):
    entry = UFUNCS[ufunc]

    def method(self, other):
        return entry(other, self) if reflected else entry(self, other)
    return method


def _getitem(original):
    """NumPy's indexing of the first axis by a list, integer array or tensor, or a boolean mask;
    everything else as before (basic indexing)."""
    def getitem(self, key):
        if isinstance(key, (list, np.ndarray)) or _arrays.is_tensor(key):
            index = _arrays.asarray(key)
            if index.dtype.is_bool:
                from ..index_ops import boolean_mask
                return boolean_mask(self, index)
            if index.dtype.is_integer:
                return _api["take"](self, index, axis=0)
        return original(self, key)
    return getitem


def _methods(cls):
    methods = {
        "T": property(lambda self: _api["transpose"](self)),
        "data": property(lambda self: self),
        "size": property(lambda self: _api["size"](self)),
        "__pos__": lambda self: self,
        "__round__": lambda self, ndigits=None: _api["around"](self, ndigits or 0),
        "astype": lambda self, dtype: cast(self, _arrays.kiln_dtype(dtype)),
        "reshape": _reshape, "transpose": _transpose, "tolist": _tolist,
        "__getitem__": _getitem(cls.__getitem__),
    }
    for name in ("ravel", "flatten", "clip", "max", "min", "mean", "sum"):
        methods[name] = _fn(name)
    operators = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "truediv": np.true_divide,
                 "floordiv": np.floor_divide, "mod": np.remainder, "pow": np.power}
    for dunder, ufunc in operators.items():
        methods[f"__{dunder}__"] = _binary(ufunc, False)
        methods[f"__r{dunder}__"] = _binary(ufunc, True)
    for dunder, ufunc in {"lt": np.less, "le": np.less_equal, "gt": np.greater,
                          "ge": np.greater_equal}.items():
        methods[f"__{dunder}__"] = _binary(ufunc, False)
    return methods


def _turn_on():
    if _saved:
        return
    for cls in _CLASSES:
        for name, value in _methods(cls).items():
            _saved[(cls, name)] = cls.__dict__.get(name, _MISSING)
            setattr(cls, name, value)
    _dispatch.numpy_behavior_on[0] = True


def _turn_off():
    for (cls, name), value in _saved.items():
        if value is _MISSING:
            delattr(cls, name)
        else:
            setattr(cls, name, value)
    _saved.clear()
    _dispatch.numpy_behavior_on[0] = False


def experimental_enable_numpy_behavior(prefer_float32=False, dtype_conversion_mode="legacy"):
    """Turns on NumPy behaviour for the rest of the process (TF's switch; see the module doc).
    prefer_float32: Python floats standing alone become float32, not float64."""
    if dtype_conversion_mode not in ("legacy", "all", "safe", "off"):
        raise ValueError(f"dtype_conversion_mode must be 'legacy', 'all', 'safe' or 'off', got "
                         f"{dtype_conversion_mode!r}.")
    with _lock:
        _arrays.set_prefer_float32(prefer_float32)
        _turn_on()


@contextlib.contextmanager
def numpy_behavior(prefer_float32=False):
    """NumPy behaviour for the ``with`` block only (kiln's; TF has only the global switch).
    Afterwards tensors, operators and the float default are as they were before the block."""
    with _lock:
        was_on, was_float32 = bool(_saved), _arrays.prefer_float32()
        _arrays.set_prefer_float32(prefer_float32)
        _turn_on()
    try:
        yield
    finally:
        with _lock:
            _arrays.set_prefer_float32(was_float32)
            if not was_on:
                _turn_off()


def install(api):
    _api.update(api)

