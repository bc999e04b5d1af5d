"""The unary family against NumPy (float64 reference). Tolerance: transcendental
float32/float64 results within 4 ULP of the correctly rounded value (SLEEF
promises 1 ULP; the reference itself may be off by one); float16/bfloat16
within one unit of their own precision; exact ops bit-exact."""

import math

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
from kiln import errors

# name -> (NumPy reference, input range)
TRANSCENDENTAL = {
    "exp": (np.exp, (-100, 90)), "expm1": (np.expm1, (-30, 80)),
    "log": (np.log, (1e-30, 1e30)), "log1p": (np.log1p, (-0.999, 1e20)),
    "sqrt": (np.sqrt, (0, 1e30)), "sin": (np.sin, (-1e4, 1e4)), "cos": (np.cos, (-1e4, 1e4)),
    "tan": (np.tan, (-10, 10)), "asin": (np.arcsin, (-1, 1)), "acos": (np.arccos, (-1, 1)),
    "atan": (np.arctan, (-1e6, 1e6)), "sinh": (np.sinh, (-80, 80)), "cosh": (np.cosh, (-80, 80)),
    "tanh": (np.tanh, (-20, 20)), "asinh": (np.arcsinh, (-1e10, 1e10)),
    "acosh": (np.arccosh, (1, 1e10)), "atanh": (np.arctanh, (-0.999, 0.999)),
    "erf": (np.vectorize(math.erf), (-6, 6)),
    "rsqrt": (lambda x: 1 / np.sqrt(x), (1e-30, 1e30)), "reciprocal": (lambda x: 1 / x, (0.5, 1e30)),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), (-100, 100)),
}


def _spread(lo, hi, n, rng):
    """n values in [lo, hi]: log-spaced when the range spans decades, else uniform."""
    if lo > 0 and hi / lo > 1e4:
        return np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    return rng.uniform(lo, hi, n)


def _assert_ulp(got, ref, dtype, ulps=4):
    ref_t = ref.astype(dtype)
    finite = np.isfinite(ref_t)
    np.testing.assert_array_equal(got[~finite], ref_t[~finite])
    err = np.abs(got[finite].astype(np.float64) - ref[finite])
    bound = ulps * np.spacing(np.abs(ref_t[finite])).astype(np.float64)
    bad = err > bound
    assert not bad.any(), (got[finite][bad][:5], ref[finite][bad][:5])


@pytest.mark.parametrize("name", sorted(TRANSCENDENTAL))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_transcendental_within_4_ulp(name, dtype):
    fn, (lo, hi) = TRANSCENDENTAL[name]
    x = _spread(lo, hi, 5000, np.random.default_rng(1)).astype(dtype)
    got = getattr(kiln.math, name)(x).numpy()
    assert got.dtype == dtype
    with np.errstate(all="ignore"):
        _assert_ulp(got, fn(x.astype(np.float64)), dtype)


@pytest.mark.parametrize("name", ["exp", "tanh", "sigmoid", "log", "sin"])
@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16])
def test_16_bit_floats_compute_in_float32(name, dtype):
    fn, (lo, hi) = TRANSCENDENTAL[name]
    x = np.random.default_rng(2).uniform(max(lo, 0.01), min(hi, 8), 300).astype(dtype)
    got = getattr(kiln.math, name)(kiln.constant(x)).numpy()
    assert got.dtype == dtype
    # Computed in float32 and rounded once: within half a unit of the 16-bit precision.
    rtol = 2.0 ** -8 if dtype == ml_dtypes.bfloat16 else 2.0 ** -11
    np.testing.assert_allclose(got.astype(np.float64), fn(x.astype(np.float64)), rtol=rtol, atol=1e-7)


@pytest.mark.parametrize("name", ["sqrt", "exp", "log", "sin", "cos", "tanh", "expm1", "log1p",
                                  "sigmoid", "asinh", "reciprocal", "rsqrt"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex(name, dtype):
    ref = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "reciprocal": lambda z: 1 / z,
           "rsqrt": lambda z: 1 / np.sqrt(z), "asinh": np.arcsinh}.get(name, getattr(np, name, None))
    rng = np.random.default_rng(3)
    z = (rng.uniform(-2, 2, 200) + 1j * rng.uniform(-2, 2, 200)).astype(dtype)
    got = getattr(kiln.math, name)(z).numpy()
    assert got.dtype == dtype
    rtol = 1e-5 if dtype == np.complex64 else 1e-12
    np.testing.assert_allclose(got, ref(z.astype(np.complex128)), rtol=rtol, atol=rtol)


INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]


