"""``kiln.compat.v1.Session``: runs graphs and returns NumPy arrays, as TF1.

``run`` resolves the fetches (any nesting of lists, tuples, namedtuples and
dicts of tensors, operations and names) and the feeds to graph outputs, and
the C++ session runs the compiled plan for that combination (compiled once and
kept in its plan cache, the only one) with the GIL released. Results are
writable ndarrays, zero-copy when nothing else holds their memory
(docs/conversion.md). Fed NumPy arrays are borrowed for the call, not copied.
"""

import collections
import contextlib
import threading

import numpy as np

from . import _core, _graph_state, _threading, errors
from ._convert import borrowed
from ._eager_tensor import EagerTensor
from ._graph import Graph, Operation, get_default_graph
from ._symbolic_tensor import SymbolicTensor

_local = threading.local()


def _session_stack():
    return _graph_state.thread_stack(_local, "sessions")


def get_default_session():
    """The innermost ``Session.as_default()`` session of this thread, or None."""
    s = _session_stack()
    return s[-1] if s else None


def running_session():
    """The session whose run is in progress on this thread (the innermost), or None.
    Host callbacks that keep state per session (kiln.data's TF1 iterators) use it:
    plans run their steps on the calling thread."""
    s = getattr(_local, "running", None)
    return s[-1] if s else None


@contextlib.contextmanager
def _running(session):
    s = _graph_state.thread_stack(_local, "running")
    s.append(session)
    try:
        yield
    finally:
        s.pop()


def _session_for(element, session, what):
    session = session or get_default_session()
    if session is None:
        raise ValueError(f"Cannot evaluate {element.name} using `{what}()`: no default session is "
                         f"registered. Use `with sess.as_default():` or pass an explicit session: "
                         f"{what}(session=sess).")
    if session.graph is not element.graph:
        raise ValueError(f"Cannot use the given session to evaluate {element.name}: its graph is "
                         f"different from the session's graph.")
    return session


class _Fetches:
    """A fetch structure flattened to graph outputs, and rebuilt around results."""

    __slots__ = ("outputs", "targets", "rebuild")

    def __init__(self, graph, fetches):
        self.outputs = []   # (node, index) of each fetched tensor
        self.targets = []   # node ids of fetched operations (they give None)
        self.rebuild = self._flatten(graph, fetches)

    def _flatten(self, graph, fetch):
        if isinstance(fetch, (SymbolicTensor, Operation, str)) or getattr(
                type(fetch), "_kiln_tensor_like", False):
            element = _as_element(graph, fetch)
            if isinstance(element, Operation):
                self.targets.append(element._id)
                return lambda values: None
            position = len(self.outputs)
            self.outputs.append((element._op._id, element._index))
            return lambda values: values[position]
        if getattr(type(fetch), "_kiln_fetch_mapper", False):
            # A fetchable computed from tensors (report_uninitialized_variables).
            parts = [self._flatten(graph, t) for t in fetch._kiln_fetches()]
            return lambda values: fetch._kiln_result([f(values) for f in parts])
        if isinstance(fetch, dict):
            parts = [(k, self._flatten(graph, v)) for k, v in fetch.items()]
            kind = type(fetch)
            if kind is collections.defaultdict:
                return lambda values: collections.defaultdict(
                    fetch.default_factory, ((k, f(values)) for k, f in parts))
            return lambda values: kind((k, f(values)) for k, f in parts)
        if isinstance(fetch, (list, tuple)):
            parts = [self._flatten(graph, v) for v in fetch]
            if isinstance(fetch, tuple) and hasattr(fetch, "_fields"):  # a namedtuple
                return lambda values: type(fetch)(*(f(values) for f in parts))
            kind = type(fetch)
            return lambda values: kind(f(values) for f in parts)
        if fetch is None:
            raise TypeError('Argument `fetch` = None has invalid type "NoneType". Cannot be None')
        raise TypeError(f'Argument `fetch` = {fetch!r} has invalid type "{type(fetch).__name__}" '
                        f"must be a string or Tensor. (Can not convert a {type(fetch).__name__} "
                        f"into a Tensor or Operation.)")


def _as_element(graph, fetch):
    try:
        return graph.as_graph_element(fetch)
    except (ValueError, KeyError) as e:
        message = e.args[0] if e.args else str(e)
        raise type(e)(f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. "
                      f"({message}) Fetch tensors of the session's graph "
                      f"(Session(graph=...)).") from None


def _apply_config(config):
    """What a ConfigProto says that kiln honours: intra_op_parallelism_threads sizes
    kiln's one thread pool (process-wide, as kiln.config.threading does; TF's is
    per session). The other fields are accepted and change nothing."""
    threads = getattr(config, "intra_op_parallelism_threads", 0)
    if threads:
        _threading.set_intra_op_parallelism_threads(threads)


