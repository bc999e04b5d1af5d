"""kiln's NumPy API over kiln tensors: ``kiln.experimental.numpy`` (TF's
``tf.experimental.numpy``), and the implementation NumPy's own functions reach
on symbolic tensors (_dispatch.py). docs/numpy.md describes both.

Each function is a thin mapping onto registry ops (through kiln's op
functions), with NumPy's dtype rules (_arrays.py); eager tensors, graph
placeholders and traced functions all work, because kiln's ops do.
"""

from . import _array_api, _arrays, _behavior, _creation, _dispatch, _indexing_np, _linalg
from . import _misc, _random, _reductions, _shape, _sorting, _tiling, _ufuncs

_MODULES = (_array_api, _creation, _reductions, _shape, _tiling, _indexing_np, _linalg, _sorting,
            _misc, _behavior)


random = _random.module("kiln.experimental.numpy.random")


def namespace():
    """{name: object} of kiln.experimental.numpy."""
    names = dict(_ufuncs.FUNCTIONS, random=random)
    for module in _MODULES:
        for name in module.__all__:
            names[name] = getattr(module, name)
    return names


_NAMESPACE = namespace()
_dispatch.install(_NAMESPACE)
_array_api.install_methods()
_behavior.install(_NAMESPACE)
