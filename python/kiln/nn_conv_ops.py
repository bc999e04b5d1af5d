"""Convolutions, as tf.nn names them: conv1d, conv2d, conv3d, convolution,
the transposed convolutions (conv1d/2d/3d_transpose, conv_transpose),
depthwise_conv2d and its backprops, separable_conv2d, atrous_conv2d and
atrous_conv2d_transpose; and in compat.v1.nn, TF1's signatures of these and
conv2d_backprop_input/filter, conv3d_backprop_filter(_v2) and the
depthwise_conv2d_native ops.

They call nine registry ops (src/ops/nn_conv_ops.cc: TF's Conv2D, Conv3D,
DepthwiseConv2dNative and the backprops of each) on oneDNN for float32 (and
float16 / bfloat16 through float32) and BLAS for float64. Where TF composes
(conv1d on conv2d, inputs with several batch dimensions, separable_conv2d),
kiln composes the same way. kiln's ops go beyond TF's CPU kernels: NCHW and
NCDHW layouts, dilated conv3d, depthwise and transposed convolutions run
directly (TF's CPU kernels refuse them, and tf.nn.depthwise_conv2d dilates
through space_to_batch: the same values, except with strides > 1 too, which
TF warns against and kiln computes as the strided dilated convolution);
int32 convolutions (TF's CPU takes them) are refused.
"""

import warnings as _warnings

from ._deprecation import deprecated_argument_lookup
from . import _nn_window_args as _args
from ._convert import convert_to_tensor
from ._ops import execute, op
from .shape_ops import _ints

__all__ = []
NAMESPACES = {"nn": ["conv1d", "conv2d", "conv3d", "convolution", "conv2d_transpose",
                     "conv1d_transpose", "conv3d_transpose", "conv_transpose", "depthwise_conv2d",
                     "depthwise_conv2d_backprop_input", "depthwise_conv2d_backprop_filter",
                     "separable_conv2d", "atrous_conv2d", "atrous_conv2d_transpose"]}


def _kiln():
    import kiln
    return kiln


def _operands(x, w):
    return convert_to_tensor(x), convert_to_tensor(w)


def _sizes(value, op_name, arg):
    """input_sizes / filter_sizes: a list, array or tensor (a symbolic one is
    read when the graph runs)."""
    return _ints(value, op_name, arg, tensor=True)


# ---- the registry ops, with TF's raw-op arguments ----

def _list(value, arg, op_name):
    """A list attribute of a raw op (TF's TypeError for anything else)."""
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"Expected list for '{arg}' argument to '{op_name}' Op, not {value!r}.")
    return [_args.to_int(v, arg) for v in value]


def _window(op_name, strides, padding, explicit_paddings, data_format, dilations):
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' of '{op_name}' Op, not "
                        f"{padding!r}.")
    return (_list(strides, "strides", op_name), padding,
            _list(explicit_paddings, "explicit_paddings", op_name), data_format,
            _list(dilations, "dilations", op_name))


def _conv(OP, input, filters, strides, padding, explicit_paddings, data_format, dilations, name):
    attrs = _window(_NAMES[OP], strides, padding, explicit_paddings, data_format, dilations)
    return execute(OP, _operands(input, filters), attrs, name)


def _backprop(OP, op_name, arg, sizes, a, b, strides, padding, explicit_paddings, data_format,
              dilations, name):
    attrs = _window(_NAMES[OP], strides, padding, explicit_paddings, data_format, dilations)
    return execute(OP, _operands(a, b), (_sizes(sizes, op_name, arg),) + attrs, name)


# ---- 2-D ----

