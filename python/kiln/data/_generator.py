"""``Dataset.from_generator``: elements from a Python generator. Each pass
calls the generator function again; each element is converted to the
declared dtypes and checked against the declared shapes with the GIL held,
for that one step (the rest of the pipeline runs without Python). An
exception in the generator reaches the consumer at that element, as an
InvalidArgumentError naming it; the elements before it are delivered."""

import numpy as np

from .. import _core, _graph_state, dtypes, nest
from .._convert import convert_to_tensor
from .._tensor_shape import TensorShape
from .._tensor_spec import TensorSpec
from . import _structure


def _signature(output_types, output_shapes, output_signature):
    if output_signature is not None:
        if output_types is not None or output_shapes is not None:
            raise TypeError("from_generator: give either output_signature or output_types "
                            "(with output_shapes), not both.")
        for s in nest.flatten(output_signature):
            if not isinstance(s, TensorSpec):
                raise TypeError(f"from_generator: output_signature must hold kiln.TensorSpec "
                                f"objects, got {s!r}.")
        return output_signature
    if output_types is None:
        raise TypeError("from_generator needs output_signature (or the TF1 output_types).")
    types = nest.flatten(output_types)
    shapes = ([None] * len(types) if output_shapes is None
              else nest.flatten(_tuple_shapes(output_shapes)))
    if len(shapes) != len(types):
        raise ValueError("from_generator: output_shapes must have the structure of output_types.")
    return nest.pack_sequence_as(output_types, [TensorSpec(TensorShape(s), dtypes.as_dtype(t))
                                          for s, t in zip(shapes, types)])


def _tuple_shapes(shapes):
    """output_shapes written with lists for shapes: a list of ints/None is one shape."""
    if isinstance(shapes, (list, TensorShape)) or shapes is None:
        return TensorShape(shapes)
    if isinstance(shapes, tuple) and all(d is None or isinstance(d, int) for d in shapes):
        return TensorShape(shapes)
    if isinstance(shapes, tuple):
        return tuple(_tuple_shapes(s) for s in shapes)
    if isinstance(shapes, dict):
        return {k: _tuple_shapes(v) for k, v in shapes.items()}
    return TensorShape(shapes)


def _component(value, spec):
    if isinstance(spec, _structure.StringSpec):
        array = np.asarray(value, dtype=object)
        if not all(isinstance(v, (str, bytes)) for v in array.flat):
            raise TypeError(f"`generator` yielded an element that could not be converted to the "
                            f"expected type. The expected type was string, but the yielded "
                            f"element was {value!r}.")
        if not spec.shape.is_compatible_with(TensorShape(array.shape)):
            raise TypeError(f"`generator` yielded an element of shape {array.shape} where an "
                            f"element of shape {spec.shape} was expected.")
        return _structure.Strings(array).core()
    try:
        # As TF's generator wrapper: NumPy's conversion (1.5 to int32 gives 1).
        t = convert_to_tensor(np.asarray(value, dtype=spec.dtype.as_numpy_dtype))
    except (TypeError, ValueError) as e:
        raise TypeError(f"`generator` yielded an element that could not be converted to the "
                        f"expected type. The expected type was {spec.dtype.name}, but the "
                        f"yielded element was {value!r}. ({e})") from None
    if not spec.shape.is_compatible_with(t.shape):
        raise TypeError(f"`generator` yielded an element of shape {t.shape} where an element "
                        f"of shape {spec.shape} was expected.")
    return t


def from_generator(generator, output_types, output_shapes, args, output_signature):
    from ._dataset import Dataset
    if not callable(generator):
        raise TypeError("`generator` must be a Python callable.")
    structure = _signature(output_types, output_shapes, output_signature)
    specs = nest.flatten(structure)
    with _graph_state.eager_scope():  # args are values, also while a graph is built
        call_args = tuple(np.asarray(convert_to_tensor(a)) for a in (args or ()))

    def start():
        iterator = iter(generator(*call_args))

        def next_element():
            try:
                value = next(iterator)
            except StopIteration:
                return None
            if isinstance(value, list) and nest.is_nested(structure):
                value = tuple(value)
            try:
                flat = _flat(structure, value)
            except (TypeError, ValueError):
                raise TypeError(f"`generator` yielded an element that did not match the "
                                f"expected structure. The expected structure was {structure}, "
                                f"but the yielded element was {value!r}.") from None
            return [_component(v, s) for v, s in zip(flat, specs)]
        return next_element

    core = _core.data_from_generator(start, _structure.core_specs(structure))
    return Dataset(lambda cores, o: core, [], structure)


def _flat(structure, value):
    """value's parts at the leaves of structure (its own leaves may be lists or arrays)."""
    if isinstance(structure, dict):
        if not isinstance(value, dict) or set(value) != set(structure):
            raise ValueError("structure")
        return [v for k in sorted(structure) for v in _flat(structure[k], value[k])]
    if isinstance(structure, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(structure):
            raise ValueError("structure")
        return [v for s, x in zip(structure, value) for v in _flat(s, x)]
    return [value]
