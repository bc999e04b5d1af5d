"""Python values to tensors: ``constant`` and ``convert_to_tensor``.

TensorFlow 2.x's rules (see docs/semantics.md): Python ints become int32, or
int64 where int32 is too small; floats become float32; bools stay bool;
complex numbers become complex128; NumPy arrays keep their dtype. A NumPy
array that is read-only, C-contiguous and 64-byte aligned is adopted without a
copy; any other is copied, so writing to it later cannot change the tensor.
"""

import numbers

import ml_dtypes
import numpy as np

from . import _core
from . import dtypes
from ._graph import get_default_graph
from ._graph_state import building_graph
from ._shape_args import holds_symbolic, pack
from ._symbolic_tensor import SymbolicTensor

_EagerTensor = _core.EagerTensor
_INT32 = np.iinfo(np.int32)
_BF16 = np.dtype(ml_dtypes.bfloat16)


def _describe(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _tensor_from_ndarray(array, own=False):
    """A tensor from an ndarray of a kiln dtype; `own`: nobody else can see `array`."""
    if not array.dtype.isnative:
        array, own = array.astype(array.dtype.newbyteorder("=")), True
    if own:
        array.flags.writeable = False  # ours alone: safe to adopt instead of copying
    if array.dtype == _BF16:
        return _core._from_buffer(array.view(np.uint16), dtypes.bfloat16._code)
    return _core._from_buffer(array)


def _ndarray_dtype(array, value):
    try:
        return dtypes.as_dtype(array.dtype)
    except TypeError:
        kind = ("strings" if array.dtype.kind in "USa" else
                "Python objects" if array.dtype.kind == "O" else f"dtype {array.dtype}")
        raise TypeError(
            f"Cannot convert {_describe(value)} to a kiln tensor: NumPy arrays of {kind} have no "
            f"kiln dtype. kiln tensors hold bool, integer, float and complex numbers.") from None


def _infer_python_dtype(value, objects):
    """The dtype TF infers for nested Python scalars; `objects` is their object ndarray."""
    kinds = set()
    for item in objects.flat:
        if isinstance(item, (bool, np.bool_)):
            kinds.add("bool")
        elif isinstance(item, (numbers.Integral,)):
            kinds.add("int")
        elif isinstance(item, numbers.Real):
            kinds.add("float")
        elif isinstance(item, numbers.Complex):
            kinds.add("complex")
        elif isinstance(item, (list, tuple)):
            raise ValueError(
                f"Can't convert non-rectangular Python sequence to Tensor: the lists in "
                f"{_describe(value)} have different lengths. Make every row the same length.")
        elif isinstance(item, (str, bytes)):
            raise TypeError(
                f"Cannot convert {_describe(value)} to a kiln tensor: it holds strings "
                f"({item!r}); kiln tensors hold numbers and bools.")
        else:
            raise ValueError(
                f"Attempt to convert a value ({_describe(item)}) with an unsupported type "
                f"({type(item)}) to a Tensor.")
    if "bool" in kinds and len(kinds) > 1:
        raise ValueError(
            f"Can't convert Python sequence with mixed types to Tensor: {_describe(value)} mixes "
            f"bools with numbers. Use all bools, or all numbers.")
    if "complex" in kinds:
        return dtypes.complex128
    if "float" in kinds:
        return dtypes.float32
    if "int" in kinds:
        return None  # int32 or int64, decided by range
    return dtypes.bool if kinds else dtypes.float32  # [] is float32, as in TF


def _python_to_ndarray(value, dtype):
    """Nested Python numbers to an ndarray of `dtype` (or the inferred dtype)."""
    try:
        objects = np.array(value, dtype=object)
    except ValueError as e:  # NumPy refuses some ragged nestings outright
        raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: "
                         f"{_describe(value)} ({e}).") from None
    inferred = _infer_python_dtype(value, objects)
    if objects.size == 0:  # no values to check: any dtype holds them
        return np.zeros(objects.shape, (dtype or inferred or dtypes.int32).as_numpy_dtype)
    if inferred is None:  # integers: int64 holds every Python int TF accepts
        source = dtypes.int64
        try:
            wide = objects.astype(np.int64)
        except OverflowError:
            wide = None
            if dtype == dtypes.uint64:  # values in [2**63, 2**64) fit only uint64
                try:
                    wide, source = objects.astype(np.uint64), dtypes.uint64
                except OverflowError:
                    pass
            if wide is None:
                raise ValueError(
                    f"Can't convert Python sequence with out-of-range integer to Tensor: "
                    f"{_describe(value)} does not fit in "
                    f"{'uint64' if dtype == dtypes.uint64 else 'int64'}.") from None
        if dtype is None:
            fits32 = wide.size == 0 or (wide.min() >= _INT32.min and wide.max() <= _INT32.max)
            return wide.astype(np.int32) if fits32 else wide
    else:
        # Python floats and complex numbers are double precision: keep them so
        # until the final cast, which checks the range.
        source = {dtypes.float32: dtypes.float64}.get(inferred, inferred)
        wide = objects.astype(source.as_numpy_dtype)
    target = inferred if dtype is None else dtype
    return _cast_python_values(wide, source, target, value)


