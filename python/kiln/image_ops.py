"""STUB: filled in by the image work."""

__all__ = []
NAMESPACES = {}
