"""STUB: filled in by the nn_conv work."""

__all__ = []
NAMESPACES = {}
