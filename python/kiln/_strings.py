"""``kiln.strings``: TF's ``tf.strings`` as a name only. kiln has no string
dtype, so every ``kiln.strings.<name>`` raises an AttributeError that says so
(``hasattr`` is False, and a program that calls one learns why)."""

import types as _types

from .dtypes import _STRING_UNSUPPORTED as STRING_UNSUPPORTED


class _Strings(_types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"kiln.strings.{name}: {STRING_UNSUPPORTED}")


strings = _Strings("kiln.strings", "tf.strings as a name only: kiln has no string tensors.")
