"""Pooling, as ``tf.nn`` names it: ``max_pool``, ``max_pool1d``,
``max_pool2d``, ``max_pool3d``, ``avg_pool`` (and its 1d/2d/3d forms),
``pool`` and ``max_pool_with_argmax``, with TF's argument names, defaults and
errors; ``compat.v1.nn`` gets TF1's signatures (``value`` for ``input``,
``Targmax``). Ops: src/ops/nn_pool_ops.cc; kernels: src/kernels/cpu/pool_loops*.cc
(kiln's own loops: oneDNN 2.6's pooling was slower, see pool_loops.h).

TF's CPU kernels accept only channels-last data ("Default MaxPoolingOp only
supports NHWC on device type CPU"); kiln's take "NCHW"/"NCDHW" too, as TF's
GPU kernels do. Dilated ``pool`` (VALID padding, stride 1, as TF allows it)
is composed from strided slices instead of TF's space_to_batch: the same
windows, so the same values.
"""

import itertools as _itertools
import operator as _operator

from . import _nn_window_args as _args
from ._deprecation import deprecated_argument_lookup
from . import dtypes as _dtypes
from ._convert import convert_to_tensor as _convert_to_tensor
from ._ops import execute as _execute, op as _op

__all__ = []
NAMESPACES = {"nn": ["max_pool", "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool",
                     "avg_pool1d", "avg_pool2d", "avg_pool3d", "pool", "max_pool_with_argmax"]}


def _kiln():
    import kiln
    return kiln


def _int_list(values, name, op_name):
    """Python ints for an attribute (TF's gen ops accept ints only)."""
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"Expected list for '{name}' argument to '{op_name}' Op, not {values!r}.")
    out = []
    for v in values:
        try:
            out.append(_operator.index(v))
        except TypeError:
            raise TypeError(f"Expected int for argument '{name}' not {v!r}.") from None
    return tuple(out)


def _padding_string(padding):
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' not {padding!r}.")
    return padding


def _convert_padding(padding, expected_length=4):
    """TF's nn_ops.convert_padding, then the op's check that padding is a string."""
    padding, explicit_paddings = _args.convert_padding(padding, expected_length)
    return _padding_string(padding), explicit_paddings


def _ksize_strides(ksize, strides, n, data_format):
    """ksize and strides as n + 2 values each, 1 on the batch and channel axes
    of data_format (TF's _get_sequence)."""
    channel_index = _args.channel_index(data_format, n + 1)
    return (_args.sequence(ksize, n, channel_index, "ksize"),
            _args.sequence(strides, n, channel_index, "strides"))


def _spatial_rank(input, data_format, format_words="a data format"):  # noqa: A002
    """n, the number of spatial dimensions, as TF's max_pool_v2 and avg_pool_v2
    find it (their messages name the data format differently)."""
    if input.shape.rank is not None:
        n = input.shape.rank - 2
    elif data_format is not None:
        n = len(data_format) - 2
    else:
        raise ValueError(f"`input` must have a static shape or {format_words} must be given. "
                         f"Received: input.shape={input.shape} and data_format={data_format}")
    if not 1 <= n <= 3:
        raise ValueError(f"`input.shape.rank` must be 3, 4 or 5. Received: "
                         f"input.shape={input.shape} of rank {n + 2}.")
    return n


# ---- the ops ----

def _max_pool_op(input, ksize, strides, padding, explicit_paddings, data_format,  # noqa: A002
                 name):
    return _execute(_MAX_POOL, (input,), (_int_list(ksize, "ksize", "MaxPool"),
                                          _int_list(strides, "strides", "MaxPool"),
                                          _padding_string(padding),
                                          _int_list(list(explicit_paddings), "explicit_paddings",
                                                    "MaxPool"),
                                          data_format), name)


