"""Gradients through graph-mode control flow.

A kiln.cond node's branches are nodes of its graph, built right before it
(python/kiln/_control_flow.py). Its gradient is another cond on the same
predicate whose branches backpropagate through the forward branches' nodes:
the branch that runs backward is the one that ran forward, so the forward
intermediates it reads have values. before_backprop() turns each cond record
into one custom record (inputs: what the branches read from outside) before
the C++ backprop sees the list.

A while_loop's gradient runs the loop again, forward, stacking the loop
variables of every iteration (the forward loop's intermediates are gone when
it ends), then a backward loop from the last iteration to the first that
recomputes each iteration's body from its stacked variables and
backpropagates through it. Its records are the body's nodes copied
(_copy_region): the tape may not have recorded the ops that do not depend on
what it watches, and the rerun needs them all. Bodies that draw random
numbers, change state, or hold control flow or custom gradients are refused
with a message.
"""

import functools

from . import _core, dtypes
from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor
from ._tensor_shape import TensorShape

_NAMES = _core.op_names()
_INDEX = {name: i for i, name in enumerate(_NAMES)}
_COND = _INDEX["cond"]
_WHILE = _INDEX["while_loop"]
_LOOP_VAR = _INDEX["loop_var"]
_READ_VARIABLE = _INDEX["read_variable"]
_IDENTITY = _INDEX["identity"]
_VAR_HANDLE = _INDEX["var_handle"]
_DEFS = _core.op_defs()


def _node(x):
    return x._op._id if isinstance(x, SymbolicTensor) else None


def _construct_attrs(attrs):
    """(region start, second region start, count) of a cond or while_loop record."""
    if isinstance(attrs, tuple) and len(attrs) == 2 and isinstance(attrs[0], _core.Graph):
        return tuple(attrs[0].attrs(attrs[1]).values())
    return tuple(attrs)


def before_backprop(records, custom, backprop):
    """`records` with each cond and while_loop record replaced by a custom
    record that builds its gradient; backprop(records, custom, targets, seeds,
    sources, zero) is the function that differentiates a branch or a body."""
    if not any(r[0] in (_COND, _WHILE) for r in records):
        return records
    out = []
    for position, record in enumerate(records):
        op_index = record[0]
        if op_index == _WHILE:
            out.append(_while_record(records, record, custom, backprop))
        elif op_index == _COND:
            out.append(_cond_record(records[:position], record, custom, backprop))
        else:
            out.append(record)
    return out


def _cond_record(earlier, record, custom, backprop):
    _, attrs, inputs, outputs = record
    true_start, false_start, n = _construct_attrs(attrs)
    node = _node(outputs[0])
    true_recs, false_recs = [], []
    for r in earlier:
        ids = [_node(y) for y in r[3] if _node(y) is not None]
        if not ids or not true_start <= ids[0] < node:
            continue
        (true_recs if ids[0] < false_start else false_recs).append(r)
    pred = inputs[0]
    true_outs, false_outs = list(inputs[1:1 + n]), list(inputs[1 + n:1 + 2 * n])
    externals, seen = [], set()

    def outside(x):
        node_id = _node(x)
        return node_id is None or node_id < true_start

    for r in true_recs + false_recs:
        for x in r[2]:
            if outside(x) and id(x) not in seen:
                seen.add(id(x))
                externals.append(x)
    for x in true_outs + false_outs:
        if outside(x) and id(x) not in seen:
            seen.add(id(x))
            externals.append(x)
    externals = [x for x in externals if _differentiable(x)]
    fn = functools.partial(_cond_gradient, pred, true_recs, false_recs, true_outs, false_outs,
                           outputs, externals, custom, backprop)
    custom.append(fn)
    return (-len(custom), (), tuple(externals), outputs)


def _differentiable(x):
    dtype = x.dtype
    return dtype.is_floating or dtype.is_complex


def _cond_gradient(pred, true_recs, false_recs, true_outs, false_outs, outputs, externals,
                   custom, backprop, grads):
    from ._control_flow import cond
    if not externals:
        return []
    seeds = list(grads)  # backprop gives zeros where no gradient came
    graph = pred._op._graph

    def branch(recs, outs):
        def build():
            with graph._reading_branches():
                return list(backprop(recs, custom, outs, seeds, externals, True))
        return build

    # Depending on the forward cond keeps it (and so its branches' jumps) in
    # every plan that runs the gradient, even when nothing else uses its outputs.
    with graph.control_dependencies([outputs[0].op]):
        result = cond(pred, branch(true_recs, true_outs), branch(false_recs, false_outs))
    return list(result) if isinstance(result, (list, tuple)) else [result]


# ---- while_loop ----

def _refuse(why):
    raise NotImplementedError(
        f"kiln cannot differentiate this graph-mode while_loop: its body {why}. Differentiate "
        f"it eagerly (eager loops are recorded as they run), or loop over a Python range.")