def _cast_python_values(array, source, dtype, value):
    """Python values to a requested dtype: exact or an error, never a silent change."""
    if dtype == source:
        return array
    bad = TypeError(f"Cannot convert {_describe(value)} to EagerTensor of dtype {dtype.name}")
    if dtype.is_bool and not source.is_bool:
        raise bad
    if dtype.is_integer:
        if source.is_floating or source.is_complex:
            raise bad
        info = np.iinfo(dtype.as_numpy_dtype)
        if source.is_integer and array.size and (
                int(array.min()) < info.min or int(array.max()) > info.max):
            raise TypeError(f"Cannot convert {_describe(value)} to EagerTensor of dtype "
                            f"{dtype.name}: the values must lie in [{info.min}, {info.max}].")
    if source.is_complex and not dtype.is_complex:
        raise bad
    with np.errstate(over="ignore"):
        out = array.astype(dtype.as_numpy_dtype)
    if dtype.is_floating and np.any(np.isinf(out) & np.isfinite(array)):
        raise ValueError(f"Cannot convert {_describe(value)} to EagerTensor of dtype "
                         f"{dtype.name}: a value is out of range for {dtype.name}.")
    return out


def _to_ndarray(value, dtype):
    """Any supported value to (ndarray of the final dtype, whether nobody else sees it)."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        _ndarray_dtype(array, value)
        if dtype is None or array.dtype == dtype.as_numpy_dtype:
            return array, False
        return array.astype(dtype.as_numpy_dtype), True  # as TF: a NumPy cast
    if isinstance(value, (bool, int, float, complex, list, tuple)):
        return _python_to_ndarray(value, dtype), True
    if isinstance(value, range):  # a sequence of Python ints: int32 where they fit (TF)
        return _python_to_ndarray(list(value), dtype), True
    if isinstance(value, (str, bytes)):
        raise TypeError(f"Cannot convert {_describe(value)} to a kiln tensor: it holds strings; "
                        f"kiln tensors hold numbers and bools (TF's tf.string has no kiln "
                        f"counterpart).")
    # Anything else array-like (memoryview, torch tensors, objects with __array__).
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - any failure means "not convertible"
        array = None
    if array is None or array.dtype == object:
        raise ValueError(f"Attempt to convert a value ({_describe(value)}) with an unsupported "
                         f"type ({type(value)}) to a Tensor.")
    return _to_ndarray(array, dtype)


_SCALAR_TYPES = (bool, int, float, complex)


def _convert(value, dtype, shape, op, tensor_dtype_error):
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if shape is None and type(value) in _SCALAR_TYPES:
        # The C++ fast path; None means "not certain": the general path decides.
        t = _core._from_python_scalar(value, -1 if dtype is None else dtype._code)
        if t is not None:
            return t
    if getattr(type(value), "_kiln_tensor_like", False):  # a kiln.Variable: its value
        value = value._kiln_tensor()
    if isinstance(value, _EagerTensor):
        if dtype is not None and dtype != value.dtype:
            raise tensor_dtype_error(value, dtype)
        if shape is None:
            return value
        array, own = np.asarray(value), False
    else:
        array, own = _to_ndarray(value, dtype)
    if shape is not None:
        array, own = _reshape(array, shape, value, op), True
    return _tensor_from_ndarray(array, own)


def _reshape(array, shape, value, op):
    from ._tensor_shape import as_shape
    target = as_shape(shape)
    if not target.is_fully_defined():
        raise TypeError(f"{op} needs a fully defined shape, got {target}.")
    dims = tuple(target.as_list())
    n = target.num_elements()
    if array.size == n:
        return np.array(array.reshape(dims))
    if array.size == 1:
        return np.full(dims, array.reshape(()), dtype=array.dtype)
    raise TypeError(
        f"Eager execution of kiln.{op} with unsupported shape. Tensor {array} (converted from "
        f"{_describe(value)}) has {array.size} elements, but got `shape` {target} with {n} "
        f"elements). Pass as many values as the shape has elements, or a single value to fill it.")


def _constant_dtype_error(tensor, wanted):
    return TypeError(f"Expected tensor {np.asarray(tensor)} with dtype {wanted!r}, but got dtype "
                     f"{tensor.dtype!r}. Cast it first with kiln.cast (or pass "
                     f"dtype={tensor.dtype.name}).")


def _convert_dtype_error(tensor, wanted):
    return ValueError(f"Tensor conversion requested dtype {wanted.name} for Tensor with dtype "
                      f"{tensor.dtype.name}: {tensor!r}. Cast it with kiln.cast first.")


def constant(value, dtype=None, shape=None, name=None):
    """Creates a constant tensor from a Python value, a NumPy array or a tensor.

    Dtype inference follows TensorFlow 2.x: int → int32 (int64 if needed), float →
    float32, bool → bool, complex → complex128, NumPy arrays keep theirs. With
    `shape`, the values are reshaped, or a single value fills the shape.
    """
    if shape is None and type(value) in _SCALAR_TYPES:
        t = _core._from_python_scalar(value, -1 if dtype is None else dtypes.as_dtype(dtype)._code)
        if t is not None:
            return _graph_constant(t, name) if building_graph() else t
    if isinstance(value, SymbolicTensor):
        raise TypeError(f"kiln.constant needs a value, and {value.name} is a symbolic tensor "
                        f"(it has none until its graph runs). Use it directly, or kiln.identity.")
    t = _convert(value, dtype, shape, "constant", _constant_dtype_error)
    return _graph_constant(t, name) if building_graph() else t


# NumPy's dtype object for each kiln dtype NumPy has natively (not bfloat16,
# whose buffers carry no format NumPy's buffer protocol names).
_NATIVE_NUMPY_DTYPES = {d: np.dtype(d.as_numpy_dtype) for d in dtypes._ALL
                        if d is not None and d is not dtypes.bfloat16}


def borrowed(value, dtype, op):
    """An eager tensor over `value`'s memory, without a copy, when `value` is an
    ndarray of exactly `dtype`; None otherwise. For values used during one call
    only (feeds, function arguments): the caller copies results that alias it."""
    if type(value) is np.ndarray and value.dtype is _NATIVE_NUMPY_DTYPES.get(dtype):
        return _core._from_buffer(value, -1, True, op, True)
    return None


def eager_tensor(value, dtype=None):
    """`value` as an eager tensor even while a graph is built (for values kiln
    keeps, such as cached scalars; a graph converts them to Const nodes on use)."""
    return _convert(value, dtype, None, "convert_to_tensor", _convert_dtype_error)


def _graph_constant(tensor, name):
    """While building a graph: a Const node of the default graph holding `tensor`."""
    return get_default_graph()._constant(tensor, name)._outputs[0]


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Converts a tensor, NumPy array or Python value to a tensor (tensors pass through)."""
    t = convert_operand(value, dtype, dtype_hint)
    if t is not value and type(t) is _EagerTensor and building_graph():
        return _graph_constant(t, name)
    return t  # an eager tensor given stays eager (a graph makes it a Const where it is used)


