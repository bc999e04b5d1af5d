"""TF1's optimizers: ``kiln.compat.v1.train.GradientDescentOptimizer``,
``MomentumOptimizer``, ``AdamOptimizer``, ``AdagradOptimizer``,
``RMSPropOptimizer`` and the global step.

In a TF1 graph, ``minimize``/``apply_gradients`` build graph ops (gradients
by ``kiln.compat.v1.gradients``, updates as assign ops on the variables and
their slots, the global step incremented after them) and return the op a
Session runs. Eagerly (TF1 optimizers under TF2) ``minimize`` takes a callable
loss, differentiates it with a GradientTape and updates at once.

The update rules are TF's training kernels (ApplyMomentum, ApplyAdam, ...),
with their scalars computed in the variable's dtype as the kernels do (1 - beta1
in float32, not in Python's float64 as Keras does). Each update computes the
new slot values as tensors and assigns them, and the variable's update uses
those tensors, so a graph needs no ordering between a slot's assign and the
variable's.
"""

import numpy as np

from .. import _graph_state, dtypes
from .._convert import convert_to_tensor
from .._gradients import gradients
from .._ops import execute, op
from .._graph import control_dependencies, get_default_graph
from .._graph_build_ops import group
from .._symbolic_tensor import SymbolicTensor
from .._tape import GradientTape
from .._variables import GLOBAL_VARIABLES, TRAINABLE_VARIABLES, Variable
from ..cast_ops import cast
from ..math_ops import multiply
from ..unary_ops import sqrt, square

_RSQRT = op("rsqrt")  # TF1's ApplyAdagrad multiplies by rsqrt(accum) (kiln.math.rsqrt)
GLOBAL_STEP = "global_step"
_eager_global_step = []  # eagerly there is no graph collection to hold it


def _in_graph(variable):
    return getattr(variable, "_graph", None) is not None


def _value(x):
    return x.value() if isinstance(x, Variable) else x


class Optimizer:
    """The base of TF1's optimizers (tf.compat.v1.train.Optimizer)."""

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._name = name
        self._slots = {}      # slot name -> {id(variable): slot variable}
        self._non_slot = {}   # (name, graph) -> variable (Adam's beta powers)
        self._order = []      # every variable the optimizer made, in creation order

    def get_name(self):
        return self._name

    # ---- gradients ----

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        if not any(g is not None for g, _ in grads_and_vars):
            raise ValueError(
                f"No gradients provided for any variable, check your graph for ops that do not "
                f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                f"and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """(gradient, variable) pairs of `loss`: a graph tensor, or (eagerly) a callable."""
        if callable(loss):
            with GradientTape() as tape:
                if var_list is not None:
                    tape.watch(var_list)
                value = loss()
            var_list = list(tape.watched_variables() if var_list is None else var_list)
            grads = tape.gradient(value, var_list, output_gradients=grad_loss)
            return list(zip(grads, var_list))
        if not isinstance(loss, SymbolicTensor):
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a "
                               "function when eager execution is enabled.")
        if var_list is None:
            var_list = loss.graph.get_collection(TRAINABLE_VARIABLES)
        var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        return list(zip(gradients(loss, var_list, grad_ys=grad_loss), var_list))

    # ---- updates ----

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Applies the pairs; in a graph returns the op doing it (and incrementing
        `global_step` after), eagerly applies them and returns None."""
        pairs = list(grads_and_vars)
        if not pairs:
            raise ValueError("No variables provided.")
        pairs = [(None if g is None else convert_to_tensor(g), v) for g, v in pairs]
        pairs = [(g, v) for g, v in pairs if g is not None]
        if not pairs:
            raise ValueError(f"No gradients provided for any variable: "
                             f"{[str(v) for _, v in grads_and_vars]}.")
        variables = [v for _, v in pairs]
        graph = variables[0].graph if _in_graph(variables[0]) else None
        if graph is None:
            return self._apply(pairs, global_step, name, None)
        with graph.as_default():
            return self._apply(pairs, global_step, name, graph)

    def _apply(self, pairs, global_step, name, graph):
        for _, v in pairs:
            self._create_slots(v, graph)
        self._prepare(graph)
        updates = [self._apply_dense(cast(g, v.dtype), v) for g, v in pairs]
        finish = self._finish(updates, graph)
        if graph is None:
            if global_step is not None:
                global_step.assign_add(1)
            return None
        if global_step is None:
            return group(finish, name=name or self._name)
        with control_dependencies([finish]):
            return global_step.assign_add(1, name=name or self._name, read_value=False)

    def _finish(self, updates, graph):
        return group(*[u for u in updates if u is not None]) if graph is not None else None

    def _prepare(self, graph):
        pass

    def _create_slots(self, variable, graph):
        pass

    def _slot(self, variable, name, initial, graph):
        """The slot `name` of `variable`, made on first use (named ``<var>/<optimizer>``
        as TF names it; a global, non-trainable variable beside it)."""
        slots = self._slots.setdefault(name, {})
        slot = slots.get(id(variable))
        if slot is None:
            base = variable.op.name if graph is not None else variable.name.split(":")[0]
            suffix = self._SLOT_SUFFIX.get(name, "{}_" + name).format(self._name)

            def initial_value(shape=variable.shape, dtype=variable.dtype):
                return np.full(shape.as_list(), initial, dtype.as_numpy_dtype)
            if graph is None:
                with _graph_state.eager_scope():
                    slot = Variable(initial_value, trainable=False, name=f"{base}/{suffix}")
            else:
                slot = Variable(initial_value, trainable=False, name=f"{base}/{suffix}")
            slots[id(variable)] = slot
            self._order.append(slot)
        return slot

    _SLOT_SUFFIX = {}

    def _non_slot_variable(self, name, initial, graph):
        key = (name, graph)
        v = self._non_slot.get(key)
        if v is None:
            if graph is None:
                with _graph_state.eager_scope():
                    v = Variable(initial, trainable=False, name=name)
            else:
                with control_dependencies(None):
                    v = Variable(initial, trainable=False, name=name)
            self._non_slot[key] = v
            self._order.append(v)
        return v

    def get_slot(self, var, name):
        slots = self._slots.get(name)
        return None if slots is None else slots.get(id(var))

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        return list(self._order)

    def _kiln_checkpoint_variables(self):
        return {f"_variables/{i}": v for i, v in enumerate(self._order)}

    @staticmethod
    def _scalar(value, dtype):
        """A hyperparameter (number, tensor or callable) as a tensor of `dtype`."""
        value = value() if callable(value) else value
        return cast(convert_to_tensor(value), dtype)

    @staticmethod
    def _np(value, dtype):
        """A number in `dtype` (TF's kernels compute 1 - beta1 in the variable's dtype)."""
        return dtypes.as_dtype(dtype).as_numpy_dtype(value)


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * gradient."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        return var.assign_sub(grad * self._scalar(self._learning_rate, var.dtype),
                              read_value=False)