def _variables_of(records):
    """VarHandleOp node -> the variable, for the reads that tapes saw."""
    found = {}
    for op_index, _, inputs, outputs in records:
        if op_index == _IDENTITY and inputs and getattr(type(inputs[0]), "_kiln_tensor_like",
                                                        False):
            read = outputs[0]
            if isinstance(read, SymbolicTensor):
                found[read._op._graph._c.attrs(read._op._id)["handle"]] = inputs[0]
    return found


def _check_copyable(graph, lo, hi):
    c = graph._c
    for nid in range(lo, hi):
        d = _DEFS[_INDEX[c.op_name(nid)]]
        if _INDEX[c.op_name(nid)] in (_WHILE, _LOOP_VAR):
            _refuse("holds a while_loop of its own")
        if d["side_effect"]:
            _refuse(f"changes state ({c.type(nid)})")
        if d["stateful"] and _INDEX[c.op_name(nid)] not in (_READ_VARIABLE, _VAR_HANDLE):
            _refuse(f"draws random numbers or reads state ({c.type(nid)})")
        if c.attr_dims(nid):
            _refuse(f"has a shape read off a tensor when it runs ({c.type(nid)})")


def _copy_region(graph, lo, hi, mapping, variables, records):
    """Applies the ops of graph nodes [lo, hi) again, to inputs mapped by
    `mapping` (id of an old tensor -> the new one), in the graph being built;
    appends a record of each copy to `records`."""
    c = graph._c
    conds = {}  # first branch node -> the outermost cond it begins
    for nid in range(lo, hi):
        if _INDEX[c.op_name(nid)] == _COND:
            start = c.attrs(nid)["true_start"]
            if start >= lo and (start not in conds or conds[start] < nid):
                conds[start] = nid
    nid = lo
    while nid < hi:
        if nid in conds:
            nid = _copy_cond(graph, conds[nid], mapping, variables, records) + 1
            continue
        _copy_node(graph, nid, mapping, variables, records)
        nid += 1


def _copy_cond(graph, node, mapping, variables, records):
    """A cond of a copied region, made again with its branches copied; the
    copies' records and the new cond's, for backprop. Returns the cond's id."""
    from ._control_flow import cond
    c = graph._c
    true_start, false_start, n = tuple(c.attrs(node).values())
    ins = [graph._ops[m]._outputs[i] for m, i in c.inputs(node)]
    pred = mapping.get(id(ins[0]), ins[0])

    def branch(lo, hi, outs):
        def build():
            _copy_region(graph, lo, hi, mapping, variables, records)
            return [mapping.get(id(o), o) for o in outs]
        return build

    result = cond(pred, branch(true_start, false_start, ins[1:1 + n]),
                  branch(false_start, node, ins[1 + n:]))
    new = list(result) if isinstance(result, (list, tuple)) else [result]
    op = new[0]._op
    d = c.attrs(op._id)
    new_ins = tuple(op._graph._ops[m]._outputs[i] for m, i in c.inputs(op._id))
    records.append((_COND, (d["true_start"], d["false_start"], d["num_outputs"]), new_ins,
                    tuple(op._outputs)))
    for o, x in zip(graph._ops[node]._outputs, op._outputs):
        mapping[id(o)] = x
    return node


def _copy_node(graph, nid, mapping, variables, records):
    """Applies node nid's op again to its mapped inputs; records the copy."""
    c = graph._c
    old = graph._ops[nid]._outputs
    op_index = _INDEX[c.op_name(nid)]
    if op_index == _INDEX["const"]:
        mapping[id(old[0])] = c.value(nid)
        return
    if not old or op_index == _VAR_HANDLE:
        return  # no_op (bodies with effects were refused); a variable's handle
        # node, which reads name by id and which stays valid
    ins = [graph._ops[n]._outputs[i] for n, i in c.inputs(nid)]
    ins = [mapping.get(id(x), x) for x in ins]
    bound = c.attr_inputs(nid)
    own = len(ins) - len(bound)
    attrs = list(c.attrs(nid).values())
    for k, a in enumerate(bound):
        attrs[a] = ins[own + k]
    attrs = tuple(attrs)
    result = _core.execute(op_index, tuple(ins[:own]), attrs)
    outs = result if isinstance(result, tuple) else (result,)
    records.append((op_index, attrs, tuple(ins[:own]), outs))
    if op_index == _READ_VARIABLE and attrs[0] in variables:
        records.append((_IDENTITY, (), (variables[attrs[0]],), outs))
    for o, n in zip(old, outs):
        mapping[id(o)] = n


