"""STUB: filled in by the nn_norm work."""

__all__ = []
NAMESPACES = {}
