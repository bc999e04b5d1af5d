"""Python operators on ``EagerTensor`` (+ - * / // % ** @, comparisons, & | ^ ~,
unary - and abs), installed onto the type at import, as TF's tensor overloads.

TF's conversion rules: in ``t + v`` a non-tensor ``v`` takes ``t``'s dtype
when it can (else it converts as usual and the op reports the mismatch); in the
reflected ``v + t`` it must convert to ``t``'s dtype (TypeError otherwise).
``==`` and ``!=`` are elementwise, as in TF 2, so tensors are unhashable: use
``t.ref()`` as a dict key or set member.
"""

from . import _core
from . import errors
from ._convert import convert_operand, convert_to_tensor
from ._ops import execute, op
from ._symbolic_tensor import SymbolicTensor
from . import unary_ops as _unary_ops

_EagerTensor = _core.EagerTensor


# A graph names an operator's node as TF does ("mul", "mul_1"; tf.multiply's is
# "Mul"), and its constant operand after it ("mul/y"; "mul/x" for 2 * t).
def _forward(handle, name=None):
    def method(self, other):
        if type(other) is not _EagerTensor:
            other = convert_operand(other, dtype_hint=self.dtype)
        return execute(handle, (self, other), (), name)
    return method


def _reflected(handle, name=None):
    def method(self, other):
        return execute(handle, (convert_operand(other, dtype=self.dtype), self), (), name)
    return method


def _by_dtype(bool_handle, int_handle, reflected):
    """& | ^: logical for bool tensors, bitwise for integer ones."""
    bool_method, int_method = ((_reflected if reflected else _forward)(h)
                               for h in (bool_handle, int_handle))

    def method(self, other):
        return (bool_method if self.dtype.is_bool else int_method)(self, other)
    return method


def _broadcastable(a, b):
    """Whether shapes a and b (tuples) broadcast, by NumPy's rule."""
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(a), reversed(b)))


def _comparison(name, unequal):
    """== or != : elementwise; None and shapes that do not broadcast compare as
    unequal (as TF), decided from the shapes rather than from an op error."""
    handle = op(name)

    def method(self, other):
        if other is None:
            return unequal
        if type(other) is not _EagerTensor:
            other = convert_to_tensor(other, dtype=self.dtype)
        if not _broadcastable(self._shape_tuple, other._shape_tuple):
            return convert_to_tensor(unequal)
        return execute(handle, (self, other), ())
    return method


_eq = _comparison("equal", False)
_ne = _comparison("not_equal", True)


def _hash(self):
    raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")


class Reference:
    """A hashable reference to a tensor (by identity), as TF's ``tensor.ref()``."""

    __slots__ = ("_tensor",)

    def __init__(self, tensor):
        self._tensor = tensor

    def deref(self):
        """The tensor this reference refers to."""
        return self._tensor

    def __hash__(self):
        return id(self._tensor)

    def __eq__(self, other):
        return isinstance(other, Reference) and other._tensor is self._tensor

    def __repr__(self):
        return f"<Reference wrapping {self._tensor!r}>"


def _ref(self):
    """A hashable reference to this tensor, usable as a dict key or set member."""
    return Reference(self)


def _unary(op_name):
    """A method calling kiln.unary_ops.<op_name>, looked up at call time (another
    family's op: it may not exist yet when this module is imported)."""
    def method(self):
        fn = getattr(_unary_ops, op_name, None)
        if fn is None:
            raise errors.UnimplementedError(
                None, None, f"This tensor operator needs kiln.{op_name}, which this build of "
                f"kiln does not have yet.")
        return fn(self)
    method.__name__ = op_name
    return method


_NEGATIVE = _unary("negative")
_ABS = _unary("abs")
_LOGICAL_NOT = _unary("logical_not")
_INVERT = _unary("invert")


def _invert(self):
    return (_LOGICAL_NOT if self.dtype.is_bool else _INVERT)(self)


def _matmul(self, other):
    import kiln
    return kiln.matmul(self, other)


def _rmatmul(self, other):
    import kiln
    return kiln.matmul(other, self)




def _install(cls, elementwise_equality):
    arithmetic = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
                  "floordiv": "floordiv", "mod": "floormod", "pow": "pow"}
    for dunder, op_name in arithmetic.items():
        handle = op(op_name)
        setattr(cls, f"__{dunder}__", _forward(handle, dunder))
        setattr(cls, f"__r{dunder}__", _reflected(handle, dunder))
    for dunder, op_name in {"lt": "less", "le": "less_equal", "gt": "greater",
                            "ge": "greater_equal"}.items():
        setattr(cls, f"__{dunder}__", _forward(op(op_name)))
    for dunder, kind in {"and": "and", "or": "or", "xor": "xor"}.items():
        for reflected in (False, True):
            setattr(cls, f"__{'r' if reflected else ''}{dunder}__",
                    _by_dtype(op(f"logical_{kind}"), op(f"bitwise_{kind}"), reflected))
    if elementwise_equality:
        cls.__eq__ = _eq
        cls.__ne__ = _ne
        cls.__hash__ = _hash
        cls.ref = _ref
        cls.experimental_ref = _ref
    cls.__matmul__ = _matmul
    cls.__rmatmul__ = _rmatmul
    cls.__neg__ = _NEGATIVE
    cls.__abs__ = _ABS
    cls.__invert__ = _invert


# Symbolic tensors of a plain graph compare and hash by identity (TF's rule
# outside functions), so they can key a feed_dict; inside a traced function
# == and != are elementwise ops, as for eager tensors.
def _symbolic_comparison(name, unequal):
    handle = op(name)

    def method(self, other):
        if not self._op._graph.building_function:
            return (self is not other) if unequal else (self is other)
        if other is None:
            return unequal
        return execute(handle, (self, convert_to_tensor(other, dtype_hint=self.dtype)), ())
    return method


def _symbolic_hash(self):
    if self._op._graph.building_function:
        raise TypeError("Tensor is unhashable inside a kiln.function. Instead, use tensor.ref() "
                        "as the key.")
    return id(self)


_install(_EagerTensor, elementwise_equality=True)
_install(SymbolicTensor, elementwise_equality=False)
SymbolicTensor.__eq__ = _symbolic_comparison("equal", False)
SymbolicTensor.__ne__ = _symbolic_comparison("not_equal", True)
SymbolicTensor.__hash__ = _symbolic_hash
SymbolicTensor.ref = SymbolicTensor.experimental_ref = _ref
