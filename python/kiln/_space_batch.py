"""tf.space_to_batch_nd and tf.batch_to_space (with their TF1 and tf.nn
names), tf.required_space_to_batch_paddings and tf.nn.with_space_to_batch
(exported by nn_ops.py).

TF's kernels are pure data movement, defined (see tf.space_to_batch_nd's
documentation) as pad + reshape + transpose + reshape, and batch_to_space as
the reverse plus a crop: they are built here from exactly those kiln ops, so
values are exact copies and gradients (each other's, as TF's) come from the
composed ops.

block_shape, paddings and crops may be Python lists, NumPy arrays, eager
tensors, graph constants, or tensors known only when the graph runs (their
length must be known, as in TF). Where a value comes from decides when TF
checks it, and so which error it raises: eagerly, the kernel's
InvalidArgumentError; building a graph with the values and dimensions known,
the shape function's ValueError; with a value or dimension known only when
the graph runs, a check that runs with the graph and raises the kernel's
InvalidArgumentError.
"""

import functools
import operator

import numpy as np

from ._deprecation import deprecated_argument_lookup
from . import dtypes
from ._convert import convert_to_tensor
from ._numpy_function import host_effect
from ._shape_args import symbolic_arg
from ._symbolic_tensor import SymbolicTensor


def _kiln():
    import kiln
    return kiln


def _invalid(message):
    return _kiln().errors.InvalidArgumentError(None, None, message)


# TF's names of dtypes in its attr messages ("Value for attr 'T' of float ...").
_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def tf_type_name(dtype):
    return _TF_TYPE_NAMES.get(dtype.name, dtype.name)


# ---- reading block_shape / paddings / crops ----

class _Values:
    """An integer argument: `known` (an int64 NumPy array) when its values are
    known now, else `tensor` (int64, read when the graph runs); `shape` either way."""

    def __init__(self, known=None, tensor=None):
        self.known, self.tensor = known, tensor
        self.shape = known.shape if known is not None else tuple(tensor.shape.as_list())

    def entry(self, *index):
        """One value: an int, or a scalar tensor."""
        if self.known is not None:
            return int(self.known[index])
        return self.tensor[index]


def _values(value, attr, op_name):
    """block_shape, paddings or crops as _Values; TF's error for a non-integer dtype."""
    kiln = _kiln()
    packed = symbolic_arg(value)
    if packed is not None:
        _int_dtype(packed.dtype, attr)
        static = kiln.get_static_value(packed)
        if static is not None:
            return _Values(known=np.asarray(static).astype(np.int64))
        if packed.shape.rank is None:
            raise ValueError(f"kiln's {op_name} needs {attr[1:]} of known rank when the graph is "
                             f"built (TF's shape function needs its length), got a tensor of "
                             f"unknown shape.")
        return _Values(tensor=kiln.cast(packed, dtypes.int64))
    if isinstance(value, np.ndarray):  # TF casts NumPy arrays of any number type to int32
        return _Values(known=value.astype(np.int64))
    if hasattr(value, "dtype"):  # an eager tensor
        _int_dtype(dtypes.as_dtype(value.dtype), attr)
        return _Values(known=np.asarray(value).astype(np.int64))
    array = np.asarray(value)
    if array.size and array.dtype.kind not in "iub":  # Python floats are float32 in TF
        leaf = next(v for v in np.asarray(value, dtype=object).reshape(-1)
                    if not isinstance(v, (int, np.integer)))
        _int_dtype(dtypes.float32 if type(leaf) is float else dtypes.as_dtype(type(leaf)), attr)
    return _Values(known=array.astype(np.int64))  # [] is int32 in TF (the attr's default)


def _int_dtype(dtype, attr):
    if dtype not in (dtypes.int32, dtypes.int64):
        raise _invalid(f"Value for attr '{attr}' of {tf_type_name(dtype)} is not in the list of "
                       f"allowed values: int32, int64")


# ---- checks, as TF makes them ----

def _fail(graph, eager_message, graph_message):
    """TF's error: the kernel's (eagerly) or the shape function's (building a graph)."""
    return ValueError(graph_message) if graph else _invalid(eager_message)