def _pool_op(handle, type_name, input, ksize, strides, padding, data_format, name):  # noqa: A002
    return _execute(handle, (input,), (_int_list(ksize, "ksize", type_name),
                                       _int_list(strides, "strides", type_name),
                                       _padding_string(padding), data_format), name)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """The maximum of each ksize window of a 4-D input, moved by strides.
    padding: "SAME", "VALID" or a list of 4 (before, after) pairs (0 on the
    batch and channel axes; each smaller than the window)."""
    input = _convert_to_tensor(input)
    if data_format is None:
        data_format = "NHWC"
    ksize, strides = _ksize_strides(ksize, strides, 2, data_format)
    if isinstance(padding, (list, tuple)) and data_format == "NCHW_VECT_C":
        raise ValueError("`data_format='NCHW_VECT_C'` is not supported with explicit padding. "
                         f"Received: padding={padding}")
    padding, explicit_paddings = _convert_padding(padding)
    return _max_pool_op(input, ksize, strides, padding, explicit_paddings, data_format, name)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """max_pool2d of a 3-D (batch, width, channels) input ("NCW": channels
    second), through a height of 1, as TF computes it."""
    kiln = _kiln()
    input = _convert_to_tensor(input)
    if data_format is None:
        data_format = "NWC"
    ksize, strides = ([1] + v for v in _ksize_strides(ksize, strides, 1, data_format))
    padding, explicit_paddings = _convert_padding(padding, 3)
    if padding == "EXPLICIT":
        explicit_paddings = [0, 0] + explicit_paddings
    expanding_dim = 1 if data_format == "NWC" else 2
    data_format = "NHWC" if data_format == "NWC" else "NCHW"
    result = _max_pool_op(kiln.expand_dims(input, expanding_dim), ksize, strides, padding,
                          explicit_paddings, data_format, name)
    return kiln.squeeze(result, [expanding_dim])


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """The maximum of each window of a 5-D input (padding "SAME" or "VALID")."""
    input = _convert_to_tensor(input)
    if data_format is None:
        data_format = "NDHWC"
    ksize, strides = _ksize_strides(ksize, strides, 3, data_format)
    return _pool_op(_MAX_POOL3D, "MaxPool3D", input, ksize, strides, padding, data_format, name)


def max_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Max pooling of a 3-, 4- or 5-D input (1, 2 or 3 spatial dimensions,
    from its rank): max_pool1d, max_pool2d or max_pool3d."""
    input = _convert_to_tensor(input)
    n = _spatial_rank(input, data_format)
    if isinstance(padding, (list, tuple)) and data_format == "NCHW_VECT_C":
        raise ValueError("`data_format='NCHW_VECT_C'` is not supported with explicit padding. "
                         f"Received: padding={padding}")
    ksize, strides = _ksize_strides(ksize, strides, n, data_format)
    if isinstance(padding, (list, tuple)) and n == 3:
        raise ValueError("Explicit padding is not supported with an input tensor of rank 5. "
                         f"Received: padding={padding}")
    op = {1: max_pool1d, 2: max_pool2d, 3: max_pool3d}[n]
    return op(input, ksize=ksize, strides=strides, padding=padding, data_format=data_format,
              name=name)


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """The mean of each ksize window of a 4-D input, counting only the
    elements inside the input (padding "SAME" or "VALID")."""
    input = _convert_to_tensor(input)
    if data_format is None:
        data_format = "NHWC"
    ksize, strides = _ksize_strides(ksize, strides, 2, data_format)
    return _pool_op(_AVG_POOL, "AvgPool", input, ksize, strides, padding, data_format, name)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """avg_pool2d of a 3-D input through a height of 1, as TF computes it."""
    kiln = _kiln()
    input = _convert_to_tensor(input)
    if data_format is None:
        data_format = "NWC"
    ksize, strides = ([1] + v for v in _ksize_strides(ksize, strides, 1, data_format))
    expanding_dim = 1 if data_format == "NWC" else 2
    data_format = "NHWC" if data_format == "NWC" else "NCHW"
    result = _pool_op(_AVG_POOL, "AvgPool", kiln.expand_dims(input, expanding_dim), ksize, strides,
                      padding, data_format, name)
    return kiln.squeeze(result, [expanding_dim])


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """The mean of each window of a 5-D input."""
    input = _convert_to_tensor(input)
    if data_format is None:
        data_format = "NDHWC"
    ksize, strides = _ksize_strides(ksize, strides, 3, data_format)
    return _pool_op(_AVG_POOL3D, "AvgPool3D", input, ksize, strides, padding, data_format, name)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Average pooling of a 3-, 4- or 5-D input (from its rank)."""
    input = _convert_to_tensor(input)
    n = _spatial_rank(input, data_format, "`data_format`")  # TF's avg_pool_v2 words it so
    ksize, strides = _ksize_strides(ksize, strides, n, data_format)
    op = {1: avg_pool1d, 2: _avg_pool2d_raw, 3: _avg_pool3d_raw}[n]
    return op(input, ksize=ksize, strides=strides, padding=padding, data_format=data_format,
              name=name)


def _avg_pool2d_raw(input, ksize, strides, padding, data_format, name):  # noqa: A002
    return _pool_op(_AVG_POOL, "AvgPool", input, ksize, strides, padding,
                    "NHWC" if data_format is None else data_format, name)


def _avg_pool3d_raw(input, ksize, strides, padding, data_format, name):  # noqa: A002
    return _pool_op(_AVG_POOL3D, "AvgPool3D", input, ksize, strides, padding,
                    "NDHWC" if data_format is None else data_format, name)


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC",  # noqa: A002
                         output_dtype=_dtypes.int64, include_batch_in_index=False, name=None):
    """(output, argmax): max pooling of a 4-D NHWC input and the flattened
    index of each maximum, ((b * height + y) * width + x) * channels + c (the
    b term only with include_batch_in_index)."""
    if data_format != "NHWC":
        raise ValueError("`data_format` values other  than 'NHWC' are not supported. "
                         f"Received: data_format={data_format}")
    ksize, strides = _ksize_strides(ksize, strides, 2, data_format)
    return _argmax_op(input, ksize, strides, padding, output_dtype, include_batch_in_index, name)


