"""TF1's variable API on ``kiln.Variable``: ``get_variable`` with
``variable_scope`` (reuse, AUTO_REUSE, default initializers), collections
(``GraphKeys``), ``global_variables_initializer`` and friends, and the
``assign`` functions. Variables made here are ordinary kiln.Variables: in a
graph each Session holds its own values; eagerly they hold theirs.
"""

import contextlib
import threading

from .. import _graph_state, dtypes
from .._graph import get_default_graph
from .._graph_build_ops import group, no_op
from .._initializers import V1_INITIALIZERS
from .._tensor_shape import TensorShape
from .._variables import GLOBAL_VARIABLES, LOCAL_VARIABLES, TRAINABLE_VARIABLES, Variable


class GraphKeys:
    """The names of TF's standard graph collections."""
    GLOBAL_VARIABLES = GLOBAL_VARIABLES
    LOCAL_VARIABLES = LOCAL_VARIABLES
    TRAINABLE_VARIABLES = TRAINABLE_VARIABLES
    MODEL_VARIABLES = "model_variables"
    VARIABLES = GLOBAL_VARIABLES
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


class _ReuseMode:
    def __repr__(self):
        return "AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


# ---- collections of the default graph ----

def get_collection(key, scope=None):
    items = get_default_graph().get_collection(key)
    if scope is None:
        return items
    return [v for v in items if getattr(v, "name", "").startswith(scope)]


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    for name in ([names] if isinstance(names, str) else names):
        add_to_collection(name, value)


def global_variables(scope=None):
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def all_variables():
    return global_variables()


def trainable_variables(scope=None):
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


# ---- initializing ----

def variables_initializer(var_list, name="init"):
    """One op that runs the initializers of `var_list` (a no_op for none)."""
    if _graph_state.building_graph() and var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


def global_variables_initializer():
    return variables_initializer(global_variables())


def initialize_all_variables():
    return global_variables_initializer()


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init_1")


def initialize_local_variables():
    return local_variables_initializer()


def is_variable_initialized(variable):
    return variable.is_initialized()


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A fetchable whose value in a Session is the names (bytes) of the
    variables of `var_list` (default: all global and local ones) not yet
    initialized there, as TF's string tensor. kiln has no string tensors: the
    fetch runs their IsInitialized nodes and builds the array of names."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    return _UninitializedReport(list(var_list))


class _UninitializedReport:
    _kiln_fetch_mapper = True

    def __init__(self, variables):
        self.variables = variables

    def _kiln_fetches(self):
        return [v.is_initialized() for v in self.variables]

    def _kiln_result(self, values):
        import numpy as np
        names = [v.op.name.encode() for v, ok in zip(self.variables, values) if not ok]
        return np.array(names, dtype=object)


# ---- assign functions ----

def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    return ref.assign(value)


def assign_add(ref, value, use_locking=None, name=None):
    return ref.assign_add(value)


def assign_sub(ref, value, use_locking=None, name=None):
    return ref.assign_sub(value)


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    from .._variables import IndexedSlices
    return ref.scatter_update(IndexedSlices(updates, indices))


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    from .._variables import IndexedSlices
    return ref.scatter_add(IndexedSlices(updates, indices))


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    from .._variables import IndexedSlices
    return ref.scatter_sub(IndexedSlices(updates, indices))


def scatter_nd_update(ref, indices, updates, use_locking=True, name=None):
    return ref.scatter_nd_update(indices, updates)


def scatter_nd_add(ref, indices, updates, use_locking=False, name=None):
    return ref.scatter_nd_add(indices, updates)


def scatter_nd_sub(ref, indices, updates, use_locking=False, name=None):
    return ref.scatter_nd_sub(indices, updates)


# ---- variable scopes and get_variable ----

class VariableScope:
    """A scope of get_variable names with its reuse flag and default initializer."""

    def __init__(self, reuse, name="", initializer=None, dtype=dtypes.float32):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._dtype = dtypes.as_dtype(dtype)

    @property
    def name(self):
        return self._name

    @property
    def original_name_scope(self):
        return self._name + "/" if self._name else ""

    @property
    def reuse(self):
        return self._reuse

    @property
    def initializer(self):
        return self._initializer

    @property
    def dtype(self):
        return self._dtype

    def reuse_variables(self):
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def get_variable(self, name, shape=None, dtype=None, initializer=None, **kwargs):
        return get_variable(name, shape, dtype, initializer, **kwargs)


_local = threading.local()


def _scope_stack():
    stack = getattr(_local, "scopes", None)
    if stack is None:
        stack = _local.scopes = [VariableScope(False)]
    return stack


def _store():
    """The get_variable store of the default graph (eagerly: of this thread)."""
    if _graph_state.building_graph():
        graph = get_default_graph()
        store = getattr(graph, "_variable_store", None)
        if store is None:
            store = graph._variable_store = {}
        return store
    store = getattr(_local, "eager_store", None)
    if store is None:
        store = _local.eager_store = {}
    return store