class Session:
    """Runs a graph: ``with kiln.compat.v1.Session(graph=g) as sess: sess.run(t)``."""

    def __init__(self, target="", graph=None, config=None):
        if target not in ("", None, b""):
            raise errors.UnimplementedError(
                None, None, f"kiln runs sessions in this process only; target={target!r} is not "
                f"supported. Leave target out.")
        self._graph = graph if graph is not None else get_default_graph()
        if not isinstance(self._graph, Graph):
            raise TypeError(f"graph must be a kiln.Graph, got {type(self._graph).__name__}.")
        _apply_config(config)
        self._c = _core.Session(self._graph._c)
        self._closed = False
        self._default_contexts = []

    @property
    def graph(self):
        return self._graph

    @property
    def sess_str(self):
        """The target, as bytes (TF's type): always b'' (kiln sessions are in-process)."""
        return b""

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """The values of `fetches` (same structure; NumPy arrays, None for operations)."""
        with _running(self):
            return self._run(fetches, feed_dict)

    def _run(self, fetches, feed_dict):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session. Create a new Session to run "
                               "the graph again.")
        if type(fetches) is SymbolicTensor and fetches._op._graph is self._graph:
            # The common case, one tensor: no fetch structure to build or rebuild.
            keys, values = self._feeds(feed_dict)
            return self._c.run_output(fetches._op._id, fetches._index, keys, values)
        mapped = _Fetches(self._graph, fetches)
        keys, values = self._feeds(feed_dict)
        if not mapped.outputs and not mapped.targets:
            self._check_runnable()
            return mapped.rebuild([])  # nothing to run: an empty structure, as TF
        return mapped.rebuild(self._c.run(mapped.outputs, keys, values, mapped.targets))

    def _check_runnable(self):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session. Create a new Session to run "
                               "the graph again.")
        if not self._graph._ops:
            raise RuntimeError("The Session graph is empty. Add operations to the graph before "
                               "calling run().")

    def _feeds(self, feed_dict):
        if not feed_dict:
            return (), ()
        keys, values = [], []
        graph = self._graph
        for key, value in feed_dict.items():
            if type(key) is SymbolicTensor and key._op._graph is graph:
                tensor = key  # the usual key, without a graph lookup
            else:
                tensor = self._feed_key(key)
            keys.append((tensor._op._id, tensor._index))
            values.append(_feed_value(tensor, value))
        return tuple(keys), values

    def _feed_key(self, key):
        try:
            element = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (TypeError, ValueError, KeyError) as e:
            message = e.args[0] if e.args else str(e)
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {message}") from None
        return element

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function ``f(*feed_values)`` that runs `fetches` with the tensors of
        `feed_list` fed, in order: the lowest-overhead way to run a graph often."""
        mapped = _Fetches(self._graph, fetches)
        tensors = [self._feed_key(k) for k in (feed_list or ())]
        self._check_runnable()
        plan = self._c.plan(mapped.outputs, [(t._op._id, t._index) for t in tensors],
                            mapped.targets)
        run, rebuild = plan.run, mapped.rebuild

        def call(*feed_values, **options):
            if len(feed_values) != len(tensors):
                raise TypeError(f"This callable takes {len(tensors)} feed values (one per tensor "
                                f"of feed_list), got {len(feed_values)}.")
            if self._closed:
                raise RuntimeError("Attempted to use a closed Session.")
            with _running(self):
                return rebuild(run([_feed_value(t, v) for t, v in zip(tensors, feed_values)]))
        return call

    def close(self):
        """Frees the session's plans; later runs raise RuntimeError."""
        if not self._closed:
            self._closed = True
            self._c.close()

    def __enter__(self):
        context = self.as_default()
        context.__enter__()
        self._default_contexts.append(context)
        return self

    def __exit__(self, exc_type, exc, tb):
        self._default_contexts.pop().__exit__(exc_type, exc, tb)
        self.close()

    def __del__(self):
        if not getattr(self, "_closed", True):
            self.close()

    @contextlib.contextmanager
    def as_default(self):
        """Makes this the default session (for Tensor.eval / Operation.run) in the block."""
        stack = _session_stack()
        stack.append(self)
        try:
            with self._graph.as_default():
                yield self
        finally:
            stack.remove(self)

    @property
    def _plans_compiled(self):
        return self._c.plans_compiled

    @property
    def _cached_plans(self):
        """The C++ session's cached plans, in no order (for tests and tools)."""
        return self._c.cached_plans()


class InteractiveSession(Session):
    """A Session that makes itself the default session when created (for shells)."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        _session_stack().append(self)

    def close(self):
        stack = _session_stack()
        if self in stack:
            stack.remove(self)
        super().close()


def _feed_value(tensor, value):
    """`value` as a tensor of `tensor`'s dtype; an ndarray of that dtype is borrowed, not copied."""
    dtype = tensor._dtype
    fast = borrowed(value, dtype, "Session.run")
    if fast is not None:
        return fast
    if isinstance(value, EagerTensor):
        if value.dtype != dtype:
            raise TypeError(f"Cannot feed a {value.dtype.name} tensor for Tensor {tensor.name}, "
                            f"which has dtype {dtype.name}; cast it first.")
        return value
    if isinstance(value, SymbolicTensor):
        raise TypeError(f"The value of a feed cannot be a symbolic tensor ({value.name}). "
                        f"Acceptable feed values are Python scalars, lists, NumPy arrays and "
                        f"eager tensors.")
    try:
        array = np.asarray(value, dtype=dtype.as_numpy_dtype)
    except (TypeError, ValueError, OverflowError) as e:
        raise type(e)(f"Cannot feed {type(value).__name__} value for Tensor {tensor.name} of "
                      f"dtype {dtype.name}: {e}") from None
    fast = borrowed(array, dtype, "Session.run")
    if fast is not None:
        return fast
    return _core._from_buffer(array.view(np.uint16), dtype._code, True, "Session.run", True)  # bfloat16



