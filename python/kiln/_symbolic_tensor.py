"""Symbolic tensors: outputs of graph nodes, with a dtype and a (possibly
partial) static shape but no values until a Session runs them.

``kiln.Tensor`` is the common base: ``isinstance(t, kiln.Tensor)`` holds for
eager and symbolic tensors alike, as in TF. A symbolic tensor of a plain
``kiln.Graph`` compares and hashes by identity (TF's rule outside functions),
so it can be a ``feed_dict`` key.
"""

import abc

from . import dtypes, errors
from ._eager_tensor import EagerTensor
from ._tensor_shape import TensorShape


class Tensor(abc.ABC):  # noqa: B024 - a common base; EagerTensor is registered below
    """A tensor: an ``EagerTensor`` (concrete) or a ``SymbolicTensor`` (a graph node's output)."""

    __slots__ = ()


Tensor.register(EagerTensor)


def is_tensor(x):
    """Whether `x` is a kiln tensor, eager or symbolic, or a variable (tf.is_tensor)."""
    return isinstance(x, Tensor) or getattr(type(x), "_kiln_tensor_like", False)


def is_symbolic_tensor(x):
    """Whether `x` is a symbolic tensor: a graph node's output (tf.is_symbolic_tensor)."""
    return isinstance(x, SymbolicTensor)


class SymbolicValueError(AttributeError):
    """Raised by ``.numpy()`` of a symbolic tensor. An ``AttributeError``, so that
    ``hasattr(t, "numpy")`` is False for symbolic tensors, as in TF."""


def _no_value_advice(t):
    if t.graph.building_function:
        return (f"Tensor {t.name} is symbolic: kiln.function is tracing "
                f"{getattr(t.graph, 'name', 'a function')} into a graph, and values exist only "
                f"when the traced function runs. Return the tensor from the function (the call "
                f"gives an eager tensor, whose .numpy() works), or use kiln.numpy_function to run "
                f"NumPy code on its value inside the function.")
    return (f"Tensor {t.name} is symbolic: it belongs to a graph and has no value until the "
            f"graph runs. Evaluate it with a session: `with kiln.compat.v1.Session(graph=g) as "
            f"sess: value = sess.run(t)` (or t.eval(session=sess)); if it depends only on "
            f"constants, kiln.get_static_value(t) gives its value now.")


NUMPY_ADVICE = ("NumPy functions that kiln maps (np.sin, np.sum, np.concatenate, ...) take "
                "symbolic tensors directly and build graph ops; see docs/numpy.md.")


def _loop_advice(t):
    if t.graph.building_function:
        return ", or run the Python loop on its value with kiln.numpy_function"
    return ", or run the graph in a session and loop over the NumPy array"


class SymbolicTensor(Tensor):
    __slots__ = ("_op", "_index", "_dtype", "_shape", "__weakref__")
    __array_priority__ = 100

    def __init__(self, op, index, dtype, shape):
        self._op = op
        self._index = index
        self._dtype = dtype
        self._shape = shape

    @property
    def op(self):
        """The ``Operation`` that produces this tensor."""
        return self._op

    @property
    def value_index(self):
        return self._index

    @property
    def graph(self):
        return self._op.graph

    @property
    def name(self):
        return f"{self._op.name}:{self._index}"

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        """The static shape the registry inferred; dims may be None, or the rank unknown."""
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Refines the static shape with what the caller knows (TF's set_shape): the
        shapes merge; ValueError when they are not compatible. Ops built afterwards
        infer from the refined shape; the value is not checked when the graph runs
        (kiln.ensure_shape checks it)."""
        shape = TensorShape(shape)
        if not self._shape.is_compatible_with(shape):
            raise ValueError(f"Tensor {self.name} has shape {self._shape}, which is not "
                             f"compatible with {shape}: set_shape can only fill in unknown "
                             f"dimensions (use kiln.reshape to change a shape).")
        dims = None if shape.rank is None else list(shape._dims)
        self._op.graph._c.set_shape(self._op._id, self._index, dims)
        self._shape = self._shape.merge_with(shape)

    @property
    def ndim(self):
        return self._shape.rank

    @property
    def device(self):
        return ""

    @property
    def is_symbolic(self):
        return True

    def consumers(self):
        """The operations that take this tensor as an input."""
        return self._op.graph._consumers(self)

    def eval(self, feed_dict=None, session=None):
        """This tensor's value in `session` (default: the default session), as TF1's eval()."""
        from ._session import _session_for
        return _session_for(self, session, "eval").run(self, feed_dict)

    @property
    def numpy(self):
        # A property, so that even looking the method up fails: hasattr(t, "numpy")
        # is False, as in TF, and t.numpy() raises this explanation.
        raise SymbolicValueError(f"'SymbolicTensor' object has no attribute 'numpy'. "
                                 f"{_no_value_advice(self)}")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(f"Cannot convert a symbolic tensor ({self.name}) to a NumPy "
                                  f"array. {_no_value_advice(self)} {NUMPY_ADVICE}")

    def __bool__(self):
        raise errors.OperatorNotAllowedInGraphError(
            f"Using a symbolic tensor ({self.name}) as a Python bool is not allowed: it has no "
            f"value while the graph is built. Use kiln.cond(pred, true_fn, false_fn) to choose "
            f"in the graph, or evaluate it in a session first.")

    def __len__(self):
        dim = self._shape[0] if self._shape.rank else None
        if dim is None:
            raise TypeError(f"len is not well defined for symbolic tensor {self.name}: its static "
                            f"shape {self._shape} does not say how long it is. Use kiln.shape(t)[0] "
                            f"for its length when the graph runs{_loop_advice(self)}.")
        return dim

    def __iter__(self):
        dim = self._shape[0] if self._shape.rank else None
        if dim is None:
            raise errors.OperatorNotAllowedInGraphError(
                f"Cannot iterate over symbolic tensor {self.name} of shape {self._shape}: its "
                f"length is not known while the graph is built. Loop with kiln.while_loop over "
                f"kiln.shape(t)[0]{_loop_advice(self)}.")
        from .shape_ops import unstack
        return iter(unstack(self))

    def __index__(self):
        raise TypeError(f"Symbolic tensor {self.name} cannot be used as a Python int; "
                        f"its value exists only when the graph runs.")

    def __repr__(self):
        return f"<kiln.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        if self._shape.rank is None:  # TF leaves the shape out when not even the rank is known
            return f'Tensor("{self.name}", dtype={self._dtype.name})'
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})'


def shape_from_spec(dims):
    """A TensorShape from the core's (dims with None, or None for unknown rank)."""
    return TensorShape(dims)


def dtype_from_code(code):
    return dtypes._ALL[code]