def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution (cross-correlation) of input (batch..., H, W, C) or, with
    "NCHW", (batch..., C, H, W), with filters (kh, kw, C / groups, O): a grouped
    convolution when C is groups * the filter's in_channels. strides and
    dilations: an int, 2 ints or 4 (batch and channel entries 1); padding
    "SAME", "VALID" or a list of 4 (before, after) pairs."""
    return _conv2d_v1(input, filters, strides, padding, data_format=data_format,
                      dilations=dilations, name=name)


def _conv2d_v1(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002
               data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)
    padding, explicit = _args.convert_padding(padding)
    if data_format is None:
        data_format = "NHWC"
    c = _args.channel_index(data_format, 3)
    strides = _args.sequence(strides, 2, c, "strides")
    dilations = _args.sequence(dilations, 2, c, "dilations")
    input = convert_to_tensor(input)  # noqa: A001

    def call(x):
        return _conv(_CONV2D, x, filter, strides, padding, explicit, data_format, dilations, name)
    rank = input.shape.rank
    if rank is None or rank <= 4:
        return call(input)
    return _args.squeeze_batch_dims(input, call, inner_rank=3)


def _conv2d_backprop_input_v1(input_sizes, filter=None, out_backprop=None, strides=None,
                              padding=None, use_cudnn_on_gpu=True, data_format="NHWC",
                              dilations=(1, 1, 1, 1), name=None, filters=None):
    """The gradient of conv2d with respect to its input, of shape input_sizes
    (4 values, or the 2 spatial ones); strides and dilations have 4 values."""
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)
    padding, explicit = _args.convert_padding(padding)
    return _backprop(_CONV2D_BACKPROP_INPUT, "conv2d_backprop_input", "input_sizes", input_sizes,
                     filter, out_backprop, strides, padding, explicit, data_format, dilations, name)


def _conv2d_backprop_filter_v1(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                               use_cudnn_on_gpu=True, data_format="NHWC",
                               dilations=(1, 1, 1, 1), name=None):
    """The gradient of conv2d with respect to its filter, of shape filter_sizes."""
    padding, explicit = _args.convert_padding(padding)
    return _backprop(_CONV2D_BACKPROP_FILTER, "conv2d_backprop_filter", "filter_sizes",
                     filter_sizes, input, out_backprop, strides, padding, explicit, data_format,
                     dilations, name)


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC",
                     dilations=None, name=None):
    """The transposed convolution: the gradient of conv2d with respect to its
    input. input (N, H, W, O), filters (kh, kw, C, O) -> output_shape (a list
    or an int tensor of 4 values, (N, H_out, W_out, C))."""
    if data_format is None:
        data_format = "NHWC"
    c = _args.channel_index(data_format, 3)
    strides = _args.sequence(strides, 2, c, "strides")
    dilations = _args.sequence(dilations, 2, c, "dilations")
    padding, explicit = _args.convert_padding(padding)
    return _backprop(_CONV2D_BACKPROP_INPUT, "conv2d_transpose", "output_shape", output_shape,
                     filters, input, strides, padding, explicit, data_format, dilations, name)


def _conv2d_transpose_v1(value=None, filter=None, output_shape=None, strides=None,  # noqa: A002
                         padding="SAME", data_format="NHWC", name=None, input=None, filters=None,
                         dilations=None):
    value = deprecated_argument_lookup("input", input, "value", value)
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)
    return conv2d_transpose(value, filter, output_shape, strides, padding=padding,
                            data_format=data_format, dilations=dilations, name=name)


# ---- 1-D, on conv2d as TF composes it ----

def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of input (batch..., W, C) ("NWC") or (batch..., C, W)
    ("NCW") with filters (kw, C, O): conv2d on a height of 1, as TF computes it."""
    return _conv1d_v1(input, filters, stride, padding, data_format=data_format, name=name,
                      dilations=dilations)


