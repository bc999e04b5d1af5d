"""kiln.GradientTape: records the ops applied to watched tensors and
differentiates them with the registry's gradients (src/ops/*_grad.cc).

Recording is C++'s: while a tape records in this thread, ``_core.execute``
passes every op it applies (eager or symbolic) to ``_record``; a tape keeps
the ones whose inputs it tracks. ``gradient`` hands the records to
``_core.backprop`` (src/ops/backprop.h), whose gradient ops go through
``_core.execute`` again: eager or graph nodes as the context says, and
recorded by outer tapes (second derivatives).
"""

import threading

from . import _core, nest
from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor

_IDENTITY = _core.op_names().index("identity")
_state = threading.local()  # .tapes: the tapes entered in this thread, innermost last


class UnconnectedGradients:
    """What ``gradient`` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _tapes():
    tapes = getattr(_state, "tapes", None)
    if tapes is None:
        tapes = _state.tapes = []
    return tapes


def _sync_depth():
    _core._set_tape_depth(sum(1 for t in _tapes() if t._recording))


def _recording_tapes():
    return [t for t in _tapes() if t._recording] if _core._tape_depth() else []


def _record(op_index, inputs, attrs, result):
    """_core.execute's hook: each recording tape keeps the op if it tracks an input."""
    outputs = result if type(result) is tuple else (result,)
    for tape in _tapes():
        if tape._recording and any(id(x) in tape._tracked for x in inputs):
            tape._add(op_index, attrs, inputs, outputs)


_core._set_record_hook(_record)


def _readers():
    readers = getattr(_state, "readers", None)
    if readers is None:
        readers = _state.readers = []
    return readers


# Whether a variable read must be reported (variable_accessed): one C++ test
# per read, of the tape depth and of the number of readers.
watching = _core._watching


class _Suspended:
    """No tape of this thread records inside (a custom_gradient's forward pass)."""

    def __enter__(self):
        _core._set_tape_depth(0)

    def __exit__(self, *exc):
        _sync_depth()


def variable_accessed(variable, value):
    """Called by Variable.value(): tapes that watch the variable (trainable
    ones when watch_accessed_variables) see `value` as read from it."""
    for reader in _readers():
        reader.saw(variable)
    for tape in _recording_tapes():
        if id(variable) in tape._variables or (tape._watch_accessed and variable.trainable):
            tape._watch_variable(variable)
            tape._add(_IDENTITY, (), (variable,), (value,))


def _spec(value):
    """(dtype code, dims or None) of a value that is not an eager tensor."""
    shape = value.shape
    return value.dtype._code, (None if shape.rank is None else list(shape._dims))


def _is_source(x):
    """Whether gradients can be taken with respect to x: a tensor or a variable."""
    return (isinstance(x, (EagerTensor, SymbolicTensor))
            or getattr(type(x), "_kiln_tensor_like", False))