class MomentumOptimizer(Optimizer):
    """accum = accum * momentum + grad; var -= lr * accum (Nesterov:
    var -= grad * lr + accum * momentum * lr)."""

    _SLOT_SUFFIX = {"momentum": "{}"}

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum, self._use_nesterov = (learning_rate, momentum,
                                                                   use_nesterov)

    def _create_slots(self, var, graph):
        self._slot(var, "momentum", 0.0, graph)

    def _apply_dense(self, grad, var):
        lr = self._scalar(self._learning_rate, var.dtype)
        momentum = self._scalar(self._momentum, var.dtype)
        accum = self.get_slot(var, "momentum")
        new = _value(accum) * momentum + grad
        assign = accum.assign(new, read_value=False)
        delta = grad * lr + new * momentum * lr if self._use_nesterov else new * lr
        with control_dependencies([assign] if assign is not None else []):
            return var.assign_sub(delta, read_value=False)


class AdamOptimizer(Optimizer):
    """Adam as TF1's ApplyAdam: beta1_power and beta2_power are variables of the
    optimizer, multiplied by beta1, beta2 after each step."""

    _SLOT_SUFFIX = {"m": "{}", "v": "{}_1"}

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var, graph):
        self._non_slot_variable("beta1_power", float(self._beta1), graph)
        self._non_slot_variable("beta2_power", float(self._beta2), graph)
        self._slot(var, "m", 0.0, graph)
        self._slot(var, "v", 0.0, graph)

    def _powers(self, graph):
        return (self._non_slot[("beta1_power", graph)], self._non_slot[("beta2_power", graph)])

    def _prepare(self, graph):
        self._graph = graph

    def _apply_dense(self, grad, var):
        dtype = var.dtype
        p1, p2 = (cast(_value(p), dtype) for p in self._powers(self._graph))
        lr = self._scalar(self._lr, dtype)
        b1, b2 = self._np(self._beta1, dtype), self._np(self._beta2, dtype)
        one = self._np(1, dtype)
        alpha = lr * sqrt(one - p2) / (one - p1)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_new = _value(m) + (grad - _value(m)) * (one - b1)
        v_new = _value(v) + (square(grad) - _value(v)) * (one - b2)
        ops = [m.assign(m_new, read_value=False), v.assign(v_new, read_value=False)]
        eps = self._scalar(self._epsilon, dtype)
        with control_dependencies([o for o in ops if o is not None]):
            return var.assign_sub(m_new * alpha / (sqrt(v_new) + eps), read_value=False)

    def _finish(self, updates, graph):
        p1, p2 = self._powers(graph)
        with control_dependencies([u for u in updates if u is not None]):
            ops = [p1.assign(_value(p1) * self._scalar(self._beta1, p1.dtype), read_value=False),
                   p2.assign(_value(p2) * self._scalar(self._beta2, p2.dtype), read_value=False)]
        return group(*updates, *ops) if graph is not None else None


