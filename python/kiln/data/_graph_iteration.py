"""Datasets read while a graph runs: ``for x in ds`` in a kiln.function
(AutoGraph's for_stmt calls ``dataset_for``), ``ds.reduce`` while a graph is
built (``graph_reduce``), and TF1's iterators (``make_one_shot_iterator``,
``make_initializable_iterator``) for graphs run by a Session.

The elements stay in the C++ pipeline; the graph reaches them through host
steps (kiln.numpy_function nodes, which take the GIL for their own step):

- ``start`` makes a new C++ iterator each time the graph runs and returns an
  int64 handle into this module's table of open iterators;
- ``advance(handle, go_on)``, the loop's condition, pulls the next element
  into the table when ``go_on`` (the loop's break/return test) holds, and
  says whether there was one; an element that cannot be made closes the
  iterator and raises its error;
- ``take(handle)``, first in the loop's body, hands over that element's
  components, with the static shapes of the element spec;
- ``close(handle)`` after the loop drops the iterator (and stops the
  pipeline's threads); the loop's results depend on it, so it runs when they
  are used, whether the loop ended at the end of the data or by ``break``.

The loop itself is autograph's tensor_loop (loop state, break, undefined
variables), with the state shapes that the body changes relaxed first, as
TF's loops over datasets do (they are reduces there).
"""

import atexit
import itertools
import threading
import weakref

import numpy as np

from .. import dtypes, errors, nest
from .._convert import convert_to_tensor
from .._eager_tensor import EagerTensor
from .._symbolic_tensor import SymbolicTensor
from .._tensor_shape import TensorShape
from .._tensor_spec import TensorSpec
from . import _structure

_TENSORS = (SymbolicTensor, EagerTensor)

# handle -> _Open: the iterators graph runs have started and not yet closed.
_open = {}
_handles = itertools.count(1)
_lock = threading.Lock()


class _Open:
    __slots__ = ("iterator", "element")

    def __init__(self, iterator):
        self.iterator = iterator
        self.element = None  # the components advance() pulled, until take()


@atexit.register
def _close_all():
    """Iterators a failed graph run left open: dropped while Python still runs."""
    with _lock:
        _open.clear()


def open_iterators():
    """How many iterators graph runs hold open now (0 between runs)."""
    return len(_open)


def _close(handle):
    with _lock:
        entry = _open.pop(int(handle), None)
    if entry is not None:
        entry.iterator = None  # drops the C++ iterator: its threads stop and join


# ---- the host steps ----

def _start_fn(dataset):
    core = dataset._c

    def start():
        iterator = core.iterate()
        with _lock:
            handle = next(_handles)
            _open[handle] = _Open(iterator)
        return np.int64(handle)
    start.__name__ = "dataset_iterator_start"
    return start


def _advance(handle, go_on):
    if not go_on:
        return np.bool_(False)
    entry = _open.get(int(handle))
    if entry is None:
        raise errors.FailedPreconditionError(
            None, None, "The dataset iterator of this loop was closed; a graph loop over a "
                        "dataset reads it while the loop runs only.")
    try:
        flat = entry.iterator.next()
    except BaseException:
        _close(handle)  # the run stops here: no close step will follow
        raise
    entry.element = flat
    return np.bool_(flat is not None)


def _take(handle):
    entry = _open[int(handle)]
    flat, entry.element = entry.element, None
    return flat


def _close_step(handle):
    _close(handle)
    return []


_advance.__name__ = "dataset_iterator_next"
_take.__name__ = "dataset_iterator_get"
_close_step.__name__ = "dataset_iterator_close"


def _tensor_specs(dataset, what):
    """The element spec's leaves, all tensors (a graph cannot carry strings or datasets)."""
    leaves = nest.flatten(dataset.element_spec)
    for s in leaves:
        if isinstance(s, _structure.StringSpec):
            raise TypeError(f"{what}: this dataset has a string component ({s!r}); kiln has no "
                            f"string tensors, so a graph cannot hold its elements. Iterate it "
                            f"eagerly (outside kiln.function), or decode the text in Python "
                            f"with Dataset.from_generator.")
        if isinstance(s, _structure.DatasetSpec):
            raise TypeError(f"{what}: this dataset's elements hold datasets (from window()); a "
                            f"graph cannot hold them. Use flat_map or interleave to turn the "
                            f"windows into tensors first.")
    return leaves


