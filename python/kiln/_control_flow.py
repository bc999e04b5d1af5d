"""``kiln.cond``, ``kiln.case``, ``kiln.switch_case`` and ``kiln.while_loop``.

Eagerly they simply run the Python functions. While a graph is built (a
``Graph.as_default()`` block, or a ``kiln.function`` being traced) they trace
the branch or loop functions into the same graph, right before a ``cond`` or
``while_loop`` node that records where those nodes begin; the planner turns
them into jumps, so only the taken branch runs and a loop body runs in place.
A tensor made inside a branch or loop body can only leave it as its result.

That layout is the C++ kiln::cond's and kiln::while_loop's (the one place it
is written, src/graph/control_flow.cc): they call back into Python to trace
each branch, condition and body. What stays here is Python's: structures,
name scopes, effects, the closed regions behind the error checks, and the
records for gradient tapes.
"""

from . import _core, _graph_state, dtypes, nest
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._graph import get_default_graph
from ._ops import op
from ._symbolic_tensor import SymbolicTensor
from ._tensor_shape import TensorShape

_COND, _WHILE, _LOOP_VAR = op("cond"), op("while_loop"), op("loop_var")


def _building(*values):
    return _graph_state.building_graph() or any(isinstance(v, SymbolicTensor) for v in values)


# Structures are walked with kiln.nest; loop-carried values (kiln.TensorArray,
# see nest._is_composite) travel as their tensors. None is no output here: not
# a leaf, and kept as None when rebuilt.
def _leaves(structure, expand=True):
    """The tensor-like leaves of `structure` (composites as their components, or
    themselves with expand=False), None left out."""
    return [v for v in nest._flatten(structure, expand) if v is not None]


def _rebuild(structure, values, peers=()):
    """`structure` with its leaves replaced, in order, from the iterator `values`
    (None stays None); `peers` reach the composites' _kiln_rebuild."""
    flat = [None if v is None else next(values)
            for v in nest._flatten(structure, True)]
    return nest._rebuild(structure, iter(flat), True, peers)


def _same_structure(a, b):
    if a is None or b is None:
        return a is None and b is None
    if nest._is_composite(a) or nest._is_composite(b):
        return type(a) is type(b)
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(_same_structure(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b)
                and all(_same_structure(a[k], b[k]) for k in a))
    return True


def _graph_tensors(leaves, what):
    out = []
    for v in leaves:
        try:
            v = convert_to_tensor(v)
        except (TypeError, ValueError):
            raise TypeError(f"{what} must give tensors (or values that convert to tensors), got "
                            f"{type(v).__name__}: {v!r}.") from None
        if type(v) is EagerTensor:
            # A Const node now, inside the branch or body that returns it: made
            # later, with the construct's node, it would lie in the last region
            # and have no value when another branch runs.
            v = get_default_graph()._constant(v)._outputs[0]
        out.append(v)
    return out


def _predicate(pred, op_name):
    pred = convert_to_tensor(pred)
    if pred.dtype != dtypes.bool or (pred.shape.rank not in (0, None)):
        raise TypeError(f"[{op_name}] pred must be a bool scalar tensor, got {pred.dtype.name} of "
                        f"shape {pred.shape}; reduce it first (kiln.reduce_all / kiln.reduce_any).")
    return pred