@pytest.mark.parametrize("dtype", INT_DTYPES + [np.float16, np.float32, np.float64])
def test_exact_ops_match_numpy(dtype):
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    vals = [0, 1, 2, 7, 100] + ([info.min, info.max] if info else [-0.5, 1.5, 2.5, -2.5, np.inf,
                                                                   -np.inf, np.nan, -0.0])
    if info is None or info.min < 0:
        vals += [-1, -7, -100]
    x = np.array(vals, dtype=dtype)
    with np.errstate(all="ignore"):
        for name, ref in [("abs", np.abs), ("negative", np.negative), ("sign", np.sign),
                          ("square", np.square), ("round", np.round),
                          ("relu", lambda v: np.where(v < 0, 0, v).astype(dtype)),
                          ("relu6", lambda v: np.where(v < 0, 0, np.where(v > 6, 6, v)).astype(dtype))]:
            fn = getattr(kiln.math, name, None) or getattr(kiln.nn, name)
            got = fn(x).numpy()
            assert got.dtype == dtype, name
            np.testing.assert_array_equal(got, ref(x), err_msg=name)
        if info is not None:
            np.testing.assert_array_equal(kiln.bitwise.invert(x).numpy(), np.invert(x))
        else:
            for name, ref in [("floor", np.floor), ("ceil", np.ceil), ("is_nan", np.isnan),
                              ("is_inf", np.isinf), ("is_finite", np.isfinite)]:
                np.testing.assert_array_equal(getattr(kiln.math, name)(x).numpy(), ref(x))


def test_complex_abs_sign_square():
    z = np.array([3 + 4j, 0, -1j], dtype=np.complex64)
    a = kiln.abs(z)
    assert a.dtype == kiln.float32
    np.testing.assert_allclose(a.numpy(), [5, 0, 1])
    np.testing.assert_allclose(kiln.sign(z).numpy(), [0.6 + 0.8j, 0, -1j], rtol=1e-6)
    np.testing.assert_allclose(kiln.square(z).numpy(), z * z)
    np.testing.assert_array_equal(kiln.negative(z).numpy(), -z)


def test_logical_not():
    np.testing.assert_array_equal(kiln.logical_not([True, False]).numpy(), [False, True])


def _gelu(x):  # through erfc: 1 + erf(x/√2) would cancel to 0 for negative x
    return 0.5 * x * np.vectorize(math.erfc)(-x / math.sqrt(2))


ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0))),
    "softplus": lambda x: np.logaddexp(0, x),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "gelu": _gelu,
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations(name, dtype):
    x = np.concatenate([np.linspace(-30, 30, 601), [-1e4, 1e4, 0.0]]).astype(dtype)
    with np.errstate(all="ignore"):
        ref = ACTIVATIONS[name](x.astype(np.float64))
    rtol = 4e-6 if dtype == np.float32 else 1e-13
    if name == "gelu" and dtype == np.float32:
        rtol = 3e-5  # x/√2 rounded to float32, then erfc's steep tail: ~x² eps relative
    np.testing.assert_allclose(getattr(kiln.nn, name)(x).numpy(), ref, rtol=rtol, atol=1e-30)


def test_leaky_relu_and_gelu_attributes():
    x = np.array([-2.0, -0.5, 0.0, 3.0], np.float32)
    np.testing.assert_allclose(kiln.nn.leaky_relu(x).numpy(), np.where(x > 0, x, 0.2 * x))
    np.testing.assert_allclose(kiln.nn.leaky_relu(x, alpha=0.1).numpy(), np.where(x > 0, x, 0.1 * x))
    i = kiln.nn.leaky_relu(kiln.constant([-10, 5]))
    assert i.dtype == kiln.float32  # integers give float32, as TF
    np.testing.assert_allclose(i.numpy(), [-2.0, 5.0])
    approx = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    np.testing.assert_allclose(kiln.nn.gelu(x, approximate=True).numpy(), approx, rtol=1e-6)