def _conv1d_v1(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None,
               data_format=None, name=None, input=None, dilations=None):  # noqa: A002
    kiln = _kiln()
    value = deprecated_argument_lookup("input", input, "value", value)
    if data_format is None or data_format in ("NHWC", "NWC"):
        data_format, spatial_start, c = "NHWC", -3, 2
    elif data_format in ("NCHW", "NCW"):
        data_format, spatial_start, c = "NCHW", -2, 1
    else:
        raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: "
                         f"data_format={data_format}")
    strides = [1] + _args.sequence(stride, 1, c, "stride")
    dilations = [1] + _args.sequence(dilations, 1, c, "dilations")
    padding = _args.string_padding(padding, "conv2d")  # TF passes it to the op as it is
    value = kiln.expand_dims(value, spatial_start)
    filters = kiln.expand_dims(filters, 0)

    def call(x):
        return _conv(_CONV2D, x, filters, strides, padding, [], data_format, dilations, name)
    rank = value.shape.rank
    result = (call(value) if rank is None or rank <= 4
              else _args.squeeze_batch_dims(value, call, inner_rank=3))
    return kiln.squeeze(result, [spatial_start])


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",
                     dilations=None, name=None):
    """The transposed 1-D convolution: conv2d_backprop_input on a height of 1."""
    kiln = _kiln()
    if data_format is None or data_format == "NWC":
        data_format, spatial_start, c = "NHWC", 1, 2
    elif data_format == "NCW":
        data_format, spatial_start, c = "NCHW", 2, 1
    else:
        raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: "
                         f"data_format={data_format}")
    strides = [1] + _args.sequence(strides, 1, c, "stride")
    dilations = [1] + _args.sequence(dilations, 1, c, "dilations")
    input = kiln.expand_dims(input, spatial_start)  # noqa: A001
    filters = kiln.expand_dims(filters, 0)
    sizes = _sizes(output_shape, "conv1d_transpose", "output_shape")
    if isinstance(sizes, tuple):
        sizes = list(sizes[:spatial_start]) + [1] + list(sizes[spatial_start:])
    else:
        sizes = kiln.concat([sizes[:spatial_start], kiln.ones([1], sizes.dtype),
                             sizes[spatial_start:]], 0)
    result = _backprop(_CONV2D_BACKPROP_INPUT, "conv1d_transpose", "output_shape", sizes, filters,
                       input, strides, padding, [], data_format, dilations, name)
    return kiln.squeeze(result, [spatial_start])


# ---- 3-D ----

