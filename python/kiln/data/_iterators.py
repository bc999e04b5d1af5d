"""Getting elements out of a dataset: eager iterators (EagerTensors, or NumPy
values for as_numpy_iterator), reduce and scan, and iteration while a graph
is built (``for x in ds`` in a kiln.function, TF1's one-shot iterators),
which reads the pipeline through a host step each time the graph runs."""

from .. import _graph_state, errors, nest
from .._tensor_spec import TensorSpec
from . import _functions, _structure


def _packer(structure, numpy):
    """A function from C++'s flat components to the element's structure."""
    leaves = nest.flatten(structure)
    nested = [isinstance(s, _structure.DatasetSpec) for s in leaves]
    if any(nested) and numpy:
        raise TypeError("Dataset.as_numpy_iterator() is not supported for datasets that produce "
                        "values of type DatasetSpec (from window()); iterate it with for/iter, "
                        "or flat_map the windows into tensors first.")
    if any(nested):
        def wrap(flat):
            return [_nested_dataset(v, s.element_spec) if n else v
                    for v, s, n in zip(flat, leaves, nested)]
    else:
        def wrap(flat):
            return flat
    if not nest.is_nested(structure):
        return lambda flat: wrap(flat)[0]
    return lambda flat: nest.pack_sequence_as(structure, wrap(flat))


def _nested_dataset(core, structure):
    from ._dataset import Dataset
    return Dataset(lambda cores, o: core, [], structure)


class OwnedIterator:
    """``iter(dataset)`` in eager mode: one pass; elements as EagerTensors."""

    _NUMPY = False

    def __init__(self, dataset):
        self._it = dataset._c.iterate()
        self._structure = dataset.element_spec
        self._pack = _packer(self._structure, self._NUMPY)
        self._next = self._it.next_numpy if self._NUMPY else self._it.next

    def __iter__(self):
        return self

    def __next__(self):
        flat = self._next()
        if flat is None:
            raise StopIteration
        return self._pack(flat)

    @property
    def element_spec(self):
        return self._structure

    def get_next(self, name=None):
        """The next element; OutOfRangeError at the end (TF's iterator.get_next())."""
        flat = self._next()
        if flat is None:
            raise errors.OutOfRangeError(None, None, "End of sequence")
        return self._pack(flat)

    def get_next_as_optional(self):
        raise NotImplementedError("Iterator.get_next_as_optional is not supported by kiln yet; "
                                  "use next(iterator) and StopIteration.")


class NumpyIterator(OwnedIterator):
    """``as_numpy_iterator()``: elements as NumPy values (bytes for strings),
    sharing memory with a result nobody else holds (e.g. a batch)."""

    _NUMPY = True

    def __repr__(self):
        return f"<NumpyIterator element_spec={self._structure!r}>"


def _state_components(value, what):
    element = _structure.normalize(value, what)
    return element, _structure.components(element)


def _trace_with_state(fn, state_structure, element_structure, what, split):
    """Traces fn(state, element); retraces once with relaxed state shapes when the
    state it returns has other shapes (TF's rule)."""
    for attempt in range(2):
        traced = _functions.trace(fn, [state_structure, element_structure], what, unpack=False)
        out = traced.output_structure
        if split and (not isinstance(out, tuple) or len(out) != 2):  # TF's message
            raise TypeError(f"Invalid `scan_func`. `scan_func` should return a pair consisting of "
                            f"new state and the output value but its return type is {out}.")
        new_state = out[0] if split else out
        try:
            nest.assert_same_structure(new_state, state_structure)
        except (ValueError, TypeError):
            message = (f"The function of {what} must return a state of the structure of its "
                       f"initial state {state_structure}, got {new_state}.")
            if split:  # scan: TF's TypeError; reduce: TF's ReduceDataset kernel error
                raise TypeError(message) from None
            raise errors.InvalidArgumentError(None, None, message) from None
        flat_new, flat_old = nest.flatten(new_state), nest.flatten(state_structure)
        for a, b in zip(flat_new, flat_old):
            if a.dtype != b.dtype:
                raise TypeError(f"The function of {what} changed a state's dtype from "
                                f"{b.dtype.name} to {a.dtype.name}; cast it back to "
                                f"{b.dtype.name} before returning it.")
        if all(_more_general(b, a) for a, b in zip(flat_new, flat_old)):
            return traced, state_structure
        state_structure = _structure.relaxed(state_structure, new_state)
    return traced, state_structure


def _more_general(general, specific):
    """Whether every dim `general` fixes, `specific` fixes the same (None covers anything)."""
    if general.shape.rank is None:
        return True
    return specific.shape.rank == general.shape.rank and all(
        g is None or g == s for g, s in zip(general.shape.as_list(), specific.shape.as_list()))


def reduce(dataset, initial_state, reduce_func):
    from .. import _core
    if _graph_state.building_graph():
        from ._graph_iteration import graph_reduce
        return graph_reduce(dataset, initial_state, reduce_func)
    state, flat = _state_components(initial_state, "Dataset.reduce()")
    state_structure = nest.pack_sequence_as(state, [TensorSpec(t.shape, t.dtype) for t in
                                              nest.flatten(state)])
    traced, _ = _trace_with_state(reduce_func, state_structure, dataset.element_spec,
                                  "Dataset.reduce()", False)
    return nest.pack_sequence_as(state, _core.data_reduce(dataset._c, flat, traced.plan))


def scan(dataset, initial_state, scan_func):
    from .. import _core
    from ._dataset import Dataset
    state, flat = _state_components(initial_state, "Dataset.scan()")
    state_structure = nest.pack_sequence_as(state, [TensorSpec(t.shape, t.dtype) for t in
                                              nest.flatten(state)])
    traced, state_structure = _trace_with_state(scan_func, state_structure,
                                                dataset.element_spec, "Dataset.scan()", True)
    output = traced.output_structure[1]
    n_state = len(nest.flatten(state_structure))
    specs = _structure.core_specs(output)
    return Dataset(lambda cores, o: _core.data_scan(cores[0], flat, traced.plan, n_state, specs),
                   [dataset], output)


# ---- while a graph is built ----

def graph_iterator(dataset):
    """``for x in ds`` while a function is traced: AutoGraph turns such a loop
    into a graph loop (autograph._operators.for_stmt); iterating by hand here
    would unroll the whole dataset into the graph, so it is refused."""
    raise TypeError("A dataset cannot be iterated by Python while a graph is built (that would "
                    "put every element into the graph). Inside kiln.function, write the loop as "
                    "`for x in dataset:` in the function itself (AutoGraph turns it into a graph "
                    "loop), or use dataset.reduce(...); in a TF1 graph, use "
                    "kiln.compat.v1.data.make_one_shot_iterator(dataset).get_next().")

