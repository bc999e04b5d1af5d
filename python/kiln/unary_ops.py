"""The unary ops (wrappers over the C++ registry; see kiln/_ops.py)."""

__all__ = []          # names exported as kiln.<name>
NAMESPACES = {}       # e.g. {"math": ["name", ...], "nn": [...]}: kiln.math.<name>