def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of input (batch..., D, H, W, C) or ("NCDHW") (batch..., C,
    D, H, W) with filters (kd, kh, kw, C / groups, O); strides and dilations have
    5 values (batch and channel entries 1), padding "SAME" or "VALID"."""
    if dilations is None:
        dilations = [1, 1, 1, 1, 1]
    padding = _args.string_padding(padding, "conv3d")
    input = convert_to_tensor(input)  # noqa: A001
    strides, dilations = _list5(strides, "strides"), _list5(dilations, "dilations")

    def call(x):
        return _conv(_CONV3D, x, filters, strides, padding, [], data_format, dilations, name)
    rank = input.shape.rank
    if rank is None or rank <= 5:
        return call(input)
    return _args.squeeze_batch_dims(input, call, inner_rank=4)


def _list5(value, name):
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"Expected list for '{name}' argument to 'conv3d' Op, not {value}.")
    return [_args.to_int(v, name) for v in value]


def _conv3d_v1(input, filter=None, strides=None, padding=None, data_format="NDHWC",  # noqa: A002
               dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)
    return conv3d(input, filter, strides, padding, data_format=data_format,
                  dilations=list(dilations), name=name)


def conv3d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NDHWC",
                     dilations=None, name=None):
    """The transposed 3-D convolution (conv3d_backprop_input_v2): input
    (N, D, H, W, O), filters (kd, kh, kw, C, O) -> output_shape (5 values)."""
    if data_format is None:
        data_format = "NDHWC"
    c = _args.channel_index(data_format, 4)
    strides = _args.sequence(strides, 3, c, "strides")
    dilations = _args.sequence(dilations, 3, c, "dilations")
    padding = _args.string_padding(padding, "conv3d_backprop_input_v2")
    return _backprop(_CONV3D_BACKPROP_INPUT, "conv3d_transpose", "output_shape", output_shape,
                     filters, input, strides, padding, [], data_format, dilations, name)


def _conv3d_transpose_v1(value, filter=None, output_shape=None, strides=None, padding="SAME",
                         data_format="NDHWC", name=None, input=None, filters=None, dilations=None):
    value = deprecated_argument_lookup("input", input, "value", value)
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)
    return conv3d_transpose(value, filter, output_shape, strides, padding=padding,
                            data_format=data_format, dilations=dilations, name=name)


def _conv3d_backprop_filter_v2(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                               data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    """The gradient of conv3d with respect to its filter, of shape filter_sizes."""
    padding = _args.string_padding(padding, "conv3d_backprop_filter_v2")
    return _backprop(_CONV3D_BACKPROP_FILTER, "conv3d_backprop_filter_v2", "filter_sizes",
                     filter_sizes, input, out_backprop, strides, padding, [], data_format,
                     dilations, name)


def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None,
                   dilations=None, name=None):
    """conv1d/2d/3d_transpose, chosen by the length of output_shape (3, 4 or 5)."""
    if _args.is_symbolic(output_shape) or hasattr(output_shape, "dtype"):
        n = output_shape.shape[0] - 2
    elif hasattr(output_shape, "__len__"):
        n = len(output_shape) - 2
    else:
        raise ValueError(f"`output_shape` must be a tensor or sized collection. Received: "
                         f"output_shape={output_shape}")
    if not 1 <= n <= 3:
        raise ValueError(f"`output_shape` must be of length 3, 4 or 5. Received: "
                         f"output_shape={output_shape} of length {n + 2}.")
    fn = (conv1d_transpose, conv2d_transpose, conv3d_transpose)[n - 1]
    return fn(input, filters, output_shape, strides, padding=padding, data_format=data_format,
              dilations=dilations, name=name)


# ---- N-D dispatch ----

def convolution(input, filters, strides=None, padding="VALID", data_format=None, dilations=None,
                name=None):
    """conv1d, conv2d or conv3d by the filter's rank (else the input's): N-D
    convolution with TF's defaults (stride 1, VALID); data_format None or a
    channels-last format ("NWC", "NHWC", "NDHWC") puts channels last."""
    input, filters = _operands(input, filters)  # noqa: A001
    n = filters.shape.rank - 2 if filters.shape.rank else (
        input.shape.rank - 2 if input.shape.rank else None)
    if n is None:
        raise ValueError(f"When `num_spatial_dims` is not set, one of `input.shape.rank` or "
                         f"`filters.shape.rank` must be known. Received: input.shape="
                         f"{input.shape} of rank {input.shape.rank} and filters.shape="
                         f"{filters.shape} of rank {filters.shape.rank}")
    if n not in (1, 2, 3):
        raise ValueError(f"`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims={n}.")
    batch_dims = input.shape.rank - n - 1 if input.shape.rank else 1
    c = (batch_dims + n if data_format is None or data_format in _args.CHANNELS_LAST
         else batch_dims)
    dilated = dilations is not None
    dilations = _args.sequence(dilations, n, c, "dilations")
    strides = _args.sequence(strides, n, c, "strides")
    spatial = slice(2, None) if c == 1 else slice(1, -1)
    if dilated and any(d != 1 for d in dilations):
        if any(d < 1 for d in dilations[spatial]):
            raise ValueError(f"all values of `dilation_rate` must be positive. Received: "
                             f"dilation_rate={dilations[spatial]}")
        if any(s != 1 for s in strides[spatial]):
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > "
                             f"1`. Received: strides={strides[spatial]} and "
                             f"dilation_rate={dilations[spatial]}")
    if n == 1:
        return _conv1d_v1(input, filters, strides[spatial], padding,
                          data_format="NCW" if c == 1 else "NWC", name=name,
                          dilations=dilations[spatial])
    if n == 2:
        return _conv2d_v1(input, filters, strides, padding, data_format=data_format or "NHWC",
                          dilations=dilations, name=name)
    return conv3d(input, filters, strides, padding, data_format=data_format or "NDHWC",
                  dilations=dilations, name=name)


def _convolution_v1(input, filter, padding, strides=None, dilation_rate=None, name=None,
                    data_format=None, filters=None, dilations=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)
    dilation_rate = deprecated_argument_lookup("dilations", dilations, "dilation_rate", dilation_rate)
    return convolution(input, filter, strides=strides, padding=padding, data_format=data_format,
                       dilations=dilation_rate, name=name)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d of NHWC value with filters dilated by `rate` (stride 1)."""
    return _convolution_v1(value, filters, padding, dilation_rate=[rate, rate], name=name)


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of atrous_conv2d: the gradient of conv2d with filters
    dilated by `rate`, of shape output_shape (NHWC)."""
    value, filters = _operands(value, filters)
    vc, fc = value.shape[3], filters.shape[3]
    if vc is not None and fc is not None and vc != fc:
        raise ValueError(f"`value` channel count must be compatible with `filters` input channel "
                         f"count. Received: value.shape={value.shape} with channel count {vc} and "
                         f"filters.shape={filters.shape} with input channel count {fc}.")
    if rate < 1:
        raise ValueError(f"`rate` cannot be less than one. Received: rate={rate}")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"`padding` must be either 'VALID' or 'SAME'. Received: padding={padding}")
    return conv2d_transpose(value, filters, output_shape, strides=1, padding=padding,
                            dilations=[1, rate, rate, 1], name=name)


# ---- depthwise and separable ----

def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Each input channel convolved with its own channel_multiplier filters:
    input (N, H, W, C), filter (kh, kw, C, M) -> (N, H', W', C * M). strides
    has 4 values; dilations 2 (TF's rate)."""
    return _depthwise_conv2d_v1(input, filter, strides, padding, rate=dilations, name=name,
                                data_format=data_format)


