"""TF1's learning-rate decays (tf.compat.v1.train.exponential_decay, ...): in
a graph each returns a tensor computed from the global step when the graph
runs; eagerly, as TF's, a function of no arguments that computes it on each
call (so an optimizer reads the current step)."""

from .. import _graph_state, dtypes
from .. import math_ops, unary_ops
from .._control_flow import case
from .._optimizer_base import ExponentialDecay
from .._convert import convert_to_tensor
from ..cast_ops import cast


def _schedule(compute):
    if _graph_state.building_graph():
        return compute()
    return compute


def _progress(learning_rate, global_step, decay_steps, staircase, name):
    lr = convert_to_tensor(learning_rate, name="learning_rate")
    if not lr.dtype.is_floating:
        lr = cast(lr, dtypes.float32)
    step = cast(_step(global_step), lr.dtype)
    p = math_ops.divide(step, cast(decay_steps, lr.dtype))
    return lr, step, (unary_ops.floor(p) if staircase else p)


def _step(global_step):
    return global_step.value() if hasattr(global_step, "value") else global_step


def _check_step(global_step, what):
    if global_step is None:
        raise ValueError(f"global_step is required for {what}.")


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """learning_rate * decay_rate ** (global_step / decay_steps)."""
    _check_step(global_step, "exponential_decay")
    schedule = ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase)
    return _schedule(lambda: schedule(_step(global_step)))  # as TF's, Keras's schedule


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps)."""
    _check_step(global_step, "natural_exp_decay")

    def compute():
        lr, _, p = _progress(learning_rate, global_step, decay_steps, staircase, name)
        return math_ops.multiply(lr, unary_ops.exp(math_ops.multiply(-cast(decay_rate, lr.dtype),
                                                                     p)))
    return _schedule(compute)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                       name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    _check_step(global_step, "inverse_time_decay")

    def compute():
        lr, _, p = _progress(learning_rate, global_step, decay_steps, staircase, name)
        return math_ops.divide(lr, math_ops.add(1.0, math_ops.multiply(cast(decay_rate,
                                                                            lr.dtype), p)))
    return _schedule(compute)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001,
                     power=1.0, cycle=False, name=None):
    """(learning_rate - end) * (1 - step / decay_steps) ** power + end, the
    step held at decay_steps (or the decay restarted, with cycle=True)."""
    _check_step(global_step, "polynomial_decay")

    def compute():
        lr, step, _ = _progress(learning_rate, global_step, 1, False, name)
        steps = cast(decay_steps, lr.dtype)
        if cycle:
            multiple = unary_ops.ceil(math_ops.divide(step, steps))
            steps = math_ops.multiply(steps, math_ops.maximum(multiple, 1.0))
        else:
            step = math_ops.minimum(step, steps)
        end = cast(end_learning_rate, lr.dtype)
        fraction = math_ops.pow(math_ops.subtract(1.0, math_ops.divide(step, steps)),
                                cast(power, lr.dtype))
        return math_ops.add(math_ops.multiply(math_ops.subtract(lr, end), fraction), end)
    return _schedule(compute)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <=
    boundaries[i], values[-1] after the last boundary."""
    if len(values) != len(boundaries) + 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")

    def compute():
        step = x.value() if hasattr(x, "value") else convert_to_tensor(x)
        vals = [convert_to_tensor(v) for v in values]
        bounds = [cast(b, step.dtype) for b in boundaries]
        pairs = [(math_ops.less_equal(step, bounds[0]), lambda v=vals[0]: v),
                 (math_ops.greater(step, bounds[-1]), lambda v=vals[-1]: v)]
        for low, high, v in zip(bounds[:-1], bounds[1:], vals[1:-1]):
            pairs.append((math_ops.logical_and(math_ops.greater(step, low),
                                               math_ops.less_equal(step, high)),
                          lambda v=v: v))
        return case(pairs, exclusive=True)
    return _schedule(compute)


NAMES = {f.__name__: f for f in (exponential_decay, natural_exp_decay, inverse_time_decay,
                                  polynomial_decay, piecewise_constant)}
