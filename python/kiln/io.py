"""Reading and writing NumPy's ``.npy`` and ``.npz`` files (implemented in C++, src/io/)."""

import os as _os
import sys as _sys
import types as _types

from . import _core, _gfile
from ._convert import convert_to_tensor as _convert_to_tensor

gfile = _types.ModuleType(f"{__name__}.gfile", _gfile.__doc__)
for _name in _gfile.V2_NAMES:
    setattr(gfile, _name, getattr(_gfile, _name))
_sys.modules[gfile.__name__] = gfile


def load_npy(path):
    """Reads a ``.npy`` file into a tensor. Malformed files raise InvalidArgumentError."""
    return _core._load_npy(_os.fspath(path))


def save_npy(path, tensor):
    """Writes a tensor (or anything convertible to one) to a ``.npy`` file NumPy can read."""
    _core._save_npy(_os.fspath(path), _convert_to_tensor(tensor))


def load_npz(path):
    """Reads an ``.npz`` archive into a dict of name -> tensor."""
    return _core._load_npz(_os.fspath(path))


def save_npz(path, compress=False, **tensors):
    """Writes tensors to an ``.npz`` archive (deflated when compress=True), as numpy.savez."""
    _core._save_npz(_os.fspath(path), {k: _convert_to_tensor(v) for k, v in tensors.items()}, compress)
