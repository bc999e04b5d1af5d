"""TF2 optimizers: ``kiln.optimizers`` / ``kiln.keras.optimizers`` (SGD, Adam,
AdamW, RMSprop, Adagrad), with the defaults and update rules of TF 2.21's
``tf.keras.optimizers`` (Keras 3; docs/tf-reference/optimizers.json records
them). What they share is in python/kiln/_optimizer_base.py, whose
constructor takes the arguments all of them have (weight_decay, clipnorm,
clipvalue, global_clipnorm, ..., name), passed on by keyword.
"""

from . import math_ops
from ._ops import execute
from ._optimizer_base import (_ADD, _DIV, _MAX, _MUL, _SQRT, _SQUARE, _SUB, ExponentialDecay,
                              LearningRateSchedule, Optimizer, _op, _read)
from .cast_ops import cast


class SGD(Optimizer):
    """Gradient descent, with momentum and Nesterov momentum (tf.keras.optimizers.SGD)."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def _make_slots(self, var_list):
        if self.momentum != 0:
            self._add_slots(var_list, ("momentum",))

    def update_step(self, gradient, variable, learning_rate):
        step = _op(_MUL, gradient, learning_rate)
        if self.momentum == 0:
            variable.assign_sub(step)
            return
        momentum, = self._scalars.get(variable.dtype, (self.momentum,))
        m = self._slot("momentum", variable)
        m.assign(_op(_SUB, _op(_MUL, m.value(), momentum), step))
        if self.nesterov:
            variable.assign_add(_op(_SUB, _op(_MUL, m.value(), momentum), step))
        else:
            variable.assign_add(m.value())

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Adam(Optimizer):
    """Adam, optionally AMSGrad (tf.keras.optimizers.Adam)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def _make_slots(self, var_list):
        self._add_slots(var_list, ("momentum", "velocity"))
        if self.amsgrad:
            self._add_slots(var_list, ("velocity_hat",))

    def _update(self, grads, variables, lr):
        # The step's scalars once, in Keras's order of float32 operations:
        # alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t).
        by_dtype = {}
        for g, v in zip(grads, variables):
            dtype = v.dtype
            if dtype not in by_dtype:
                b1, b2, one, c1, c2, eps = self._scalars.get(
                    dtype, (self.beta_1, self.beta_2, 1.0, 1 - self.beta_1, 1 - self.beta_2,
                            self.epsilon))
                t = cast(_read(self._iterations) + 1, dtype)
                p1, p2 = math_ops.pow(b1, t), math_ops.pow(b2, t)
                root = execute(_SQRT, (_op(_SUB, one, p2),), (), None)
                alpha = _op(_DIV, _op(_MUL, cast(lr, dtype), root), _op(_SUB, one, p1))
                by_dtype[dtype] = (alpha, c1, c2, eps)
            alpha, c1, c2, eps = by_dtype[dtype]
            g = cast(g, dtype)
            m, vel = self._slot("momentum", v), self._slot("velocity", v)
            m.assign_add(_op(_MUL, _op(_SUB, g, m.value()), c1))
            vel.assign_add(_op(_MUL, _op(_SUB, execute(_SQUARE, (g,), (), None), vel.value()),
                               c2))
            vv = vel.value()
            if self.amsgrad:
                hat = self._slot("velocity_hat", v)
                hat.assign(_op(_MAX, hat.value(), vv))
                vv = hat.value()
            v.assign_sub(_op(_DIV, _op(_MUL, m.value(), alpha),
                             _op(_ADD, execute(_SQRT, (vv,), (), None), eps)))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}


