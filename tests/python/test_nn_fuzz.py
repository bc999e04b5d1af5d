"""The convolution, pooling, normalization and resize ops, fuzzed with calls
that fit them: random shapes and attributes (test_op_fuzz.py) almost never do,
so that fuzzer never runs their kernels. Here each call is drawn for its op —
spatial rank, layout, sizes 0..7, kernels 1..4, strides 1..3, dilations 1..3,
SAME / VALID / EXPLICIT padding, conv2d groups, float32 mostly — and the
gradient ops get the shapes of their forward op's result (the forward op runs
first). A quarter of the calls are then perturbed (a wrong size or rank, 0,
negative or 2**40 strides, kernels and paddings, mismatched channels, NaN and
infinite values, another dtype, huge input_sizes).

Each call returns readable tensors (the gradient ops shaped like what they
differentiate) or raises a kiln error with a message; never a crash.
REACHED counts the calls that ran to a result, per op, and
test_every_nn_op_is_reached requires each op to be among them (with
KILN_FUZZ_EXAMPLES >= 1000). Values are the ops' own tests' business.

    cd tests/python && KILN_FUZZ_EXAMPLES=5000 python test_nn_fuzz.py

prints the reach. KILN_FUZZ_TRACE=1 prints each call before it runs (to find
the call that kills the process).
"""

import collections
import os
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import kiln
from fuzz_inputs import EXPECTED_ERRORS, outputs_or_none, random_array
from kiln import _core

OPS = _core.op_defs()
INDEX = {op["name"]: i for i, op in enumerate(OPS)}
EXPECTED = EXPECTED_ERRORS
EXAMPLES = int(os.environ.get("KILN_FUZZ_EXAMPLES", "300"))
TRACE = os.environ.get("KILN_FUZZ_TRACE") == "1"

CONV_OPS = ["conv2d", "conv3d", "depthwise_conv2d_native",
            "conv2d_backprop_input", "conv2d_backprop_filter",
            "conv3d_backprop_input_v2", "conv3d_backprop_filter_v2",
            "depthwise_conv2d_native_backprop_input", "depthwise_conv2d_native_backprop_filter"]
POOL_OPS = ["max_pool", "avg_pool", "max_pool3d", "avg_pool3d", "max_pool_grad",
            "max_pool_grad_grad", "avg_pool_grad", "max_pool3d_grad", "max_pool3d_grad_grad",
            "avg_pool3d_grad", "max_pool_with_argmax", "max_pool_grad_with_argmax"]
NORM_OPS = ["fused_batch_norm", "fused_batch_norm_grad", "lrn", "lrn_grad"]
RESIZE_OPS = ["resize", "resize_grad"]
NN_OPS = CONV_OPS + POOL_OPS + NORM_OPS + RESIZE_OPS

REACHED = collections.Counter()  # op name -> calls that returned a result
NONEMPTY = collections.Counter()  # ... whose first result has elements
DRAWN = collections.Counter()  # op name -> examples drawn
CALLS = collections.Counter()  # ... calls made (not those whose forward op refused its call)

F32, F64, F16, BF16 = kiln.float32, kiln.float64, kiln.float16, kiln.bfloat16
FLOATS = st.sampled_from([F32] * 6 + [F64, F16, BF16])
# Sizes 0..7, zero rarely: an empty axis is an edge case, not the common one.
SIZES = st.sampled_from([1, 2, 3, 4, 5, 6, 7] * 3 + [0])  # (hypothesis favours the first)
# What a perturbed integer becomes: nothing, negative, or far beyond memory.
BAD_INTS = st.sampled_from([0, -1, -3, 2**31, 2**40, 2**62, -2**62, 2**63 - 1])


def run(name, inputs, attrs):
    return _core.execute(INDEX[name], tuple(inputs), tuple(attrs))


def tensor(draw, dtype, shape, values=None):
    """A constant of `shape`, small integers or wild values (NaN included)."""
    kind = values or draw(st.sampled_from(["small", "wild"]))
    return kiln.constant(random_array(dtype, list(shape), draw(st.integers(0, 2**32 - 1)), kind))


def per_axis(values, last, fill):
    """A spatial attribute given for every axis of the layout (1 or 0 on batch and channels)."""
    return [fill, *values, fill] if last else [fill, fill, *values]


def data_shape(n, c, spatial, last):
    return [n, *spatial, c] if last else [n, c, *spatial]