def _argmax_op(input, ksize, strides, padding, index_dtype, include_batch_in_index,  # noqa: A002
               name):
    output, argmax = _execute(
        _MAX_POOL_WITH_ARGMAX, (_convert_to_tensor(input),),
        (_int_list(ksize, "ksize", "max_pool_with_argmax"),
         _int_list(strides, "strides", "max_pool_with_argmax"),
         _dtypes.as_dtype(index_dtype)._code, _padding_string(padding),
         bool(include_batch_in_index)), name)
    return output, argmax


# ---- tf.nn.pool: N-D, with dilations ----

def _strides_and_dilation_rate(num_spatial_dims, strides, dilation_rate):
    """TF's nn_ops._get_strides_and_dilation_rate (lists of ints)."""
    if dilation_rate is None:
        dilation_rate = [1] * num_spatial_dims
    elif len(dilation_rate) != num_spatial_dims:
        raise ValueError(f"`len(dilation_rate)` should be {num_spatial_dims}. "
                         f"Received: dilation_rate={dilation_rate} of length {len(dilation_rate)}")
    dilation_rate = [int(v) for v in dilation_rate]
    if any(v < 1 for v in dilation_rate):
        raise ValueError("all values of `dilation_rate` must be positive. "
                         f"Received: dilation_rate={dilation_rate}")
    if strides is None:
        strides = [1] * num_spatial_dims
    elif len(strides) != num_spatial_dims:
        raise ValueError(f"`len(strides)` should be {num_spatial_dims}. "
                         f"Received: strides={strides} of length {len(strides)}")
    strides = [int(v) for v in strides]
    if any(v < 1 for v in strides):
        raise ValueError(f"all values of `strides` must be positive. Received: strides={strides}")
    if any(v > 1 for v in strides) and any(v > 1 for v in dilation_rate):
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={strides} and dilation_rate={dilation_rate}")
    return strides, dilation_rate


def _dilated_pool(input, window_shape, pooling_type, dilation_rate, spatial_dims):  # noqa: A002
    """VALID pooling with stride 1 over windows whose taps are dilation_rate
    apart: the maximum or mean of one strided slice per tap (the windows TF
    forms with space_to_batch)."""
    kiln = _kiln()
    rank = input.shape.rank
    taps = []
    for offsets in _itertools.product(*[range(k) for k in window_shape]):
        index = [slice(None)] * rank
        for axis, k, r, i in zip(spatial_dims, window_shape, dilation_rate, offsets):
            end = (k - 1 - i) * r
            index[axis] = slice(i * r, -end if end else None)
        taps.append(input[tuple(index)])
    result = taps[0]
    for tap in taps[1:]:
        result = kiln.maximum(result, tap) if pooling_type == "MAX" else result + tap
    if pooling_type == "AVG":
        result = result / len(taps)
    return result


def _pool_v1(input, window_shape, pooling_type, padding, dilation_rate=None,  # noqa: A002
             strides=None, name=None, data_format=None, dilations=None):
    """TF1's tf.nn.pool: max or average pooling over 1 to 3 spatial
    dimensions, with strides or (VALID padding only) dilations."""
    dilation_rate = deprecated_argument_lookup("dilation_rate", dilation_rate, "dilations",
                                               dilations)
    input = _convert_to_tensor(input)
    num_spatial_dims = len(window_shape)
    if num_spatial_dims < 1 or num_spatial_dims > 3:
        raise ValueError("`len(window_shape)` must be 1, 2, or 3. Received: "
                         f"window_shape={window_shape} of length {len(window_shape)}")
    if input.shape.rank is not None and input.shape.rank != num_spatial_dims + 2:
        raise ValueError(f"Shape {input.shape} must have rank {num_spatial_dims + 2}")
    strides, dilation_rate = _strides_and_dilation_rate(num_spatial_dims, strides, dilation_rate)
    if padding == "SAME" and any(v > 1 for v in dilation_rate):
        raise ValueError("pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. "
                         f"Received: padding={padding} and dilation_rate={dilation_rate}")
    if any(s > w for s, w in zip(strides, window_shape)):
        raise ValueError("`strides` > `window_shape` not supported due to inconsistency between "
                         f"CPU and GPU implementations. Received: strides={strides} and "
                         f"window_shape={window_shape}")
    if (pooling_type, num_spatial_dims) not in {(t, n) for t in ("MAX", "AVG") for n in (1, 2, 3)}:
        raise ValueError(f"{num_spatial_dims}-D {pooling_type} pooling is not supported.")
    channels_first = data_format is not None and data_format.startswith("NC")
    spatial_dims = list(range(2, num_spatial_dims + 2) if channels_first
                        else range(1, num_spatial_dims + 1))
    if num_spatial_dims == 1 and data_format not in (None, "NWC", "NCW"):
        raise ValueError("data_format must be either 'NWC' or 'NCW'. "
                         f"Received: data_format={data_format}")
    if any(v > 1 for v in dilation_rate):
        if input.shape.rank is None:
            raise ValueError("kiln.nn.pool with dilations needs an input of known rank.")
        return _dilated_pool(input, list(window_shape), pooling_type, dilation_rate, spatial_dims)
    window = [1, 1] + list(window_shape) if channels_first else [1] + list(window_shape) + [1]
    step = [1, 1] + strides if channels_first else [1] + strides + [1]
    if pooling_type == "MAX":
        op = {1: max_pool1d, 2: max_pool2d, 3: max_pool3d}[num_spatial_dims]
    else:
        op = {1: avg_pool1d, 2: avg_pool2d, 3: avg_pool3d}[num_spatial_dims]
    if num_spatial_dims == 1:
        # max_pool1d / avg_pool1d take the 3-D sequences.
        return op(input, window, step, padding, data_format=data_format or "NWC", name=name)
    return op(input, window, step, padding, data_format=data_format, name=name)


