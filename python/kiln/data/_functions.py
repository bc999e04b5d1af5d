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

    def __init__(self, plan, output_structure, outputs, graph):
        self.plan = plan
        self.output_structure = output_structure
        self.outputs = outputs  # the graph tensors returned, flat
        self.graph = graph


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
    if not callable(fn):  # TF's class and message
        raise ValueError(f"Argument `func` must be a callable. Received func={fn!r} (of type "
                         f"{type(fn)})")
    for s in input_structures:
        _structure.check_tensors_only(s, what)
    specs = [spec for s in input_structures for spec in nest.flatten(s)]
    counts = [len(nest.flatten(s)) for s in input_structures]
    result = {}

    def traced(*flat):
        from ..autograph import _conversion
        groups, i = [], 0
        for s, n in zip(input_structures, counts):
            groups.append(nest.pack_sequence_as(s, list(flat[i:i + n])))
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
    output_structure = nest.pack_sequence_as(result["structure"],
                                       [TensorSpec(t.shape, t.dtype) for t in flat])
    return Traced(concrete._c.plan, output_structure, flat, concrete.graph)


# ---- vectorized map: batch(n) after map(f) runs f once per batch ----

_DIVISIONS = {"FloorDiv", "FloorMod", "TruncateDiv", "TruncateMod", "Div", "Mod"}
_VECTOR_OPS = None


def _vector_ops():
    """Graph types of the registry's stateless elementwise ops."""
    global _VECTOR_OPS
    if _VECTOR_OPS is None:
        from .. import _core
        _VECTOR_OPS = {d["graph_type"] for d in _core.op_defs()
                       if d["elementwise"] and not d["stateful"] and not d["side_effect"]}
    return _VECTOR_OPS


def _same_per_batch(traced, input_specs):
    """Whether f on a batch (elements stacked on a new first axis) gives the stacked
    results of f on each element: every input has one fully known shape S, the
    graph holds only placeholders, scalar constants and stateless elementwise ops
    whose results have shape S (so broadcasting never mixes elements), and no
    integer division (a batch would fail as a whole where one element fails)."""
    shapes = {tuple(s.shape.as_list()) if s.shape.is_fully_defined() else None
              for s in input_specs}
    if len(shapes) != 1 or None in shapes:
        return False
    shape = shapes.pop()
    for op in traced.graph.get_operations():
        outputs = op.outputs
        if op.type == "Placeholder":
            continue
        if op.type == "Const":
            if any(o.shape.rank != 0 for o in outputs):
                return False
            continue
        if op.type not in _vector_ops() or op.control_inputs:
            return False
        for o in outputs:
            if o.shape.rank is None or tuple(o.shape.as_list()) != shape:
                return False
            if op.type in _DIVISIONS and o.dtype.is_integer:
                return False
    return all(o.shape.rank is not None and tuple(o.shape.as_list()) == shape
               for o in traced.outputs)


def trace_batched(fn, structure, traced, what):
    """The plan of fn on batches of elements, or None when a batch's result could
    differ from the stacked per-element results (see _same_per_batch)."""
    specs = nest.flatten(structure)
    if not traced.outputs or not _same_per_batch(traced, specs):
        return None
    batched = nest.pack_sequence_as(structure, [TensorSpec([None] + s.shape.as_list(), s.dtype)
                                          for s in specs])
    return trace(fn, [batched], what).plan