@st.composite
def windows(draw, rank, explicit=True, dilated=False, pooling=False):
    """Kernel sizes, strides, dilations and padding for `rank` spatial axes."""
    ksize = [draw(st.integers(1, 4)) for _ in range(rank)]
    strides = [draw(st.integers(1, 3)) for _ in range(rank)]
    # Dilations with strides > 1 are TF's unimplemented case: keep them apart mostly.
    dilations = [draw(st.integers(1, 3)) if dilated and (max(strides) == 1 or
                                                         draw(st.integers(0, 4)) == 0) else 1
                 for _ in range(rank)]
    padding = draw(st.sampled_from(["SAME", "VALID", "EXPLICIT"][:3 if explicit else 2]))
    pads = [[draw(st.integers(0, 3)), draw(st.integers(0, 3))] for _ in range(rank)]
    if pooling and draw(st.integers(0, 3)) > 0:  # pooling pads must be smaller than the window
        pads = [[min(p, k - 1) for p in pair] for pair, k in zip(pads, ksize)]
    return ksize, strides, dilations, padding, (pads if padding == "EXPLICIT" else [])


def spatial_sizes(draw, ksize, dilations):
    """Sizes 0..7, half the time at least the dilated kernel (so VALID fits)."""
    fit = draw(st.booleans())
    return [max(draw(SIZES), (k - 1) * d + 1 if fit else 0) for k, d in zip(ksize, dilations)]


def full_pads(pads, last):
    if not pads:
        return []
    flat = [p for pair in pads for p in pair]
    return [0, 0, *flat, 0, 0] if last else [0, 0, 0, 0, *flat]


# ---- convolutions ----

FORWARD_OF = {"conv2d_backprop_input": "conv2d", "conv2d_backprop_filter": "conv2d",
              "conv3d_backprop_input_v2": "conv3d", "conv3d_backprop_filter_v2": "conv3d",
              "depthwise_conv2d_native_backprop_input": "depthwise_conv2d_native",
              "depthwise_conv2d_native_backprop_filter": "depthwise_conv2d_native"}


def conv_forward(draw, name):
    """A forward convolution call: (input, filter), attrs."""
    rank = 3 if name.startswith("conv3d") else 2
    last = draw(st.integers(0, 3)) > 0  # channels last mostly (TF's CPU layout)
    ksize, strides, dilations, padding, pads = draw(windows(rank, dilated=True))
    dtype = draw(FLOATS)
    n = draw(SIZES)
    if name.startswith("depthwise"):
        c, multiplier = draw(SIZES), draw(st.integers(1, 3))
        filter_shape = [*ksize, c, multiplier]
    else:
        groups = draw(st.sampled_from([1, 1, 1, 2, 3])) if rank == 2 else 1
        per_group = draw(SIZES if groups == 1 else st.integers(1, 3))
        out = draw(st.integers(1, 3))
        c = groups * per_group
        filter_shape = [*ksize, per_group, groups * out]
    x = tensor(draw, dtype, data_shape(n, c, spatial_sizes(draw, ksize, dilations), last))
    f = tensor(draw, dtype, filter_shape)
    fmt = ("NHWC" if last else "NCHW") if rank == 2 else ("NDHWC" if last else "NCDHW")
    attrs = [per_axis(strides, last, 1), padding, full_pads(pads, last), fmt,
             per_axis(dilations, last, 1)]
    return [x, f], attrs


def conv_call(draw, name):
    if name not in FORWARD_OF:
        return conv_forward(draw, name)
    (x, f), attrs = conv_forward(draw, FORWARD_OF[name])
    try:
        y = run(FORWARD_OF[name], [x, f], attrs)
    except (*EXPECTED, MemoryError):
        return None
    dy = tensor(draw, x.dtype, y.shape.as_list())
    if "input" in name:
        return [f, dy], [x.shape.as_list(), *attrs]
    return [x, dy], [f.shape.as_list(), *attrs]


# ---- pooling ----

def pool_input(draw, rank, explicit, dtype=None, last=None):
    ksize, strides, _, padding, pads = draw(windows(rank, explicit=explicit, pooling=True))
    last = draw(st.integers(0, 3)) > 0 if last is None else last
    x = tensor(draw, dtype or draw(FLOATS),
               data_shape(draw(SIZES), draw(SIZES), spatial_sizes(draw, ksize, [1] * rank), last))
    fmt = ("NHWC" if last else "NCHW") if rank == 2 else ("NDHWC" if last else "NCDHW")
    window = [per_axis(ksize, last, 1), per_axis(strides, last, 1), padding]
    return x, window, full_pads(pads, last), fmt


