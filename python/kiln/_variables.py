"""``kiln.Variable``: a named, mutable tensor, as ``tf.Variable``.

One class serves the three ways kiln runs programs:

* **Eager**: the variable holds its value (``_core.Variable``, C++
  ``kiln::Variable``). Every assign installs a new immutable array, so a NumPy
  view taken before (``np.asarray(v)``) keeps what it showed.
* **Traced functions** (``kiln.function``): an eager variable used while
  tracing is captured by reference: its reads and assigns become graph nodes
  on a VarHandleOp bound to the variable itself, kept in program order.
  A function creates variables on its first trace only (TF's rule).
* **TF1 graphs**: created while a ``kiln.Graph`` is built, the variable is a
  node of that graph (VarHandleOp, with ``initializer``, a read and
  IsInitialized nodes named as TF names them); each ``Session`` running the
  graph holds its own value, which the initializer sets.
"""

import numpy as np

from . import _core, _graph_state, _tape, dtypes
from ._convert import convert_to_tensor
from ._eager_tensor import EagerTensor
from ._graph import get_default_graph
from ._symbolic_tensor import SymbolicTensor
from ._tensor_shape import TensorShape

_OPS = {name: i for i, name in enumerate(_core.op_names())}
_ASSIGN_ADD = _OPS["assign_add_variable"]
_ASSIGN_SUB = _OPS["assign_sub_variable"]

GLOBAL_VARIABLES = "variables"
TRAINABLE_VARIABLES = "trainable_variables"
LOCAL_VARIABLES = "local_variables"


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = range(4)


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = range(4)


def _dims(shape):
    return None if shape.rank is None else list(shape._dims)


