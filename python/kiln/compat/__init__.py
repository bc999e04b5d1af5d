"""``kiln.compat``: TF's compatibility namespaces (``kiln.compat.v1`` holds the
TF1 graph-and-session API)."""

from . import v1

__all__ = ["v1"]