def pool_call(draw, name):
    rank = 3 if "3d" in name else 2
    if "argmax" in name:  # NHWC only: ksize, strides, Targmax, padding, include_batch_in_index
        x, (ksize, strides, padding), _, _ = pool_input(draw, 2, False, last=True)
        targmax = draw(st.sampled_from([kiln.int64, kiln.int64, kiln.int32]))._code
        batch = draw(st.booleans())
        if name == "max_pool_with_argmax":
            return [x], [ksize, strides, targmax, padding, batch]
        try:
            y, argmax = run("max_pool_with_argmax", [x], [ksize, strides, targmax, padding, batch])
        except (*EXPECTED, MemoryError):
            return None
        grad = tensor(draw, x.dtype, y.shape.as_list())
        return [x, grad, argmax], [ksize, strides, padding, batch]
    explicit = rank == 2 and name.startswith("max")  # only 2-D max pooling takes explicit paddings
    # 2-D max pooling takes integers too.
    dtype = draw(st.sampled_from([F32] * 6 + [F64, F16, BF16, kiln.int32])) if explicit else None
    x, window, pads, fmt = pool_input(draw, rank, explicit, dtype)
    attrs = [*window, *([pads] if explicit else []), fmt]
    forward = ("max_pool" if name.startswith("max") else "avg_pool") + ("3d" if rank == 3 else "")
    if name == forward:
        return [x], attrs
    try:
        y = run(forward, [x], attrs)
    except (*EXPECTED, MemoryError):
        return None
    if name.startswith("avg"):
        return [tensor(draw, x.dtype, y.shape.as_list())], [x.shape.as_list(), *attrs]
    grad_shape = x.shape.as_list() if name.endswith("grad_grad") else y.shape.as_list()
    return [x, y, tensor(draw, x.dtype, grad_shape)], attrs


# ---- normalization ----

# float64 is TF's error here (T is half, bfloat16 or float): drawn now and then.
NORM_FLOATS = st.sampled_from([F32] * 8 + [F16, BF16, F64])

def norm_call(draw, name):
    if name.startswith("lrn"):
        x = tensor(draw, draw(NORM_FLOATS), [draw(SIZES) for _ in range(4)])
        attrs = [draw(st.integers(0, 5)), draw(st.sampled_from([1.0, 0.5, 2.0, 1e-3])),
                 draw(st.sampled_from([1.0, 1e-4, 0.5, 0.0])),
                 draw(st.sampled_from([0.75, 0.5, 1.0, 0.0]))]
        if name == "lrn":
            return [x], attrs
        try:
            y = run("lrn", [x], attrs)
        except (*EXPECTED, MemoryError):
            return None
        return [tensor(draw, x.dtype, x.shape.as_list()), x, y], attrs
    rank, last = draw(st.sampled_from([4, 5])), draw(st.booleans())
    fmt = {(4, True): "NHWC", (4, False): "NCHW", (5, True): "NDHWC",
           (5, False): "NCDHW"}[rank, last]
    c = draw(SIZES)
    x = tensor(draw, draw(NORM_FLOATS),
               data_shape(draw(SIZES), c, [draw(SIZES) for _ in range(rank - 2)], last))
    training = draw(st.booleans())
    factor = draw(st.sampled_from([1.0, 1.0, 0.5]))
    # Training with factor 1 reads no statistics: TF's Python gives empty ones.
    stats = 0 if training and factor == 1.0 and draw(st.booleans()) else c
    scale, offset, mean = (tensor(draw, F32, [n]) for n in (c, c, stats))
    variance = kiln.constant(np.abs(np.asarray(tensor(draw, F32, [stats]))))
    epsilon = draw(st.sampled_from([1e-3, 1e-5, 0.0]))
    if name == "fused_batch_norm":
        return [x, scale, offset, mean, variance], [epsilon, factor, fmt, training]
    try:
        out = run("fused_batch_norm", [x, scale, offset, mean, variance],
                  [epsilon, factor, fmt, training])
    except (*EXPECTED, MemoryError):
        return None
    dy = tensor(draw, x.dtype, x.shape.as_list())
    return [dy, x, scale, out[3], out[4], out[5]], [epsilon, fmt, training]


