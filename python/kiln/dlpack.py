"""DLPack exchange with NumPy, PyTorch, JAX, CuPy and any other DLPack library."""

from . import _core


def from_dlpack(x):
    """A tensor that SHARES memory with `x`, an object with ``__dlpack__`` or a DLPack capsule.

    DLPack means sharing, in every library: no copy is made, so if the producer
    writes to its array later, this tensor sees the change. kiln's own ops never
    write to it. Copy first (``kiln.constant(np.array(x))``) for an independent tensor.
    Only CPU tensors are accepted.
    """
    return _core._from_dlpack(x)


def to_dlpack(tensor):
    """A DLPack capsule over `tensor`'s memory (read-only; no copy)."""
    return tensor.__dlpack__()
