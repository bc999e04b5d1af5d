"""``kiln.numpy_function`` and ``kiln.py_function``: Python code on tensor
values inside graphs and traced functions.

The op records an id; when the graph runs, the node calls back into Python
(python/src/host_function.cc takes the GIL) with the input values —
read-only NumPy views for numpy_function (no copy), eager tensors for
py_function — and converts what the function returns to the ``Tout`` dtypes.
Eagerly, both simply call the function.
"""

import atexit
import itertools
import threading

import numpy as np

from . import _core, _graph_state, dtypes, errors
from ._convert import convert_to_tensor, eager_tensor
from ._eager_tensor import EagerTensor
from ._graph import add_operation
from ._ops import execute, op
from ._symbolic_tensor import SymbolicTensor

_NUMPY_FUNCTION = op("numpy_function")
_functions = {}  # id -> (func, Tout dtypes, pass NumPy arrays?, name)
_ids = itertools.count(1)
_lock = threading.Lock()


@atexit.register
def _forget_functions():
    """Graphs may run a host function as long as the process lives, so the table
    keeps them; at exit it lets them go, with what they hold (datasets, tensors:
    C++ objects that must be freed while Python still runs)."""
    with _lock:
        _functions.clear()


def numpy_function(func, inp, Tout, stateful=True, name=None):  # noqa: N803 - TF's name
    """func(*arrays) on the values of `inp` (read-only NumPy views) when the graph runs;
    its results become tensors of the dtypes `Tout` (one dtype, or a list)."""
    return _host_call(func, inp, Tout, True, name)


def py_function(func, inp, Tout, name=None):  # noqa: N803
    """func(*eager_tensors) on the values of `inp` when the graph runs; it may use
    kiln ops and return tensors, converted to the dtypes `Tout`."""
    return _host_call(func, inp, Tout, False, name)


def _host_call(func, inp, tout, as_numpy, name):
    what = "numpy_function" if as_numpy else "py_function"
    if not callable(func):
        raise TypeError(f"[{what}] func must be callable, got {func!r}.")
    single = not isinstance(tout, (list, tuple))
    touts = [dtypes.as_dtype(t) for t in ([tout] if single else tout)]
    inputs = tuple(convert_to_tensor(x) for x in inp)
    label = getattr(func, "__name__", what)
    if not (_graph_state.building_graph() or any(isinstance(x, SymbolicTensor) for x in inputs)):
        args = [np.asarray(t) for t in inputs] if as_numpy else list(inputs)
        outs = _outputs(func(*args), touts, single, label, what)
        return outs[0] if single else outs
    with _lock:
        func_id = next(_ids)
        _functions[func_id] = (func, touts, as_numpy, label, what)
    result = execute(_NUMPY_FUNCTION, inputs, (func_id, [t._code for t in touts]), name)
    if single:
        return result
    return list(result) if isinstance(result, tuple) else [result]


def _dispatch(func_id, tensors):
    """Called from a running graph (python/src/host_function.cc)."""
    entry = _functions.get(func_id)
    if entry is None:
        raise errors.InvalidArgumentError(
            None, None, f"[numpy_function] there is no function with id {func_id}; numpy_function "
            f"nodes are made by kiln.numpy_function and kiln.py_function.")
    func, touts, as_numpy, label, what = entry
    args = [np.asarray(t) for t in tensors] if as_numpy else list(tensors)
    with _graph_state.eager_scope():
        try:
            result = func(*args)
        except errors.OpError:
            raise  # already kiln's error, with its own message (kiln.debugging.Assert)
        except Exception as e:  # noqa: BLE001 - reported as the op's error, with its type
            raise errors.InvalidArgumentError(
                None, None, f"[{what}] {label} raised {type(e).__name__}: {e}") from e
        return _outputs(result, touts, len(touts) == 1 and not isinstance(result, (list, tuple)),
                        label, what)


def _outputs(result, touts, single, label, what):
    values = [result] if single else list(result) if isinstance(result, (list, tuple)) else [result]
    if len(values) != len(touts):
        raise errors.InvalidArgumentError(
            None, None, f"[{what}] {label} returned {len(values)} values, but Tout has "
            f"{len(touts)}: {[t.name for t in touts]}.")
    out = []
    for i, (value, dtype) in enumerate(zip(values, touts)):
        if isinstance(value, (np.ndarray, np.generic, EagerTensor)):
            got = dtypes.as_dtype(value.dtype)
            if got != dtype:
                raise errors.InvalidArgumentError(
                    None, None, f"[{what}] value {i} returned by {label} is {got.name}, but "
                    f"Tout[{i}] is {dtype.name}; return that dtype (e.g. value.astype(np."
                    f"{dtype.name})) or change Tout.")
            out.append(value if isinstance(value, EagerTensor) else eager_tensor(np.asarray(value)))
        else:
            try:
                out.append(eager_tensor(value, dtype))
            except (TypeError, ValueError) as e:
                raise errors.InvalidArgumentError(
                    None, None, f"[{what}] value {i} returned by {label} ({value!r}) does not "
                    f"convert to {dtype.name}: {e}") from None
    return out


_core._set_host_dispatcher(_dispatch)


def print_(*inputs, output_stream=None, sep=" ", end="\n", summarize=3, name=None):
    """Prints tensors' values (and other objects) when the op runs, as tf.print:
    now, eagerly; each time the function runs, inside a kiln.function; when the
    returned operation runs (fetch it or depend on it), in a graph."""
    import sys

    tensors = [x for x in inputs if isinstance(x, (EagerTensor, SymbolicTensor))]

    def show(*values):
        stream = output_stream if output_stream is not None else sys.stderr
        it = iter(values)
        parts = [_format(next(it), summarize) if isinstance(x, (EagerTensor, SymbolicTensor))
                 else str(x) for x in inputs]
        print(*parts, sep=sep, end=end, file=stream)
        return []

    return host_effect(show, tensors, "print", name)


def host_effect(func, tensors, what, name=None):
    """Runs func(*arrays) for its effect: now, eagerly; in a graph, each time the returned
    operation runs (in a kiln.function: on every call, in program order)."""
    if not (_graph_state.building_graph() or any(isinstance(x, SymbolicTensor) for x in tensors)):
        func(*(np.asarray(t) for t in tensors))
        return None
    with _lock:
        func_id = next(_ids)
        _functions[func_id] = (func, [], True, what, what)
    return add_operation(_NUMPY_FUNCTION, tuple(tensors), (func_id, []), name)


def _format(array, summarize):
    with np.printoptions(threshold=max(2 * summarize, 1), edgeitems=summarize):
        return str(array)