def _host(func, inputs, touts, name):
    from .._numpy_function import numpy_function
    return numpy_function(func, inputs, touts, name=name)


def _start(dataset):
    handle = _host(_start_fn(dataset), [], dtypes.int64, "dataset_iterator")
    handle.set_shape([])
    return handle


def _next_exists(handle, go_on=True):
    go_on = go_on if isinstance(go_on, _TENSORS) else bool(go_on)
    exists = _host(_advance, [handle, convert_to_tensor(go_on, dtype=dtypes.bool)], dtypes.bool,
                   "dataset_iterator_next")
    exists.set_shape([])
    return exists


def _element(handle, structure, leaves):
    """The element advance() pulled, as tensors of the spec's static shapes."""
    if not leaves:
        return structure
    flat = _host(_take, [handle], [s.dtype for s in leaves], "dataset_iterator_get")
    for t, s in zip(flat, leaves):
        t.set_shape(s.shape)
    return nest.pack_sequence_as(structure, flat)


def _closed_after(handle, values):
    """Closes the iterator once the loop is done: `values` (any nest) with its tensors
    depending on the close step."""
    from .._graph import get_default_graph
    from .._numpy_function import host_effect
    from ..shape_ops import identity
    closer = host_effect(_close_step, [handle], "dataset_iterator_close")
    with get_default_graph().control_dependencies([closer]):
        return nest.map_structure(
            lambda v: identity(v) if isinstance(v, SymbolicTensor) else v, values)


# ---- for x in dataset (AutoGraph) ----

def dataset_for(dataset, extra_test, body_fn, state, names, options, where):
    """AutoGraph's ``for x in dataset`` while a graph is built: a graph loop that reads
    a new pass over the dataset each time the graph runs."""
    from ..autograph import _loops
    if _loops.DO_RETURN in names:  # tensor_loop says why not
        return _loops.tensor_loop(None, None, None, state, names, options, where)
    structure = dataset.element_spec
    leaves = _tensor_specs(dataset, f"The loop over a dataset at line {where}")
    handle = _start(dataset)
    n = len(state)

    def test(*s):
        go_on = True if extra_test is None else extra_test(*s[:n])
        return _next_exists(s[n], go_on)

    def body(*s):
        item = _element(s[n], structure, leaves)
        return tuple(body_fn(item, *s[:n])) + (s[n],)

    options = dict(options or {})
    relaxed = _relaxed_state(body, list(state) + [handle], n)
    if relaxed:
        options["shape_invariants"] = relaxed + list(options.get("shape_invariants") or ())
    result = _loops.tensor_loop(test, body, None, tuple(state) + (handle,),
                                tuple(names) + ("<dataset iterator>",), options, where)
    return tuple(_closed_after(result[n], list(result[:n])))


def _relaxed_state(body, state, n):
    """(value, shape) invariants for the state tensors whose shape the body changes:
    the dims that differ become None, as TF's reduce (which runs TF's loops over
    datasets) relaxes them. The body is traced in regions nothing can use."""
    from .._graph import get_default_graph
    from ..autograph._operators import Undefined
    graph = get_default_graph()
    shapes = {}
    for _ in range(3):
        start = graph._open_region()
        try:
            inputs = [graph._loop_var(v.dtype, shapes[i]) if i in shapes else v
                      for i, v in enumerate(state)]
            out = body(*inputs)
        finally:
            graph._close_region(start, len(graph._ops))
        changed = False
        for i in range(n):
            before, after = inputs[i], out[i]
            if (isinstance(before, Undefined) or not isinstance(before, _TENSORS)
                    or not isinstance(after, _TENSORS) or before.dtype != after.dtype):
                continue  # tensor_loop says what is wrong with it, if anything
            if not _covers(before.shape, after.shape):
                shapes[i] = _relax(before.shape, after.shape)
                changed = True
        if not changed:
            break
    return [(state[i], shape) for i, shape in shapes.items()]


