"""``kiln.compat.v1``: the TF1 API — graphs, placeholders and sessions — next
to every op of ``kiln`` (as ``tf.compat.v1`` holds TF's ops too)."""

import kiln as _kiln

from .._graph import (Graph, disable_eager_execution, enable_eager_execution, get_default_graph,
                      placeholder, reset_default_graph)
from .._session import InteractiveSession, Session, get_default_session
from .._graph_build_ops import placeholder_with_default
from .v1_aliases import *  # noqa: F401,F403 - TF1's names


def _export_ops():
    for name in dir(_kiln):
        if not name.startswith("_") and name not in globals() and name not in ("compat",):
            globals()[name] = getattr(_kiln, name)


_export_ops()
executing_eagerly = _kiln.executing_eagerly
