"""``kiln.function``: Python functions traced into graphs, as ``tf.function``.

Calling a ``Function`` computes a signature of its arguments (tensors and
NumPy arrays by dtype and shape, other hashable values by value, containers
element by element). The first call with a signature **traces**: the Python
function runs once inside a function graph, on placeholders, and a C++
kiln::Function is made of that graph (compiled into a plan). Later calls with
the signature only call it (GIL released), feeding tensor arguments and
returning eager tensors. Python side effects therefore happen at trace time
only.

Called while another graph is built (another function being traced, or under
``Graph.as_default()``), a ``Function`` is inlined: its ops join that graph.
"""

import functools
import threading
import warnings
import weakref

import numpy as np

from . import _core, _graph_state, _random_seed, dtypes, nest
from ._convert import borrowed, convert_to_tensor
from ._eager_tensor import EagerTensor
from ._graph import _ORDERED, Graph, get_default_graph, placeholder
from ._symbolic_tensor import SymbolicTensor
from ._tensor_spec import TensorSpec

# As TF: warn when a function has traced this many times (its signature keeps changing).
_RETRACE_WARNING_THRESHOLD = 5


class FuncGraph(Graph):
    """The graph a function is traced into."""

    def __init__(self, name, variables_allowed=True):
        super().__init__()
        self.name = name
        # TF's rule: a function creates its variables on its first trace only.
        self.variables_allowed = variables_allowed
        self.created_variables = False
        self.seed = _random_seed.function_graph_seed()  # as TF's FuncGraph

    @property
    def building_function(self):
        return True

    def _control_ids(self, op_index=None):
        """Automatic control dependencies: each variable read or assign, random
        draw or print runs after the one before it, as written."""
        ids = super()._control_ids(op_index)
        last = self._last_ordered
        if op_index in _ORDERED and last is not None and not self._in_closed_region(last):
            ids.append(last)
        return ids


class ConcreteFunction:
    """One trace of a function: its graph and the C++ kiln::Function compiled
    from it (which checks and runs every call), callable with tensors."""

    def __init__(self, graph, inputs, structured_outputs, flat_outputs, rebuild):
        self.graph = graph
        self.inputs = inputs                    # the placeholders, one per tensor argument
        self.structured_outputs = structured_outputs
        self.outputs = flat_outputs
        self._rebuild = rebuild
        # Ops with effects and no outputs (kiln.print) run on every call, in
        # program order, as TF's automatic control dependencies make them. With
        # no outputs and no effects a call runs nothing (returns None, (), []).
        effects = [n for n in graph._effects if not graph._in_closed_region(n)]
        self._c = _core.Function(graph._c, [(t._op._id, t._index) for t in inputs],
                                 [(t._op._id, t._index) for t in flat_outputs], effects,
                                 graph.name)

    def _call_flat(self, tensors):
        return self._rebuild(self._c.call(tensors))

    def __call__(self, *args, **kwargs):
        leaves = []
        _collect_tensors((args, kwargs), leaves)
        tensors = [_argument(x, p) for x, p in zip(leaves, self.inputs)]
        if len(tensors) < len(leaves):  # too many: kiln::Function refuses the count (TypeError)
            tensors += leaves[len(tensors):]  # before it reads any argument
        return self._call_flat(tensors)

    def __repr__(self):
        return f"<ConcreteFunction {self.graph.name} inputs={self.inputs} outputs={self.outputs}>"