def convert_operand(value, dtype=None, dtype_hint=None):
    """convert_to_tensor for an input of the op about to be called: a value
    stays an eager tensor while a graph is built, and the graph adds its Const
    node with the op, named after the op and the input ("mul/y"), as TF names it."""
    if type(value) is _EagerTensor and (dtype is None or value.dtype == dtype):
        return value
    if isinstance(value, SymbolicTensor):
        if dtype is not None and dtypes.as_dtype(dtype) != value.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} "
                             f"for Tensor with dtype {value.dtype.name}: {value!r}. Cast it with "
                             f"kiln.cast first.")
        return value
    if getattr(type(value), "_kiln_tensor_like", False):  # a kiln.Variable: its value
        return convert_operand(value._kiln_tensor(), dtype, dtype_hint)
    if isinstance(value, (list, tuple)) and value and holds_symbolic(value):
        # A list of symbolic tensors (and values): packed into one, as TF packs it.
        return pack(value, dtype if dtype is not None else None)
    t = None
    if dtype is None and dtype_hint is not None and not isinstance(value, _EagerTensor):
        try:
            t = _convert(value, dtype_hint, None, "convert_to_tensor", _convert_dtype_error)
        except (TypeError, ValueError):
            pass
    if t is None:
        t = _convert(value, dtype, None, "convert_to_tensor", _convert_dtype_error)
    return t
