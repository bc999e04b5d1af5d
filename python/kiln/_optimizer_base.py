"""The base of kiln's TF2 optimizers (python/kiln/_optimizers.py holds SGD,
Adam, AdamW, RMSprop and Adagrad): what TF 2.21's ``tf.keras.optimizers``
(Keras 3) share — variables, learning rates and schedules, clipping, weight
decay, ``apply_gradients``, ``minimize``, configs
(docs/tf-reference/optimizers.json records them).

An optimizer owns kiln Variables: ``iterations`` (int64), the learning rate
(float32, unless a schedule or callable gives it) and, made by ``build`` on the
first ``apply_gradients``, its slots beside each variable (``w_0_momentum``,
...), in Keras's order, so ``variables`` and checkpoints list them as Keras
does. Updates are kiln ops on those variables (``assign_add``/``assign_sub``),
so they run eagerly, inside ``kiln.function`` (the slots are made on its first
trace) and under a tape. Scalars of the update rules are computed once per
step (not per variable); per variable each rule is a handful of ops.

``minimize(loss, var_list, tape=None)`` is Keras 2's (TF <= 2.15): Keras 3 has
none, but TF 2.x programs call it.
"""

import re
import warnings

from . import _graph_state, clip_ops, dtypes, math_ops, unary_ops
from ._convert import convert_to_tensor
from ._ops import execute, op
from ._tape import GradientTape
from ._variables import Variable
from .cast_ops import cast
from .reduction_ops import reduce_sum
from .shape_ops import stack

_ADD, _SUB, _MUL, _DIV = op("add"), op("subtract"), op("multiply"), op("divide")
_SQRT, _SQUARE, _MAX = op("sqrt"), op("square"), op("maximum")

_UIDS = {}


