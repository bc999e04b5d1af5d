"""A kiln.function called eagerly while a GradientTape records: the call runs
its plan as always and is recorded as one op, whose gradient is a second
traced function (made once per trace) that runs the Python function again
under a tape and returns its gradients — with respect to the tensor
arguments and to the trainable variables the trace captured. The backward
pass so recomputes the forward one; in exchange, a function's gradient needs
nothing kept from the call but its inputs."""

import functools

from . import _tape


def call_recorded(function, args, kwargs):
    from ._function import _argument
    concrete, leaves = function._concrete_for(args, kwargs)
    tensors = [_argument(x, p) for x, p in zip(leaves, concrete.inputs)]
    with _tape._Suspended():
        flat = list(concrete._c.call(tensors))
    outputs = concrete._rebuild(flat)
    variables = [v for v in concrete.graph._captured_variables if v.trainable]
    tapes = [t for t in _tape._recording_tapes()
             if any(id(x) in t._tracked for x in tensors)
             or any(id(v) in t._variables or t._watch_accessed for v in variables)]
    if tapes:
        fn = functools.partial(_gradient, function, concrete, (args, kwargs), tensors, variables)
        for t in tapes:
            for v in variables:
                t._watch_variable(v)
            t._custom.append(fn)
            t._add(-len(t._custom), (), tuple(tensors) + tuple(variables), tuple(flat))
    return outputs


def _gradient(function, concrete, structure, tensors, variables, grads):
    from ._function import Function, _map_arguments, _output_structure
    backward = getattr(concrete, "_backward", None)
    if backward is None:
        def run_backward(flat_args, flat_grads):
            leaves = iter(flat_args)
            args, kwargs = _map_arguments(structure, lambda _: next(leaves))
            with _tape.GradientTape(watch_accessed_variables=False) as tape:
                tape.watch(list(flat_args))
                tape.watch(variables)
                out = function._call_converted(*args, **kwargs)
            flat = []
            _output_structure(out, flat)
            return tape.gradient(flat, list(flat_args) + variables,
                                 output_gradients=list(flat_grads),
                                 unconnected_gradients=_tape.UnconnectedGradients.ZERO)

        backward = concrete._backward = Function(run_backward, autograph=False)
    return list(backward(list(tensors), grads))
