"""``kiln.data.Options``: tf.data's options object. ``deterministic`` is what
kiln's pipeline reads (False lets parallel map and interleave hand out
elements as they finish); the other groups are accepted so that programs
that set them run, and have no effect (kiln sizes its own threads)."""

import types


class _Group(types.SimpleNamespace):
    """An options group (threading, experimental_optimization, ...): any attribute
    may be set; unset ones read as None."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return None


_GROUPS = ("threading", "experimental_optimization", "autotune", "experimental_distribute",
           "experimental_threading")


class Options:
    def __init__(self):
        object.__setattr__(self, "_values", {})
        for g in _GROUPS:
            object.__setattr__(self, g, _Group())

    @property
    def deterministic(self):
        return self._values.get("deterministic")

    @deterministic.setter
    def deterministic(self, value):
        self._values["deterministic"] = None if value is None else bool(value)

    experimental_deterministic = deterministic

    def __setattr__(self, name, value):
        if name in ("deterministic", "experimental_deterministic"):
            Options.deterministic.fset(self, value)
            return
        if name in _GROUPS or name.startswith("experimental_") or name in (
                "autotune", "threading"):
            object.__setattr__(self, name, value)
            return
        raise AttributeError(f"Options has no option '{name}'. Known: deterministic, "
                             f"{', '.join(_GROUPS)}, experimental_*.")

    def merge(self, options):
        """A new Options: these, with what `options` sets on top (TF's merge rule)."""
        out = Options()
        out._values.update(self._values)
        out._values.update({k: v for k, v in options._values.items() if v is not None})
        for g in _GROUPS:
            merged = _Group(**vars(getattr(self, g)))
            vars(merged).update(vars(getattr(options, g)))
            object.__setattr__(out, g, merged)
        return out

    def __eq__(self, other):
        return isinstance(other, Options) and self._values == other._values

    def __repr__(self):
        return f"Options(deterministic={self.deterministic})"