class Function:
    """The callable ``kiln.function`` returns."""

    def __init__(self, python_function, input_signature=None, reduce_retracing=False,
                 jit_compile=None, name=None, autograph=True):
        if not callable(python_function):
            raise TypeError(f"kiln.function needs a callable, got {python_function!r}.")
        self._python_function = python_function
        self._input_signature = None if input_signature is None else list(input_signature)
        for spec in self._input_signature or ():
            if not isinstance(spec, TensorSpec):
                raise TypeError(f"input_signature must hold kiln.TensorSpec objects, got "
                                f"{spec!r}.")
        self._reduce_retracing = reduce_retracing
        self._autograph = autograph
        self._name = name or getattr(python_function, "__name__", "function")
        self._traces = {}       # signature -> ConcreteFunction
        self._tracing_count = 0
        self._warned = False
        self._bound = weakref.WeakKeyDictionary()  # instance -> Function of the bound method
        self._lock = threading.RLock()
        self._by_eager_key = {}  # (dtype, shape) per argument -> ConcreteFunction
        functools.update_wrapper(self, python_function)

    def __get__(self, instance, owner):
        """Methods: each instance gets its own Function (and traces) of the bound method."""
        if instance is None:
            return self
        try:
            bound = self._bound.get(instance)
        except TypeError:  # an instance that cannot be weakly referenced
            bound = None
        if bound is None:
            bound = Function(self._python_function.__get__(instance, owner),
                             self._input_signature, self._reduce_retracing, name=self._name,
                             autograph=self._autograph)
            try:
                self._bound[instance] = bound
            except TypeError:
                pass
        return bound

    def __call__(self, *args, **kwargs):
        if _graph_state.building_graph():
            return self._call_converted(*args, **kwargs)  # inlined into the graph being built
        if _core._tape_depth():  # a tape may need this call's gradient
            from . import _function_grad
            return _function_grad.call_recorded(self, args, kwargs)
        # The common call: eager tensors only. Its key is the dtypes and shapes
        # alone, so a repeated call hashes nothing else.
        fast_key = None if kwargs else _eager_key(args)
        if fast_key is not None:
            concrete = self._by_eager_key.get(fast_key)
            if concrete is not None:
                if fast_key[-1] is not _ALL_EAGER:
                    args = [_argument(a, p) for a, p in zip(args, concrete.inputs)]
                return concrete._rebuild(concrete._c.call(args))
        concrete, leaves = self._concrete_for(args, kwargs)
        if fast_key is not None and len(leaves) == len(args):
            self._by_eager_key[fast_key] = concrete
        return concrete._call_flat([_argument(x, p) for x, p in zip(leaves, concrete.inputs)])

    def _concrete_for(self, args, kwargs):
        """The trace for these arguments (tracing if needed) and their tensor leaves."""
        key = self._signature(args, kwargs)
        concrete = self._traces.get(key)
        if concrete is None:
            concrete = self._trace(args, kwargs, key)
        if self._input_signature is not None:
            leaves = args  # one tensor per spec, whatever converts to it
        else:
            leaves = []
            _collect_tensors((args, kwargs), leaves)
        return concrete, leaves

    def _call_converted(self, *args, **kwargs):
        """The Python function, converted by AutoGraph unless autograph=False."""
        if not self._autograph:
            return self._python_function(*args, **kwargs)
        from .autograph import _conversion as conversion
        return conversion.convert(self._python_function)(*args, **kwargs)

    def get_concrete_function(self, *args, **kwargs):
        """The ConcreteFunction for these arguments (TensorSpecs allowed), tracing if needed."""
        if not args and not kwargs and self._input_signature is not None:
            args = tuple(self._input_signature)
        key = self._signature(args, kwargs)
        return self._traces.get(key) or self._trace(args, kwargs, key)

    def experimental_get_tracing_count(self):
        return self._tracing_count

    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return self._input_signature

    # ---- signatures ----

    def _signature(self, args, kwargs):
        if self._input_signature is not None:
            self._check_signature(args, kwargs)
            return "input_signature"
        return _key((args, tuple(sorted(kwargs.items()))), self._name)

    def _check_signature(self, args, kwargs):
        if kwargs or len(args) != len(self._input_signature):
            raise TypeError(f"{self._name}() has input_signature {self._input_signature}, so it "
                            f"takes exactly {len(self._input_signature)} positional tensor "
                            f"arguments; got {len(args)} positional and {len(kwargs)} keyword.")
        for i, (value, spec) in enumerate(zip(args, self._input_signature)):
            if isinstance(value, TensorSpec):
                value_spec = value
            elif isinstance(value, (EagerTensor, SymbolicTensor)):
                value_spec = TensorSpec(value.shape, value.dtype)
            else:
                try:
                    value_spec = TensorSpec.from_tensor(convert_to_tensor(value, dtype=spec.dtype))
                except (TypeError, ValueError) as e:
                    raise TypeError(f"{self._name}() argument {i} ({value!r}) does not fit "
                                    f"{spec}: {e}") from None
            if not spec.is_compatible_with(value_spec):
                raise TypeError(
                    f"{self._name}() argument {i} is a {value_spec.dtype.name} tensor of shape "
                    f"{value_spec.shape}, which does not fit input_signature[{i}] = {spec}. Pass "
                    f"a value that fits, or change the signature (None for dimensions that vary).")

    # ---- tracing ----

    def _trace(self, args, kwargs, key):
        with self._lock:  # one trace per signature, even when threads call at once
            concrete = self._traces.get(key)
            return concrete if concrete is not None else self._trace_locked(args, kwargs, key)

    def _trace_locked(self, args, kwargs, key):
        concrete = self._trace_once(args, kwargs, self._tracing_count == 0)
        if concrete.graph.created_variables:
            # TF's rule: the first trace may create variables (lifted out, made
            # once); the function is then traced again, and that trace, like
            # every later one, must not create any.
            concrete = self._trace_once(args, kwargs, False)
        self._traces[key] = concrete
        return self._count_trace(concrete)

    def _trace_once(self, args, kwargs, variables_allowed):
        graph = FuncGraph(self._name, variables_allowed)
        inputs = []
        with graph.as_default():
            sig = self._input_signature
            if sig is not None:
                symbolic_args, symbolic_kwargs = tuple(_placeholder(s, inputs) for s in sig), {}
            else:  # one walk, so the placeholders are in _collect_tensors' order
                symbolic_args, symbolic_kwargs = _placeholders((tuple(args), kwargs), inputs)
            outputs = self._call_converted(*symbolic_args, **symbolic_kwargs)
            flat = []
            rebuild = _output_structure(outputs, flat)
        return ConcreteFunction(graph, inputs, outputs, flat, rebuild)

    def _count_trace(self, concrete):
        self._tracing_count += 1
        if self._tracing_count >= _RETRACE_WARNING_THRESHOLD and not self._warned:
            self._warned = True
            warnings.warn(
                f"{self._tracing_count} calls to {self._name} triggered kiln.function retracing. "
                f"Tracing is expensive: each new signature (a new dtype or shape of a tensor "
                f"argument, or a new value of a Python argument) traces again. Pass tensors "
                f"instead of Python numbers, or give input_signature= with None for dimensions "
                f"that vary.", stacklevel=5)  # the caller of the Function
        return concrete


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_compile=None, name=None, **_ignored):
    """Traces `func` into a graph per input signature (see module docs); a decorator too."""
    def decorate(f):
        return Function(f, input_signature, reduce_retracing, jit_compile, name, autograph)
    return decorate if func is None else decorate(func)


