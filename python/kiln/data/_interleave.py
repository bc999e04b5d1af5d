"""The functions of flat_map and interleave, which make a dataset per element.
They run as Python (taking the GIL for their own step), per input element,
on EagerTensors. Their element spec is found before any element flows by
calling the function on stand-in elements (zeros, unknown dimensions 1 and
then 2; empty datasets for dataset components): dimensions that differ
between the two calls are unknown. So the function's Python code runs twice
when the dataset is made (TF runs it once, to trace it) and once per element."""

import numpy as np

from .. import _core, nest
from .._array_ops import zeros
from . import _structure


def _stand_in(spec, unknown):
    from ._dataset import Dataset
    if isinstance(spec, _structure.DatasetSpec):
        core = _core.data_empty(_structure.core_specs(spec.element_spec))
        return Dataset(lambda cores, o: core, [], spec.element_spec)
    dims = [unknown if d is None else d for d in (spec.shape.as_list()
                                                  if spec.shape.rank is not None else [])]
    if isinstance(spec, _structure.StringSpec):
        return np.full(dims, b"", dtype=object) if dims else b""
    return zeros(dims, spec.dtype)


def _call(map_func, element, what):
    from ._dataset import Dataset
    args = element if type(element) is tuple else (element,)
    result = map_func(*args)
    if not isinstance(result, Dataset):
        raise TypeError(f"The function of {what} must return a Dataset, got "
                        f"{type(result).__name__}: {result!r}.")
    return result


def _relax(a, b):
    """Specs of a that b agrees with, with the dims they differ in unknown."""
    from .._tensor_spec import TensorSpec
    if isinstance(a, _structure.DatasetSpec) or a.shape.rank is None:
        return a
    if b.shape.rank != a.shape.rank:
        dims = None
    else:
        dims = [x if x == y else None for x, y in zip(a.shape.as_list(), b.shape.as_list())]
    return _structure.StringSpec(dims) if isinstance(a, _structure.StringSpec) else \
        TensorSpec(dims, a.dtype)


def interleave_args(dataset, map_func, what):
    """(the opener C++ calls with an element's components, the output structure)."""
    if not callable(map_func):  # TF's class and message
        raise ValueError(f"Argument `func` must be a callable. Received func={map_func!r} (of "
                         f"type {type(map_func)})")
    structure = dataset.element_spec
    leaves = nest.flatten(structure)
    specs = []
    for unknown in (1, 2):
        element = nest.pack_sequence_as(structure, [_stand_in(s, unknown) for s in leaves])
        specs.append(_call(map_func, element, what).element_spec)
    first, second = specs
    try:
        nest.assert_same_structure(first, second)
    except (ValueError, TypeError):
        raise TypeError(f"The function of {what} returned datasets of different structures: "
                        f"{first} and {second}.") from None
    out = nest.pack_sequence_as(first, [_relax(a, b) for a, b in zip(nest.flatten(first),
                                                                nest.flatten(second))])
    from ._iterators import _packer
    pack = _packer(structure, False)

    def opener(flat):
        return _call(map_func, pack(flat), what)._c
    return opener, out