def cond(pred, true_fn=None, false_fn=None, name=None):
    """true_fn() if pred else false_fn(); in a graph only the taken branch runs.

    Both functions must return the same structure of tensors with the same dtypes."""
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("kiln.cond needs true_fn and false_fn, both callable (functions of no "
                        "arguments).")
    if not _building(pred):
        if isinstance(pred, EagerTensor) and (pred.ndim != 0 or pred.dtype != dtypes.bool):
            raise TypeError(f"[cond] pred must be a bool scalar, got {pred.dtype.name} of shape "
                            f"{pred.shape}; reduce it first (kiln.reduce_all / kiln.reduce_any).")
        return true_fn() if bool(pred) else false_fn()
    graph = get_default_graph() if _graph_state.building_graph() else pred.graph
    with graph.as_default(), graph.name_scope(name or "cond"):
        pred = _predicate(pred, "cond")
        start = graph._open_region()
        traced = {}  # what the branches gave, kept for the checks and the result

        def branch(key, fn):
            def trace():  # called by kiln::cond, true_fn's branch first
                branch_start = graph._c.num_nodes()
                out = traced[key] = fn()
                flat = _graph_tensors(_leaves(out), f"kiln.cond's {key}")
                flat, traced[key + " effects"] = graph._outputs_after_effects(
                    flat, branch_start, carrier=True)
                if key == "false_fn" and (not _same_structure(traced["true_fn"], out)
                                          or len(flat) != traced["true_fn count"]):
                    raise ValueError(
                        f"true_fn and false_fn arguments to kiln.cond must have the same number, "
                        f"type, and overall structure of return values; true_fn gave "
                        f"{_describe(traced['true_fn'])} and false_fn gave {_describe(out)}.")
                traced[key + " count"] = len(flat)
                return [graph._output_of(t, "cond") for t in flat]
            return trace

        node = None
        try:
            node = graph._add_construct(
                lambda full_name, control_ids: _core.cond(
                    graph._c, graph._output_of(pred, "cond"), branch("true_fn", true_fn),
                    branch("false_fn", false_fn), full_name, control_ids),
                _COND, "cond")
            if traced["true_fn effects"] or traced["false_fn effects"]:
                graph._effects.append(node._id)  # runs (its branch's effects) even if unused
        finally:
            graph._close_region(start, node._id if node is not None else graph._c.num_nodes())
    return _rebuild(traced["true_fn"], iter(node._outputs), (traced["false_fn"],))


