"""``kiln.TensorArray``: a list of tensors of one dtype and shape, as TF's ``tf.TensorArray``.

An immutable Python object around one *buffer* tensor of shape
``[size, *element_shape]``: ``write`` returns a new array whose buffer has the
element replaced (``tensor_scatter_nd_update``; a ``dynamic_size`` array grows
by a concat), ``read``/``gather``/``stack``/``concat`` index or reshape it. To a
graph the array is that one tensor, so a ``kiln.while_loop`` carries it as a
loop variable and a ``kiln.cond`` returns it (the composite protocol of
_control_flow.py), and a loop that fills an array runs inside the plan.

An array made before its element shape is fully known starts from a
*placeholder* buffer of shape ``[size, 0]`` (no elements, but the size); the
first write gives the buffer its real shape. Inside a loop body that write
cannot know whether an earlier iteration already did, so it decides when it
runs: a cond on whether the buffer holds any element.

Each write copies the buffer (kiln tensors are immutable), so filling an
array of n elements in a loop costs O(n^2) element copies; TF's TensorList
updates in place.
"""

from . import _graph_state, dtypes, errors
from ._control_flow import cond
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._graph_build_ops import no_op
from ._static_value import get_static_value
from ._symbolic_tensor import SymbolicTensor
from ._array_ops import zeros
from .cast_ops import cast
from .index_ops import gather, tensor_scatter_nd_update
from .creation_ops import range as _range
from .math_ops import less, maximum
from .reduction_ops import reduce_max
from .shape_ops import concat, ensure_shape, expand_dims, reshape, shape, size
from ._tensor_shape import TensorShape

_DENSE, _PLACEHOLDER, _EITHER = True, False, None  # what the buffer is known to be


