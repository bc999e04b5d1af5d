"""``kiln.map_fn``, ``scan``, ``foldl``, ``foldr`` and ``vectorized_map``, as TF's.

Each is a ``kiln.while_loop`` over the first axis of `elems`: an iteration
takes element i of every tensor of `elems` (an indexing view, no copy), calls
`fn`, and writes its outputs into ``kiln.TensorArray``s (map_fn, scan,
vectorized_map) or carries them as the accumulator (the folds). In graphs and
traced functions `fn` is traced once, into the loop body, and the loop runs
inside the plan; eagerly the loop is a Python loop, as ``while_loop`` is.
"""

from . import _graph_state, dtypes, errors
from ._control_flow import _describe, _leaves, _rebuild, _same_structure, while_loop
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._graph import name_scope
from ._symbolic_tensor import SymbolicTensor
from ._tensor_array import TensorArray
from .shape_ops import shape
from ._tensor_shape import TensorShape
from ._tensor_spec import TensorSpec


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """fn applied to each element of `elems` (unstacked along axis 0), stacked.

    `elems` and fn's result may be nested (tuples, lists, dicts). fn must return
    the structure and dtypes of `elems` unless `fn_output_signature` (or the
    older `dtype`) gives them: a dtype, a kiln.TensorSpec, or a nest of those."""
    _check_callable(fn, "map_fn")
    flat, n = _elements(elems, "map_fn")
    if fn_output_signature is None:
        fn_output_signature = dtype
    signature = elems if fn_output_signature is None else fn_output_signature
    specs = ([(e.dtype, TensorShape(None)) for e in flat] if fn_output_signature is None
             else [_spec(s) for s in _leaves(signature)])
    with name_scope(name or "map"):
        tas = [TensorArray(d, size=n, element_shape=s, infer_shape=infer_shape) for d, s in specs]
        return _map_into(fn, elems, flat, n, tas, 0, signature, "map_fn")


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """map_fn without an output signature: fn may return any structure and dtypes.

    kiln runs fn on the first element before the loop to learn them (that call's
    result is the first output), then the rest in a while_loop; TF vectorizes fn
    with pfor instead. The values are the same; there must be at least one element."""
    _check_callable(fn, "vectorized_map")
    flat, n = _elements(elems, "vectorized_map")
    if isinstance(n, int) and n == 0:
        raise ValueError("kiln.vectorized_map runs fn on the first element to learn what it "
                         "returns, and elems has none; use kiln.map_fn with fn_output_signature= "
                         "for a batch that may be empty.")
    with name_scope("vectorized_map"):
        first = fn(_rebuild(elems, iter([e[0] for e in flat])))
        tas = [TensorArray(t.dtype, size=n, element_shape=t.shape).write(0, t)
               for t in (convert_to_tensor(v) for v in _leaves(first))]
        return _map_into(fn, elems, flat, n, tas, 1, first, "vectorized_map")


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """The successive values of ``a = fn(a, element)`` over `elems`, stacked.

    `a` starts as `initializer` (any nest of tensors), or as the first element
    of `elems` (which is then also the first output); reverse=True walks from
    the last element, and output k is still the value after element k."""
    _check_callable(fn, "scan")
    flat, n = _elements(elems, "scan")
    step = -1 if reverse else 1
    with name_scope(name or "scan"):
        if initializer is None:
            _check_not_empty(n, "scan")
            state, first = elems, (n - 1 if reverse else 0)
            a = [e[first] for e in flat]
        else:
            state, a = initializer, [convert_to_tensor(v) for v in _leaves(initializer)]
        tas = [TensorArray(t.dtype, size=n, element_shape=t.shape if infer_shape else None,
                           infer_shape=infer_shape) for t in a]
        if initializer is None:
            tas = [ta.write(first, t) for ta, t in zip(tas, a)]
            start = n - 2 if reverse else 1
        else:
            start = n - 1 if reverse else 0

        def body(i, a, tas):
            out = fn(_rebuild(state, iter(a)), _rebuild(elems, iter([e[i] for e in flat])))
            if not _same_structure(state, out):
                raise ValueError(f"scan: fn must return the structure of its accumulator "
                                 f"({_describe(state)}: the initializer, or elems when there is "
                                 f"none); it returned {_describe(out)}.")
            out = [_checked(v, ta, k, "scan") for k, (v, ta) in enumerate(zip(_leaves(out), tas))]
            return i + step, out, [ta.write(i, v) for ta, v in zip(tas, out)]

        more = (lambda i, a, tas: i >= 0) if reverse else (lambda i, a, tas: i < n)
        tas = while_loop(more, body, (start, a, tas))[2]
        return _rebuild(state, iter([ta.stack() for ta in tas]))


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """``a = fn(a, element)`` over `elems` from the first element; returns the final `a`
    (starting from `initializer`, or from the first element when there is none)."""
    return _fold(fn, elems, initializer, False, "foldl", name)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """foldl from the last element to the first."""
    return _fold(fn, elems, initializer, True, "foldr", name)