class _Checks:
    """The kernel's checks of values known only when the graph runs: each runs
    with the graph and raises the kernel's InvalidArgumentError."""

    def __init__(self):
        self.ops = []

    def add(self, values, fails, message):
        """fails(*ints) -> whether TF's kernel fails; message(*ints) its text."""
        kiln = _kiln()
        tensors = [kiln.cast(v, dtypes.int64) if isinstance(v, SymbolicTensor)
                   else kiln.constant(v, dtypes.int64) for v in values]

        def check(*arrays):
            ints = [int(a) for a in arrays]
            if fails(*ints):
                raise _invalid(message(*ints))
            return []

        self.ops.append(host_effect(check, tensors, "check"))

    def before(self, x):
        """x, read only after every check ran."""
        if not self.ops:
            return x
        kiln = _kiln()
        with kiln.control_dependencies(self.ops):
            return kiln.identity(x)


def _known(*values):
    return all(isinstance(v, int) for v in values)


def _dims(x):
    """Each dimension of x: an int when known, else an int64 scalar read when the graph runs."""
    known = x.shape.as_list()
    if None not in known:
        return known
    shape = _kiln().shape(x, out_type=dtypes.int64)
    return [d if d is not None else shape[i] for i, d in enumerate(known)]


def _product(items):
    return functools.reduce(operator.mul, items, 1)


def _int64(value):
    """A Python int wrapped to int64, as TF's kernels multiply."""
    return (value + 2 ** 63) % 2 ** 64 - 2 ** 63


def _arguments(op_name, x, block, pairs, pairs_name, graph):
    """The checks of ranks and shapes (TF's, eager or graph) and the number M of block dims."""
    if len(block.shape) != 1:
        raise _fail(graph, f"block_shape rank should be 1 instead of {len(block.shape)}",
                    "block_shape must have rank 1.")
    m = block.shape[0]
    if m is None:
        raise ValueError("block_shape must have known size.")
    rank = x.shape.rank
    if rank is None:
        raise ValueError(f"kiln's {op_name} needs an input of known rank when the graph is built "
                         f"(an input_signature or placeholder with a rank gives one).")
    if rank < 1 + m:
        raise _fail(graph, f"input rank should be >= {1 + m} instead of {rank}",
                    f"Shape must be at least rank {1 + m} but is rank {rank}")
    shape = list(pairs.shape)
    if len(shape) == 2 and shape[0] in (None, m) and shape[1] in (None, 2):
        return m
    if not graph:
        raise _invalid(f"{pairs_name} should have shape [{m}, 2] instead of "
                       f"[{','.join(map(str, shape))}]")
    if len(shape) != 2:  # the shape function merges the shape with [M, 2]
        raise ValueError(f"Shapes must be equal rank, but are {len(shape)} and 2")
    axis = 0 if shape[0] != m else 1
    raise ValueError(f"Dimension {axis} in both shapes must be equal, but are {shape[axis]} and "
                     f"{(m, 2)[axis]}. Shapes are [{','.join(map(str, shape))}] and [{m},2].")


def _positive_blocks(block, m, graph, checks):
    for i in range(m):
        b = block.entry(i)
        if _known(b):
            if b < 1:
                raise _fail(graph, f"All values in block_shape must be positive, got value, {b} "
                                   f"at index {i}.", "block_shape must be positive")
        else:
            checks.add([b], lambda v: v < 1, lambda v, i=i: (
                f"All values in block_shape must be positive, got value, {v} at index {i}."))


def _non_negative(pairs, i, graph, checks, eager_message, graph_message):
    """(start, end) of pair i, checked >= 0."""
    start, end = pairs.entry(i, 0), pairs.entry(i, 1)
    if _known(start, end):
        if start < 0 or end < 0:
            raise _fail(graph, eager_message, graph_message)
    else:
        checks.add([start, end], lambda a, b: a < 0 or b < 0, lambda a, b: eager_message)
    return start, end


# ---- space_to_batch_nd / batch_to_space_nd ----

