"""``kiln.autograph``: Python control flow in traced functions, as TF's AutoGraph.

``kiln.function`` (autograph=True, the default) traces a converted form of
the function: ``if``/``while``/``for`` whose condition or iterable is a
tensor become ``kiln.cond``/``kiln.while_loop`` in the graph; with Python
values they run as written (loops unrolled). ``break``, ``continue`` and
``return`` work in both; ``and``/``or``/``not`` and ``x if c else y`` on
tensors build conditionals; ``assert`` on a tensor checks it when the
function runs. Functions the converted one calls are converted too (not
kiln's, the standard library's or installed packages'). See docs/functions.md.
"""

import types as _types

from ._conversion import convert as _convert, do_not_convert as _do_not_convert, to_code as _to_code


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """The converted form of a function (its control flow builds graph control flow
    on tensors)."""
    return _convert(entity)


def to_code(entity, recursive=True, experimental_optional_features=None):
    """The converted source of a function, as a string."""
    return _to_code(entity)


def _set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None):
    """As the first statement of a loop body in converted code: options of that loop
    (shape_invariants: (variable, shape) pairs; maximum_iterations). Elsewhere it does
    nothing, as in TF."""
    return None


experimental = _types.SimpleNamespace(do_not_convert=_do_not_convert,
                                      set_loop_options=_set_loop_options)

__all__ = ["to_graph", "to_code", "experimental"]