def _fold(fn, elems, initializer, reverse, op_name, name):
    _check_callable(fn, op_name)
    flat, n = _elements(elems, op_name)
    with name_scope(name or op_name):
        if initializer is None:
            _check_not_empty(n, op_name)
            a = _rebuild(elems, iter([e[n - 1 if reverse else 0] for e in flat]))
            start = n - 2 if reverse else 1
        else:
            a = _rebuild(initializer, iter([convert_to_tensor(v) for v in _leaves(initializer)]))
            start = n - 1 if reverse else 0

        def body(i, a):
            return i + (-1 if reverse else 1), fn(a, _rebuild(elems, iter([e[i] for e in flat])))

        more = (lambda i, a: i >= 0) if reverse else (lambda i, a: i < n)
        return while_loop(more, body, (start, a))[1]


def _map_into(fn, elems, flat, n, tas, start, signature, op_name):
    """Writes fn(element i) into `tas` for i in [start, n); the stacked arrays in
    the structure of `signature`."""
    def body(i, tas):
        out = fn(_rebuild(elems, iter([e[i] for e in flat])))
        if not _same_structure(signature, out):
            raise ValueError(f"{op_name}: fn returned {_describe(out)}, but the output structure "
                             f"is {_describe(signature)}; {_ADVICE[op_name]}.")
        values = [_checked(v, ta, k, op_name) for k, (v, ta) in enumerate(zip(_leaves(out), tas))]
        return i + 1, [ta.write(i, v) for ta, v in zip(tas, values)]

    tas = while_loop(lambda i, tas: i < n, body, (start, tas))[1]
    return _rebuild(signature, iter([ta.stack() for ta in tas]))


# What fixes an output's dtype and shape, and so what to change when fn returns another.
_ADVICE = {
    "map_fn": "map_fn's outputs have elems' structure and dtypes unless fn_output_signature= gives "
              "them: give it, or cast in fn",
    "vectorized_map": "every element must give what fn gave for the first one",
    "scan": "the accumulator keeps the dtype and shape of the initializer (or of the first "
            "element, when there is none)",
}


def _checked(value, ta, k, op_name):
    """fn's output `k` as a tensor of the array's dtype and element shape."""
    if not isinstance(value, (EagerTensor, SymbolicTensor)):
        value = convert_to_tensor(value, dtype_hint=ta.dtype)
    if value.dtype != ta.dtype:
        raise errors.InvalidArgumentError(
            None, None, f"{op_name}: fn returned {value.dtype.name} for output {k}, which is "
                        f"{ta.dtype.name}; {_ADVICE[op_name]}.")
    if not ta.element_shape.is_compatible_with(value.shape):
        raise ValueError(f"{op_name}: fn returned shape {value.shape} for output {k}, which has "
                         f"shape {ta.element_shape}; {_ADVICE[op_name]}.")
    return value


def _elements(elems, op_name):
    """The tensors of `elems`, flattened, and their number of elements: an int
    when the first one's static shape knows it, else a scalar tensor."""
    flat = [convert_to_tensor(e) for e in _leaves(elems)]
    if not flat:
        raise ValueError(f"{op_name}: elems must be a tensor or a nest of tensors; got {elems!r}, "
                         f"which holds none.")
    if any(e.shape.rank == 0 for e in flat):
        raise ValueError(f"{op_name}: elems must be 1+ dimensional tensors (fn is applied along "
                         f"axis 0), not scalars; got shapes {[str(e.shape) for e in flat]}.")
    sizes = {e.shape[0] for e in flat} - {None}
    if len(sizes) > 1:
        raise ValueError(f"{op_name}: the tensors of elems must have the same first dimension, got "
                         f"shapes {[str(e.shape) for e in flat]}.")
    return flat, flat[0].shape[0] if flat[0].shape[0] is not None else shape(flat[0])[0]


def _spec(s):
    if isinstance(s, TensorSpec):
        return s.dtype, s.shape
    return dtypes.as_dtype(s), TensorShape(None)


def _check_callable(fn, op_name):
    if not callable(fn):
        raise TypeError(f"{op_name}: fn must be callable, got {fn!r}.")


def _check_not_empty(n, op_name):
    """Without an initializer the first element starts the accumulator. TF then
    reads element 0 of an empty TensorArray: OutOfRangeError eagerly,
    InvalidArgumentError when the graph runs (kiln: while building)."""
    if isinstance(n, int) and n == 0:
        eager = not _graph_state.building_graph()
        cls = errors.OutOfRangeError if eager else errors.InvalidArgumentError
        raise cls(None, None, f"{op_name} of an empty elems needs an initializer (without one, "
                              f"the first element is the initial value).")