def _externals(graph, loop_start, node, variables):
    """What the body and condition read from outside the loop, that may carry
    gradients: tensors made before the loop, and watched variables."""
    c = graph._c
    seen, out = set(), []
    for nid in range(loop_start, node):
        for n, i in c.inputs(nid):
            if n < loop_start:
                x = graph._ops[n]._outputs[i]
                if id(x) not in seen and _differentiable(x):
                    seen.add(id(x))
                    out.append(x)
        if _INDEX[c.op_name(nid)] == _READ_VARIABLE:
            v = variables.get(c.attrs(nid)["handle"])
            if v is not None and id(v) not in seen:
                seen.add(id(v))
                out.append(v)
    return out


def _while_record(records, record, custom, backprop):
    _, attrs, inputs, outputs = record
    loop_start, body_start, n = _construct_attrs(attrs)
    graph = outputs[0]._op._graph
    node = outputs[0]._op._id
    variables = _variables_of(records)
    initial = list(inputs[:n])
    diff = [i for i in range(n) if _differentiable(initial[i])]
    externals = _externals(graph, loop_start, node, variables)
    fn = functools.partial(_while_gradient, graph, (loop_start, body_start, node), inputs, outputs,
                           diff, externals, variables, custom, backprop)
    custom.append(fn)
    return (-len(custom), (), tuple(initial[i] for i in diff) + tuple(externals), outputs)


def _while_gradient(graph, bounds, inputs, outputs, diff, externals, variables, custom, backprop,
                    grads):
    from ._array_ops import zeros, zeros_like
    from ._control_flow import while_loop
    from .reduction_ops import cumsum
    from .shape_ops import concat, rank, reshape, shape, size
    from .shape_ops import slice as slice_
    loop_start, body_start, node = bounds
    n = len(outputs)
    _check_copyable(graph, loop_start + n, node)
    loop_vars = [graph._ops[loop_start + i]._outputs[0] for i in range(n)]
    initial, pred = list(inputs[:n]), inputs[n]
    body_outputs = list(inputs[n + 1:])

    def mapped(values):
        return {id(v): x for v, x in zip(loop_vars, values)}

    # Forward again, keeping each iteration's loop variables: per variable its
    # elements, dimensions, rank and size, each appended to a 1-D stack (a
    # variable's shape, even its rank, may change from one iteration to the
    # next: a growing TensorArray's does).
    def forward_cond(*state):
        m = mapped(state[:n])
        _copy_region(graph, loop_start + n, body_start, m, variables, [])
        return m.get(id(pred), pred)

    def keep(stacks, v):
        parts = (reshape(v, [-1]), shape(v), reshape(rank(v), [1]), reshape(size(v), [1]))
        return [concat([s, p], 0) for s, p in zip(stacks, parts)]

    def forward_body(*state):
        values, count, kept = state[:n], state[n], state[n + 1:]
        m = mapped(values)
        _copy_region(graph, loop_start + n, node, m, variables, [])  # the body may read the
        new = [m.get(id(o), o) for o in body_outputs]                # condition's values
        stacks = []
        for j, v in enumerate(values):
            stacks += keep(kept[4 * j:4 * j + 4], v)
        return (*new, count + 1, *stacks)

    empty = []
    for v in loop_vars:
        empty += [zeros([0], dtype=v.dtype)] + [zeros([0], dtype=dtypes.int32)] * 3
    shapes = ([v.shape for v in loop_vars] + [TensorShape([])] +
              [TensorShape([None])] * (4 * n))
    rerun = while_loop(forward_cond, forward_body, (*initial, 0, *empty),
                       shape_invariants=shapes)
    count, kept = rerun[n], rerun[n + 1:]
    stacks = [kept[4 * j:4 * j + 4] for j in range(n)]
    starts = [(cumsum(sizes, exclusive=True), cumsum(ranks, exclusive=True))
              for _, _, ranks, sizes in stacks]

    def iteration(k):
        """The loop variables as iteration k began."""
        values = []
        for v, (flat, dims, ranks, sizes), (at, dims_at) in zip(loop_vars, stacks, starts):
            value = reshape(slice_(flat, [at[k]], [sizes[k]]),
                            slice_(dims, [dims_at[k]], [ranks[k]]))
            value.set_shape(v.shape)
            values.append(value)
        return values

    seeds = [grads[i] for i in diff]

    # Backward, from the last iteration to the first.
    def backward_body(k, *state):
        k = k - 1
        values = iteration(k)
        m = mapped(values)
        recs = []
        _copy_region(graph, loop_start + n, node, m, variables, recs)
        targets = [m.get(id(body_outputs[i]), body_outputs[i]) for i in diff]
        sources = [values[i] for i in diff] + list(externals)
        g = backprop(recs, custom, targets, list(state[:len(diff)]), sources, True)
        acc = [a + b for a, b in zip(state[len(diff):], g[len(diff):])]
        return (k, *g[:len(diff)], *acc)

    result = while_loop(lambda k, *state: k > 0, backward_body,
                        (count, *seeds, *[zeros_like(e) for e in externals]))
    return list(result[1:])