# ---- resize ----

METHODS = ["bilinear", "nearest", "bicubic", "area", "triangle", "keyscubic", "mitchellcubic",
           "lanczos1", "lanczos3", "lanczos5", "gaussian", "box"]


def resize_call(draw, name):
    method = draw(st.sampled_from(METHODS))
    if METHODS.index(method) < 4:  # TF's ResizeX ops: align_corners or half_pixel_centers
        align, half, antialias = draw(st.sampled_from([(False, False), (True, False),
                                                       (False, True)])) + (False,)
    else:  # ScaleAndTranslate's kernels: antialias
        align, half, antialias = False, False, draw(st.booleans())
    dtype = draw(st.sampled_from([F32] * 4 + [F64, F16, BF16, kiln.uint8, kiln.int32]))
    images = tensor(draw, dtype, [draw(SIZES), draw(st.integers(1, 7)), draw(st.integers(1, 7)),
                                  draw(st.integers(1, 4))])
    size = [draw(st.integers(1, 9)), draw(st.integers(1, 9))]
    attrs = [size, method, align, half, antialias]
    if name == "resize":
        return [images], attrs
    if not dtype.is_floating:
        images = kiln.constant(np.asarray(images).astype(np.float32))
    grads = tensor(draw, images.dtype, [images.shape[0], *size, images.shape[3]])
    return [grads], [images.shape.as_list()[1:3], *attrs[1:]]


# ---- perturbations ----

BAD_STRINGS = ["", "bogus", "SAME", "VALID", "EXPLICIT", "NHWC", "NCHW", "NDHWC", "NCDHW",
               "NCHW_VECT_C", "bilinear", "nearest", "area", "lanczos5", "box"]


def perturb(draw, name, inputs, attrs):
    """One thing made wrong (or extreme): an attribute or an input. Returns what was done."""
    kinds = OPS[INDEX[name]]["attrs"]
    choice = draw(st.sampled_from(["list element", "list length", "string", "scalar",
                                   "input shape", "input rank", "input dtype", "values"]))
    if choice in ("list element", "list length", "string", "scalar"):
        wanted = {"list element": ("int_list",), "list length": ("int_list",),
                  "string": ("string",), "scalar": ("int", "float", "bool", "dtype")}[choice]
        where = [i for i, (_, k) in enumerate(kinds) if k in wanted]
        if not where:
            return None
        i = draw(st.sampled_from(where))
        kind, value = kinds[i][1], attrs[i]
        if choice == "list element":
            if not value:
                return None
            value = list(value)
            value[draw(st.integers(0, len(value) - 1))] = draw(BAD_INTS)
        elif choice == "list length":
            value = list(value)[:-1] if value and draw(st.booleans()) else [*value, 1]
        elif choice == "string":
            value = draw(st.sampled_from(BAD_STRINGS))
        elif kind == "int":
            value = draw(BAD_INTS)
        elif kind == "float":
            value = draw(st.sampled_from([float("nan"), float("inf"), -float("inf"), -1.0, 0.0,
                                          1e30, -1e-30]))
        elif kind == "bool":
            value = not value
        else:
            value = draw(st.integers(-1, 15))  # any dtype code
        attrs[i] = value
        return f"attr {kinds[i][0]} = {value!r}"
    i = draw(st.integers(0, len(inputs) - 1))
    t = inputs[i]
    shape, dtype = t.shape.as_list(), t.dtype
    if choice == "input shape":  # one axis a wrong size (mismatched channels, ...)
        if not shape:
            return None
        axis = draw(st.integers(0, len(shape) - 1))
        shape[axis] = draw(st.sampled_from([0, 1, shape[axis] + 1, max(shape[axis] - 1, 0)]))
        inputs[i] = tensor(draw, dtype, shape)
    elif choice == "input rank":
        shape = shape[:-1] if shape and draw(st.booleans()) else [*shape, draw(st.integers(1, 2))]
        inputs[i] = tensor(draw, dtype, shape)
    elif choice == "input dtype":
        dtype = draw(st.sampled_from([kiln.int32, kiln.int64, F64, F16, BF16, F32, kiln.bool]))
        inputs[i] = tensor(draw, dtype, shape)
    else:  # NaN and infinities for floats, out-of-range values (argmax's indices) for integers
        if dtype.is_floating:
            bad = draw(st.sampled_from([np.nan, np.inf, -np.inf, 6e4, 1e38]))
        else:
            bad = draw(st.sampled_from([-1, 2**31 - 1, 10**6]))
        array = np.asarray(t).copy()
        if array.size:
            flat = array.reshape(-1)
            with np.errstate(all="ignore"):
                flat[draw(st.integers(0, flat.size - 1))] = np.asarray(bad).astype(array.dtype)
        inputs[i] = kiln.constant(array)
    return f"input {i}: {choice} -> {inputs[i].dtype.name}{inputs[i].shape.as_list()}"