# ---- helpers: argument signatures, placeholders, outputs ----

_ALL_EAGER = object()  # ends the fast key of a call whose arguments need no conversion


def _eager_key(args):
    """The fast lookup key of a call of eager tensors and ndarrays only, else None:
    (dtype code, shape) per tensor, ("ndarray", dtype, shape) per array (a
    different length, so the two never compare equal), and a last item saying
    whether any argument is an array that must be converted."""
    key = []
    all_eager = True
    for a in args:
        kind = type(a)
        if kind is EagerTensor:
            key.append((a._dtype_code, a._shape_tuple))
        elif kind is np.ndarray:
            key.append(("ndarray", a.dtype, a.shape))
            all_eager = False
        else:
            return None
    key.append(_ALL_EAGER if all_eager else None)
    return tuple(key)


def _key(value, fn_name):
    """A hashable key for `value` by TF's rules (tensors by dtype and shape)."""
    if isinstance(value, (EagerTensor, np.ndarray)):  # an array and a tensor alike trace once
        return ("tensor", dtypes.as_dtype(value.dtype).name, tuple(value.shape))
    if isinstance(value, SymbolicTensor):
        return ("tensor", value.dtype.name, value.shape._dims)
    if isinstance(value, TensorSpec):
        return ("tensor", value.dtype.name, value.shape._dims)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key(v, fn_name) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, _key(v, fn_name)) for k, v in sorted(value.items())))
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"{fn_name}() got an argument of type {type(value).__name__} that cannot "
                        f"be hashed, so kiln.function cannot tell when to retrace. Pass a "
                        f"tensor, a hashable value, or a list/tuple/dict of those.") from None
    return (type(value).__name__, value)


