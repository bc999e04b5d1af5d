"""tf.gradients (symbolic differentiation of a graph), custom_gradient,
RegisterGradient and no_gradient. The backprop is C++'s (src/ops/backprop.h),
the same one GradientTape uses; this module turns graph nodes and user
gradient functions into its records."""

import functools
import inspect

from . import _core, _graph_state, _tape, nest
from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor

_OP_NAMES = _core.op_names()
_INDEX = {name: i for i, name in enumerate(_OP_NAMES)}
_READ_VARIABLE = _INDEX["read_variable"]
_IDENTITY = _INDEX["identity"]
_TYPES = {d["graph_type"]: i for i, d in enumerate(_core.op_defs())}
_ATTR_NAMES = [[a for a, _ in d["attrs"]] for d in _core.op_defs()]

# Python gradient functions users registered, by op index: fn(op, *grads) -> input grads.
_OVERRIDES = {}


def _is_variable(x):
    return getattr(type(x), "_kiln_tensor_like", False)


# ---- RegisterGradient / no_gradient ----

class RegisterGradient:
    """Registers a Python gradient function for an op type (TF's decorator).

    ``@kiln.RegisterGradient("Relu")`` replaces kiln's gradient of ``relu`` in
    tapes and ``kiln.gradients``; the function gets an op (``.inputs``,
    ``.outputs``, ``.type``, ``get_attr``) and one gradient per output, and
    returns one gradient (or None) per input. kiln has no user-defined op
    types, so the name must be one of kiln's (``Relu``, ``MatMul``, ...)."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type
        self._index = _op_index_of_type(op_type)

    def __call__(self, fn):
        index = self._index
        if index in _OVERRIDES and _OVERRIDES[index] is not None:
            raise KeyError(f"Registering two gradient with name '{self._op_type}'! (Previous "
                           f"registration was in {_OVERRIDES[index].__module__})")
        _OVERRIDES[index] = fn
        return fn


def no_gradient(op_type):
    """Declares that ops of `op_type` have no gradient (TF's tf.no_gradient):
    their inputs get None."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    _OVERRIDES[_op_index_of_type(op_type)] = None


def _op_index_of_type(op_type):
    index = _TYPES.get(op_type, _INDEX.get(op_type))
    if index is None:
        raise LookupError(f"kiln has no op of type {op_type!r}: RegisterGradient and no_gradient "
                          f"apply to kiln's ops, named by their graph type (e.g. 'Relu', "
                          f"'MatMul') or kiln name (e.g. 'relu').")
    return index


class _RecordedOp:
    """What a registered gradient function sees of the op it differentiates."""

    def __init__(self, op_index, attrs, inputs, outputs):
        self.type = _core.op_defs()[op_index]["graph_type"]
        self.name = self.type
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._attrs = dict(zip(_ATTR_NAMES[op_index], attrs)) if isinstance(attrs, tuple) else {}

    def get_attr(self, name):
        if name not in self._attrs:
            raise ValueError(f"Operation {self.type!r} has no attr named {name!r}.")
        return self._attrs[name]


def apply_overrides(records, custom):
    """Records of overridden ops become custom records calling the user's function."""
    if not _OVERRIDES:
        return records
    out = []
    for op_index, attrs, inputs, outputs in records:
        if op_index < 0 or op_index not in _OVERRIDES:
            out.append((op_index, attrs, inputs, outputs))
            continue
        fn = _OVERRIDES[op_index]
        if fn is None:
            continue  # no_gradient: nothing flows back through it
        op = _RecordedOp(op_index, attrs, inputs, outputs)
        custom.append(functools.partial(_call_registered, fn, op))
        out.append((-len(custom), attrs, inputs, outputs))
    return out


def _call_registered(fn, op, grads):
    result = fn(op, *grads)  # zeros where no gradient came (backprop fills them)
    return list(result) if isinstance(result, (list, tuple)) else [result]


# ---- tf.gradients ----

def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=_tape.UnconnectedGradients.NONE):
    """Symbolic gradients of sum(ys) with respect to xs, as new graph nodes (TF1's
    tf.gradients; in TF2 only inside kiln.function)."""
    flat_ys = nest.flatten(ys)
    flat_xs = nest.flatten(xs)
    graph = None
    for y in flat_ys:
        if isinstance(y, SymbolicTensor):
            graph = y._op._graph
            break
        if _is_variable(y) and getattr(y, "_graph", None) is not None:
            graph = y._graph
            break
    if graph is None:
        if not _graph_state.building_graph():
            raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                               "Use tf.GradientTape instead.")
        from ._graph import get_default_graph
        graph = get_default_graph()
    flat_ys = [y.value() if _is_variable(y) else y for y in flat_ys]
    if grad_ys is None:
        seeds = None
    else:
        seeds = [None if g is None else _tape._as_tensor(g) for g in nest.flatten(grad_ys)]
        if len(seeds) != len(flat_ys):
            raise ValueError(f"Passed {len(seeds)} grad_ys for {len(flat_ys)} ys")
    for x in flat_xs:
        if not (isinstance(x, (SymbolicTensor, EagerTensor)) or _is_variable(x)):
            raise TypeError(f"xs must be tensors or variables, got {type(x).__name__}.")
    stops = {id(t) for t in nest.flatten(stop_gradients)} if stop_gradients is not None else set()
    records, custom = _graph_records(graph, flat_ys, flat_xs, stops)
    with graph.as_default(), graph.name_scope(name or "gradients"):
        grads = _tape.backprop(records, custom, flat_ys, seeds, flat_xs,
                               unconnected_gradients == _tape.UnconnectedGradients.ZERO)
    return grads


