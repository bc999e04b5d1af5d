"""Gradients through graph-mode control flow.

A kiln.cond node's branches are nodes of its graph, built right before it
(python/kiln/_control_flow.py). Its gradient is another cond on the same
predicate whose branches backpropagate through the forward branches' nodes:
the branch that runs backward is the one that ran forward, so the forward
intermediates it reads have values. before_backprop() turns each cond record
into one custom record (inputs: what the branches read from outside) before
the C++ backprop sees the list.

A graph-mode while_loop would need its iterations' values stacked; kiln does
not differentiate one yet and says so.
"""

import functools

from . import _core
from ._symbolic_tensor import SymbolicTensor

_NAMES = _core.op_names()
_COND = _NAMES.index("cond")
_WHILE = _NAMES.index("while_loop")


def _node(x):
    return x._op._id if isinstance(x, SymbolicTensor) else None


def _cond_attrs(attrs):
    if isinstance(attrs, tuple) and len(attrs) == 2 and isinstance(attrs[0], _core.Graph):
        d = attrs[0].attrs(attrs[1])
        return d["true_start"], d["false_start"], d["num_outputs"]
    return tuple(attrs)


def before_backprop(records, custom, backprop):
    """`records` with each cond record replaced by a custom record that builds
    its gradient; backprop(records, custom, targets, seeds, sources, zero) is
    the function that differentiates a branch."""
    if not any(r[0] in (_COND, _WHILE) for r in records):
        return records
    out = []
    for position, record in enumerate(records):
        op_index, attrs, inputs, outputs = record
        if op_index == _WHILE:
            custom.append(_while_gradient)
            out.append((-len(custom), (), inputs, outputs))
        elif op_index == _COND:
            out.append(_cond_record(records[:position], record, custom, backprop))
        else:
            out.append(record)
    return out


def _while_gradient(grads):
    raise NotImplementedError(
        "kiln cannot differentiate a graph-mode while_loop yet (a kiln.function's `for` or "
        "`while` over tensors becomes one). Differentiate it eagerly, or loop over a Python "
        "range (unrolled) inside the function.")


def _cond_record(earlier, record, custom, backprop):
    _, attrs, inputs, outputs = record
    true_start, false_start, n = _cond_attrs(attrs)
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
    from ._array_ops import zeros_like
    from ._control_flow import cond
    if not externals:
        return []
    seeds = [g if g is not None else zeros_like(y) for g, y in zip(grads, outputs)]
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