def _depthwise_conv2d_v1(input, filter, strides, padding, rate=None, name=None,  # noqa: A002
                         data_format=None, dilations=None):
    rate = deprecated_argument_lookup("dilations", dilations, "rate", rate)
    if data_format is None:
        data_format = "NHWC"
    padding, explicit = _args.convert_padding(padding)
    c = _args.channel_index(data_format, 3)
    dilations = _args.sequence(rate, 2, c, "dilations")
    if any(d > 1 for d in dilations) and isinstance(strides, (list, tuple)) and any(
            s != 1 for s in strides):
        _warnings.warn(f"When dilation rate is greater than 1, then all values of strides must be "
                       f"1. Received: `dilation rate` {rate} and `strides` {strides}. kiln "
                       f"computes the dilated convolution at every stride-th position; TF's "
                       f"space_to_batch composition gives other values here.", stacklevel=3)
    return _conv(_DEPTHWISE, input, filter, strides, padding, explicit, data_format, dilations,
                 name)


def _depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",  # noqa: A002
                             dilations=(1, 1, 1, 1), name=None):
    """TF1's depthwise_conv2d_native: the op itself (4 strides, 4 dilations)."""
    padding, explicit = _args.convert_padding(padding)
    return _conv(_DEPTHWISE, input, filter, strides, padding, explicit, data_format, dilations,
                 name)


def depthwise_conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding,
                                    data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of depthwise_conv2d with respect to its input, of shape input_sizes."""
    padding, explicit = _args.convert_padding(padding)
    return _backprop(_DEPTHWISE_BACKPROP_INPUT, "depthwise_conv2d_backprop_input", "input_sizes",
                     input_sizes, filter, out_backprop, strides, padding, explicit, data_format,
                     dilations, name)


def depthwise_conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
                                     data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of depthwise_conv2d with respect to its filter, of shape filter_sizes."""
    padding, explicit = _args.convert_padding(padding)
    return _backprop(_DEPTHWISE_BACKPROP_FILTER, "depthwise_conv2d_backprop_filter",
                     "filter_sizes", filter_sizes, input, out_backprop, strides, padding, explicit,
                     data_format, dilations, name)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,  # noqa: A002
                     data_format=None, dilations=None, name=None):
    """depthwise_conv2d, then a 1x1 conv2d with pointwise_filter (1, 1, C * M, O)."""
    return _separable_conv2d_v1(input, depthwise_filter, pointwise_filter, strides, padding,
                                rate=dilations, name=name, data_format=data_format)