class TensorArray:
    """A list of tensors of one dtype and shape that graphs and loops can carry.

    ``write``, ``scatter`` and ``unstack`` return a new TensorArray (use the
    result, as in TF). Elements never written read as zeros once the element
    shape is known. See docs/functions.md for what differs from TF.
    """

    __slots__ = ("_dtype", "_dynamic_size", "_infer_shape", "_static_size", "_element_shape",
                 "_buffer", "_state")

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        # clear_after_read, the names and colocation change nothing here (docs/functions.md).
        del clear_after_read, tensor_array_name, colocate_with_first_write_call, name
        if handle is not None or flow is not None:
            raise NotImplementedError("kiln.TensorArray has no handle or flow tensor (it keeps "
                                      "its elements in one buffer tensor); make it from dtype "
                                      "and size.")
        if size is None:
            raise ValueError("kiln.TensorArray needs a size: the number of elements, or 0 with "
                             "dynamic_size=True for an array that grows as it is written.")
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape)
        size = _int32_scalar(size, "size")
        static = get_static_value(size)
        self._static_size = None if self._dynamic_size or static is None else int(static)
        if self._element_shape.is_fully_defined():
            self._buffer = zeros([size] + self._element_shape.as_list(), self._dtype)
            self._state = _DENSE
        else:
            self._buffer = zeros([size, 0], self._dtype)
            self._state = _PLACEHOLDER

    # ---- properties ----

    @property
    def dtype(self):
        return self._dtype

    @property
    def element_shape(self):
        return self._element_shape

    @property
    def dynamic_size(self):
        return self._dynamic_size

    def size(self, name=None):
        """The number of elements, an int32 scalar tensor."""
        return shape(self._buffer, name=name)[0]

    def __repr__(self):
        return (f"<kiln.TensorArray dtype={self._dtype.name} element_shape={self._element_shape} "
                f"dynamic_size={self._dynamic_size}>")

    # ---- writing ----

    def write(self, index, value, name="TensorArrayWrite"):
        """A new array with `value` at `index` (growing a dynamic_size array to index + 1)."""
        value = self._convert(value)
        element_shape = self._merged(value.shape)
        i = _int32_scalar(index, "index")
        self._check_write_index(get_static_value(i))
        b = self._materialized(shape(value))
        row = expand_dims(value, 0)
        if self._dynamic_size:
            rows = shape(b)[0]
            def append():  # after a gap of zeros when i > rows
                gap = zeros(concat([reshape(i - rows, [1]), shape(value)], 0), self._dtype)
                return concat([b, gap, row], 0, name=name)
            def overwrite():
                return tensor_scatter_nd_update(b, reshape(i, [1, 1]), row, name=name)
            b = _if_less(i, rows, overwrite, append)
        else:
            b = tensor_scatter_nd_update(b, reshape(i, [1, 1]), row, name=name)
        return self._with(b, element_shape)

    def scatter(self, indices, value, name="TensorArrayScatter"):
        """A new array with ``value[k]`` at ``indices[k]``."""
        value = self._convert(value)
        if value.shape.rank == 0:
            raise ValueError("TensorArray.scatter needs a value of rank >= 1 (one row per index), "
                             "got a scalar.")
        element_shape = self._merged(value.shape[1:])
        indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
        indices = indices if indices.dtype == dtypes.int32 else cast(indices, dtypes.int32)
        static = get_static_value(indices)
        for i in () if static is None else static.reshape(-1).tolist():
            self._check_write_index(i)
        b = self._materialized(shape(value)[1:])
        if self._dynamic_size:  # grow to the largest index + 1 first
            rows = shape(b)[0]
            needed = maximum(rows, reduce_max(concat([indices + 1, [0]], 0)))
            b = _if_less(rows, needed, lambda: concat(
                [b, zeros(concat([reshape(needed - rows, [1]), shape(b)[1:]], 0), self._dtype)], 0),
                lambda: b)
        b = tensor_scatter_nd_update(b, expand_dims(indices, 1), value, name=name)
        return self._with(b, element_shape)

    def unstack(self, value, name="TensorArrayUnstack"):
        """A new array whose elements are the rows of `value` (written from index 0)."""
        value = self._convert(value)
        if value.shape.rank == 0:
            raise ValueError("TensorArray.unstack needs a value of rank >= 1, got a scalar.")
        rows, size_now = value.shape[0], self._static_rows()
        if rows is not None and not self._dynamic_size and size_now is not None and rows > size_now:
            raise self._error(ValueError, f"Cannot unstack {rows} tensors into a TensorArray of "
                                          f"static size {size_now}; make it with size={rows}, or "
                                          f"with dynamic_size=True.")
        if size_now is not None and (rows == size_now or (self._dynamic_size and size_now == 0)):
            # Every element is replaced: the value is the new buffer, no copy.
            return self._with(value, self._merged(value.shape[1:]))
        return self.scatter(_range(shape(value)[0]), value, name=name)

    # ---- reading ----

    def read(self, index, name="TensorArrayRead"):
        """The element at `index`."""
        i = _int32_scalar(index, "index")
        static = get_static_value(i)
        size_now = self._static_rows()
        if static is not None and static < 0:
            raise self._error(errors.OutOfRangeError,
                              f"Reading from negative indices (index {static}) is not allowed.")
        if static is not None and size_now is not None and static >= size_now:
            raise self._error(errors.OutOfRangeError,
                              f"Tried to read from index {static} but array size is: {size_now}.")
        return gather(self._full(f"read index {static if static is not None else '?'} of"), i,
                      name=name)

    def gather(self, indices, name="TensorArrayGather"):
        """The elements at `indices`, stacked."""
        indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
        return gather(self._full("gather from"), indices, name=name)

    def stack(self, name=None):
        """All elements stacked into one tensor of shape [size, *element_shape] (the
        buffer itself: no op, so `name` names nothing)."""
        if self._state is _PLACEHOLDER and self._static_rows() == 0:
            # Empty and never written: TF's eager answer, shape (0,) (with the element
            # shape's known dims after the 0, where it has some).
            return zeros([0] + ([] if self._element_shape.rank is None else
                                [d or 0 for d in self._element_shape.as_list()]), self._dtype)
        return self._full("stack")

    def concat(self, name="TensorArrayConcat"):
        """All elements joined along their first axis."""
        if self._element_shape.rank == 0:
            raise self._error(errors.InvalidArgumentError,
                              "Concat saw a scalar shape at index 0 but requires at least vectors: "
                              "TensorArray.concat joins elements along their first axis; use "
                              "stack() for scalar elements.")
        b = self._full("concat")
        dims = shape(b)
        return reshape(b, concat([reshape(dims[0] * dims[1], [1]), dims[2:]], 0), name=name)

    def identity(self):
        """A new array with the same elements (tensors are immutable: nothing to copy)."""
        return self._with(self._buffer, self._element_shape, self._state)

    def close(self, name=None):
        """Nothing to release: an operation that does nothing in a graph, None eagerly."""
        return no_op(name=name) if _graph_state.building_graph() else None

    # ---- the composite protocol (_control_flow.py) ----

    def _kiln_components(self):
        return [self._buffer]

    def _kiln_rebuild(self, values, peers):
        """From the loop's or cond's output buffer: the element shape learned by any of
        `self` and `peers`; the buffer is dense only if it was in all of them (a
        placeholder may have been written since: the state is then unknown)."""
        element_shape = self._element_shape
        for p in peers:
            try:
                element_shape = element_shape.merge_with(p._element_shape)
            except ValueError:
                element_shape = TensorShape(None)
        dense = self._state is _DENSE and all(p._state is _DENSE for p in peers)
        return self._with(next(values), element_shape, _DENSE if dense else _EITHER)

    def _kiln_invariants(self):
        if self._state is not _DENSE:
            return [TensorShape(None)]  # the placeholder [size, 0] becomes [size, *element_shape]
        if self._dynamic_size:
            return [TensorShape([None]).concatenate(self._buffer.shape[1:])]
        return [self._buffer.shape]

    # ---- helpers ----

    def _with(self, buffer, element_shape, state=_DENSE):
        out = object.__new__(TensorArray)
        for slot in ("_dtype", "_dynamic_size", "_infer_shape", "_static_size"):
            setattr(out, slot, getattr(self, slot))
        out._buffer, out._element_shape, out._state = buffer, element_shape, state
        return out

    def _eager(self):
        return not _graph_state.building_graph() and isinstance(self._buffer, EagerTensor)

    def _error(self, eager_class, message):
        """TF's class: eagerly `eager_class`; in graphs InvalidArgumentError (raised
        by TF when the graph runs, by kiln while building when it knows already)."""
        cls = eager_class if self._eager() else errors.InvalidArgumentError
        return cls(None, None, message) if issubclass(cls, errors.OpError) else cls(message)

    def _static_rows(self):
        if self._state is not _EITHER and self._buffer.shape.rank is not None:
            return self._buffer.shape[0]
        return self._static_size

    def _check_write_index(self, i):
        if i is None:
            return
        if i < 0:
            raise self._error(errors.OutOfRangeError,
                              f"Writing to negative indices (index {i}) is not allowed.")
        size_now = self._static_rows()
        if not self._dynamic_size and size_now is not None and i >= size_now:
            raise self._error(errors.OutOfRangeError,
                              f"Tried to write to index {i} but array is not resizeable and size "
                              f"is: {size_now}; make it with dynamic_size=True to let it grow.")

    def _convert(self, value):
        if isinstance(value, (EagerTensor, SymbolicTensor)):
            if value.dtype != self._dtype:
                raise errors.InvalidArgumentError(
                    None, None, f"TensorArray dtype is {self._dtype.name} but Op is trying to "
                                f"write dtype {value.dtype.name}; cast the value first "
                                f"(kiln.cast(value, kiln.{self._dtype.name})).")
            return value
        return convert_to_tensor(value, dtype=self._dtype)

    def _merged(self, element_shape):
        if not self._element_shape.is_compatible_with(element_shape):
            hint = ("; kiln's TensorArray keeps elements of one shape even with infer_shape=False"
                    if not self._infer_shape else "")
            raise ValueError(f"Inconsistent shapes: saw {element_shape} but expected "
                             f"{self._element_shape} (the TensorArray's element shape, fixed by "
                             f"element_shape= or the first write){hint}.")
        return self._element_shape.merge_with(element_shape)

    def _materialized(self, element_dims):
        """The buffer with its real shape, given the shape (a tensor) of the element
        being written: a placeholder becomes zeros of [size, *element_dims]."""
        b = self._buffer
        if self._state is _DENSE:
            return b
        def real():
            return zeros(concat([reshape(shape(b)[0], [1]), element_dims], 0), self._dtype)
        if self._state is _PLACEHOLDER:
            return real()
        return _if_less(0, size(b), lambda: b, real)

    def _full(self, what):
        """The buffer as [size, *element_shape], for reading."""
        b, es = self._buffer, self._element_shape
        if self._state is _DENSE:
            return b
        if self._state is _EITHER and es.rank is None:
            return b  # read in a loop body before this iteration's write: earlier ones wrote
        if self._state is _PLACEHOLDER:  # (a fully known element shape makes a dense buffer)
            raise self._error(ValueError, f"Cannot {what} a TensorArray whose element shape "
                                          f"({es}) is not fully known and which has not been "
                                          f"written: write its elements first, or give a fully "
                                          f"defined element_shape= (unwritten elements then read "
                                          f"as zeros).")
        zero_dims = [d or 0 for d in es.as_list()]
        # After a loop or cond that started from a placeholder: written, or still empty.
        rows = shape(b)[0] if self._static_size is None else self._static_size
        return _if_less(0, size(b), lambda: ensure_shape(b, [self._static_size] + es.as_list()),
                        lambda: zeros([rows] + zero_dims, self._dtype))


def _if_less(a, b, true_fn, false_fn):
    """kiln.cond(a < b, true_fn, false_fn), decided now when both values are known
    already (eagerly, or from static shapes): the other branch might not even
    build (its zeros would have a negative size)."""
    a_known, b_known = get_static_value(a), get_static_value(b)
    if a_known is None or b_known is None:
        return cond(less(a, b), true_fn, false_fn)
    return true_fn() if a_known < b_known else false_fn()


def _int32_scalar(value, what):
    t = convert_to_tensor(value, dtype_hint=dtypes.int32)
    if not t.dtype.is_integer or t.shape.rank not in (0, None):
        raise TypeError(f"TensorArray {what} must be an integer scalar, got {t.dtype.name} of "
                        f"shape {t.shape}.")
    return t if t.dtype == dtypes.int32 else cast(t, dtypes.int32)