def _np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("shape, axis", [((5,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1),
                                         ((2, 3, 4), -3), ((4, 1000), 1), ((0, 3), 1), ((3, 0), 0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_and_log_softmax(shape, axis, dtype):
    x = (np.random.default_rng(4).standard_normal(shape) * 30).astype(dtype)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    ref = _np_softmax(x.astype(np.float64), axis)
    np.testing.assert_allclose(kiln.nn.softmax(x, axis=axis).numpy(), ref, rtol=rtol, atol=1e-30)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(kiln.nn.log_softmax(x, axis=axis).numpy(), np.log(ref),
                                   rtol=rtol, atol=1e-5)


def test_softmax_is_stable_and_defaults_to_last_axis():
    x = np.array([[1000.0, 1000.0], [-1000.0, 0.0]], np.float32)
    np.testing.assert_allclose(kiln.nn.softmax(x).numpy(), [[0.5, 0.5], [0, 1]])
    np.testing.assert_allclose(kiln.math.log_softmax(x).numpy(), [[-np.log(2)] * 2, [-1000, 0]])
    h = kiln.nn.softmax(np.ones((2, 4), np.float16))
    assert h.dtype == kiln.float16
    np.testing.assert_allclose(h.numpy(), 0.25)


def test_strided_tensors_read_in_place():
    base = np.arange(2000, dtype=np.float32).reshape(40, 50) / 100
    strided = kiln.from_dlpack(base[::2, ::3])  # shares memory, non-unit strides
    np.testing.assert_allclose(kiln.exp(strided).numpy(), np.exp(base[::2, ::3]), rtol=1e-6)
    np.testing.assert_array_equal(kiln.negative(strided).numpy(), -base[::2, ::3])
    np.testing.assert_allclose(kiln.nn.softmax(strided, axis=0).numpy(),
                               _np_softmax(base[::2, ::3].astype(np.float64), 0), rtol=1e-5)
    rows = [kiln.tanh(r).numpy() for r in kiln.constant(base[:3])]
    np.testing.assert_allclose(rows, np.tanh(base[:3]), rtol=1e-6)


def test_large_parallel_and_strided_parallel():
    x = np.random.default_rng(5).uniform(-10, 10, (300, 400)).astype(np.float32)
    np.testing.assert_allclose(kiln.exp(x).numpy(), np.exp(x), rtol=1e-6)
    np.testing.assert_array_equal(kiln.abs(x).numpy(), np.abs(x))
    big = np.random.default_rng(6).uniform(-5, 5, (600, 500)).astype(np.float64)
    t = kiln.from_dlpack(big[::2, ::2])
    np.testing.assert_allclose(kiln.tanh(t).numpy(), np.tanh(big[::2, ::2]), rtol=1e-14)
    np.testing.assert_array_equal(kiln.square(t).numpy(), np.square(big[::2, ::2]))


@pytest.mark.parametrize("shape", [(), (0,), (3, 0, 2), (1, 1)])
def test_scalars_and_zero_size(shape):
    x = np.full(shape, 0.25, np.float32)
    got = kiln.exp(x)
    assert got.shape == shape
    np.testing.assert_allclose(got.numpy(), np.exp(x), rtol=1e-7)
    assert kiln.negative(3).numpy() == -3


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-50, 50, width=32), min_size=0, max_size=40))
def test_property_tanh_and_sigmoid(values):
    x = np.array(values, np.float32)
    np.testing.assert_allclose(kiln.tanh(x).numpy(), np.tanh(x.astype(np.float64)), rtol=1e-6,
                               atol=1e-7)
    np.testing.assert_allclose(kiln.sigmoid(x).numpy(), 1 / (1 + np.exp(-x.astype(np.float64))),
                               rtol=1e-6, atol=1e-30)


def test_namespaces_match_tf():
    for name in ["abs", "exp", "tanh", "sigmoid", "round", "logical_not"]:
        assert getattr(kiln, name) is getattr(kiln.math, name)
    assert kiln.nn.tanh is kiln.tanh and kiln.nn.softmax is kiln.math.softmax
    assert not hasattr(kiln, "relu") and not hasattr(kiln, "log")
    assert callable(kiln.bitwise.invert)


@pytest.mark.parametrize("call, message", [
    (lambda: kiln.exp(kiln.constant([1])), "[exp] expects a floating-point or complex tensor"),
    (lambda: kiln.math.floor(kiln.constant([1])), "[floor] expects a floating-point tensor"),
    (lambda: kiln.math.erf(kiln.constant([1j])), "got complex128"),
    (lambda: kiln.abs(kiln.constant([True])), "[abs] expects a numeric tensor"),
    (lambda: kiln.nn.relu(kiln.constant([1j])), "[relu] expects an integer or real"),
    (lambda: kiln.bitwise.invert(kiln.constant([1.0])), "[invert] expects an integer tensor"),
    (lambda: kiln.logical_not(kiln.constant([1])), "[logical_not] expects a bool tensor"),
    (lambda: kiln.nn.softmax(kiln.constant(1.0)), "at least one dimension"),
    (lambda: kiln.nn.log_softmax(kiln.zeros([2, 3]), axis=2),
     "[log_softmax] axis 2 is out of range for a tensor of rank 2"),
    (lambda: kiln.nn.softmax(kiln.constant([1, 2])), "[softmax] expects a floating-point tensor"),
])
def test_errors(call, message):
    with pytest.raises(errors.InvalidArgumentError) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sqrt_is_correctly_rounded(dtype):
    # The hardware's square root: IEEE's correctly rounded result, so exactly
    # NumPy's, for every length's vector part and tail, and -0, inf, nan, subnormals.
    special = [0.0, -0.0, -1.0, np.inf, -np.inf, np.nan, 2.0, 1e-45, 3.0e38]
    x = np.concatenate([special, np.random.RandomState(0).uniform(0, 1e6, 1000)]).astype(dtype)
    for n in (1, 3, 8, 9, len(x)):
        got = kiln.sqrt(x[:n]).numpy()
        np.testing.assert_array_equal(got, np.sqrt(x[:n]))
        assert np.array_equal(np.signbit(got), np.signbit(np.sqrt(x[:n])))