class AdamW(Adam):
    """Adam with decoupled weight decay (tf.keras.optimizers.AdamW)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, **kwargs):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad,
                         weight_decay=weight_decay, **kwargs)
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: "
                             "weight_decay=None")


class RMSprop(Optimizer):
    """RMSprop, with momentum and centering (tf.keras.optimizers.RMSprop)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered

    def _make_slots(self, var_list):
        self._add_slots(var_list, ("velocity",))
        if self.momentum > 0:
            self._add_slots(var_list, ("momentum",))
        if self.centered:
            self._add_slots(var_list, ("average_gradient",))

    def update_step(self, gradient, variable, learning_rate):
        rho, one_minus_rho, eps, momentum = self._scalars.get(
            variable.dtype, (self.rho, 1 - self.rho, self.epsilon, self.momentum))
        vel = self._slot("velocity", variable)
        vel.assign(_op(_ADD, _op(_MUL, rho, vel.value()),
                       _op(_MUL, one_minus_rho, execute(_SQUARE, (gradient,), (), None))))
        if self.centered:
            avg = self._slot("average_gradient", variable)
            avg.assign(_op(_ADD, _op(_MUL, rho, avg.value()), _op(_MUL, one_minus_rho, gradient)))
            denominator = _op(_ADD, _op(_SUB, vel.value(),
                                        execute(_SQUARE, (avg.value(),), (), None)), eps)
        else:
            denominator = _op(_ADD, vel.value(), eps)
        increment = _op(_DIV, _op(_MUL, learning_rate, gradient),
                        execute(_SQRT, (denominator,), (), None))
        if self.momentum > 0:
            mom = self._slot("momentum", variable)
            mom.assign(_op(_ADD, _op(_MUL, momentum, mom.value()), increment))
            variable.assign_sub(mom.value())
        else:
            variable.assign_sub(increment)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}


class Adagrad(Optimizer):
    """Adagrad (tf.keras.optimizers.Adagrad)."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def _make_slots(self, var_list):
        self._add_slots(var_list, ("accumulator",), self.initial_accumulator_value)

    def update_step(self, gradient, variable, learning_rate):
        eps, = self._scalars.get(variable.dtype, (self.epsilon,))
        acc = self._slot("accumulator", variable)
        acc.assign_add(execute(_SQUARE, (gradient,), (), None))
        variable.assign_sub(_op(_DIV, _op(_MUL, learning_rate, gradient),
                                execute(_SQRT, (_op(_ADD, acc.value(), eps),), (), None)))

    def get_config(self):
        return {**super().get_config(),
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}


def get(identifier):
    """An optimizer from a name ("adam"), a config dict or an optimizer
    (tf.keras.optimizers.get)."""
    if isinstance(identifier, Optimizer):
        return identifier
    classes = {c.__name__.lower(): c for c in (SGD, Adam, AdamW, RMSprop, Adagrad)}
    if isinstance(identifier, dict):
        name = str(identifier.get("class_name", "")).lower()
        if name in classes:
            return classes[name].from_config(identifier.get("config", {}))
    elif isinstance(identifier, str) and identifier.lower() in classes:
        return classes[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier} (kiln has "
                     f"{sorted(c.__name__ for c in classes.values())}).")


def namespaces(package):
    """The modules ``<package>.optimizers`` (with ``.schedules``) and
    ``<package>.keras`` (holding only ``optimizers``), registered in sys.modules."""
    import sys
    import types
    optimizers = types.ModuleType(f"{package}.optimizers", "Optimizers, as tf.keras.optimizers.")
    for cls in (Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad):
        setattr(optimizers, cls.__name__, cls)
    optimizers.get = get
    schedules = types.ModuleType(f"{package}.optimizers.schedules",
                                 "Learning rate schedules, as tf.keras.optimizers.schedules.")
    schedules.LearningRateSchedule = LearningRateSchedule
    schedules.ExponentialDecay = ExponentialDecay
    optimizers.schedules = schedules
    keras = types.ModuleType(f"{package}.keras", "As tf.keras: kiln holds only its optimizers.")
    keras.optimizers = optimizers
    for module in (optimizers, schedules, keras):
        sys.modules[module.__name__] = module
    return optimizers, keras