class Variable:
    """A tensor whose value changes: ``assign``, ``assign_add``, ``assign_sub``,
    ``scatter_*``; usable wherever a tensor is (it reads its value)."""

    _kiln_tensor_like = True  # convert_to_tensor reads it; tf.is_tensor(v) is True

    def __init__(self, initial_value=None, trainable=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 import_scope=None, constraint=None, synchronization=None, aggregation=None,
                 shape=None, experimental_enable_variable_lifting=True, collections=None):
        if variable_def is not None:
            raise ValueError("kiln.Variable does not load VariableDef protocol buffers; create "
                             "the variable from an initial value (and restore it with "
                             "kiln.train.Checkpoint).")
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}.")
        self._trainable = True if trainable is None else bool(trainable)
        self._constraint = constraint
        self._base_name = name or "Variable"
        if not _graph_state.building_graph():
            self._base_name = _graph_state.eager_name_prefix() + self._base_name
        self._graph = None       # set for a TF1 graph's own variable
        self._handle = None      # its VarHandleOp node id there
        self._dtype_code = -1
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
        declared = None if shape is None else TensorShape(shape)
        if not validate_shape and declared is None:
            declared = TensorShape(None)
        if _graph_state.building_graph():
            graph = get_default_graph()
            if not graph.building_function:
                self._init_in_graph(graph, initial_value, dtype, declared, collections)
                return
            if not graph.variables_allowed:
                raise ValueError(
                    "tf.function only supports singleton tf.Variables created on the first call. "
                    "Make sure the tf.Variable is only created once or created outside "
                    "tf.function. (kiln.function traced again and this trace creates a variable.)")
            graph.created_variables = True
        value = self._eager_initial_value(initial_value, dtype)
        if declared is not None and not declared.is_compatible_with(value.shape):
            raise ValueError(f"The initial value's shape ({value.shape}) is not compatible with "
                             f"the explicitly supplied `shape` argument ({declared}).")
        self._c = _core.Variable(value, self._base_name, _dims(declared or TensorShape(None)),
                                 declared is not None)
        self._dtype_code = self._c.dtype_code  # for the eager fast path (-1 for graph variables)

    # ---- creation ----

    @staticmethod
    def _eager_initial_value(initial_value, dtype):
        """The initial value as an eager tensor. Inside a traced function TF lifts
        the initializer out of the function: a callable runs eagerly, and a
        symbolic value must not depend on the function's arguments."""
        with _graph_state.eager_scope():
            value = initial_value() if callable(initial_value) else initial_value
        if isinstance(value, Variable):
            value = value.read_value()
        if isinstance(value, SymbolicTensor):
            from ._static_value import get_static_value
            static = get_static_value(value)
            if static is None:
                raise ValueError(
                    f"A kiln.Variable created inside a kiln.function needs an initial value "
                    f"that does not depend on the function's arguments (it is computed once, "
                    f"outside the function); got {value!r}. Create the variable outside the "
                    f"function, or pass a callable or a constant initial value.")
            value = static
        with _graph_state.eager_scope():
            return convert_to_tensor(value, dtype=dtype)

    def _init_in_graph(self, graph, initial_value, dtype, declared, collections):
        with graph.name_scope(self._base_name) as scope:
            full = scope[:-1]
            with graph.name_scope("Initializer"):
                value = initial_value() if callable(initial_value) else initial_value
                if isinstance(value, Variable):
                    value = value.initialized_value()
                value = convert_to_tensor(value, dtype=dtype, name="initial_value")
            declared = declared if declared is not None else value.shape
            if not declared.is_compatible_with(value.shape):
                raise ValueError(f"The initial value's shape ({value.shape}) is not compatible "
                                 f"with the explicitly supplied `shape` argument ({declared}).")
            with graph.control_dependencies(None):
                node = graph._c.add_variable(value.dtype._code, _dims(declared), full, None)
            self._graph, self._handle = graph, node
            self._op = graph._register(node)
            self._dtype, self._shape = value.dtype, declared
            with graph.name_scope("IsInitialized"):
                self._is_initialized = self._graph_op("var_is_initialized", ())
            self._initializer_op = self._graph_op("assign_variable", (value,), "Assign").op
            with graph.name_scope("Read"):
                self._graph_element = self._graph_op("read_variable", ())
            self._initial_value = value
        if collections is None:
            collections = [GLOBAL_VARIABLES] + ([TRAINABLE_VARIABLES] if self._trainable else [])
        for c in collections:
            graph.add_to_collection(c, self)

    # ---- the two modes: eager calls on the state, or graph nodes ----

    def _in_graph(self):
        return self._graph is not None or _graph_state.building_graph()

    def _graph_op(self, op_name, inputs, name=None):
        graph = self._graph
        if graph is None:
            graph = get_default_graph()
            handle = graph._capture_variable(self)
        else:
            handle = self._handle
            building = _graph_state.stack()
            if building and building[-1] is not graph:
                raise ValueError(f"The variable {self.name} belongs to another graph than the one "
                                 f"being built; use it in the graph that created it.")
        attrs = (handle, self.dtype._code, _dims(self.shape))
        outputs = graph._add(_OPS[op_name], list(inputs), attrs, name)._outputs
        return outputs[0] if outputs else None

    def _apply(self, op_name, *inputs):
        """An op on the variable: a graph node when building, else run now."""
        if self._in_graph():
            return self._graph_op(op_name, inputs)
        return self._c.apply(_OPS[op_name], *inputs)

    def _value_of(self, value, what="value"):
        if isinstance(value, Variable):
            value = value.value()
        try:
            return convert_to_tensor(value, dtype=self.dtype)
        except (TypeError, ValueError) as e:
            raise type(e)(f"Cannot assign {what} {value!r} to variable {self.name} of dtype "
                          f"{self.dtype.name}: {e}") from None

    # ---- reading ----

    def value(self):
        """The current value, as a tensor."""
        if self._graph is not None and not _graph_state.building_graph():
            result = self._graph_element
        else:
            result = self._apply("read_variable")
        if _tape.watching():
            _tape.variable_accessed(self, result)
        return result

    def read_value(self):
        return self.value()

    def _kiln_tensor(self):
        return self.value()

    def numpy(self):
        """The current value as a NumPy array, as a tensor's numpy() gives it."""
        return self._eager_value("numpy()").numpy()

    def __array__(self, dtype=None, copy=None):
        # A read-only view of the current value (no copy), as for tensors; an
        # assign installs a new buffer, so the view keeps what it shows.
        return self._eager_value("np.asarray()").__array__(dtype, copy)

    def _eager_value(self, what):
        if self._graph is not None or _graph_state.building_graph():
            # As TF: inside a traced function (or a graph) a variable has no value
            # yet; NumPy would bake this call's value into the graph.
            raise NotImplementedError(f"{what} is only available when eager execution is "
                                      f"enabled: inside kiln.function or a graph, use kiln ops "
                                      f"on the variable (or run it in a Session).")
        return self._c.read()

    def initialized_value(self):
        if self._graph is None:
            raise NotImplementedError("Variable.initialized_value() is a TF1 graph method; an "
                                      "eager variable is initialized when made: use "
                                      "v.read_value().")
        return self._initial_value

    # ---- assigning ----

    def assign(self, value, use_locking=None, name=None, read_value=True):
        result = self._apply("assign_variable", self._value_of(value))
        return self._result(result, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        if self._eager_operand(delta):  # the common eager call, without conversions
            self._c.update(_ASSIGN_ADD, delta)
            return _unread(self) if read_value else None
        return self._result(self._apply("assign_add_variable", self._value_of(delta, "delta")),
                            read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        if self._eager_operand(delta):
            self._c.update(_ASSIGN_SUB, delta)
            return _unread(self) if read_value else None
        return self._result(self._apply("assign_sub_variable", self._value_of(delta, "delta")),
                            read_value)

    def _eager_operand(self, value):
        """Whether `value` is an eager tensor of this eager variable's dtype, used eagerly."""
        return (type(value) is EagerTensor and value._dtype_code == self._dtype_code
                and not _graph_state.building_graph())

    def scatter_nd_update(self, indices, updates, name=None):
        return self._scatter("scatter_nd_update_variable", indices, updates, nd=True)

    def scatter_nd_add(self, indices, updates, name=None):
        return self._scatter("scatter_nd_add_variable", indices, updates, nd=True)

    def scatter_nd_sub(self, indices, updates, name=None):
        return self._scatter("scatter_nd_sub_variable", indices, updates, nd=True)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("scatter_nd_update_variable", *_slices(sparse_delta))

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("scatter_nd_add_variable", *_slices(sparse_delta))

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("scatter_nd_sub_variable", *_slices(sparse_delta))

    def _scatter(self, op_name, indices, updates, nd=False):
        from .shape_ops import expand_dims
        indices = convert_to_tensor(indices)
        if not nd:  # rows of the first axis: index tuples of length 1
            indices = expand_dims(indices, -1)
        return self._result(self._apply(op_name, indices, self._value_of(updates, "updates")),
                            True)

    def _result(self, value, read_value):
        """What an assign returns: TF gives the updated variable (eagerly) or its
        new value (in graphs); read_value=False gives the op (None eagerly)."""
        if not read_value:
            return value.op if isinstance(value, SymbolicTensor) else None
        if isinstance(value, SymbolicTensor):
            return value
        return _unread(self)

    # ---- properties ----

    @property
    def name(self):
        return (self._op.name if self._graph is not None else self._base_name) + ":0"

    @property
    def dtype(self):
        return self._dtype if self._graph is not None else dtypes._ALL[self._c.dtype_code]

    @property
    def shape(self):
        return self._shape if self._graph is not None else TensorShape(self._c.shape)

    def get_shape(self):
        return self.shape

    @property
    def trainable(self):
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    @property
    def graph(self):
        return self._graph

    @property
    def op(self):
        if self._graph is None:
            raise AttributeError("Variable.op is meaningless when eager execution is enabled.")
        return self._op

    @property
    def initializer(self):
        if self._graph is None:
            raise AttributeError("Variable.initializer is meaningless when eager execution is "
                                 "enabled (an eager variable is initialized when created).")
        return self._initializer_op

    @property
    def initial_value(self):
        if self._graph is None:
            raise RuntimeError("Variable.initial_value is not available when eager execution is "
                               "enabled.")
        return self._initial_value

    def is_initialized(self, name=None):
        if self._graph is not None:
            return self._is_initialized
        return convert_to_tensor(self._c.initialized)

    def eval(self, session=None):
        """The value in `session` (default: the default session), as NumPy."""
        from ._session import _session_for
        return _session_for(self._graph_element, session, "eval").run(self._graph_element)

    def ref(self):
        from ._tensor_operators import Reference
        return Reference(self)

    def __hash__(self):
        # As TF: a graph's variables hash by identity (feed_dict keys); eager
        # ones compare elementwise, so they cannot be hashed.
        if self._graph is not None:
            return id(self)
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key.")

    def __repr__(self):
        # TF's text, with kiln's name, as kiln's tensors print "kiln.Tensor".
        head = f"<kiln.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}"
        if self._graph is not None:
            return head + ">"
        from ._eager_tensor import _numpy_text
        return head + f", numpy={_numpy_text(self._c.read(), True)}>"

    __str__ = __repr__

    # Python conversions and operators: those of the value.
    def __bool__(self):
        return bool(self.value())

    def __int__(self):
        return int(self.value())

    def __float__(self):
        return float(self.value())

    def __index__(self):
        return self.value().__index__()

    def __len__(self):
        return len(self.value())

    def __iter__(self):
        return iter(self.value())

    def __format__(self, spec):
        return format(self.value(), spec) if spec else repr(self)

    # NumPy's functions on a variable use its value: an ndarray view eagerly (as in TF),
    # the symbolic read in a graph or a traced function, where NumPy's functions that kiln
    # maps build ops (docs/numpy.md).
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return getattr(ufunc, method)(*_values(inputs, self._symbolic()), **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return func(*_values(args, self._symbolic()), **_values(kwargs, self._symbolic()))

    def _symbolic(self):
        return self._graph is not None or _graph_state.building_graph()


def _values(value, symbolic):
    """`value` (arguments: nested lists, tuples, dicts) with each Variable replaced by its
    value: the symbolic read when `symbolic`, else an ndarray view."""
    if isinstance(value, Variable):
        return value.value() if symbolic else np.asarray(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_values(v, symbolic) for v in value)
    if isinstance(value, dict):
        return {k: _values(v, symbolic) for k, v in value.items()}
    return value


def _operator(name):
    def method(self, *args):
        return getattr(self.value(), name)(*args)
    method.__name__ = name
    return method


def _equality(unequal):
    def method(self, other):
        if self._graph is not None:  # a graph's variable: identity, as its tensors
            return (self is not other) if unequal else (self is other)
        return getattr(self.value(), "__ne__" if unequal else "__eq__")(other)
    return method


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
              "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__",
              "__rpow__", "__matmul__", "__rmatmul__", "__neg__", "__abs__", "__invert__",
              "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__lt__",
              "__le__", "__gt__", "__ge__", "__getitem__"):
    setattr(Variable, _name, _operator(_name))
Variable.__eq__ = _equality(False)
Variable.__ne__ = _equality(True)


class _UnreadVariable(Variable):
    """What an eager assign returns: the same variable, read when used (TF's
    _UnreadVariable; its repr says 'UnreadVariable')."""

    @property
    def name(self):
        return "UnreadVariable"


def _unread(variable):
    """The _UnreadVariable of `variable`: one per variable, made on first use,
    sharing its attributes (assigns return it without building anything)."""
    unread = variable.__dict__.get("_unread_view")
    if unread is None:
        unread = object.__new__(_UnreadVariable)
        unread.__dict__ = variable.__dict__
        variable.__dict__["_unread_view"] = unread
    return unread


def _slices(sparse_delta):
    """(indices, values) of a kiln.IndexedSlices or a (indices, values) pair."""
    indices = getattr(sparse_delta, "indices", None)
    values = getattr(sparse_delta, "values", None)
    if indices is None or values is None:
        raise TypeError(f"sparse_delta must be a kiln.IndexedSlices (indices and values), got "
                        f"{type(sparse_delta).__name__}.")
    return indices, values


class IndexedSlices:
    """Rows of a tensor: values[i] is row indices[i] (tf.IndexedSlices)."""

    def __init__(self, values, indices, dense_shape=None):
        self.values = values
        self.indices = indices
        self.dense_shape = dense_shape

    def __repr__(self):
        return f"IndexedSlices(indices={self.indices}, values={self.values})"
