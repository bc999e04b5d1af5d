"""STUB: filled in by the nn_pool work."""

__all__ = []
NAMESPACES = {}