def _auto_name(cls_name):
    """Keras's auto_name: snake case, then a counter (``sgd``, ``sgd_1``)."""
    name = re.sub(r"\W+", "", cls_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    uid = _UIDS[name] = _UIDS.get(name, 0) + 1
    return name if uid == 1 else f"{name}_{uid - 1}"


def _read(x):
    return x.value() if isinstance(x, Variable) else x


def _op(handle, a, b):
    return execute(handle, (a, b), (), None)


class _Scalars:
    """Python scalars as tensors of a dtype, made once: eager constants when
    running eagerly (reused every step), plain floats in graphs (the op
    wrappers convert them there)."""

    def __init__(self):
        self._cache = {}

    def get(self, dtype, values):
        if _graph_state.building_graph():
            return [convert_to_tensor(v, dtype=dtype) for v in values]
        key = (dtype, values)
        out = self._cache.get(key)
        if out is None:
            if len(self._cache) > 64:  # hyperparameters changed many times: start again
                self._cache.clear()
            out = self._cache[key] = [convert_to_tensor(v, dtype=dtype) for v in values]
        return out


class LearningRateSchedule:
    """A learning rate as a function of the step (tf.keras.optimizers.schedules):
    an optimizer calls it with its ``iterations`` each step."""

    def __call__(self, step):
        raise NotImplementedError("Learning rate schedule must override __call__")

    def get_config(self):
        raise NotImplementedError("Learning rate schedule must override get_config")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)`` (the
    exponent floored when staircase)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0. Received: "
                             f"decay_steps={decay_steps}")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        lr = convert_to_tensor(self.initial_learning_rate, dtype=dtypes.float32)
        p = cast(step, dtypes.float32) / float(self.decay_steps)
        if self.staircase:
            from .unary_ops import floor
            p = floor(p)
        return lr * math_ops.pow(convert_to_tensor(self.decay_rate, dtype=dtypes.float32), p)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class Optimizer:
    """The base of kiln's TF2 optimizers (tf.keras.optimizers.Optimizer)."""

    _SLOTS = ()  # slot names build() makes per variable, in Keras's order

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if use_ema or gradient_accumulation_steps:
            raise NotImplementedError(
                "kiln's optimizers do not implement use_ema or gradient_accumulation_steps; "
                "leave them at their defaults (use_ema=False, "
                "gradient_accumulation_steps=None).")
        clips = sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm))
        if clips > 1:
            raise ValueError(f"Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
                             f"set. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        self.name = _auto_name(type(self).__name__) if name is None else name
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._scalars = _Scalars()
        self._slots = {}      # slot name -> [slot variable per trainable variable]
        self._index = {}      # id(variable) -> its index in the built variables
        self._trainable = []
        self._pending = {}    # checkpoint values of variables not made yet: index -> array
        with _graph_state.eager_scope():
            self._iterations = Variable(0, dtype=dtypes.int64, trainable=False,
                                        name="iteration")
            self._variables = [self._iterations]
            if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
                self._learning_rate = learning_rate
            else:
                if not isinstance(learning_rate, float):
                    raise ValueError(
                        "Argument `learning_rate` should be float, or an instance of "
                        "LearningRateSchedule, or a callable (that takes in the current "
                        "iteration value and returns the corresponding learning rate value). "
                        f"Received instead: learning_rate={learning_rate}")
                self._learning_rate = Variable(learning_rate, dtype=dtypes.float32,
                                               trainable=False, name="learning_rate")
                self._variables.append(self._learning_rate)

    # ---- state ----

    @property
    def iterations(self):
        return self._iterations

    @property
    def variables(self):
        return list(self._variables)

    @property
    def learning_rate(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return lr(self._iterations)
        if isinstance(lr, Variable):
            return lr
        return lr()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        previous = self._learning_rate
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
            if isinstance(previous, Variable):
                self._variables = [v for v in self._variables if v is not previous]
        elif isinstance(previous, LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not settable. "
                "If you need the learning rate to be settable, you should instantiate the "
                "optimizer with a float `learning_rate` argument.")
        elif isinstance(previous, Variable):
            previous.assign(learning_rate)
        else:  # was a callable: a variable again
            with _graph_state.eager_scope():
                self._learning_rate = Variable(float(learning_rate), dtype=dtypes.float32,
                                               trainable=False, name="learning_rate")
            self._variables.insert(1, self._learning_rate)

    def build(self, var_list):
        """Makes the slots of each variable (zeros of its shape and dtype)."""
        if self.built:
            return
        var_list = list(var_list)
        for i, v in enumerate(var_list):
            self._index[id(v)] = i
        self._trainable = var_list
        self._make_slots(var_list)
        self.built = True
        if self._pending:  # a checkpoint restored before the slots existed
            pending, self._pending = self._pending, {}
            for i, value in pending.items():
                if i < len(self._variables):
                    self._variables[i].assign(value)

    def _make_slots(self, var_list):
        self._add_slots(var_list, self._SLOTS)

    def _add_slots(self, var_list, names, initial=0.0):
        """Slots `names` for every variable, made variable by variable (Keras's order)."""
        for name in names:
            self._slots.setdefault(name, [])
        with _graph_state.eager_scope():
            for v in var_list:
                base = v.name.replace("/", "_").replace(":", "_")
                for name in names:
                    shape = v.shape
                    slot = Variable(lambda s=shape, d=v.dtype: _filled(s, d, initial),
                                    trainable=False, name=f"{base}_{name}")
                    self._slots[name].append(slot)
                    self._variables.append(slot)

    def _slot(self, name, variable):
        return self._slots[name][self._index[id(variable)]]

    def _kiln_checkpoint_variables(self):
        """What kiln.train.Checkpoint saves: the variables by index (TF's keys are
        ``optimizer/_variables/<i>``, Keras 3's order)."""
        return {f"_variables/{i}": v for i, v in enumerate(self._variables)}

    def _kiln_restore_later(self, values):
        """Checkpoint values of slots not made yet, assigned when build() makes them."""
        for key, value in values.items():
            self._pending[int(key.rsplit("/", 1)[1])] = value

    # ---- applying gradients ----

    def apply_gradients(self, grads_and_vars):
        """Applies (gradient, variable) pairs; a None gradient skips its variable
        (with Keras's warning); all None raises. Returns ``iterations``."""
        pairs = list(grads_and_vars)
        grads, variables = zip(*pairs) if pairs else ((), ())
        self.apply(grads, variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first. ")
            trainable_variables = self._trainable
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
            for v in trainable_variables:
                if id(v) not in self._index:
                    raise ValueError(
                        f"Unknown variable: {v}. This optimizer can only be called for the "
                        f"variables it was originally built with. When working with a new set "
                        f"of variables, you should recreate a new optimizer instance.")
        pairs = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        if len(pairs) < len(grads):
            missing = [v.name for g, v in zip(grads, trainable_variables) if g is None]
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the "
                          f"loss. If using `model.compile()`, did you forget to provide a "
                          f"`loss` argument?")
        grads = [convert_to_tensor(g) for g, _ in pairs]
        variables = [v for _, v in pairs]
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        grads = self._clip(grads)
        lr = _read(self.learning_rate)
        if self.weight_decay is not None:
            self._apply_weight_decay(variables, lr)
        self._update(grads, variables, lr)
        for v in variables:
            if v.constraint is not None:
                v.assign(v.constraint(v))
        self._iterations.assign_add(1)

    def _clip(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [clip_ops.clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            norm = unary_ops.sqrt(reduce_sum(stack([reduce_sum(unary_ops.square(g))
                                                    for g in grads])))
            clip = self.global_clipnorm
            # Keras's formula: the scale is NaN when the norm is not finite.
            scale = clip * math_ops.minimum(1.0 / norm, 1.0 / clip) + (norm - norm)
            return [g * cast(scale, g.dtype) for g in grads]
        if self.clipvalue and self.clipvalue > 0:
            return [math_ops.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _apply_weight_decay(self, variables, lr):
        for v in variables:
            wd, = self._scalars.get(v.dtype, (self.weight_decay,))
            value = v.value()
            v.assign(_op(_SUB, value, _op(_MUL, _op(_MUL, value, wd), cast(lr, v.dtype))))

    def _update(self, grads, variables, lr):
        for g, v in zip(grads, variables):
            self.update_step(cast(g, v.dtype), v, cast(lr, v.dtype))

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError

    # ---- minimize (Keras 2's) ----

    def minimize(self, loss, var_list, tape=None):
        """Computes the gradients of `loss` (a callable, or a tensor recorded by
        `tape`) for `var_list` (a list or a callable returning one) and applies them."""
        if not callable(loss) and tape is None:
            raise ValueError("`tape` is required when a `Tensor` loss is passed. Received: "
                             f"loss={loss}, tape={tape}.")
        tape = tape if tape is not None else GradientTape()
        if callable(loss):
            with tape:
                if not callable(var_list):
                    tape.watch(var_list)
                loss = loss()
                if callable(var_list):
                    var_list = var_list()
        var_list = list(var_list)
        grads = tape.gradient(loss, var_list)
        return self.apply_gradients(zip(grads, var_list))

    # ---- config ----

    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, Variable):
            lr = float(lr.numpy())
        elif isinstance(lr, LearningRateSchedule):
            lr = {"class_name": type(lr).__name__, "config": lr.get_config()}
        return {"name": self.name, "learning_rate": lr, "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm,
                "clipvalue": self.clipvalue, "use_ema": self.use_ema,
                "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        lr = config.get("learning_rate")
        if isinstance(lr, dict):
            schedules = {"ExponentialDecay": ExponentialDecay, **(custom_objects or {})}
            if lr.get("class_name") not in schedules:
                raise ValueError(f"Unknown learning rate schedule {lr.get('class_name')!r}: "
                                 f"pass it in custom_objects.")
            config["learning_rate"] = schedules[lr["class_name"]].from_config(lr["config"])
        return cls(**config)


def _filled(shape, dtype, value):
    from ._array_ops import fill
    return fill(shape.as_list(), convert_to_tensor(value, dtype=dtype))