def _variable_handle(graph, v):
    if getattr(v, "_graph", None) is graph:
        return v._handle
    return graph._captured.get(v._c.id) if hasattr(v, "_c") else None


def _graph_records(graph, ys, xs, stops):
    """Records of the graph's nodes up to the last y, in id order (a topological one)."""
    handles = {}
    for x in xs:
        if _is_variable(x):
            h = _variable_handle(graph, x)
            if h is not None:
                handles[h] = x
    last = max((y._op._id for y in ys if isinstance(y, SymbolicTensor)), default=-1)
    regions = {r[0]: r for r in getattr(graph, "_custom_regions", ())}
    records, custom = [], []
    c = graph._c
    nid = 0
    while nid <= last:
        region = regions.get(nid)
        if region is not None:  # a kiln.custom_gradient call: one record for all its nodes
            start, end, inputs, outputs, fn = region
            custom.append(fn)
            records.append((-len(custom), (), inputs, outputs))
            nid = end
            continue
        op = graph._ops[nid]
        op_index = _INDEX[c.op_name(nid)]
        if op_index == _READ_VARIABLE:
            handle = c.attrs(nid)["handle"]
            if handle in handles:
                records.append((_IDENTITY, (), (handles[handle],), tuple(op._outputs)))
        elif c.inputs(nid) and not any(id(y) in stops for y in op._outputs):
            inputs = tuple(graph._ops[n]._outputs[i] for n, i in c.inputs(nid))
            records.append((op_index, (c, nid), inputs, tuple(op._outputs)))
        nid += 1
    return records, custom


# ---- custom_gradient ----

def custom_gradient(f=None):
    """Decorates f(*x) -> (y, grad_fn): y is f's value, grad_fn(*dy) its
    gradient with respect to x (TF's tf.custom_gradient). A grad_fn with a
    `variables` argument also returns gradients for the variables f reads."""
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        tapes = _tape._recording_tapes()
        building = _graph_state.building_graph()
        graph = None
        if building:
            from ._graph import get_default_graph
            graph = get_default_graph()
            start = graph._open_region()
        reader = _VariableReads()
        with _tape._Suspended(), reader:
            result, grad_fn = f(*args, **kwargs)
        from .shape_ops import identity
        with _tape._Suspended():
            outputs = nest.map_structure(identity, result)
        flat_in = [x for x in nest.flatten((args, kwargs)) if isinstance(x, (EagerTensor,
                                                                              SymbolicTensor))]
        variables = reader.variables
        flat_out = nest.flatten(outputs)
        takes_vars = "variables" in inspect.signature(grad_fn).parameters
        if variables and not takes_vars:
            raise TypeError("If using @custom_gradient with a function that uses variables, "
                            "then grad_fn must accept a keyword argument 'variables'.")
        fn = functools.partial(_call_custom, grad_fn, len(flat_in), variables)
        inputs = tuple(flat_in) + tuple(variables)
        if graph is not None:
            if not hasattr(graph, "_custom_regions"):
                graph._custom_regions = []
            graph._custom_regions.append((start, graph._open_region(), inputs, tuple(flat_out),
                                          fn))
        for tape in tapes:
            if any(id(x) in tape._tracked for x in flat_in) or any(
                    id(v) in tape._variables or (tape._watch_accessed and v.trainable)
                    for v in variables):
                for v in variables:
                    tape._watch_variable(v)
                tape._custom.append(fn)
                tape._add(-len(tape._custom), (), inputs, tuple(flat_out))
        return outputs

    return wrapped


def _call_custom(grad_fn, num_inputs, variables, grads):
    if variables:
        dx, dvars = grad_fn(*grads, variables=list(variables))
        dvars = list(dvars)
    else:
        dx, dvars = grad_fn(*grads), []
    dx = list(dx) if isinstance(dx, (list, tuple)) else [dx]
    if len(dx) != num_inputs:
        raise ValueError(f"custom_gradient function returned {len(dx)} gradients but the "
                         f"function had {num_inputs} tensor inputs.")
    if len(dvars) != len(variables):
        raise ValueError(f"custom_gradient function returned {len(dvars)} variable gradients "
                         f"but the function read {len(variables)} variables.")
    return [None if g is None else _tape._as_tensor(g) for g in dx + dvars]


class _VariableReads:
    """Collects the trainable variables read inside a custom_gradient function."""

    def __init__(self):
        self.variables = []

    def __enter__(self):
        readers = _tape._readers()
        readers.append(self)
        _core._set_reader_depth(len(readers))
        return self

    def __exit__(self, *exc):
        readers = _tape._readers()
        readers.remove(self)
        _core._set_reader_depth(len(readers))

    def saw(self, variable):
        if variable.trainable and all(v is not variable for v in self.variables):
            self.variables.append(variable)