def _placeholder(spec, inputs):
    p = placeholder(spec.dtype, spec.shape, name=spec.name)
    inputs.append(p)
    return p


# The tensor arguments of a call: the leaves of (args, kwargs), as kiln.nest
# orders them (dicts, kwargs included, by sorted key), that are tensors, arrays
# or specs; other leaves are Python values, part of the trace's signature.
_TENSOR_ARGUMENTS = (EagerTensor, SymbolicTensor, np.ndarray, TensorSpec)


def _map_arguments(value, fn):
    """`value` with each tensor argument replaced by fn(argument), in the order
    _collect_tensors meets them."""
    return nest.map_structure(lambda v: fn(v) if isinstance(v, _TENSOR_ARGUMENTS) else v, value)


def _placeholders(value, inputs):
    """`value` with each tensor (or array, or spec) replaced by a new placeholder."""
    def placeholder(v):
        dtype = dtypes.as_dtype(v.dtype) if isinstance(v, np.ndarray) else v.dtype
        return _placeholder(TensorSpec(v.shape, dtype), inputs)
    return _map_arguments(value, placeholder)


def _collect_tensors(value, out):
    """The tensor arguments of a call, in the order _placeholders met them."""
    out.extend(v for v in nest.flatten(value) if isinstance(v, _TENSOR_ARGUMENTS))


def _argument(value, placeholder_tensor):
    """A call argument as an eager tensor of its placeholder's dtype (arrays are borrowed)."""
    if type(value) is EagerTensor:
        return value
    fast = borrowed(value, placeholder_tensor.dtype, "function")
    return fast if fast is not None else convert_to_tensor(value, dtype=placeholder_tensor.dtype)


def _output_structure(outputs, flat):
    """Flattens the traced outputs into graph tensors; returns the function that
    rebuilds the structure around their values."""
    if outputs is None:
        return lambda values: None
    if isinstance(outputs, (list, tuple)):
        parts = [_output_structure(v, flat) for v in outputs]
        if hasattr(outputs, "_fields"):
            return lambda values: type(outputs)(*(f(values) for f in parts))
        return lambda values: type(outputs)(f(values) for f in parts)
    if isinstance(outputs, dict):
        parts = [(k, _output_structure(v, flat)) for k, v in outputs.items()]
        return lambda values: type(outputs)((k, f(values)) for k, f in parts)
    if isinstance(outputs, SymbolicTensor):
        tensor = outputs
    elif isinstance(outputs, EagerTensor):  # returned unchanged: a constant of the graph
        tensor = get_default_graph()._constant(outputs)._outputs[0]
    else:
        try:
            tensor = convert_to_tensor(outputs)
        except (TypeError, ValueError):
            raise TypeError(f"A kiln.function must return tensors, values that convert to "
                            f"tensors, None, or lists/tuples/dicts of those; got "
                            f"{type(outputs).__name__}: {outputs!r}.") from None
    position = len(flat)
    flat.append(tensor)
    return lambda values: values[position]