# ---- what a result must look like ----

def expected_shape(name, inputs, attrs):
    """The first result's shape where the call decides it (None: not checked)."""
    if name in CONV_OPS and name not in FORWARD_OF:
        return None
    if name in FORWARD_OF or name in ("avg_pool_grad", "avg_pool3d_grad"):
        return list(attrs[0])  # input_sizes, filter_sizes, orig_input_shape
    if name in ("max_pool_grad", "max_pool3d_grad", "max_pool_grad_with_argmax", "lrn"):
        return inputs[0].shape.as_list()
    if name in ("fused_batch_norm", "lrn_grad", "fused_batch_norm_grad"):
        return inputs[0 if name == "fused_batch_norm" else 1].shape.as_list()
    if name in RESIZE_OPS:
        s = inputs[0].shape.as_list()
        return [s[0], *attrs[0], s[3]]
    return None


def describe(inputs, attrs):
    return (", ".join(f"{t.dtype.name}{t.shape.as_list()}" for t in inputs), attrs)


BUILDERS = {**{n: conv_call for n in CONV_OPS}, **{n: pool_call for n in POOL_OPS},
            **{n: norm_call for n in NORM_OPS}, **{n: resize_call for n in RESIZE_OPS}}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_nn_ops_return_tensors_or_raise_a_kiln_error(data):
    name = data.draw(st.sampled_from(NN_OPS), label="op")
    DRAWN[name] += 1
    call = BUILDERS[name](data.draw, name)
    if call is None:
        return  # the forward op the gradient needs refused its call
    inputs, attrs = call
    inputs, attrs = list(inputs), list(attrs)
    changed = perturb(data.draw, name, inputs, attrs) if data.draw(st.integers(0, 3)) == 0 else None
    note(f"{name}: {describe(inputs, attrs)}; perturbed: {changed}")
    if TRACE:
        print(name, describe(inputs, attrs), changed, file=sys.stderr, flush=True)
    CALLS[name] += 1
    outs = outputs_or_none(name, lambda: run(name, inputs, attrs))
    if outs is None:
        return
    want = expected_shape(name, inputs, attrs)
    if want is not None:
        assert outs[0].shape.as_list() == want, f"{name}: {outs[0].shape} for {want}"
    REACHED[name] += 1
    NONEMPTY[name] += outs[0].shape.num_elements() > 0


def test_the_nn_ops_are_registered():
    missing = [n for n in NN_OPS if n not in INDEX]
    assert not missing, missing


def test_every_nn_op_is_reached():
    # Runs after the fuzzer in this file; its count is only meaningful for a
    # real run of it (with few examples an op may be drawn only a few times).
    if EXAMPLES < 1000:
        pytest.skip("the reach is asserted with KILN_FUZZ_EXAMPLES >= 1000 (make fuzz)")
    if sum(DRAWN.values()) < EXAMPLES:
        pytest.skip("test_nn_ops_return_tensors_or_raise_a_kiln_error did not run (deselected)")
    unreached = [n for n in NN_OPS if not REACHED[n]]
    assert not unreached, f"never ran to a result: {unreached}; calls: {dict(CALLS)}"


if __name__ == "__main__":
    # The fuzzer's reach (KILN_FUZZ_EXAMPLES=5000 python test_nn_fuzz.py).
    test_nn_ops_return_tensors_or_raise_a_kiln_error()
    reached = [n for n in NN_OPS if REACHED[n]]
    print(f"{len(reached)} of {len(NN_OPS)} ops ran to a result ({sum(REACHED.values())} of "
          f"{sum(CALLS.values())} calls; {sum(NONEMPTY.values())} with a non-empty result)")
    for n in NN_OPS:
        print(f"  {n:42s} {REACHED[n]:5d} of {CALLS[n]:5d} calls ({NONEMPTY[n]} non-empty)")
    print("never reached:", [n for n in NN_OPS if not REACHED[n]])
