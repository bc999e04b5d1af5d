"""GradientTape.jacobian and batch_jacobian: one backprop per target element
(seeded with a one-hot output gradient), stacked. Target sizes must be known
when the Jacobian is built (eagerly they always are)."""

import numpy as np

from . import nest


def _static_size(t, what):
    shape = t.shape
    if not shape.is_fully_defined():
        raise ValueError(f"{what} needs a target whose shape is known while building; got "
                         f"{shape}. Compute it eagerly, or give the target a static shape.")
    return int(np.prod(shape.as_list(), dtype=np.int64)), shape.as_list()


def _one_hot(i, n, shape, dtype):
    from ._convert import convert_to_tensor
    seed = np.zeros(n, dtype=dtype.as_numpy_dtype)
    seed[i] = 1
    return convert_to_tensor(seed.reshape(shape))


def _rows(tape, target, sources, unconnected, seeds):
    """Per seed, the gradients of target with respect to the flat sources."""
    return [tape._backprop([target], [seed], sources, unconnected) for seed in seeds]


def _check_usable(tape):
    if tape._records is None:
        raise RuntimeError("A non-persistent GradientTape can only be used to compute one set "
                           "of gradients (or jacobians)")
    if tape._recording and not tape._persistent:
        tape._pop()


def _finish(tape):
    if not tape._persistent:
        tape._records = None
        tape._tracked = {}


def jacobian(tape, target, sources, unconnected):
    from . import _array_ops as array_ops
    from . import shape_ops
    _check_usable(tape)
    target = tape._target_value(target)
    flat_sources = nest.flatten(sources)
    n, tshape = _static_size(target, "jacobian")
    rows = _rows(tape, target, flat_sources, unconnected,
                 [_one_hot(i, n, tshape, target.dtype) for i in range(n)])
    out = []
    for j, s in enumerate(flat_sources):
        grads = [r[j] for r in rows]
        if all(g is None for g in grads):
            out.append(None)
            continue
        sshape = s.shape.as_list() if s.shape.rank is not None else None
        zeros = None
        parts = []
        for g in grads:
            if g is None:
                if zeros is None:
                    zeros = array_ops.zeros_like(s.value() if hasattr(s, "value") else s)
                g = zeros
            parts.append(g)
        stacked = shape_ops.stack(parts, axis=0) if parts else None
        out.append(shape_ops.reshape(stacked, tshape + sshape) if sshape is not None else stacked)
    _finish(tape)
    return nest.pack_sequence_as(sources, out)


def batch_jacobian(tape, target, source, unconnected):
    from . import shape_ops
    _check_usable(tape)
    target = tape._target_value(target)
    if target.shape.rank is None or target.shape.rank < 1:
        raise ValueError("batch_jacobian needs a target with a batch dimension (rank >= 1), "
                         f"got shape {target.shape}.")
    rest = target.shape.as_list()[1:]
    if any(d is None for d in rest):
        raise ValueError(f"batch_jacobian needs the target's non-batch dimensions known while "
                         f"building; got {target.shape}.")
    m = int(np.prod(rest, dtype=np.int64)) if rest else 1
    from ._array_ops import ones_like
    from . import math_ops
    ones = ones_like(target)
    seeds = []
    for i in range(m):
        mask = np.zeros(m, dtype=target.dtype.as_numpy_dtype)
        mask[i] = 1
        seeds.append(math_ops.multiply(ones, mask.reshape(rest)))
    rows = [r[0] for r in _rows(tape, target, [source], unconnected, seeds)]
    if all(r is None for r in rows):
        _finish(tape)
        return None
    parts = [r if r is not None else ones_like(source) * 0 for r in rows]
    stacked = shape_ops.stack(parts, axis=1)  # (batch, m, source dims...)
    sdims = source.shape.as_list()[1:]
    batch = shape_ops.shape(source)[0] if source.shape.as_list()[0] is None else source.shape[0]
    _finish(tape)
    return shape_ops.reshape(stacked, [batch] + rest + sdims)