class AdagradOptimizer(Optimizer):
    """accum += grad ** 2; var -= lr * grad / sqrt(accum) (TF1's ApplyAdagrad: no epsilon)."""

    _SLOT_SUFFIX = {"accumulator": "{}"}

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._lr, self._initial = learning_rate, initial_accumulator_value

    def _create_slots(self, var, graph):
        self._slot(var, "accumulator", self._initial, graph)

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        new = _value(acc) + square(grad)
        assign = acc.assign(new, read_value=False)
        rsqrt = execute(_RSQRT, (new,), (), None)
        with control_dependencies([assign] if assign is not None else []):
            return var.assign_sub(multiply(grad * self._scalar(self._lr, var.dtype), rsqrt),
                                  read_value=False)


class RMSPropOptimizer(Optimizer):
    """TF1's ApplyRMSProp / ApplyCenteredRMSProp: ms starts at 1 (the "rms" slot)."""

    _SLOT_SUFFIX = {"rms": "{}", "momentum": "{}_1", "mg": "{}_2"}

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._lr, self._decay, self._momentum = learning_rate, decay, momentum
        self._epsilon, self._centered = epsilon, centered

    def _create_slots(self, var, graph):
        self._slot(var, "rms", 1.0, graph)
        self._slot(var, "momentum", 0.0, graph)
        if self._centered:
            self._slot(var, "mg", 0.0, graph)

    def _apply_dense(self, grad, var):
        dtype = var.dtype
        one_minus_rho = self._np(1, dtype) - self._np(self._decay, dtype)
        lr, eps = self._scalar(self._lr, dtype), self._scalar(self._epsilon, dtype)
        momentum = self._scalar(self._momentum, dtype)
        ms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        ms_new = _value(ms) + (square(grad) - _value(ms)) * one_minus_rho
        ops = [ms.assign(ms_new, read_value=False)]
        if self._centered:
            mg = self.get_slot(var, "mg")
            mg_new = _value(mg) + (grad - _value(mg)) * one_minus_rho
            ops.append(mg.assign(mg_new, read_value=False))
            denominator = (ms_new - square(mg_new)) + eps
        else:
            denominator = ms_new + eps
        mom_new = _value(mom) * momentum + grad * lr / sqrt(denominator)
        ops.append(mom.assign(mom_new, read_value=False))
        with control_dependencies([o for o in ops if o is not None]):
            return var.assign_sub(mom_new, read_value=False)


# ---- the global step ----

def get_global_step(graph=None):
    """The graph's global step variable (collection "global_step"), or None."""
    if graph is None and not _graph_state.building_graph():
        return _eager_global_step[0] if _eager_global_step else None
    graph = graph or get_default_graph()
    steps = graph.get_collection(GLOBAL_STEP)
    if len(steps) > 1:
        raise TypeError("There are multiple items in collection global_step. There should be "
                        "only one.")
    return steps[0] if steps else None


def create_global_step(graph=None):
    """Makes the global step: an int64 scalar variable named global_step, starting at 0."""
    if get_global_step(graph) is not None:
        raise ValueError("\"global_step\" already exists.")
    if graph is None and not _graph_state.building_graph():
        step = Variable(0, dtype=dtypes.int64, trainable=False, name="global_step")
        _eager_global_step.append(step)
        return step
    graph = graph or get_default_graph()
    with graph.as_default(), control_dependencies(None):
        return Variable(0, dtype=dtypes.int64, trainable=False, name="global_step",
                        collections=[GLOBAL_VARIABLES, GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


NAMES = {"Optimizer": Optimizer, "GradientDescentOptimizer": GradientDescentOptimizer,
         "MomentumOptimizer": MomentumOptimizer, "AdamOptimizer": AdamOptimizer,
         "AdagradOptimizer": AdagradOptimizer, "RMSPropOptimizer": RMSPropOptimizer,
         "get_global_step": get_global_step, "create_global_step": create_global_step,
         "get_or_create_global_step": get_or_create_global_step}
