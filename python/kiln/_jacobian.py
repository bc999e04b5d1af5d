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


def jacobian(tape, target, sources, unconnected):
    from . import shape_ops
    from ._array_ops import zeros
    tape._begin_use()
    target = tape._target_value(target)
    flat_sources = nest.flatten(sources)
    n, tshape = _static_size(target, "jacobian")
    rows = _rows(tape, target, flat_sources, unconnected,
                 [_one_hot(i, n, tshape, target.dtype) for i in range(n)])
    out = []
    # Whether a source is connected does not depend on the seed: a source's
    # gradients are None in every row or in none.
    for j, s in enumerate(flat_sources):
        if not rows:  # an empty target: an empty Jacobian
            out.append(zeros(tshape + s.shape.as_list(), dtype=s.dtype))
            continue
        if rows[0][j] is None:
            out.append(None)
            continue
        stacked = shape_ops.stack([r[j] for r in rows], axis=0)
        out.append(stacked if s.shape.rank is None else
                   shape_ops.reshape(stacked, tshape + s.shape.as_list()))
    tape._end_use()
    return nest.pack_sequence_as(sources, out)


def batch_jacobian(tape, target, source, unconnected):
    from . import math_ops, shape_ops
    from ._array_ops import ones_like, zeros
    tape._begin_use()
    target = tape._target_value(target)
    if target.shape.rank is None or target.shape.rank < 1:
        raise ValueError("batch_jacobian needs a target with a batch dimension (rank >= 1), "
                         f"got shape {target.shape}.")
    rest = target.shape.as_list()[1:]
    if any(d is None for d in rest):
        raise ValueError(f"batch_jacobian needs the target's non-batch dimensions known while "
                         f"building; got {target.shape}.")
    m = int(np.prod(rest, dtype=np.int64)) if rest else 1
    ones = ones_like(target)
    seeds = []
    for i in range(m):
        mask = np.zeros(m, dtype=target.dtype.as_numpy_dtype)
        mask[i] = 1
        seeds.append(math_ops.multiply(ones, mask.reshape(rest)))
    rows = [r[0] for r in _rows(tape, target, [source], unconnected, seeds)]
    tape._end_use()
    if not rows:  # no non-batch elements
        dims = shape_ops.concat([shape_ops.shape(source)[:1], rest + source.shape.as_list()[1:]], 0)
        return zeros(dims, dtype=source.dtype)
    if rows[0] is None:
        return None
    stacked = shape_ops.stack(rows, axis=1)  # (batch, m, source dims...)
    sdims = source.shape.as_list()[1:]
    batch = shape_ops.shape(source)[0] if source.shape.as_list()[0] is None else source.shape[0]
    return shape_ops.reshape(stacked, [batch] + rest + sdims)
