"""How tf.nn's windowed-op wrappers (convolution, pooling) read their
arguments (TF's nn_ops.py): strides, dilations and ksize given as one int,
one per spatial axis or one per axis;
padding as a string or a list of (before, after) pairs; data formats; and
the composition TF applies to inputs with more than one batch dimension.
Used by nn_conv_ops.py and nn_pool_ops.py."""

import collections.abc
import operator

from ._convert import convert_to_tensor
from ._symbolic_tensor import SymbolicTensor

# TF's _CHANNELS_LAST_FORMATS: any other format of tf.nn.convolution is channels-first.
CHANNELS_LAST = frozenset({"NWC", "NHC", "NHWC", "NWHC", "NDHWC", "NDWHC", "NHDWC", "NHWDC",
                           "NWDHC", "NWHDC"})
# The op's data_format for n spatial axes.
FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def sequence(value, n, channel_index, name):
    """TF's _get_sequence: strides or dilations for an op on n spatial axes
    (n + 2 values, 1 on the batch and channel axes)."""
    if value is None:
        return [1] * (n + 2)
    if isinstance(value, (list, tuple)):
        value = list(value)
    elif isinstance(value, collections.abc.Sized) and not isinstance(value, str):
        value = list(value)
    else:
        value = [value]
    value = [to_int(v, name) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. "
                         f"Received: {name}={value} of length {len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]


def to_int(v, name):
    try:
        return operator.index(v)
    except TypeError:
        try:
            import numpy as np
            array = np.asarray(v)
            if array.ndim == 0 and array.dtype.kind in "iu":
                return int(array)
        except (TypeError, ValueError):
            pass
        raise TypeError(f"Expected int for argument '{name}' not {v!r}.") from None


def convert_padding(padding, expected_length=4):
    """TF's convert_padding: (padding string, explicit_paddings) for the op."""
    explicit = []
    if padding == "EXPLICIT":
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit "
                         "padding, `padding` must be a list.")
    if isinstance(padding, (list, tuple)):
        for i, pair in enumerate(padding):
            if not isinstance(pair, (list, tuple)):
                raise ValueError(f"When `padding` is a list, each element of `padding` must be a "
                                 f"list/tuple of size 2. Received: padding={padding} with element "
                                 f"at index {i} of type {type(pair)}")
            if len(pair) != 2:
                raise ValueError(f"When `padding` is a list, each element of `padding` must be a "
                                 f"list/tuple of size 2. Received: padding={padding} with element "
                                 f"at index {i} of size {len(pair)}")
            explicit.extend(to_int(v, "padding") for v in pair)
        if len(padding) != expected_length:
            raise ValueError(f"When padding is a list, it must be of size {expected_length}. "
                             f"Received: padding={padding} of size {len(padding)}")
        padding = "EXPLICIT"
    return padding, explicit


def string_padding(padding, op_name):
    """The padding of an op that takes no explicit padding (conv3d): TF's
    attribute check refuses a list."""
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' of '{op_name}' Op, not "
                        f"{padding!r}.")
    return padding


def channel_index(data_format, default_last):
    """1 for a channels-first format ("NC..."), else default_last."""
    return 1 if data_format is not None and data_format.startswith("NC") else default_last


def static_rank(x):
    return x.shape.rank


def squeeze_batch_dims(x, fn, inner_rank):
    """TF's squeeze_batch_dims: fn applied to x with its leading (batch)
    dimensions folded into one, and unfolded again in the result."""
    import kiln
    x = convert_to_tensor(x)
    shape = x.shape
    inner = shape[-inner_rank:]
    inner = (inner.as_list() if inner.is_fully_defined() else kiln.shape(x)[-inner_rank:])
    batch = shape[:-inner_rank]
    batch = (batch.as_list() if batch.is_fully_defined() else kiln.shape(x)[:-inner_rank])
    if isinstance(inner, list):
        folded = kiln.reshape(x, [-1] + inner)
    else:
        folded = kiln.reshape(x, kiln.concat([[-1], inner], axis=-1))
    out = fn(folded)
    out_inner = out.shape[-inner_rank:]
    if out_inner.is_fully_defined() and isinstance(batch, list):
        return kiln.reshape(out, batch + out_inner.as_list())
    if not out_inner.is_fully_defined():
        out_inner = kiln.shape(out)[-inner_rank:]
    else:
        out_inner = out_inner.as_list()
    return kiln.reshape(out, kiln.concat([batch, out_inner], axis=-1))


def is_symbolic(value):
    return isinstance(value, SymbolicTensor)