def _describe(structure):
    if isinstance(structure, (SymbolicTensor, EagerTensor)):
        return "a tensor"
    return repr(type(structure).__name__) if not isinstance(structure, (list, tuple, dict)) else (
        f"{type(structure).__name__} of {len(structure)}")


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The function of the first pair whose predicate is true (else `default`)."""
    pairs = list(pred_fn_pairs.items() if isinstance(pred_fn_pairs, dict) else pred_fn_pairs)
    if not pairs and default is None:
        raise ValueError("kiln.case needs at least one (pred, fn) pair or a default.")
    for p in pairs:
        if not (isinstance(p, tuple) and len(p) == 2 and callable(p[1])):
            raise TypeError(f"kiln.case takes (predicate, callable) pairs, got {p!r}.")
    fallback = default if default is not None else pairs[-1][1]
    chain = fallback
    for pred, fn in reversed(pairs if default is not None else pairs[:-1]):
        chain = (lambda pred=pred, fn=fn, rest=chain: cond(pred, fn, rest))
    return chain()


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """branch_fns[branch_index]() (or `default` for an index out of range; the last
    branch when there is no default), as tf.switch_case."""
    fns = list(branch_fns.items()) if isinstance(branch_fns, dict) else list(enumerate(branch_fns))
    if not fns:
        raise ValueError("kiln.switch_case needs at least one branch function.")
    for key, fn in fns:
        if not callable(fn):
            raise TypeError(f"branch_fns[{key!r}] is not callable.")
    if not _building(branch_index):
        index = int(branch_index)
        for key, fn in fns:
            if key == index:
                return fn()
        return (default or fns[-1][1])()
    index = convert_to_tensor(branch_index)
    if not index.dtype.is_integer:
        raise TypeError(f"[switch_case] branch_index must be an integer scalar, got "
                        f"{index.dtype.name}.")
    chain = default or fns[-1][1]
    for key, fn in reversed(fns if default is not None else fns[:-1]):
        chain = (lambda key=key, fn=fn, rest=chain: cond(_equal(index, key), fn, rest))
    return chain()


def _equal(index, key):
    from .math_ops import equal
    return equal(index, key)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """Repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``; returns the
    final loop_vars (same structure). In a graph the loop runs inside the plan."""
    if not callable(cond) or not callable(body):
        raise TypeError("kiln.while_loop needs cond and body, both callable.")
    packed = isinstance(loop_vars, (list, tuple))
    call = (lambda f, v: f(*v)) if packed else (lambda f, v: f(v))
    flat_initial = _leaves(loop_vars)
    if not flat_initial:
        raise ValueError("kiln.while_loop needs at least one loop variable.")
    if not _building(*flat_initial):
        return _eager_while(cond, body, loop_vars, call, maximum_iterations)
    graph = get_default_graph() if _graph_state.building_graph() else next(
        v.graph for v in flat_initial if isinstance(v, SymbolicTensor))
    with graph.as_default(), graph.name_scope(name or "while"):
        initial = _graph_tensors(flat_initial, "loop_vars")
        shapes = _invariants(shape_invariants, loop_vars, initial)
        counted = maximum_iterations is not None
        if counted:
            limit = convert_to_tensor(maximum_iterations, dtype=dtypes.int32)
            initial.append(convert_to_tensor(0, dtype=dtypes.int32))
            shapes.append(TensorShape([]))
        start = graph._open_region()
        traced = {}  # the loop variables and what the body gave, kept between callbacks

        def loop_cond(pairs):  # called by kiln::while_loop on its loop_var nodes
            variables = traced["variables"] = graph._tensors(pairs)
            traced["user_vars"] = _rebuild(loop_vars, iter(variables))
            pred = _predicate(call(cond, traced["user_vars"]), "while_loop")
            if counted:
                from .math_ops import less, logical_and
                pred = logical_and(pred, less(variables[-1], limit))
            return [graph._output_of(pred, "while_loop")]

        def loop_body(pairs):
            body_start = graph._c.num_nodes()
            result = call(body, traced["user_vars"])
            result = traced["result"] = _like_loop_vars(result, loop_vars, packed)
            if not _same_structure(loop_vars, result):
                raise ValueError(f"kiln.while_loop's body must return the structure of loop_vars "
                                 f"({_describe(loop_vars)}); it returned {_describe(result)}.")
            outputs = _graph_tensors(_leaves(result), "kiln.while_loop's body")
            if counted:
                outputs.append(traced["variables"][-1] + 1)
            outputs, traced["effects"] = graph._outputs_after_effects(outputs, body_start)
            return [graph._output_of(t, "while_loop") for t in outputs]

        node = None
        try:
            # kiln::while_loop checks each next value's dtype and shape (TF's errors).
            node = graph._add_construct(
                lambda full_name, control_ids: _core.while_loop(
                    graph._c, [graph._output_of(t, "while_loop") for t in initial], loop_cond,
                    loop_body, [None if s.rank is None else list(s._dims) for s in shapes],
                    full_name, graph._scoped("loop_var", _LOOP_VAR), control_ids),
                _WHILE, "while")
            if traced["effects"]:
                graph._effects.append(node._id)
        finally:
            graph._close_region(start, node._id if node is not None else graph._c.num_nodes())
    finals = node._outputs[:len(flat_initial)]
    return _rebuild(loop_vars, iter(finals), (traced["result"],))


def _eager_while(cond, body, loop_vars, call, maximum_iterations):
    limit = None if maximum_iterations is None else int(maximum_iterations)
    iterations = 0
    while (limit is None or iterations < limit) and bool(call(cond, loop_vars)):
        result = _like_loop_vars(call(body, loop_vars), loop_vars,
                                 isinstance(loop_vars, (list, tuple)))
        if not _same_structure(loop_vars, result):
            raise ValueError(f"kiln.while_loop's body must return the structure of loop_vars "
                             f"({_describe(loop_vars)}); it returned {_describe(result)}.")
        loop_vars = type(loop_vars)(result) if isinstance(loop_vars, list) else result
        iterations += 1
    return loop_vars


def _like_loop_vars(result, loop_vars, packed):
    """A body's result shaped like loop_vars where TF accepts either form: one
    tensor for a one-variable list, or a one-element list for a lone variable."""
    if packed and len(loop_vars) == 1 and not isinstance(result, (list, tuple)):
        return type(loop_vars)([result]) if not hasattr(loop_vars, "_fields") else result
    if not packed and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]
    return result


def _invariants(shape_invariants, loop_vars, initial):
    """One shape per loop tensor: the given invariant or the initial shape; a
    composite's own invariants for its components (a shape given for it is not
    used: it knows which of its dimensions vary)."""
    variables = _leaves(loop_vars, expand=False)
    if shape_invariants is None:
        given = [None] * len(variables)
    else:
        given = (_leaves(shape_invariants) if isinstance(shape_invariants, (list, tuple, dict))
                 else [shape_invariants])
        if len(given) != len(variables):
            raise ValueError(f"shape_invariants has {len(given)} shapes for {len(variables)} loop "
                             f"variables; give one per variable.")
    shapes, tensors = [], iter(initial)
    for var, s in zip(variables, given):
        if nest._is_composite(var):
            own = var._kiln_invariants()
            shapes.extend(own)
            for _ in own:
                next(tensors)
            continue
        t = next(tensors)
        s = t.shape if s is None else TensorShape(s)
        if not s.is_compatible_with(t.shape):
            raise ValueError(f"The shape invariant {s} is not compatible with the initial shape "
                             f"{t.shape} of loop variable {t.name}.")
        shapes.append(s)
    return shapes
