"""Python methods of ``EagerTensor``, the type of concrete tensors.

The type itself is defined in C++ (kiln._core.EagerTensor); the methods here
are attached to it at import, so there is one tensor type, not a wrapper.
Conversion to NumPy follows docs/conversion.md: ``numpy()`` copies (a
writable array), ``np.asarray(t)`` and ``memoryview(t)`` are read-only views.
"""

import ml_dtypes
import numpy as np

from . import _core
from . import dtypes
from ._tensor_shape import TensorShape

# numpy() and _view() are C++ (python/src/numpy_api.cc); NumPy has no
# bfloat16, so the C++ side is told ml_dtypes' (as TF returns).
_core._register_bfloat16(ml_dtypes.bfloat16)
_CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


class _EagerTensorMethods:
    """Holder of the methods copied onto _core.EagerTensor."""

    __array_priority__ = 100

    @property
    def shape(self):
        """The shape, a fully defined ``TensorShape``."""
        return TensorShape._from_tuple(self._shape_tuple)

    def get_shape(self):
        return self.shape

    @property
    def dtype(self):
        return dtypes._ALL[self._dtype_code]

    @property
    def device(self):
        return _CPU

    @property
    def backing_device(self):
        return _CPU

    @property
    def is_symbolic(self):
        return False

    def __array__(self, dtype=None, copy=None):
        """NumPy's conversion hook, with NumPy 2's ``copy`` rules.

        copy=None: a read-only view when no cast is needed, else a cast copy.
        copy=False: a view, or ValueError when a copy cannot be avoided.
        copy=True: always a new, writable array.
        """
        if copy:
            array = np.array(self._view(), dtype=dtype, copy=True)
            return array
        view = self._view()
        if dtype is None or np.dtype(dtype) == view.dtype:
            return view
        if copy is False:
            raise ValueError(
                f"Unable to avoid copy while creating an array as requested: this tensor is "
                f"{self.dtype.name} and {np.dtype(dtype)} was asked for. Pass copy=None (or "
                f"leave it out) to allow a converting copy, or cast with kiln.cast first.")
        return view.astype(dtype)

    def __repr__(self):
        return f"<kiln.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={_numpy_text(self, True)}>"

    def __str__(self):
        return f"kiln.Tensor({_numpy_text(self, False)}, shape={self.shape}, dtype={self.dtype.name})"

    def __format__(self, format_spec):
        # As TF: NumPy's formatting of the value (a scalar as a 0-d array: f"{t:.2f}").
        return np.asarray(self).__format__(format_spec)

    def _scalar(self, what):
        if self.ndim != 0:
            raise TypeError(
                f"Only a scalar tensor (shape ()) converts to a Python {what}; this one has shape "
                f"{self.shape}. Index it (t[0]) or reduce it first.")
        return self._view()[()]

    def __bool__(self):
        if self._size != 1:
            raise ValueError(
                f"The truth value of a tensor with {self._size} elements (shape {self.shape}) is "
                f"ambiguous. Use kiln.reduce_any(t) or kiln.reduce_all(t).")
        return bool(self._view().reshape(()))

    def __int__(self):
        return int(self._scalar("int"))

    def __float__(self):
        return float(self._scalar("float"))

    def __complex__(self):
        return complex(self._scalar("complex"))

    def __index__(self):
        if not (self.dtype.is_integer or self.dtype.is_bool):
            raise TypeError(
                f"Only integer tensors can be used as an index; this one is {self.dtype.name}. "
                f"Cast it with kiln.cast(t, kiln.int64) first.")
        return int(self._scalar("int"))

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        index = self._index
        return (index(i) for i in range(self._shape_tuple[0]))

    def __copy__(self):
        return self  # immutable

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        from ._convert import constant
        return constant, (self.numpy(), self.dtype)


def _numpy_text(tensor, is_repr):
    """TF's numpy_text: a rank-0 repr shows the Python value (3.5, not np.float32(3.5))."""
    array = tensor._view()
    if array.ndim == 0:
        text = repr(array[()].item()) if is_repr else str(array[()])
    else:
        text = repr(array) if is_repr else str(array)
    return "\n" + text if "\n" in text else text


def _install():
    for name, member in vars(_EagerTensorMethods).items():
        if not (name.startswith("__") and name in ("__module__", "__dict__", "__weakref__",
                                                   "__doc__", "__qualname__")):
            setattr(_core.EagerTensor, name, member)
    _core.EagerTensor.__module__ = "kiln"


_install()
EagerTensor = _core.EagerTensor