def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002 - TF's names
    """Zero-pads the M spatial dimensions 1..M of input, splits each padded
    dimension d into [d / block, block], moves the blocks before the batch and
    merges them into it: out[(b_0 ... b_M-1, n), i_0, ...] = padded[n, i_0 *
    block_0 + b_0, ...]. Shape [batch * prod(block)] + [padded / block] + rest."""
    kiln = _kiln()
    x = convert_to_tensor(input)
    graph = not kiln.executing_eagerly()
    block = _values(block_shape, "Tblock_shape", "SpaceToBatchND")
    pads = _values(paddings, "Tpaddings", "SpaceToBatchND")
    m = _arguments("space_to_batch_nd", x, block, pads, "paddings", graph)
    checks = _Checks()
    _positive_blocks(block, m, graph, checks)
    if block.known is not None and _product(int(b) for b in block.known) >= 2 ** 63:
        raise _invalid("Product of block sizes must be positive, got -1")  # TF's overflow
    dims = _dims(x)
    blocks, padded_dims, pad_pairs = [], [], []
    for i in range(m):
        b = block.entry(i)
        start, end = _non_negative(pads, i, graph, checks, "Paddings must be non-negative",
                                   "paddings cannot be negative")
        size = dims[i + 1] + start + end
        if _known(size, b):
            if size % b:
                raise _fail(graph, f"padded_shape[{i}]={size} is not divisible by "
                                   f"block_shape[{i}]={b}",
                            f"Dimension size must be evenly divisible by {b} but is {size}")
        else:
            checks.add([size, b], lambda s, v: v >= 1 and s % v != 0, lambda s, v, i=i: (
                f"padded_shape[{i}]={s} is not divisible by block_shape[{i}]={v}"))
        blocks.append(b)
        padded_dims.append(size)
        pad_pairs.append([start, end])
    if m == 0:
        return kiln.identity(x)
    rest = dims[m + 1:]
    x = checks.before(x)
    x = _pad(x, dims, pad_pairs)
    # [batch, d_0 / b_0, b_0, ..., d_M-1 / b_M-1, b_M-1] + rest
    split = [dims[0]] + [v for d, b in zip(padded_dims, blocks) for v in (d // b, b)] + rest
    y = kiln.reshape(x, split)
    # -> [b_0, ..., b_M-1, batch, d_0 / b_0, ..., d_M-1 / b_M-1] + rest
    perm = ([2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] +
            list(range(2 * m + 1, 2 * m + 1 + len(rest))))
    y = kiln.transpose(y, perm)
    return kiln.reshape(y, [dims[0] * _product(blocks)] +
                        [d // b for d, b in zip(padded_dims, blocks)] + rest)


def _pad(x, dims, pad_pairs):
    """x zero-padded by pad_pairs on dimensions 1..M: kiln.pad when the amounts are
    known, else zeros concatenated (whose gradient needs no amounts when built)."""
    kiln = _kiln()
    if all(_known(p, q) for p, q in pad_pairs):
        if not any(p or q for p, q in pad_pairs):
            return x
        return kiln.pad(x, [[0, 0]] + pad_pairs + [[0, 0]] * (len(dims) - 1 - len(pad_pairs)))
    dims = list(dims)
    for i, (start, end) in enumerate(pad_pairs):
        parts = [x]
        for amount, where in ((start, 0), (end, 1)):
            if not _known(amount) or amount:
                shape = dims[:i + 1] + [amount] + dims[i + 2:]
                parts.insert(where * len(parts), kiln.zeros(shape, x.dtype))
        if len(parts) > 1:
            x = kiln.concat(parts, axis=i + 1)
            dims[i + 1] = dims[i + 1] + start + end
    return x


def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002
    """space_to_batch_nd's inverse: the batch split into block_shape + [batch /
    prod(block)], the blocks interleaved back into the spatial dimensions 1..M,
    and crops[i] = [start, end] cut from spatial dimension i."""
    kiln = _kiln()
    x = convert_to_tensor(input)
    graph = not kiln.executing_eagerly()
    block = _values(block_shape, "Tblock_shape", "BatchToSpaceND")
    crop = _values(crops, "Tcrops", "BatchToSpaceND")
    m = _arguments("batch_to_space_nd", x, block, crop, "crops", graph)
    checks = _Checks()
    dims = _dims(x)
    blocks = [block.entry(i) for i in range(m)]
    if graph:  # the shape function: each block positive, the batch divided by each in turn
        batch = dims[0]
        for b in blocks:
            if _known(b) and b < 1:
                raise ValueError("block_shape must be positive")
            if _known(batch, b):
                if batch % b:
                    raise ValueError(f"Dimension size must be evenly divisible by {b} but is "
                                     f"{batch}")
                batch //= b
    # The kernel checks only the product (int64, wrapping), then each crop.
    product = _product(blocks)
    if _known(product):
        product = _int64(product)
        if product <= 0:
            raise _invalid(f"Product of block sizes must be positive, got {product}")
        if _known(dims[0]) and dims[0] % product:
            raise _invalid(f"Input batch dimension ({dims[0]}) is not divisible by product of "
                           f"block sizes ({product})")
    if not _known(dims[0], product):
        checks.add([dims[0], product], lambda n, p: p <= 0 or n % p != 0, lambda n, p: (
            f"Product of block sizes must be positive, got {p}" if p <= 0 else
            f"Input batch dimension ({n}) is not divisible by product of block sizes ({p})"))
    cuts = []
    for i in range(m):
        start, end = _non_negative(crop, i, graph, checks, "Crops must be non-negative",
                                   "crops cannot be negative")
        size = dims[i + 1] * blocks[i]
        if _known(size, start, end):
            if graph and size - start < 0:
                raise ValueError(f"Negative dimension size caused by subtracting {start} from "
                                 f"{size}")
            if graph and size - start - end < 0:
                raise ValueError(f"Negative dimension size caused by subtracting {end} from "
                                 f"{size - start}")
            if size - start - end < 0:
                raise _invalid(f"cropped_shape[{i}]={size - start - end} must be non-negative")
        else:
            checks.add([size, start, end], lambda s, a, b: s - a - b < 0, lambda s, a, b, i=i: (
                f"cropped_shape[{i}]={s - a - b} must be non-negative"))
        cuts.append((start, end, size))
    if any(_known(b) and b < 1 for b in blocks):  # only a dimension of 0 gets here
        raise _invalid(f"All values in block_shape must be positive, got {blocks}")
    if m == 0:
        return kiln.identity(x)
    rest = dims[m + 1:]
    x = checks.before(x)
    # [b_0, ..., b_M-1, batch / prod(b), d_0, ..., d_M-1] + rest
    y = kiln.reshape(x, blocks + [dims[0] // product] + dims[1:])
    # -> [batch / prod(b), d_0, b_0, ..., d_M-1, b_M-1] + rest
    perm = ([m] + [v for i in range(m) for v in (m + 1 + i, i)] +
            list(range(2 * m + 1, 2 * m + 1 + len(rest))))
    y = kiln.transpose(y, perm)
    y = kiln.reshape(y, [dims[0] // product] + [size for _, _, size in cuts] + rest)
    if all(_known(start, end) and not start and not end for start, end, _ in cuts):
        return y
    index = [slice(None)]
    for start, end, size in cuts:
        if _known(end):
            index.append(slice(start, -end if end else None))
        else:
            index.append(slice(start, size - end))
    return y[tuple(index)]


# ---- TF 2's and TF1's other names ----

def space_to_batch(input, block_shape, paddings, name=None):  # noqa: A002
    """TF 2's tf.space_to_batch and tf.nn.space_to_batch: space_to_batch_nd."""
    return space_to_batch_nd(input, block_shape, paddings, name)


def batch_to_space(input, block_shape, crops, name=None):  # noqa: A002
    """TF 2's tf.batch_to_space: batch_to_space_nd; an int block_shape b is [b, b]."""
    if isinstance(block_shape, int):
        block_shape = np.array([block_shape, block_shape], dtype=np.int64)
    return batch_to_space_nd(input, block_shape, crops, name)


def _rank_4(result):
    if result.shape.rank not in (None, 4):
        raise ValueError(f"Shape {result.shape} must have rank 4")
    return result


def space_to_batch_v1(input, paddings, block_size=None, name=None,  # noqa: A002
                      block_shape=None):
    """TF1's tf.space_to_batch: square blocks of block_size over the 2 spatial
    dimensions of a 4-D input."""
    b = deprecated_argument_lookup("block_shape", block_shape, "block_size", block_size)
    return _rank_4(space_to_batch_nd(input, [b, b], paddings, name))


def batch_to_space_v1(input, crops, block_size, name=None, block_shape=None):  # noqa: A002
    """TF1's tf.batch_to_space: square blocks of block_size, a 4-D input."""
    b = deprecated_argument_lookup("block_shape", block_shape, "block_size", block_size)
    return _rank_4(batch_to_space_nd(input, [b, b], crops, name))


# ---- required_space_to_batch_paddings / with_space_to_batch ----

def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """(paddings, crops), int32 [N, 2]: paddings start at base_paddings[:, 0]
    and end at base_paddings[:, 1] plus the least that makes each padded size a
    multiple of block_shape; crops are [0, that extra]."""
    kiln = _kiln()
    input_shape = convert_to_tensor(input_shape, dtype=dtypes.int32)
    block_shape = convert_to_tensor(block_shape, dtype=dtypes.int32)
    if not block_shape.shape.is_fully_defined():
        raise ValueError(f"Shape {block_shape.shape} is not fully defined")
    if block_shape.shape.rank != 1:
        raise ValueError(f"Shape {block_shape.shape} must have rank 1")
    n = block_shape.shape[0]
    if n == 0:
        return kiln.zeros([0, 2], dtypes.int32), kiln.zeros([0, 2], dtypes.int32)
    if not input_shape.shape.is_compatible_with([n]):
        raise ValueError(f"Shapes {input_shape.shape} and [{n}] are incompatible")
    if base_paddings is not None:
        base_paddings = convert_to_tensor(base_paddings, dtype=dtypes.int32)
        if not base_paddings.shape.is_compatible_with([n, 2]):
            raise ValueError(f"Shapes {base_paddings.shape} and [{n}, 2] are incompatible")
    else:
        base_paddings = kiln.zeros([n, 2], dtypes.int32)
    known = [kiln.get_static_value(t) for t in (block_shape, input_shape, base_paddings)]
    if all(k is not None for k in known):
        block, shape, base = (np.asarray(k, np.int64) for k in known)
        full = shape + base[:, 0] + base[:, 1]
        with np.errstate(divide="ignore"):  # NumPy's x % 0 is 0 (TF computes it so too)
            extra = (block - full % block) % block
        paddings = np.stack([base[:, 0], base[:, 1] + extra], axis=1)
        crops = np.stack([np.zeros_like(extra), extra], axis=1)
        return (kiln.constant(paddings.astype(np.int32)), kiln.constant(crops.astype(np.int32)))
    start, end = base_paddings[:, 0], base_paddings[:, 1]
    full = input_shape + start + end
    extra = (block_shape - full % block_shape) % block_shape
    paddings = kiln.stack([start, end + extra], axis=1)
    crops = kiln.stack([kiln.zeros_like(extra), extra], axis=1)
    return paddings, crops


def with_space_to_batch(input, dilation_rate, padding, op, filter_shape=None,  # noqa: A002
                        spatial_dims=None, data_format=None):
    """op(input, num_spatial_dims, padding) on the space-to-batch form of
    input, as TF: op(space_to_batch_nd(input, rate, paddings), N, "VALID")
    turned back by batch_to_space_nd, which makes a window op "atrous" (its
    taps dilation_rate apart); simply op(input, N, padding) when every rate is
    1. "SAME" pads for the dilated filter_shape; paddings also make each
    spatial size a multiple of the rate (required_space_to_batch_paddings)."""
    kiln = _kiln()
    x = convert_to_tensor(input)
    rate = convert_to_tensor(dilation_rate, dtype=dtypes.int32)
    if rate.shape.rank not in (None, 1):
        raise ValueError(f"`dilation_rate.shape.rank` must be 1. Received: "
                         f"dilation_rate={rate} of rank {rate.shape.rank}")
    if not rate.shape.is_fully_defined():
        raise ValueError(f"`dilation_rate.shape` must be fully defined. Received: "
                         f"dilation_rate={rate} with shape {rate.shape}")
    n = rate.shape[0]
    channels_first = data_format is not None and data_format.startswith("NC")
    first = 2 if channels_first else 1
    given = list(range(first, n + first) if spatial_dims is None else spatial_dims)
    spatial_dims = sorted(set(int(d) for d in given))
    if spatial_dims != given or any(d < 1 for d in spatial_dims):
        raise ValueError(f"`spatial_dims` must be a monotonically increasing sequence of "
                         f"positive integers. Received: spatial_dims={given}")
    expected_rank = spatial_dims[-1] + (0 if channels_first else 1)
    if x.shape.rank is not None and x.shape.rank < expected_rank:
        raise ValueError(f"`input.shape.rank` must be at least {expected_rank}. Received: "
                         f"input.shape={x.shape} with rank {x.shape.rank}")
    known_rate = kiln.get_static_value(rate)
    if known_rate is not None:
        known_rate = np.asarray(known_rate)
        if np.any(known_rate < 1):
            raise ValueError(f"`dilation_rate` must be positive. Received: "
                             f"dilation_rate={known_rate}")
        if np.all(known_rate == 1):
            return op(x, n, padding)
    rate_value = known_rate if known_rate is not None else rate
    base = _base_paddings(padding, filter_shape, n, rate_value, channels_first)
    if x.shape.rank is not None and all(x.shape[d] is not None for d in spatial_dims):
        input_spatial = [x.shape[d] for d in spatial_dims]
    else:
        shape = kiln.shape(x)
        input_spatial = kiln.stack([shape[d] for d in spatial_dims])
    paddings, crops = required_space_to_batch_paddings(input_spatial, rate, base)
    block = _adjust(rate_value, 1, spatial_dims)
    converted = space_to_batch_nd(x, block, _adjust(paddings, 0, spatial_dims))
    result = op(converted, n, "VALID")
    return batch_to_space_nd(result, block, _adjust(crops, 0, spatial_dims))


def _base_paddings(padding, filter_shape, n, rate, channels_first):
    """[n, 2] paddings that make a VALID op on the padded input TF's `padding` one."""
    kiln = _kiln()
    if padding == "EXPLICIT":
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit "
                         "padding, `padding` must be a list.")
    if isinstance(padding, (list, tuple)):  # TF's convert_padding: 4 [before, after] pairs
        for i, pair in enumerate(padding):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                what = (f"size {len(pair)}" if isinstance(pair, (list, tuple))
                        else f"type {type(pair)}")
                raise ValueError(f"When `padding` is a list, each element of `padding` must be a "
                                 f"list/tuple of size 2. Received: padding={padding} with "
                                 f"element at index {i} of {what}")
        if len(padding) != 4:
            raise ValueError(f"When padding is a list, it must be of size 4. Received: "
                             f"padding={padding} of size {len(padding)}")
        pairs = np.array(padding, dtype=np.int32).reshape([n + 2, 2])
        return pairs[2:] if channels_first else pairs[1:-1]
    if padding == "VALID":
        return np.zeros([n, 2], np.int32)
    if padding != "SAME":
        raise ValueError(f"`padding` must be one of 'SAME' or 'VALID'. Received: "
                         f"padding={padding}")
    if filter_shape is None:
        raise ValueError(f"`filter_shape` must be specified for `padding='SAME'`. Received: "
                         f"filter_shape={filter_shape} and padding={padding}")
    shape = convert_to_tensor(filter_shape, dtype=dtypes.int32)
    known = kiln.get_static_value(shape)
    # The dilated filter's extent less one, padded as conv2d pads SAME: more at the end.
    if known is not None and isinstance(rate, np.ndarray):
        extra = (np.asarray(known[:n], np.int32) - 1) * rate
        return np.stack([extra // 2, extra - extra // 2], axis=1).astype(np.int32)
    extra = (shape[:n] - 1) * convert_to_tensor(rate, dtype=dtypes.int32)
    return kiln.stack([extra // 2, extra - extra // 2], axis=1)


def _adjust(orig, fill_value, spatial_dims):
    """orig ([len(spatial_dims), ...]) spread to [max(spatial_dims), ...]: row
    spatial_dims[i] - 1 is orig[i], the others fill_value (block 1, padding 0:
    space_to_batch_nd leaves those dimensions alone)."""
    kiln = _kiln()
    known = orig if isinstance(orig, np.ndarray) else kiln.get_static_value(orig)
    value = np.asarray(known) if known is not None else orig
    fill_shape = list(value.shape[1:]) if known is not None else orig.shape.as_list()[1:]
    dtype = value.dtype if known is not None else orig.dtype.as_numpy_dtype
    parts, previous, i = [], 0, 0
    while i < len(spatial_dims):
        start = i
        if spatial_dims[i] > 1:
            parts.append(np.full([spatial_dims[i] - 1 - previous] + fill_shape, fill_value, dtype))
        while i + 1 < len(spatial_dims) and spatial_dims[i + 1] == spatial_dims[i] + 1:
            i += 1
        parts.append(value[start:i + 1])
        previous = spatial_dims[i]
        i += 1
    if known is not None:
        return np.concatenate(parts)
    return kiln.concat([kiln.constant(p) if isinstance(p, np.ndarray) else p for p in parts], 0)
