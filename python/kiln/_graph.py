"""``kiln.Graph`` and ``Operation``: graphs of registry ops, as TF's ``tf.Graph``.

Inside ``with g.as_default():`` every kiln op adds a node to ``g`` instead of
running (even when eager execution is on, as in TF); the C++ core infers each
node's dtype and static shape with the op's own inference, so a mistake is
reported where the op is written. Eager tensors used in a graph become Const
nodes. Sessions (_session.py) run graphs.
"""

import contextlib

from . import _core, _graph_state, _tape, dtypes
from ._eager_tensor import EagerTensor
from ._symbolic_tensor import SymbolicTensor, dtype_from_code, shape_from_spec
from ._tensor_shape import TensorShape

_OP_NAMES = _core.op_names()
_ATTR_KINDS = {d["name"]: dict(d["attrs"]) for d in _core.op_defs()}
_NODE_NAMES = [d["node_name"] for d in _core.op_defs()]  # a node's default name ("Add" for AddV2)
# TF names a constant input of a two-input op after the op and the input: "mul/y".
_CONST_INPUT_NAMES = [("x", "y") if d["max_inputs"] == 2 else None for d in _core.op_defs()]
# Per op: the value an attribute given by a tensor holds in the attrs tuple
# (the C++ graph replaces it with what is known of the tensor).
_ATTR_STAND_INS = [tuple(0 if kind == "int" else () for _, kind in d["attrs"]) for d in _core.op_defs()]
_DEFS = _core.op_defs()
# Ops a traced function keeps in program order and runs on every call
# (TF's automatic control dependencies): reads and assigns of variables,
# random draws, prints.
_ORDERED = frozenset(i for i, d in enumerate(_DEFS) if d["stateful"] and not d["graph_only"])
# Ops that change state outside their outputs (assigns; and any stateful op
# with no outputs, such as kiln.print's): they run even when no output is used.
_SIDE_EFFECT = frozenset(i for i, d in enumerate(_DEFS) if d["side_effect"])
_VAR_HANDLE = _OP_NAMES.index("var_handle")
_CONST = _OP_NAMES.index("const")
_IDENTITY = _OP_NAMES.index("identity")
_LOOP_VAR = _OP_NAMES.index("loop_var")


class Operation:
    """A node of a graph: an op applied to input tensors."""

    __slots__ = ("_graph", "_id", "_outputs", "__weakref__")

    def __init__(self, graph, node_id):
        self._graph = graph
        self._id = node_id
        c = graph._c
        self._outputs = tuple(
            SymbolicTensor(self, i, dtype_from_code(code), shape_from_spec(dims))
            for i, (code, dims) in (
                (i, c.output_spec(node_id, i)) for i in range(c.num_outputs(node_id))))

    @property
    def graph(self):
        return self._graph

    @property
    def name(self):
        return self._graph._c.name(self._id)

    @property
    def type(self):
        return self._graph._c.type(self._id)

    @property
    def outputs(self):
        return list(self._outputs)

    def values(self):
        return tuple(self._outputs)

    @property
    def inputs(self):
        ops = self._graph._ops
        return tuple(ops[n]._outputs[i] for n, i in self._graph._c.inputs(self._id))

    @property
    def control_inputs(self):
        return [self._graph._ops[n] for n in self._graph._c.control_inputs(self._id)]

    def get_attr(self, name):
        """An attribute's value: ints, floats, bools, lists, DTypes, TensorShapes;
        a Const's "value" is a NumPy array."""
        c = self._graph._c
        if name == "value" and self.type == "Const":
            return c.value(self._id).numpy()
        attrs = c.attrs(self._id)
        if name not in attrs:
            raise ValueError(f"Operation '{self.name}' has no attr named '{name}'. It has: "
                             f"{sorted(attrs) or 'none'}.")
        kind = _ATTR_KINDS[c.op_name(self._id)][name]
        value = attrs[name]
        if kind == "dtype":
            return dtypes._ALL[value]
        if kind == "shape":
            return TensorShape(value)
        return value

    def run(self, feed_dict=None, session=None):
        """Runs this operation in `session` (default: the default session)."""
        from ._session import _session_for
        _session_for(self, session, "run").run(self, feed_dict)

    def __repr__(self):
        return f"<kiln.Operation '{self.name}' type={self.type}>"


