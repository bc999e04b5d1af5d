"""``kiln.nest``: nested structures of lists, tuples, namedtuples and dicts, as
``tf.nest``. Dicts flatten in sorted key order and rebuild in their own order;
anything else (a tensor, a number, None, a string) is a leaf. kiln has no
composite tensors: a kiln.TensorArray is a leaf, as in TF, whatever
expand_composites says.

kiln.cond, kiln.while_loop, kiln.function and kiln.data walk structures with
this module too; the private `_flatten` and `_rebuild` also take a loop-carried
value (kiln.TensorArray) apart into its tensors, as control flow needs."""

__all__ = ["flatten", "pack_sequence_as", "map_structure", "assert_same_structure", "is_nested"]


def is_nested(seq):
    """Whether `seq` is a list, tuple (namedtuple included) or dict."""
    return isinstance(seq, (list, tuple, dict))


# Loop-carried values (kiln.TensorArray) travel through cond and while_loop as
# their tensors. Such an object has `_kiln_components()`, its tensors;
# `_kiln_rebuild(values, peers)`, the same kind of object made from the next
# ones of the iterator `values` (`peers`: the objects at the same place in the
# other branch or the loop body's result, whose static knowledge, such as an
# element shape learned there, it may merge); and `_kiln_invariants()`, the
# shape each component may take across loop iterations.
def _is_composite(value):
    return hasattr(value, "_kiln_components")


def _children(structure):
    if isinstance(structure, dict):
        return [structure[k] for k in sorted(structure)]
    return list(structure)


def flatten(structure, expand_composites=False):
    """The leaves of `structure`, in order (dicts by sorted key)."""
    return _flatten(structure, False)


def _flatten(structure, components):
    """flatten; with `components`, a loop-carried value gives its tensors."""
    if not is_nested(structure):
        if components and _is_composite(structure):
            return list(structure._kiln_components())
        return [structure]
    out = []
    for child in _children(structure):
        out.extend(_flatten(child, components))
    return out


def _flatten_with_tuple_paths(structure):
    """(path, leaf) pairs in flatten's order; a path is the tuple of keys and
    indices from the root (``()`` for a leaf that is the structure itself).
    TF keeps its own private too (kiln.Module walks attributes with it)."""
    if not is_nested(structure):
        return [((), structure)]
    keys = sorted(structure) if isinstance(structure, dict) else range(len(structure))
    out = []
    for k in keys:
        out.extend(((k,) + path, leaf)
                   for path, leaf in _flatten_with_tuple_paths(structure[k]))
    return out


def _rebuild(structure, leaves, components=False, peers=()):
    """`structure` with its leaves taken, in order, from the iterator `leaves`;
    with `components`, a loop-carried value is rebuilt from its tensors, with the
    values at its place in `peers` (structures like `structure`)."""
    if not is_nested(structure):
        if components and _is_composite(structure):
            return structure._kiln_rebuild(leaves, peers)
        return next(leaves)
    if isinstance(structure, dict):
        values = {k: _rebuild(structure[k], leaves, components, [p[k] for p in peers])
                  for k in sorted(structure)}
        return type(structure)((k, values[k]) for k in structure)
    items = [_rebuild(child, leaves, components, [p[i] for p in peers])
             for i, child in enumerate(structure)]
    return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """`structure` with its leaves replaced, in order, by `flat_sequence`."""
    flat_sequence = list(flat_sequence)
    count = len(flatten(structure))
    if count != len(flat_sequence):
        raise ValueError(f"Could not pack sequence. Structure had {count} atoms, but "
                         f"flat_sequence had {len(flat_sequence)} items.")
    return _rebuild(structure, iter(flat_sequence))


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """ValueError when the two differ in nesting or length; TypeError when check_types
    and a sequence's type differs."""
    if is_nested(nest1) != is_nested(nest2):
        raise ValueError(f"The two structures don't have the same nested structure.\n\n"
                         f"First structure: {nest1!r}\n\nSecond structure: {nest2!r}")
    if not is_nested(nest1):
        return
    if check_types and type(nest1) is not type(nest2):
        raise TypeError(f"The two structures don't have the same sequence type. Input "
                        f"structure has type {type(nest1)!r}, while shallow structure has type "
                        f"{type(nest2)!r}.")
    keys_differ = isinstance(nest1, dict) and sorted(nest1) != sorted(nest2)
    if keys_differ or len(nest1) != len(nest2):
        raise ValueError(f"The two structures don't have the same nested structure.\n\n"
                         f"First structure: {nest1!r}\n\nSecond structure: {nest2!r}")
    for a, b in zip(_children(nest1), _children(nest2)):
        assert_same_structure(a, b, check_types)


def map_structure(func, *structure, check_types=True, expand_composites=False):
    """`func` applied to the leaves at each position of the structures (all of one
    structure), packed as the first."""
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types)
    flats = [flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*leaves) for leaves in zip(*flats)])