def _separable_conv2d_v1(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,
                         name=None, data_format=None, dilations=None):
    rate = deprecated_argument_lookup("dilations", dilations, "rate", rate)
    pointwise_filter = convert_to_tensor(pointwise_filter)
    shape = pointwise_filter.shape
    if shape.rank is not None and shape.rank != 4:
        raise ValueError(f"Shape {shape} must have rank 4")
    for d in (shape[0], shape[1]) if shape.rank == 4 else ():
        if d is not None and d != 1:
            raise ValueError(f"Dimensions {d} and 1 are not compatible")
    depthwise = _depthwise_conv2d_v1(input, depthwise_filter, strides, padding, rate=rate,
                                     data_format=data_format)
    return _conv2d_v1(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID",
                      data_format=data_format or "NHWC", name=name)


# TF1's signatures and names in compat.v1.nn (python/kiln/compat/v1.py adds them).
V1_NAMESPACES = {"nn": {
    "conv1d": _conv1d_v1, "conv2d": _conv2d_v1, "conv3d": _conv3d_v1,
    "convolution": _convolution_v1, "conv2d_transpose": _conv2d_transpose_v1,
    "conv3d_transpose": _conv3d_transpose_v1, "depthwise_conv2d": _depthwise_conv2d_v1,
    "separable_conv2d": _separable_conv2d_v1,
    "conv2d_backprop_input": _conv2d_backprop_input_v1,
    "conv2d_backprop_filter": _conv2d_backprop_filter_v1,
    "conv3d_backprop_filter": _conv3d_backprop_filter_v2,  # in TF too
    "conv3d_backprop_filter_v2": _conv3d_backprop_filter_v2,
    "depthwise_conv2d_native": _depthwise_conv2d_native,
    "depthwise_conv2d_native_backprop_input": depthwise_conv2d_backprop_input,
    "depthwise_conv2d_native_backprop_filter": depthwise_conv2d_backprop_filter,
}}

_NAMES = {}
_CONV2D = op("conv2d")
_CONV2D_BACKPROP_INPUT = op("conv2d_backprop_input")
_CONV2D_BACKPROP_FILTER = op("conv2d_backprop_filter")
_CONV3D = op("conv3d")
_CONV3D_BACKPROP_INPUT = op("conv3d_backprop_input_v2")
_CONV3D_BACKPROP_FILTER = op("conv3d_backprop_filter_v2")
_DEPTHWISE = op("depthwise_conv2d_native")
_DEPTHWISE_BACKPROP_INPUT = op("depthwise_conv2d_native_backprop_input")
_DEPTHWISE_BACKPROP_FILTER = op("depthwise_conv2d_native_backprop_filter")
_NAMES.update({_CONV2D: "conv2d", _CONV2D_BACKPROP_INPUT: "conv2d_backprop_input",
               _CONV2D_BACKPROP_FILTER: "conv2d_backprop_filter", _CONV3D: "conv3d",
               _CONV3D_BACKPROP_INPUT: "conv3d_backprop_input_v2",
               _CONV3D_BACKPROP_FILTER: "conv3d_backprop_filter_v2",
               _DEPTHWISE: "depthwise_conv2d_native",
               _DEPTHWISE_BACKPROP_INPUT: "depthwise_conv2d_native_backprop_input",
               _DEPTHWISE_BACKPROP_FILTER: "depthwise_conv2d_native_backprop_filter"})