def get_variable_scope():
    return _scope_stack()[-1]


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None,
                   regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                   reuse=None, dtype=None, use_resource=None, constraint=None,
                   auxiliary_name_scope=True):
    """Prefixes get_variable names (and, in graphs, op names) with the scope;
    reuse=True / AUTO_REUSE lets get_variable return existing variables."""
    stack = _scope_stack()
    outer = stack[-1]
    if isinstance(name_or_scope, VariableScope):
        full = name_or_scope.name
    elif name_or_scope:
        if not isinstance(name_or_scope, str):
            raise TypeError(f"VariableScope: name_or_scope must be a string or VariableScope, got "
                            f"{type(name_or_scope).__name__}.")
        full = f"{outer.name}/{name_or_scope}" if outer.name else name_or_scope
    elif default_name:
        full = _unique_scope(f"{outer.name}/{default_name}" if outer.name else default_name)
    else:
        raise ValueError("If default_name is None then scope (name_or_scope) is required")
    # reuse=False (or None) inherits: a scope inside a reusing one reuses too, as TF.
    inherited = outer.reuse if not isinstance(name_or_scope, VariableScope) else name_or_scope.reuse
    scope = VariableScope(
        reuse if reuse in (True, AUTO_REUSE) else inherited, full,
        initializer if initializer is not None else (
            name_or_scope.initializer if isinstance(name_or_scope, VariableScope)
            else outer.initializer),
        dtype if dtype is not None else outer.dtype)
    stack.append(scope)
    try:
        if _graph_state.building_graph() and auxiliary_name_scope:
            # Ops made inside get a name scope named after the variable scope
            # (made unique: a second "layer" block names its ops layer_1/...).
            with get_default_graph().name_scope(full.rsplit("/", 1)[-1]):
                yield scope
        else:
            yield scope
    finally:
        stack.pop()


def _unique_scope(name):
    used = getattr(_local, "default_names", None)
    if used is None:
        used = _local.default_names = {}
    count = used.get(name, 0)
    used[name] = count + 1
    return name if count == 0 else f"{name}_{count}"


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """The variable `name` of the current variable scope: created (with
    `initializer`, the scope's, or glorot_uniform for floats and zeros for
    others, as TF) unless the scope reuses, which returns the existing one."""
    scope = get_variable_scope()
    full = f"{scope.name}/{name}" if scope.name else name
    store = _store()
    existing = store.get(full)
    if scope.reuse is True or (scope.reuse is AUTO_REUSE and existing is not None):
        if existing is None:
            raise ValueError(f"Variable {full} does not exist, or was not created with "
                             f"tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                             f"VarScope?")
        if shape is not None and not TensorShape(shape).is_compatible_with(existing.shape):
            raise ValueError(f"Trying to share variable {full}, but specified shape "
                             f"{TensorShape(shape)} and found shape {existing.shape}.")
        if dtype is not None and dtypes.as_dtype(dtype) != existing.dtype:
            raise ValueError(f"Trying to share variable {full}, but specified dtype "
                             f"{dtypes.as_dtype(dtype).name} and found dtype "
                             f"{existing.dtype.name}.")
        return existing
    if existing is not None:
        raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set "
                         f"reuse=True or reuse=tf.AUTO_REUSE in VarScope?")
    init = initializer if initializer is not None else scope.initializer
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    elif not _is_value(init):  # a value initializer keeps its own dtype
        dtype = scope.dtype
    if init is None:
        init = (V1_INITIALIZERS["glorot_uniform_initializer"]() if dtype.is_floating
                else V1_INITIALIZERS["zeros_initializer"](dtype=dtype))
    if callable(init) and not _is_value(init):
        if shape is None:
            raise ValueError(f"Shape of a new variable ({full}) must be fully defined, but "
                             f"instead was <unknown>.")
        shape = TensorShape(shape)
        if not shape.is_fully_defined():
            raise ValueError(f"Shape of a new variable ({full}) must be fully defined, but "
                             f"instead was {shape}.")
        value = lambda: init(shape.as_list(), dtype=dtype)  # noqa: E731
        declared = shape
    else:
        value = init  # a tensor or value: its own shape
        declared = None if shape is None else TensorShape(shape)
    # The variable's own name must be the full scoped name: build it outside
    # the graph's name scopes (the variable scope's name is the prefix).
    with _graph_name_scope_reset():
        variable = Variable(value, trainable=trainable, name=full, dtype=dtype, shape=declared,
                            validate_shape=validate_shape, collections=collections,
                            constraint=constraint)
    store[full] = variable
    return variable


def _is_value(init):
    from .._eager_tensor import EagerTensor
    from .._symbolic_tensor import SymbolicTensor
    return isinstance(init, (EagerTensor, SymbolicTensor, Variable))


@contextlib.contextmanager
def _graph_name_scope_reset():
    if not _graph_state.building_graph():
        yield
        return
    graph = get_default_graph()
    saved = graph._name_stack
    graph._name_stack = ""
    try:
        yield
    finally:
        graph._name_stack = saved


__all__ = [
    "GraphKeys", "AUTO_REUSE", "VariableScope", "variable_scope", "get_variable",
    "get_variable_scope", "get_collection", "get_collection_ref", "add_to_collection",
    "add_to_collections", "global_variables", "all_variables", "trainable_variables",
    "local_variables", "model_variables", "variables_initializer", "global_variables_initializer",
    "initialize_all_variables", "local_variables_initializer", "initialize_local_variables",
    "is_variable_initialized", "report_uninitialized_variables", "assign", "assign_add",
    "assign_sub", "scatter_update", "scatter_add", "scatter_sub", "scatter_nd_update",
    "scatter_nd_add", "scatter_nd_sub",
] + list(V1_INITIALIZERS)

globals().update(V1_INITIALIZERS)
