"""Which graph ops go to: the thread-local stack of default graphs
(``Graph.as_default()``), and the process-wide switch
``kiln.compat.v1.disable_eager_execution()``.

The C++ side owns the flags (python/src/ops.cc), so an eager op call pays one
flag test for graph support: the process-wide eager switch, the thread's
eager_scope, and whether this thread builds a graph. That last one is derived
from the stack of Python Graph objects kept here (push and pop set it).
"""

import threading

from . import _core

_local = threading.local()
_global_default = None  # the graph ops go to when eager execution is disabled


def thread_stack(local, name):
    """The list `local.<name>`, created empty on first use in this thread."""
    s = getattr(local, name, None)
    if s is None:
        s = []
        setattr(local, name, s)
    return s


def stack():
    """This thread's default-graph stack (innermost last)."""
    return thread_stack(_local, "graphs")


def eager_names():
    """This thread's eager name scopes (``kiln.name_scope`` outside graphs), outermost first."""
    return thread_stack(_local, "eager_names")


def eager_name_prefix():
    """"outer/inner/" inside eager name scopes, "" outside (TF 2 names eager variables so)."""
    names = getattr(_local, "eager_names", None)
    return "/".join(names) + "/" if names else ""


# Whether an op called now adds a node instead of running: the C++ flags that
# push, pop, eager_scope and set_eager_disabled keep (one call, no lookups).
building_graph = _core._building_graph


class eager_scope:  # noqa: N801 - used like a function: `with eager_scope():`
    """Ops run eagerly inside, whatever graph this thread is building (for
    Python callbacks that run while a graph runs)."""

    def __enter__(self):
        self._saved = _core._force_eager()
        _core._set_force_eager(True)

    def __exit__(self, *exc):
        _core._set_force_eager(self._saved)


def push(graph):
    stack().append(graph)
    _core._set_building_graph(True)


def pop(graph):
    s = stack()
    # Remove this graph's innermost entry (contexts may exit out of order).
    for i in range(len(s) - 1, -1, -1):
        if s[i] is graph:
            del s[i]
            break
    _core._set_building_graph(bool(s))


set_eager_disabled = _core._set_eager_disabled
eager_disabled = _core._eager_disabled


def global_default():
    return _global_default


def set_global_default(graph):
    global _global_default
    _global_default = graph
