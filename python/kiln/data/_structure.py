"""Element structures of datasets, as tf.data's: a nest of tuples, namedtuples
and dicts whose leaves are specs (``TensorSpec``, ``DatasetSpec``, and the
spec of a string component). The C++ pipeline sees flat components in
``kiln.nest.flatten`` order; this module turns values and specs into flat
components and back."""

import numpy as np

from .. import _graph_state, dtypes, nest
from .._convert import convert_to_tensor
from .._eager_tensor import EagerTensor
from .._symbolic_tensor import SymbolicTensor
from .._tensor_shape import TensorShape
from .._tensor_spec import StringSpec, TensorSpec

# Component kinds, as src/data (ComponentSpec::Kind).
_TENSOR, _STRING, _DATASET = 0, 1, 2


class DatasetSpec:
    """The spec of a component that is itself a dataset (``window``'s)."""

    __slots__ = ("_element_spec",)

    def __init__(self, element_spec):
        self._element_spec = element_spec

    @property
    def element_spec(self):
        return self._element_spec

    def __eq__(self, other):
        return isinstance(other, DatasetSpec) and self._element_spec == other._element_spec

    def __hash__(self):
        return hash(("dataset", repr(self._element_spec)))

    def __repr__(self):
        return f"DatasetSpec({self._element_spec!r}, TensorShape([]))"


def _is_string_array(a):
    return a.dtype.kind in "SU" or (a.dtype.kind == "O" and a.size > 0 and
                                    all(isinstance(v, (bytes, str)) for v in a.flat))


class Strings:
    """A string component's value on its way into a pipeline (a leaf of nests)."""

    __slots__ = ("shape", "values")

    def __init__(self, array):
        self.shape = list(array.shape)
        self.values = [v.encode() if isinstance(v, str) else bytes(v) for v in array.flat]

    def core(self):
        """The ("strings", shape, [bytes]) tuple a component crosses to C++ as."""
        return ("strings", self.shape, self.values)


def normalize(value, what):
    """A user's element (tuples, dicts, namedtuples of tensors, arrays, Python
    values) with every leaf a component: an EagerTensor, strings, or a dataset.
    Lists are values, not structure (TF converts them to tensors)."""
    from ._dataset import Dataset
    if isinstance(value, tuple):
        items = [normalize(v, what) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        return type(value)((k, normalize(v, what)) for k, v in value.items())
    if isinstance(value, Dataset):
        return value
    if isinstance(value, SymbolicTensor):
        raise TypeError(f"{what}: a symbolic tensor has no value to put in a dataset. Build the "
                        f"dataset from eager tensors or NumPy arrays (outside kiln.function), or "
                        f"pass the dataset into the function.")
    if isinstance(value, EagerTensor):
        return value
    if isinstance(value, (str, bytes)) or (isinstance(value, (list, np.ndarray)) and
                                           _is_string_array(np.asarray(value, dtype=object)
                                                            if isinstance(value, list) else value)):
        return Strings(np.asarray(value, dtype=object))
    with _graph_state.eager_scope():  # a dataset's values are constants, also in a graph
        return convert_to_tensor(value)


def components(element):
    """The flat components of a normalized element, as the C++ side takes them."""
    from ._dataset import Dataset
    return [v._c if isinstance(v, Dataset) else v.core() if isinstance(v, Strings) else v
            for v in nest.flatten(element)]


def spec_of(leaf):
    """The spec of one normalized leaf."""
    from ._dataset import Dataset
    if isinstance(leaf, EagerTensor):
        return TensorSpec(leaf.shape, leaf.dtype)
    if isinstance(leaf, Dataset):
        return DatasetSpec(leaf.element_spec)
    return StringSpec(leaf.shape)


def to_core(spec):
    """The (kind, dtype code, shape, element spec) tuple of one spec leaf."""
    if isinstance(spec, DatasetSpec):
        return (_DATASET, 0, None, [to_core(s) for s in nest.flatten(spec.element_spec)])
    shape = spec.shape.as_list() if spec.shape.rank is not None else None
    if isinstance(spec, StringSpec):
        return (_STRING, 0, shape, None)
    return (_TENSOR, spec.dtype._code, shape, None)


def core_specs(structure):
    return [to_core(s) for s in nest.flatten(structure)]


def from_core(core, like=None):
    """A spec leaf from the C++ tuple; `like` (the spec this one came from, for
    datasets) gives nested datasets their structure."""
    kind, code, shape, element = core
    if kind == _TENSOR:
        return TensorSpec(shape, dtypes._ALL[code])
    if kind == _STRING:
        return StringSpec(shape)
    inner = like.element_spec if isinstance(like, DatasetSpec) else None
    if inner is None:
        inner = [from_core(e) for e in element]
        inner = inner[0] if len(inner) == 1 else tuple(inner)
    return DatasetSpec(inner)


def structure_from_core(core_list, structure):
    """`structure` with its leaves replaced by the specs C++ reports."""
    return nest.pack_sequence_as(structure, [from_core(c, s) for c, s in
                                             zip(core_list, nest.flatten(structure))])


def check_tensors_only(structure, what):
    for s in nest.flatten(structure):
        if isinstance(s, StringSpec):
            raise TypeError(f"{what}: this dataset has a string component ({s!r}); kiln has no "
                            f"string tensors, so a traced function cannot take it. Decode the "
                            f"text in Python with Dataset.from_generator, or keep strings out of "
                            f"the elements this function sees.")
        if isinstance(s, DatasetSpec):
            raise TypeError(f"{what}: this dataset's elements hold datasets (from window()); use "
                            f"flat_map or interleave, whose function gets them, instead.")


def relaxed(a, b):
    """The most specific spec structure both specs fit (dims that differ become None)."""
    def relax(x, y):
        if x.shape.rank != y.shape.rank or x.shape.rank is None:
            return TensorSpec(None, x.dtype)
        return TensorSpec([p if p == q else None for p, q in zip(x.shape.as_list(),
                                                                  y.shape.as_list())], x.dtype)
    return nest.pack_sequence_as(a, [relax(x, y) for x, y in
                                     zip(nest.flatten(a), nest.flatten(b))])