def _covers(general, specific):
    """Whether every dim `general` fixes, `specific` fixes the same (None covers anything)."""
    if general.rank is None:
        return True
    return specific.rank == general.rank and all(
        g is None or g == s for g, s in zip(general.as_list(), specific.as_list()))


def _relax(a, b):
    if a.rank is None or b.rank is None or a.rank != b.rank:
        return TensorShape(None)
    return TensorShape([p if p == q else None for p, q in zip(a.as_list(), b.as_list())])


# ---- Dataset.reduce while a graph is built ----

def _state_tensors(value):
    """A reduce state as tensors (symbolic ones allowed): lists are values, as TF."""
    if isinstance(value, tuple):
        items = [_state_tensors(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        return type(value)((k, _state_tensors(v)) for k, v in value.items())
    from ._dataset import Dataset
    if isinstance(value, Dataset):
        raise TypeError("Dataset.reduce(): a dataset cannot be part of the state while a graph "
                        "is built.")
    return value if isinstance(value, _TENSORS) else convert_to_tensor(value)


def graph_reduce(dataset, initial_state, reduce_func):
    """``dataset.reduce(initial_state, reduce_func)`` in a graph: a graph loop over a
    new pass each time the graph runs; state shapes that change become None."""
    from .._control_flow import while_loop
    from ..autograph import _conversion
    from ._functions import _normalize_output
    from ._iterators import _trace_with_state
    what = "Dataset.reduce()"
    state = _state_tensors(initial_state)
    flat = nest.flatten(state)
    state_structure = nest.pack_sequence_as(state, [TensorSpec(t.shape, t.dtype) for t in flat])
    structure = dataset.element_spec
    leaves = _tensor_specs(dataset, what)
    # Checks the function (structure, dtypes) and finds the relaxed state shapes.
    _, relaxed = _trace_with_state(reduce_func, state_structure, structure, what, False)
    invariants = [s.shape for s in nest.flatten(relaxed)] + [TensorShape([])]
    converted = _conversion.convert(reduce_func)
    n = len(flat)

    def cond(*v):
        return _next_exists(v[n])

    def body(*v):
        element = _element(v[n], structure, leaves)
        new = _normalize_output(converted(nest.pack_sequence_as(state, list(v[:n])), element), what)
        return nest.flatten(new) + [v[n]]

    handle = _start(dataset)
    out = while_loop(cond, body, list(flat) + [handle], shape_invariants=invariants)
    out = list(out) if isinstance(out, (list, tuple)) else [out]
    return nest.pack_sequence_as(state, _closed_after(out[n], out[:n]))


# ---- TF1: tf.compat.v1.data iterators ----

class Iterator:
    """TF1's ``tf.compat.v1.data.Iterator``: ``get_next()`` gives tensors whose values are
    the next element each time a Session runs them (OutOfRangeError "End of sequence" after
    the last). Each Session reads its own pass; an initializable iterator starts one
    when its ``initializer`` runs (again: from the start)."""

    def __init__(self, dataset, initializable):
        from .._graph import get_default_graph
        self._dataset = dataset
        self._structure = dataset.element_spec
        self._leaves = _tensor_specs(dataset, "A TF1 dataset iterator")
        self._graph = get_default_graph()
        self._initializable = initializable
        self._lock = threading.Lock()
        self._passes = weakref.WeakKeyDictionary()  # Session -> the C++ iterator of its pass
        self._unsessioned = None                    # runs outside a Session (kiln.function)
        self._initializer = None
        if initializable:
            from .._numpy_function import host_effect
            self._initializer = host_effect(self._restart, [], "iterator_initializer",
                                            name="MakeIterator")

    # the passes, per session
    def _pass(self):
        from .._session import running_session
        session = running_session()
        with self._lock:
            it = self._unsessioned if session is None else self._passes.get(session)
            if it is None:
                if self._initializable:
                    raise errors.FailedPreconditionError(
                        None, None, "GetNext() failed because the iterator has not been "
                        "initialized. Ensure that you have run the initializer operation for "
                        "this iterator before getting the next element.")
                it = self._set_pass(session)
        return it

    def _set_pass(self, session):
        it = self._dataset._c.iterate()
        if session is None:
            self._unsessioned = it
        else:
            self._passes[session] = it
        return it

    def _restart(self):
        from .._session import running_session
        with self._lock:
            self._set_pass(running_session())
        return []

    def _next(self):
        flat = self._pass().next()
        if flat is None:
            raise errors.OutOfRangeError(None, None, "End of sequence")
        return flat

    # TF1's API
    def get_next(self, name=None):
        """Tensors of the next element (in the element's structure)."""
        if not self._leaves:
            return self._structure
        flat = _host(self._next, [], [s.dtype for s in self._leaves], name or "IteratorGetNext")
        for t, s in zip(flat, self._leaves):
            t.set_shape(s.shape)
        return nest.pack_sequence_as(self._structure, flat)

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("The iterator does not have an initializer. This means it was "
                             "likely created using `make_one_shot_iterator()`. For an "
                             "initializable iterator, use `kiln.compat.v1.data."
                             "make_initializable_iterator(dataset)` instead.")
        return self._initializer

    @property
    def element_spec(self):
        return self._structure

    @property
    def output_types(self):
        return get_output_types(self)

    @property
    def output_shapes(self):
        return get_output_shapes(self)

    @property
    def output_classes(self):
        return get_output_classes(self)

    def __iter__(self):
        raise TypeError("A TF1 iterator is not a Python iterator: run iterator.get_next() in "
                        "a Session, or iterate the dataset itself eagerly.")

    def __repr__(self):
        kind = "initializable" if self._initializable else "one-shot"
        return f"<kiln.compat.v1.data.Iterator ({kind}) element_spec={self._structure!r}>"


def make_one_shot_iterator(dataset):
    """TF1's one-shot iterator: in a graph, an Iterator whose Sessions each read one pass
    from the start, with no initializer to run; eagerly, a Python iterator (as TF's)."""
    from .. import _graph_state
    from ._dataset import Dataset
    from ._iterators import OwnedIterator
    _check_dataset(dataset, Dataset, "make_one_shot_iterator")
    if not _graph_state.building_graph():
        return OwnedIterator(dataset)
    return Iterator(dataset, initializable=False)


def make_initializable_iterator(dataset, shared_name=None):
    """TF1's initializable iterator: run its ``initializer`` in a Session before
    ``get_next()``, and again to start over."""
    from .. import _graph_state
    from ._dataset import Dataset
    _check_dataset(dataset, Dataset, "make_initializable_iterator")
    if not _graph_state.building_graph():
        raise RuntimeError("`make_initializable_iterator()` is not supported in eager mode. Use "
                           "Python-style iteration instead.")
    return Iterator(dataset, initializable=True)


def _check_dataset(dataset, cls, what):
    if not isinstance(dataset, cls):
        raise TypeError(f"{what} takes a kiln.data.Dataset, got {type(dataset).__name__}.")


def get_output_types(dataset_or_iterator):
    """TF1's output_types: the element's dtypes (a nested dataset's spec stands for itself)."""
    return _legacy(dataset_or_iterator, lambda s: s.dtype)


def get_output_shapes(dataset_or_iterator):
    """TF1's output_shapes: the element's static shapes."""
    return _legacy(dataset_or_iterator, lambda s: s.shape)


def get_output_classes(dataset_or_iterator):
    """TF1's output_classes: kiln.Tensor for each tensor."""
    from .._symbolic_tensor import Tensor
    return _legacy(dataset_or_iterator, lambda s: Tensor)


def _legacy(dataset_or_iterator, of):
    spec = getattr(dataset_or_iterator, "element_spec", None)
    if spec is None:
        raise TypeError(f"Expected a kiln.data.Dataset or a TF1 iterator, got "
                        f"{type(dataset_or_iterator).__name__}.")
    return nest.map_structure(
        lambda s: s if isinstance(s, _structure.DatasetSpec) else of(s), spec)