class GradientTape:
    """Records operations for automatic differentiation (TF's tf.GradientTape)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._recording = False
        self._reset_records()

    def _reset_records(self):
        self._records = []    # (op index, attrs, inputs, outputs); op index -1-k: custom k
        self._tracked = {}    # id -> tensor or variable, kept alive so ids stay unique
        self._variables = {}  # id -> watched variable, in watch order
        self._custom = []     # custom gradient functions (kiln.custom_gradient)

    # ---- recording ----

    def __enter__(self):
        self._push()
        return self

    def __exit__(self, typ, value, traceback):
        if self._recording:
            self._pop()

    def _push(self):
        if self._recording:
            raise ValueError("This GradientTape is already recording: enter it once at a time.")
        _tapes().append(self)
        self._recording = True
        _sync_depth()

    def _pop(self):
        tapes = _tapes()
        if self in tapes:
            tapes.remove(self)
        self._recording = False
        _sync_depth()

    def _add(self, op_index, attrs, inputs, outputs):
        self._records.append((op_index, attrs, inputs, outputs))
        for y in outputs:
            self._tracked[id(y)] = y

    def _watch_variable(self, variable):
        if id(variable) not in self._variables:
            self._variables[id(variable)] = variable
            self._tracked[id(variable)] = variable

    def watch(self, tensor):
        """Makes the tape track `tensor` (a tensor, variable, or nested structure of them)."""
        for t in nest.flatten(tensor):
            if getattr(type(t), "_kiln_tensor_like", False):
                self._watch_variable(t)
            elif isinstance(t, (EagerTensor, SymbolicTensor)):
                self._tracked[id(t)] = t
            else:
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not "
                                 f"tf.Tensor or tf.Variable or ExtensionType.")

    def watched_variables(self):
        """The variables this tape watches, in the order it first saw them."""
        return tuple(self._variables.values())

    def stop_recording(self):
        """A context in which this tape records nothing (TF's tape.stop_recording())."""
        return _Paused(self)

    def reset(self):
        """Forgets everything recorded so far; a tape in its ``with`` block keeps recording."""
        self._reset_records()

    # ---- differentiating ----

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """The gradients of `target` (summed over its elements, weighted by
        `output_gradients`) with respect to each of `sources` (any nest)."""
        self._begin_use()
        flat_sources = nest.flatten(sources)
        for s in flat_sources:
            if not _is_source(s):
                raise ValueError(f"Argument `sources` must be tensors or variables; got {s!r} "
                                 f"of type {type(s).__name__}.")
        flat_targets = [self._target_value(t) for t in nest.flatten(target)]
        flat_out = (None if output_gradients is None else
                    [None if g is None else _as_tensor(g) for g in nest.flatten(output_gradients)])
        grads = self._backprop(flat_targets, flat_out, flat_sources, unconnected_gradients)
        self._end_use()
        return nest.pack_sequence_as(sources, grads)

    def _begin_use(self):
        """Before a gradient or Jacobian: a non-persistent tape answers once, and
        stops recording to do it (as TF's)."""
        if self._records is None:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        if self._recording and not self._persistent:
            self._pop()

    def _end_use(self):
        if not self._persistent:
            self._records = None
            self._tracked = {}

    def _target_value(self, t):
        if getattr(type(t), "_kiln_tensor_like", False):
            return t.value()
        if not isinstance(t, (EagerTensor, SymbolicTensor)):
            return _as_tensor(t)
        return t

    def _backprop(self, targets, target_grads, sources, unconnected):
        if unconnected not in (UnconnectedGradients.NONE, UnconnectedGradients.ZERO):
            raise ValueError(f"Unknown value for unconnected_gradients: {unconnected!r}")
        if target_grads is not None and len(target_grads) != len(targets):
            raise ValueError(f"output_gradients must have one gradient per target: got "
                             f"{len(target_grads)} for {len(targets)} targets.")
        return backprop(self._records, self._custom, targets, target_grads, sources,
                        unconnected == UnconnectedGradients.ZERO)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i] / d source[j] for every element: shape target.shape + source.shape."""
        from ._jacobian import jacobian
        return jacobian(self, target, sources, unconnected_gradients)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per example b: d target[b, ...] / d source[b, ...]."""
        from ._jacobian import batch_jacobian
        return batch_jacobian(self, target, source, unconnected_gradients)


class _Paused:
    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        if not self._tape._recording:
            raise RuntimeError("Trying to stop recording a tape which is not recording.")
        self._tape._recording = False
        _sync_depth()

    def __exit__(self, typ, value, traceback):
        self._tape._recording = True
        _sync_depth()


def _as_tensor(value):
    from ._convert import convert_to_tensor
    return convert_to_tensor(value)


def backprop(records, custom, targets, target_grads, sources, unconnected_zero):
    """The C++ backprop over Python records: values are numbered here. Records
    of ops with a user-registered gradient, and of graph-mode conds, become
    custom records first (their gradient functions are Python's)."""
    from . import _control_flow_grad, _gradients
    records = _gradients.apply_overrides(records, custom)
    records = _control_flow_grad.before_backprop(records, custom, backprop)
    values, index = [], {}

    def number(x):
        k = index.get(id(x))
        if k is None:
            k = index[id(x)] = len(values)
            values.append(x)
        return k

    table = [(op, attrs, [number(x) for x in inputs], [number(y) for y in outputs])
             for op, attrs, inputs, outputs in records]
    target_ids = [number(t) for t in targets]
    source_ids = [number(s) for s in sources]
    seeds = [None] * len(targets) if target_grads is None else list(target_grads)

    def custom_grad(k, grads):
        return custom[k](grads)

    return _core.backprop(values, table, target_ids, seeds, source_ids, unconnected_zero, _spec,
                          custom_grad)
