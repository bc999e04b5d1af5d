"""``kiln.data.Dataset``: tf.data's Dataset over kiln's C++ pipeline
(src/data). A Dataset is immutable; each method returns a new one. Python
keeps the element structure and the options; the elements flow in C++."""

import glob as _glob
import os

import numpy as np

from .. import _core, _graph_state, _random_seed, dtypes, errors, nest
from .._convert import convert_to_tensor
from .._tensor_spec import TensorSpec
from . import _functions, _structure
from ._options import Options

AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


def _int(value, name):
    """A Python int from an int, NumPy integer or integer scalar tensor (TF takes all)."""
    from .._symbolic_tensor import SymbolicTensor
    if isinstance(value, SymbolicTensor):
        raise TypeError(f"{name} is a graph tensor ({value.name}), which has no value while the "
                        f"dataset is built: kiln builds datasets from values (Python numbers, "
                        f"NumPy, eager tensors), not from graph tensors. Build the dataset with "
                        f"the value itself.")
    if hasattr(value, "numpy"):
        value = value.numpy()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}: {value!r}.")
    return int(value)


def _parallel(num_parallel_calls):
    return 0 if num_parallel_calls is None else _int(num_parallel_calls, "num_parallel_calls")


class Dataset:
    """A stream of elements: sources (from_tensor_slices, range, from_generator,
    ...) and transformations (map, batch, shuffle, ...), iterated with ``for``,
    ``iter``/``next`` or ``as_numpy_iterator()``."""

    def __init__(self, make, parents, structure, options=None):
        # make(parent cores, options) -> the C++ dataset; kept so that
        # with_options can rebuild the pipeline with, e.g., deterministic=False.
        self._make = make
        self._parents = parents
        self._options = options if options is not None else _merged_options(parents)
        self._c = make([p._c for p in parents], self._options)
        self._structure = _structure.structure_from_core(self._c.spec, structure)

    # ---- what a dataset is ----

    @property
    def element_spec(self):
        return self._structure

    def cardinality(self):
        return convert_to_tensor(self._c.cardinality(), dtype=dtypes.int64)

    def __len__(self):
        n = self._c.cardinality()
        if n == INFINITE_CARDINALITY:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN_CARDINALITY:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True  # as TF: a dataset is truthy even when empty

    def __repr__(self):
        return f"<{self._c.type_name} element_spec={self._structure!r}>"

    def options(self):
        return self._options

    def with_options(self, options, name=None):
        if not isinstance(options, Options):
            raise TypeError(f"with_options needs a kiln.data.Options, got {options!r}.")
        return self._rebuilt(self._options.merge(options))

    def _rebuilt(self, options):
        parents = [p._rebuilt(options) for p in self._parents]
        return Dataset(self._make, parents, self._structure, options)

    # ---- iteration ----

    def __iter__(self):
        from ._iterators import OwnedIterator, graph_iterator
        if _graph_state.building_graph():
            return graph_iterator(self)
        return OwnedIterator(self)

    def as_numpy_iterator(self):
        from ._iterators import NumpyIterator
        return NumpyIterator(self)

    def get_single_element(self, name=None):
        it = iter(self)
        try:
            first = next(it)
        except StopIteration:
            raise errors.InvalidArgumentError(None, None, "Dataset was empty.") from None
        try:
            next(it)
        except StopIteration:
            return first
        raise errors.InvalidArgumentError(None, None, "Dataset had more than one element.")

    def reduce(self, initial_state, reduce_func, name=None):
        from ._iterators import reduce
        return reduce(self, initial_state, reduce_func)

    # ---- sources ----

    @staticmethod
    def from_tensor_slices(tensors, name=None):
        element = _structure.normalize(tensors, "from_tensor_slices")
        core = _core.data_from_tensor_slices(_structure.components(element))
        return _source(core, _leaf_specs(element))

    @staticmethod
    def from_tensors(tensors, name=None):
        element = _structure.normalize(tensors, "from_tensors")
        core = _core.data_from_tensors(_structure.components(element))
        return _source(core, _leaf_specs(element))

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to range: {args}. Give stop, start and stop, or "
                             f"start, stop and step.")
        values = [_int(a, "range's arguments") for a in args]
        start, stop, step = (0, values[0], 1) if len(values) == 1 else (
            values[0], values[1], values[2] if len(values) == 3 else 1)
        if step == 0:
            raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")
        dtype = dtypes.as_dtype(output_type)
        return _source(_core.data_range(start, stop, step, dtype._code), TensorSpec([], dtype))

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        from ._generator import from_generator
        return from_generator(generator, output_types, output_shapes, args, output_signature)

    @staticmethod
    def zip(*datasets, name=None):
        if len(datasets) == 1 and not isinstance(datasets[0], Dataset):
            datasets = datasets[0]
        structure = datasets
        flat = nest.flatten(datasets)
        for d in flat:
            if not isinstance(d, Dataset):
                raise TypeError(f"zip takes datasets (or a nest of them), got "
                                f"{type(d).__name__}: {d!r}.")
        spec = nest.pack_sequence_as(structure, [d.element_spec for d in flat])
        return Dataset(lambda cores, o: _core.data_zip(cores), list(flat), spec)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None, name=None):
        patterns = [file_pattern] if isinstance(file_pattern, (str, bytes, os.PathLike)) else \
            list(file_pattern)
        files = sorted({f for p in patterns for f in _glob.glob(os.fsdecode(p))})
        if not files:
            raise errors.InvalidArgumentError(
                None, None, f"Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
                f"Summarized data: b'No files matched pattern: {', '.join(map(os.fsdecode, patterns))}'")
        ds = Dataset.from_tensor_slices(np.array([os.fsencode(f) for f in files], dtype=object))
        if shuffle is None or shuffle:
            ds = ds.shuffle(len(files), seed=seed)
        return ds

    # ---- transformations ----

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        traced = _functions.trace(map_func, [self._structure], "Dataset.map()")
        parallel = _parallel(num_parallel_calls)
        out = traced.output_structure
        specs = _structure.core_specs(out)
        batched_plan = None  # traced when an optimisation wants it (kiln.data.Options)

        def make(cores, options):
            nonlocal batched_plan
            det = _deterministic(deterministic, options)
            vectorize = options.experimental_optimization.map_vectorization is not False
            if vectorize and batched_plan is None:
                batched_plan = _functions.trace_batched(map_func, self._structure, traced,
                                                        "Dataset.map()") or False
            plan = batched_plan if vectorize and batched_plan else None
            return _core.data_map(cores[0], traced.plan, specs, parallel, det, plan)
        return Dataset(make, [self], out)

    def filter(self, predicate, name=None):
        traced = _functions.trace(predicate, [self._structure], "Dataset.filter()")
        _check_predicate(traced, "filter")
        return Dataset(lambda cores, o: _core.data_filter(cores[0], traced.plan), [self],
                       self._structure)

    def take_while(self, predicate, name=None):
        traced = _functions.trace(predicate, [self._structure], "Dataset.take_while()")
        _check_predicate(traced, "take_while")
        return Dataset(lambda cores, o: _core.data_take_while(cores[0], traced.plan), [self],
                       self._structure)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        n = _int(batch_size, "batch_size")
        drop = bool(drop_remainder)
        return Dataset(lambda cores, o: _core.data_batch(cores[0], n, drop), [self],
                       self._structure)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False, name=None):
        from ._padded_batch import padded_batch_args
        n = _int(batch_size, "batch_size")
        shapes, values = padded_batch_args(self._structure, padded_shapes, padding_values)
        drop = bool(drop_remainder)
        return Dataset(lambda cores, o: _core.data_padded_batch(cores[0], n, shapes, values, drop),
                       [self], self._structure)

    def unbatch(self, name=None):
        return Dataset(lambda cores, o: _core.data_unbatch(cores[0]), [self], self._structure)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        n = _int(buffer_size, "buffer_size")
        seed, seed2 = _random_seed.get_seed(seed, "Dataset.shuffle")
        if seed is None:  # unseeded: a new order each program run, as TF
            seed, seed2 = (int(v) for v in np.random.SeedSequence().generate_state(2))
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        return Dataset(lambda cores, o: _core.data_shuffle(cores[0], n, seed, seed2, reshuffle),
                       [self], self._structure)

    def repeat(self, count=None, name=None):
        n = -1 if count is None else _int(count, "count")
        return Dataset(lambda cores, o: _core.data_repeat(cores[0], n), [self], self._structure)

    def take(self, count, name=None):
        n = _int(count, "count")
        return Dataset(lambda cores, o: _core.data_take(cores[0], n), [self], self._structure)

    def skip(self, count, name=None):
        n = _int(count, "count")
        return Dataset(lambda cores, o: _core.data_skip(cores[0], n), [self], self._structure)

    def prefetch(self, buffer_size, name=None):
        n = _int(buffer_size, "buffer_size")
        return Dataset(lambda cores, o: _core.data_prefetch(cores[0], n), [self], self._structure)

    def cache(self, filename="", name=None):
        path = os.fsdecode(filename)
        return Dataset(lambda cores, o: _core.data_cache(cores[0], path), [self], self._structure)

    def enumerate(self, start=0, name=None):
        first = _int(start, "start")
        return Dataset(lambda cores, o: _core.data_enumerate(cores[0], first), [self],
                       (TensorSpec([], dtypes.int64), self._structure))

    def concatenate(self, dataset, name=None):
        if not isinstance(dataset, Dataset):
            raise TypeError(f"concatenate takes a dataset, got {type(dataset).__name__}.")
        try:
            nest.assert_same_structure(self._structure, dataset._structure)
            same = all(type(a) is type(b) and a.dtype == b.dtype for a, b in zip(
                nest.flatten(self._structure), nest.flatten(dataset._structure)))
        except (TypeError, ValueError):
            same = False
        if not same:
            raise TypeError(f"Incompatible dataset elements:\n  {self._structure} vs.\n  "
                            f"{dataset._structure}")
        return Dataset(lambda cores, o: _core.data_concatenate(cores[0], cores[1]),
                       [self, dataset], self._structure)

    def flat_map(self, map_func, name=None):
        return self._interleave(map_func, 1, 1, None, "Dataset.flat_map()")

    def interleave(self, map_func, cycle_length=None, block_length=None,
                   num_parallel_calls=None, deterministic=None, name=None):
        cycle = AUTOTUNE if cycle_length is None else _int(cycle_length, "cycle_length")
        block = 1 if block_length is None else _int(block_length, "block_length")
        return self._interleave(map_func, cycle, block, num_parallel_calls, "Dataset.interleave()")

    def _interleave(self, map_func, cycle, block, num_parallel_calls, what):
        from ._interleave import interleave_args
        opener, out = interleave_args(self, map_func, what)
        parallel = _parallel(num_parallel_calls)
        return Dataset(lambda cores, o: _core.data_interleave(
            cores[0], opener, _structure.core_specs(out), cycle, block, parallel), [self], out)

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        n = _int(size, "size")
        step = n if shift is None else _int(shift, "shift")
        every = _int(stride, "stride")
        drop = bool(drop_remainder)
        structure = nest.pack_sequence_as(self._structure, [
            _structure.DatasetSpec(s) for s in nest.flatten(self._structure)])
        return Dataset(lambda cores, o: _core.data_window(cores[0], n, step, every, drop), [self],
                       structure)

    def scan(self, initial_state, scan_func, name=None):
        from ._iterators import scan
        return scan(self, initial_state, scan_func)

    def apply(self, transformation_func):
        result = transformation_func(self)
        if not isinstance(result, Dataset):
            raise TypeError(f"The function of apply() must return a Dataset, got "
                            f"{type(result).__name__}.")
        return result

    def ignore_errors(self, log_warning=False, name=None):
        raise NotImplementedError("Dataset.ignore_errors is not supported by kiln yet.")


def _source(core, structure):
    return Dataset(lambda cores, o: core, [], structure)


def _leaf_specs(element):
    return nest.pack_sequence_as(element, [_structure.spec_of(v)
                                     for v in nest.flatten(element)])


def _merged_options(parents):
    options = Options()
    for p in parents:
        options = options.merge(p._options)
    return options


def _deterministic(argument, options):
    if argument is not None:
        return bool(argument)
    return options.deterministic is not False


def _check_predicate(traced, what):
    out = traced.outputs
    if len(out) != 1 or out[0].dtype != dtypes.bool or out[0].shape.rank not in (0, None):
        spec = traced.output_structure
        raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                         f"tensor, but its return type is {spec}.")