def pool(input, window_shape, pooling_type, strides=None, padding="VALID",  # noqa: A002
         data_format=None, dilations=None, name=None):
    """tf.nn.pool: max ("MAX") or average ("AVG") pooling over 1 to 3 spatial
    dimensions with strides, or (padding "VALID", strides 1) dilations."""
    return _pool_v1(input, window_shape, pooling_type, padding, dilation_rate=dilations,
                    strides=strides, name=name, data_format=data_format)


# ---- TF1's signatures (compat.v1.nn) ----

def _max_pool_v1(value, ksize, strides, padding, data_format="NHWC", name=None,
                 input=None):  # noqa: A002
    """TF1's tf.nn.max_pool: 4-D only; `input` is an alias of `value`."""
    value = deprecated_argument_lookup("value", value, "input", input)
    value = _convert_to_tensor(value)
    if data_format is None:
        data_format = "NHWC"
    ksize, strides = _ksize_strides(ksize, strides, 2, data_format)
    if isinstance(padding, (list, tuple)) and data_format == "NCHW_VECT_C":
        raise ValueError("`data_format='NCHW_VECT_C'` is not supported with explicit padding. "
                         f"Received: padding={padding}")
    padding, explicit_paddings = _convert_padding(padding)
    if any(v == 0 for v in ksize):
        raise ValueError(f"`ksize` cannot be zero. Received: ksize={ksize}")
    return _max_pool_op(value, ksize, strides, padding, explicit_paddings, data_format, name)


def _avg_pool_v1(value, ksize, strides, padding, data_format="NHWC", name=None,
                 input=None):  # noqa: A002
    """TF1's tf.nn.avg_pool (and avg_pool2d): 4-D only."""
    value = deprecated_argument_lookup("value", value, "input", input)
    return avg_pool2d(value, ksize, strides, padding, data_format=data_format, name=name)


def _max_pool_with_argmax_v1(input, ksize, strides, padding, data_format="NHWC",  # noqa: A002
                             Targmax=None, name=None, output_dtype=None,  # noqa: N803
                             include_batch_in_index=False):
    """TF1's tf.nn.max_pool_with_argmax: ksize and strides of 4 values."""
    if data_format != "NHWC":
        raise ValueError("`data_format` values other  than 'NHWC' are not supported. "
                         f"Received: data_format={data_format}")
    Targmax = deprecated_argument_lookup("Targmax", Targmax, "output_dtype", output_dtype)
    if Targmax is None:
        Targmax = _dtypes.int64
    return _argmax_op(input, ksize, strides, padding, Targmax, include_batch_in_index, name)


# compat.v1.nn's names where TF1's functions differ from TF2's (python/kiln/compat/v1.py).
V1_NAMESPACES = {"nn": {"max_pool": _max_pool_v1, "max_pool_v2": max_pool, "avg_pool": _avg_pool_v1,
                       "avg_pool2d": _avg_pool_v1, "avg_pool_v2": avg_pool, "pool": _pool_v1,
                       "max_pool_with_argmax": _max_pool_with_argmax_v1}}

_MAX_POOL = _op("max_pool")
_MAX_POOL3D = _op("max_pool3d")
_AVG_POOL = _op("avg_pool")
_AVG_POOL3D = _op("avg_pool3d")
_MAX_POOL_WITH_ARGMAX = _op("max_pool_with_argmax")
