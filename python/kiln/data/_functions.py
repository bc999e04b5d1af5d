"""The functions of map, filter, scan and reduce: traced once (AutoGraph
applies, as in kiln.function) on placeholders of the element spec, compiled
into a plan, and handed to the C++ pipeline, which runs the plan per element
without Python. As TF: a tuple element is unpacked into the function's
arguments, any other structure is one argument; a list returned becomes a
tuple."""

from .. import nest
from .._convert import convert_to_tensor
from .._function import Function
from .._symbolic_tensor import SymbolicTensor
from .._tensor_spec import TensorSpec
from . import _structure


class Traced:
    """A traced dataset function: its plan, and the spec structure of its results."""

    def __init__(self, plan, output_structure, outputs):
        self.plan = plan
        self.output_structure = output_structure
        self.outputs = outputs  # the graph tensors returned, flat


def _normalize_output(value, what):
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, tuple):
        items = [_normalize_output(v, what) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        return type(value)((k, _normalize_output(v, what)) for k, v in value.items())
    if value is None:
        raise TypeError(f"The function of {what} returned None; it must return tensors (or "
                        f"tuples/dicts of them) for the elements it makes.")
    from ._dataset import Dataset
    if isinstance(value, Dataset):
        raise TypeError(f"The function of {what} returned a dataset; use flat_map or interleave "
                        f"for functions that make datasets.")
    return value if isinstance(value, SymbolicTensor) else convert_to_tensor(value)


def trace(fn, input_structures, what, unpack=True):
    """Traces fn on placeholders of `input_structures` (a list: one per group of
    arguments; a single group that is a plain tuple is unpacked when `unpack`)."""
    if not callable(fn):
        raise TypeError(f"{what} needs a callable, got {fn!r}.")
    for s in input_structures:
        _structure.check_tensors_only(s, what)
    specs = [spec for s in input_structures for spec in _structure.flatten(s)]
    counts = [len(_structure.flatten(s)) for s in input_structures]
    result = {}

    def traced(*flat):
        from ..autograph import _conversion
        groups, i = [], 0
        for s, n in zip(input_structures, counts):
            groups.append(_structure.pack(s, list(flat[i:i + n])))
            i += n
        if unpack and len(groups) == 1 and type(groups[0]) is tuple:
            groups = list(groups[0])
        out = _normalize_output(_conversion.convert(fn)(*groups), what)
        result["structure"] = out
        return tuple(nest.flatten(out))

    name = getattr(fn, "__name__", "dataset_function")
    concrete = Function(traced, input_signature=[TensorSpec(s.shape, s.dtype) for s in specs],
                        autograph=False, name=name).get_concrete_function()
    flat = concrete.outputs
    output_structure = _structure.pack(result["structure"],
                                       [TensorSpec(t.shape, t.dtype) for t in flat])
    return Traced(concrete._plan, output_structure, flat)