class Graph:
    """A graph of operations; ``as_default()`` makes kiln ops add nodes to it."""

    def __init__(self):
        self._c = _core.Graph()
        self._ops = []            # Operation per node id
        self._name_stack = ""     # the current name scope, "outer/inner"
        self._scopes_used = set()
        self._control_stack = []  # lists of Operations that new ops depend on
        self._collections = {}
        self._closed_regions = []  # [start, end) node ids of finished cond/while bodies
        self._branch_reads = 0     # > 0: a cond's gradient reads its forward branch (_control_flow_grad.py)
        self._effects = []         # ids of side-effect nodes (assigns, prints), in order
        self._last_ordered = None  # the latest node of an _ORDERED op (reads, assigns, draws)
        self._captured = {}        # id of a captured eager variable's state -> VarHandleOp id
        self._captured_variables = []  # those variables, in capture order
        self.seed = None          # the graph-level random seed (set_random_seed while building)
        self._next_op_seed = 0    # op seeds drawn for ops without one (as TF's get_seed)

    @contextlib.contextmanager
    def as_default(self):
        """Makes this the default graph of this thread inside the ``with`` block."""
        _graph_state.push(self)
        try:
            yield self
        finally:
            _graph_state.pop(self)

    # ---- building ----

    def _check_not_finalized(self):
        if self._c.finalized():
            raise RuntimeError("Graph is finalized and cannot be modified: build a new graph, or "
                               "add every node before finalize().")

    def _add(self, op_index, inputs, attrs, name):
        self._check_not_finalized()
        name = self._scoped(name, op_index)
        const_names = _CONST_INPUT_NAMES[op_index]
        if const_names and any(type(x) is EagerTensor for x in inputs):
            name = self._c.unique_name(name)  # the op's name, which its constants' names start with
            outputs = [self._output_of(x, _OP_NAMES[op_index], f"{name}/{const_names[i]}")
                       for i, x in enumerate(inputs)]
        else:
            outputs = [self._output_of(x, _OP_NAMES[op_index]) for x in inputs]
        attr_inputs = [(i, self._output_of(a, _OP_NAMES[op_index]))
                       for i, a in enumerate(attrs) if isinstance(a, SymbolicTensor)]
        if attr_inputs:  # shape-like attributes given by tensors (shape_args.py)
            stand_ins = _ATTR_STAND_INS[op_index]
            attrs = tuple(stand_ins[i] if isinstance(a, SymbolicTensor) else a
                          for i, a in enumerate(attrs))
        node = self._c.add_op(op_index, outputs, attrs, name, self._control_ids(op_index),
                              attr_inputs)
        op = self._register(node)
        if op_index in _ORDERED:
            self._last_ordered = node
            if op_index in _SIDE_EFFECT or not op._outputs:
                self._effects.append(node)
        return op

    def _add_recorded(self, op_index, inputs, attrs, name):
        """_add for ops Python builds itself (not through _core.execute, which
        records), passed to the recording gradient tapes as execute would."""
        op = self._add(op_index, inputs, attrs, name)
        if _core._tape_depth():
            _tape._record(op_index, tuple(inputs), tuple(attrs), tuple(op._outputs))
        return op

    def _add_construct(self, build, op_index, name):
        """A cond or while_loop node that ``build(full name, control ids)`` (kiln::cond
        or kiln::while_loop, which trace its regions first) adds and returns the id
        of; registered, and passed to the recording tapes as _add_recorded does."""
        self._check_not_finalized()
        node = build(self._scoped(name, op_index), self._control_ids(op_index))
        op = self._register(node)
        if _core._tape_depth():
            attrs = tuple(self._c.attrs(node).values())  # the regions' starts and the count
            _tape._record(op_index, op.inputs, attrs, tuple(op._outputs))
        return op

    def _tensors(self, pairs):
        """The tensors of (node, index) pairs, nodes C++ added included."""
        if pairs:
            self._register(max(n for n, _ in pairs))
        return [self._ops[n]._outputs[i] for n, i in pairs]

    def _capture_variable(self, variable):
        """The VarHandleOp node standing for an eager variable in this graph
        (one per variable): runs read and assign the variable itself."""
        state = variable._c
        node = self._captured.get(state.id)
        if node is None:
            self._check_not_finalized()
            node = self._c.add_variable(state.dtype_code, state.shape, variable._base_name, state)
            self._register(node)
            self._captured[state.id] = node
            self._captured_variables.append(variable)
        return node

    def _effects_in(self, start, end):
        """The side-effect nodes with ids in [start, end)."""
        return [n for n in self._effects if start <= n < end]

    def _in_closed_region(self, node):
        return any(start <= node < end for start, end in self._closed_regions)

    def _outputs_after_effects(self, outputs, start, carrier=False):
        """A cond branch's or loop body's outputs (built since node `start`),
        made to depend on the side effects built there (an assign in a taken
        branch must run). carrier=True: a branch with no outputs gets one, to
        carry them. Returns (outputs, whether there were effects)."""
        if carrier and not outputs:
            outputs = [self._constant(_core._from_python_scalar(0, dtypes.int32._code))._outputs[0]]
        effects = self._effects_in(start, self._c.num_nodes())
        if not effects:
            return outputs, False
        with self.control_dependencies([self._ops[n] for n in effects]):
            outputs = [self._add_recorded(_IDENTITY, [t], (), "identity")._outputs[0]
                       for t in outputs]
        return outputs, True

    def _output_of(self, x, op_name, const_name=None):
        """(node id, output index) of input x; an eager tensor becomes a Const node
        (named const_name, a full name, when given)."""
        if isinstance(x, SymbolicTensor):
            if self._closed_regions and not self._branch_reads:
                self._check_not_in_closed_region(x, op_name)
            if x._op._graph is not self:
                raise ValueError(
                    f"[{op_name}] input {x.name} belongs to a different graph than the one being "
                    f"built. Build all of an op's inputs in one graph (create them inside the same "
                    f"`with graph.as_default():` block).")
            return x._op._id, x._index
        if type(x) is EagerTensor:
            if const_name is not None:
                return self._register(self._c.add_constant(x, const_name))._id, 0
            return self._constant(x)._id, 0
        raise TypeError(f"[{op_name}] inputs must be tensors, got {type(x).__name__}.")

    # ---- control-flow regions (see _control_flow.py) ----

    def _open_region(self):
        """Starts a cond branch or loop body; returns its first node id."""
        return len(self._ops)

    def _close_region(self, start, end):
        """Nodes [start, end) may not be used by nodes built from now on."""
        if end > start:
            self._closed_regions.append((start, end))

    @contextlib.contextmanager
    def _reading_branches(self):
        """Nodes built inside may read a closed cond branch's nodes: only a cond's
        gradient does, in its own cond on the same predicate (_control_flow_grad.py)."""
        self._branch_reads += 1
        try:
            yield
        finally:
            self._branch_reads -= 1

    def _check_not_in_closed_region(self, x, op_name):
        node = x._op._id
        for start, end in self._closed_regions:
            if start <= node < end:
                raise ValueError(
                    f"[{op_name}] {x.name} was made inside a kiln.cond branch or kiln.while_loop "
                    f"body and cannot be used outside it: it has a value only while that branch "
                    f"or body runs. Return it from the branch or body and use the result instead.")

    def _loop_var(self, dtype, shape):
        static = TensorShape(shape)
        dims = None if static.rank is None else list(static._dims)
        node = self._c.add_op(_LOOP_VAR, [], (dtype._code, dims), self._scoped("loop_var", _LOOP_VAR), [])
        return self._register(node)._outputs[0]

    def _constant(self, value, name=None):
        self._check_not_finalized()
        node = self._c.add_constant(value, self._scoped(name, _CONST))
        return self._register(node)

    def _scoped(self, name, op_index):
        if name is None:
            name = _NODE_NAMES[op_index]
        elif not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}.")
        return f"{self._name_stack}/{name}" if self._name_stack else name

    def _control_ids(self, op_index=None):
        return [op._id for deps in self._control_stack for op in deps]

    def _register(self, node_id):
        while len(self._ops) <= node_id:
            self._ops.append(Operation(self, len(self._ops)))
        return self._ops[node_id]

    # ---- reading ----

    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings, got {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings, got {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """The Tensor or Operation that `obj` (an element of this graph, or its
        name: "Add:0" for a tensor, "Add" for an operation) stands for."""
        if getattr(type(obj), "_kiln_tensor_like", False) and obj.graph is self:
            obj = obj._graph_element  # a variable of this graph: its value (TF's graph element)
        if isinstance(obj, (SymbolicTensor, Operation)):
            graph = obj.graph
            kind = "Tensor" if isinstance(obj, SymbolicTensor) else "Operation"
            if (kind == "Tensor" and not allow_tensor) or (kind == "Operation" and not allow_operation):
                raise TypeError(f"Can not convert a {kind} into a "
                                f"{'Tensor' if allow_tensor else 'Operation'}.")
            if graph is not self:
                raise ValueError(f"{kind} {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, str):
            return self._by_name(obj, allow_tensor, allow_operation)
        wanted = " or ".join(k for k, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok)
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {wanted}.")

    def _by_name(self, name, allow_tensor, allow_operation):
        if ":" in name and allow_tensor:
            op_name, _, index = name.rpartition(":")
            try:
                index = int(index)
            except ValueError:
                raise ValueError(f"The name {name!r} looks a like a Tensor name, but is not a "
                                 f"valid one. Tensor names must be of the form "
                                 f'"<op_name>:<output_index>".') from None
            node = self._c.find(op_name)
            if node < 0:
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. The "
                               f"operation, {op_name!r}, does not exist in the graph.")
            outputs = self._ops[node]._outputs
            if not 0 <= index < len(outputs):
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. The "
                               f"operation, {op_name!r}, exists but only has {len(outputs)} "
                               f"outputs.")
            return outputs[index]
        if ":" in name:
            raise ValueError(f"Name {name!r} appears to refer to a Tensor, not an Operation.")
        if not allow_operation:
            raise ValueError(f"The name {name!r} looks like an (invalid) Operation name, not a "
                             f"Tensor. Tensor names must be of the form "
                             f'"<op_name>:<output_index>".')
        node = self._c.find(name)
        if node < 0:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
        return self._ops[node]

    def _consumers(self, tensor):
        key = (tensor._op._id, tensor._index)
        c = self._c
        return [op for op in self._ops[tensor._op._id + 1:] if key in map(tuple, c.inputs(op._id))]

    def finalize(self):
        """Makes this graph read-only: adding a node raises FailedPreconditionError."""
        self._c.finalize()

    @property
    def finalized(self):
        return self._c.finalized()

    @property
    def building_function(self):
        return False

    @property
    def version(self):
        return len(self._ops)

    # ---- collections (TF1 code keeps things in them) ----

    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def get_collection(self, name, scope=None):
        return list(self._collections.get(name, ()))

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    # ---- scopes ----

    @contextlib.contextmanager
    def name_scope(self, name):
        old = self._name_stack
        if not name:
            self._name_stack = ""
        elif name.endswith("/"):
            self._name_stack = name[:-1]  # re-enter an existing scope exactly
        else:
            full = f"{old}/{name}" if old else name
            unique, i = full, 0
            while unique in self._scopes_used or self._c.find(unique) >= 0:
                i += 1
                unique = f"{full}_{i}"
            self._scopes_used.add(unique)
            self._name_stack = unique
        try:
            yield self._name_stack + "/" if self._name_stack else ""
        finally:
            self._name_stack = old

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run after `control_inputs` (Operations or Tensors);
        None clears the dependencies of enclosing blocks."""
        saved = self._control_stack
        if control_inputs is None:
            self._control_stack = []
        else:
            deps = []
            for c in control_inputs:
                c = c.op if isinstance(c, SymbolicTensor) else c
                if not isinstance(c, Operation):
                    raise TypeError(f"Control input must be an Operation or a Tensor of a graph, "
                                    f"got {type(c).__name__}.")
                if c._graph is not self:
                    raise ValueError(f"Control input {c.name} belongs to a different graph.")
                deps.append(c)
            self._control_stack = saved + [deps]
        try:
            yield
        finally:
            self._control_stack = saved


def add_operation(op_index, inputs, attrs, name=None):
    """Adds a node for op `op_index` to the graph being built (or the inputs'
    graph); returns its Operation (for ops used for their effect: no_op, print)."""
    return _graph_for(tuple(inputs), tuple(attrs))._add(op_index, inputs, attrs, name)


def _build_node(op_index, inputs, attrs, name):
    """The C++ op entry's hook: adds a node for op `op_index` and returns its
    output tensor, or a tuple of them (empty for none), as eager execution does."""
    outputs = add_operation(op_index, inputs, attrs, name)._outputs
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _graph_for(inputs, attrs=()):
    s = _graph_state.stack()
    if s:
        return s[-1]
    if _graph_state.eager_disabled():
        return get_default_graph()
    for x in inputs + attrs:  # eager context, symbolic input: the op joins that input's graph
        if isinstance(x, SymbolicTensor):
            return x._op._graph
    raise TypeError("kiln op inputs must be tensors.")


_core._set_graph_hook(_build_node)
_core._set_symbolic_type(SymbolicTensor)


def get_default_graph():
    """The innermost ``as_default()`` graph of this thread, or the global default graph."""
    s = _graph_state.stack()
    if s:
        return s[-1]
    graph = _graph_state.global_default()
    if graph is None:
        graph = Graph()
        _graph_state.set_global_default(graph)
    return graph


def reset_default_graph():
    """Replaces the global default graph with a new, empty one."""
    if _graph_state.stack():
        raise AssertionError("Do not use reset_default_graph() to clear nested graphs: exit "
                             "every `with graph.as_default():` block first.")
    _graph_state.set_global_default(Graph())


def executing_eagerly():
    """False while building a graph (or with eager execution disabled), else True."""
    return not _graph_state.building_graph()


def disable_eager_execution():
    """From now on kiln ops add nodes to the default graph, as TF1."""
    _graph_state.set_eager_disabled(True)


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    _graph_state.set_eager_disabled(False)


def name_scope(name):
    """A context manager that prefixes the names of ops created inside; eagerly,
    the names of variables (as TF 2's)."""
    if not _graph_state.building_graph():
        return _EagerNameScope(name)
    return get_default_graph().name_scope(name)


class _EagerNameScope:
    """An eager name scope: ``with`` gives "outer/name/"; a name ending in "/"
    is a whole scope, re-entered as it is."""

    def __init__(self, name):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}.")
        self.name = name

    def __enter__(self):
        names = _graph_state.eager_names()
        self._saved = list(names)
        if not self.name:
            names.clear()
        elif self.name.endswith("/"):
            names[:] = [self.name[:-1]]
        else:
            names.append(self.name)
        return _graph_state.eager_name_prefix()

    def __exit__(self, *exc):
        _graph_state.eager_names()[:] = self._saved


def control_dependencies(control_inputs):
    """Ops created inside run after `control_inputs`; a no-op in eager mode (ops run in order)."""
    if not _graph_state.building_graph():
        return contextlib.nullcontext()
    return get_default_graph().control_dependencies(control_inputs)


def placeholder(dtype, shape=None, name=None):
    """A graph tensor whose value is fed when the graph runs (``Session.run(feed_dict=...)``).
    Dimensions of `shape` may be None; shape=None leaves the rank unknown."""
    if not _graph_state.building_graph():
        raise RuntimeError("kiln.compat.v1.placeholder() is not compatible with eager execution: "
                           "create it inside `with graph.as_default():` (or call "
                           "kiln.compat.v1.disable_eager_execution() first).")
    dtype = dtypes.as_dtype(dtype)
    static = TensorShape(shape)
    dims = None if static.rank is None else list(static._dims)
    graph = get_default_graph()
    graph._check_not_finalized()
    node = graph._c.add_placeholder(dtype._code, dims, graph._scoped(name or "Placeholder", _CONST))
    return graph._register(node)._outputs[0]
