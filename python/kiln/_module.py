"""kiln.Module (TF's tf.Module): the base class of models written without
Keras. A module finds the variables and submodules in its attributes —
nested lists, tuples and dicts included — in TF's order (attributes sorted by
name, depth after breadth), so ``tape.gradient(loss, model.trainable_variables)``
lists them as TF does."""

import functools
import re

from . import nest
from ._graph import name_scope as _name_scope

_CAMEL_TO_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_VALID_IDENTIFIER = re.compile(r"^[a-zA-Z_]([a-zA-Z0-9_])*$")


def _is_variable(x):
    return getattr(type(x), "_kiln_tensor_like", False)


class Module:
    """A named container of variables and other modules."""

    def __init__(self, name=None):
        if name is None:
            name = _CAMEL_TO_SNAKE.sub(r"_\1", type(self).__name__).lower()
        elif not isinstance(name, str) or not _VALID_IDENTIFIER.match(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid "
                             f"Python identifiers (e.g. a valid class name).")
        self._name = name
        with _name_scope(name) as scope:
            self._scope_name = scope

    @property
    def name(self):
        return self._name

    @property
    def name_scope(self):
        """The name scope of this module: variables made inside are named "<name>/...."""
        return _name_scope(self._scope_name)

    @property
    def variables(self):
        """Every variable of this module and its submodules, each once."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: _is_variable(x) and x.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: _is_variable(x) and not x.trainable))

    @property
    def submodules(self):
        """The modules this one holds, and theirs, each once."""
        return tuple(self._flatten(predicate=lambda x: isinstance(x, Module)))

    def _flatten(self, recursive=True, predicate=None, attribute_traversal_key=None,
                 with_path=False, expand_composites=False):
        predicate = predicate or (lambda _: True)
        return _flatten_module(self, recursive, predicate, attribute_traversal_key, with_path,
                               (), {id(self)}, [])

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method so that it runs inside the module's name scope."""
        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object at {id(self):#x}>"


def _flatten_module(module, recursive, predicate, key, with_path, path, seen, stack):
    """TF's traversal: this module's attributes in sorted order, then each
    submodule found there, recursively (a module met again is not re-entered)."""
    submodules = []
    if id(module) in stack:
        recursive = False
    for name in sorted(vars(module), key=key):
        for leaf_path, leaf in nest._flatten_with_tuple_paths(vars(module)[name]):
            leaf_path = (name,) + tuple(leaf_path)
            if not with_path:
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
            if predicate(leaf):
                yield (path + leaf_path, leaf) if with_path else leaf
            if recursive and isinstance(leaf, Module):
                submodules.append((path + leaf_path, leaf))
    stack.append(id(module))
    for sub_path, sub in submodules:
        yield from _flatten_module(sub, recursive, predicate, key, with_path, sub_path, seen,
                                   stack)
    stack.pop()
