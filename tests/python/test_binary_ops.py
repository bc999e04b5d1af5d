"""Binary family: elementwise ops, where, clip_by_value and the Python operators.

NumPy is the oracle: integer results exact, float results within rtol 1e-6
(float32/64; 1e-3 for float16) — the kernels compute one rounding per element
like NumPy, but pow/atan2 may use different libm paths.
"""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
import kiln._tensor_operators  # noqa: F401 - installs the operators (also imported by kiln)
from kiln import errors

INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOATS = [np.float16, np.float32, np.float64]
COMPLEX = [np.complex64, np.complex128]


def _values(dtype, shape, seed, low=-50, high=50, nonzero=False):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind == "u":
        low = max(low, 0)
    if dtype.kind in "iu":
        v = rng.integers(low, high, size=shape).astype(dtype)
    else:
        v = (rng.uniform(low, high, size=shape)).astype(dtype)
        if dtype.kind == "c":
            v = (v + 1j * rng.uniform(low, high, size=shape)).astype(dtype)
    if nonzero:
        v = np.where(v == 0, np.ones((), dtype), v).astype(dtype)
    return v


def _check(got, want):
    got = got.numpy() if hasattr(got, "numpy") else got
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    if want.dtype.kind in "fc":
        rtol = 1e-3 if want.dtype == np.float16 else 1e-6
        np.testing.assert_allclose(got, want, rtol=rtol, atol=0, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, want)


def _floor_div(x, y):
    return np.floor_divide(x, y) if x.dtype.kind in "iu" else np.floor(x / y).astype(x.dtype)


def _floor_mod(x, y):
    if x.dtype.kind in "iu":
        return np.mod(x, y)
    r = np.fmod(x, y)
    return np.where((r != 0) & ((y < 0) != (r < 0)), r + y, r).astype(x.dtype)


def _squared_difference(x, y):
    if x.dtype == np.float16:  # kiln rounds once, from float32
        d = x.astype(np.float32) - y.astype(np.float32)
        return (d * d).astype(np.float16)
    return (x - y) * (x - y)


def _true_div(x, y):
    if x.dtype.kind in "iu":
        wide = np.float32 if x.dtype.itemsize <= 2 else np.float64
        return x.astype(wide) / y.astype(wide)
    return x / y


def test_the_seed_addition():
    d = kiln.constant([[9, 10], [11, 12]], dtype=kiln.int32)
    e = kiln.constant([[13, 14], [15, 16]], dtype=kiln.int32)
    f = kiln.add(d, e)
    np.testing.assert_array_equal(f.numpy(), [[22, 24], [26, 28]])
    assert f.dtype == kiln.int32


# (kiln op, NumPy oracle, dtypes, value options)
OPS = {
    "add": (kiln.add, np.add, INTS + FLOATS + COMPLEX, {}),
    "subtract": (kiln.subtract, np.subtract, INTS + FLOATS + COMPLEX, {}),
    "multiply": (kiln.multiply, np.multiply, INTS + FLOATS + COMPLEX, {}),
    "divide": (kiln.divide, _true_div, INTS + FLOATS + COMPLEX, {"nonzero": True}),
    "floordiv": (kiln.math.floordiv, _floor_div, INTS + FLOATS, {"nonzero": True}),
    "floormod": (kiln.math.floormod, _floor_mod, INTS + FLOATS, {"nonzero": True}),
    "pow": (kiln.pow, np.power, INTS + FLOATS, {"low": 0, "high": 5}),
    "maximum": (kiln.maximum, np.maximum, INTS + FLOATS, {}),
    "minimum": (kiln.minimum, np.minimum, INTS + FLOATS, {}),
    "squared_difference": (kiln.math.squared_difference, _squared_difference,
                           INTS[:4] + FLOATS, {"low": -10, "high": 10}),
    "atan2": (kiln.atan2, np.arctan2, FLOATS, {}),
    "divide_no_nan": (kiln.math.divide_no_nan, np.divide, FLOATS + COMPLEX, {"nonzero": True}),
    "equal": (kiln.equal, np.equal, INTS + FLOATS + COMPLEX + [np.bool_], {"low": 0, "high": 3}),
    "not_equal": (kiln.not_equal, np.not_equal, INTS + FLOATS + [np.bool_], {"low": 0, "high": 3}),
    "less": (kiln.less, np.less, INTS + FLOATS, {"low": 0, "high": 3}),
    "less_equal": (kiln.less_equal, np.less_equal, INTS + FLOATS, {"low": 0, "high": 3}),
    "greater": (kiln.greater, np.greater, INTS + FLOATS, {"low": 0, "high": 3}),
    "greater_equal": (kiln.greater_equal, np.greater_equal, INTS + FLOATS, {"low": 0, "high": 3}),
    "logical_and": (kiln.logical_and, np.logical_and, [np.bool_], {}),
    "logical_or": (kiln.logical_or, np.logical_or, [np.bool_], {}),
    "logical_xor": (kiln.math.logical_xor, np.logical_xor, [np.bool_], {}),
    "bitwise_and": (kiln.bitwise.bitwise_and, np.bitwise_and, INTS, {"low": -100, "high": 100}),
    "bitwise_or": (kiln.bitwise.bitwise_or, np.bitwise_or, INTS, {"low": -100, "high": 100}),
    "bitwise_xor": (kiln.bitwise.bitwise_xor, np.bitwise_xor, INTS, {"low": -100, "high": 100}),
    "left_shift": (kiln.bitwise.left_shift, np.left_shift, INTS, {"low": 0, "high": 7}),
    "right_shift": (kiln.bitwise.right_shift, np.right_shift, INTS, {"low": 0, "high": 7}),
}
CASES = [(name, np.dtype(d).name) for name, (_, _, dts, _) in OPS.items() for d in dts]
SHAPES = [((5,), (5,)), ((2, 3), (3,)), ((4, 1), (1, 5)), ((), (2, 2)), ((2, 2), ()),
          ((0, 3), (1, 3)), ((2, 1, 3), (4, 1))]


@pytest.mark.parametrize("name, dtype", CASES)
def test_matches_numpy_every_dtype_and_broadcast(name, dtype):
    fn, oracle, _, opts = OPS[name]
    for i, (sx, sy) in enumerate(SHAPES):
        x = _values(dtype, sx, seed=i, **{k: v for k, v in opts.items() if k != "nonzero"})
        y = _values(dtype, sy, seed=100 + i, **opts)
        with np.errstate(all="ignore"):
            want = np.asarray(oracle(x, y))
        _check(fn(x, y), want)
        # The same through strided kiln tensors that share NumPy's memory.
        xs = np.repeat(x[..., None], 2, axis=-1)[..., 0] if x.ndim else x
        ys = np.repeat(y[..., None], 2, axis=-1)[..., 0] if y.ndim else y
        _check(fn(kiln.from_dlpack(xs), kiln.from_dlpack(ys)), want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.int16])
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "maximum", "minimum",
                                  "squared_difference", "less", "floordiv"])
def test_large_inputs_hit_simd_and_parallel_paths(name, dtype):
    fn, oracle, _, opts = OPS[name]
    n = 100_003  # not a multiple of any vector width: the tail is exercised
    x = _values(dtype, (n,), 1, **{k: v for k, v in opts.items() if k != "nonzero"})
    y = _values(dtype, (n,), 2, nonzero=True)
    with np.errstate(all="ignore"):
        _check(fn(x, y), np.asarray(oracle(x, y)))
        _check(fn(x, y[:1].reshape(())), np.asarray(oracle(x, y[:1].reshape(()))))  # vector op scalar
        _check(fn(x[7], y), np.asarray(oracle(x[7], y)))  # scalar op vector
        col, row = x[:317 * 300].reshape(317, 300), y[:300]
        _check(fn(col, row), np.asarray(oracle(col, row)))


def test_strided_and_reversed_views():
    a = np.arange(4 * 6 * 5, dtype=np.float32).reshape(4, 6, 5) - 50
    t = kiln.constant(a)
    views = [a[:, ::2], a[::2, ::-1], np.transpose(a, (2, 0, 1))]
    for v in views:
        _check(kiln.multiply(v, 2.0), v * 2)
    rows = list(t)  # iteration yields views of rows
    _check(kiln.add(rows[1], rows[3]), a[1] + a[3])
    _check(kiln.maximum(kiln.from_dlpack(a[:, ::3]), a[:, ::3][:, :1]),
           np.maximum(a[:, ::3], a[:, ::3][:, :1]))


def test_float_special_values():
    nan, inf = np.nan, np.inf
    x = np.array([nan, 1, 5, -5, 1, -1, 0], np.float32)
    y = np.array([1, nan, -3, 3, 0, inf, 0], np.float32)
    with np.errstate(all="ignore"):
        _check(kiln.maximum(x, y), np.maximum(x, y))
        _check(kiln.minimum(x, y), np.minimum(x, y))
        _check(kiln.divide(x, y), x / y)
        _check(kiln.math.floormod(x, y), _floor_mod(x, y))
    _check(kiln.math.divide_no_nan(np.array([1, nan, inf, 1], np.float64), np.array([0, 0, 0, 2.])),
           np.array([0, 0, 0, 0.5]))
    big = np.full(70_000, nan, np.float32)
    assert np.isnan(kiln.maximum(big, np.float32(1)).numpy()).all()


def test_floordiv_floors_the_quotient_rounded_to_the_dtype():
    # TF 2.21: floordiv(float16(361.5), float16(3.615)) == 100.0; the float32
    # quotient 99.9935 floors to 99 (NumPy's answer), float16 rounds it to 100.
    a, b = np.array([361.5, 7.0], np.float16), np.array([3.615, 2.0], np.float16)
    _check(kiln.math.floordiv(a, b), np.array([100.0, 3.0], np.float16))
    _check(kiln.math.floordiv(a.astype(np.float32), b.astype(np.float32)),
           np.floor_divide(a.astype(np.float32), b.astype(np.float32)))


def test_integer_semantics():
    imin = np.iinfo(np.int32).min
    _check(kiln.add(np.array([2**31 - 1], np.int32), np.array([1], np.int32)),
           np.array([imin], np.int32))
    _check(kiln.math.floordiv(np.array([imin, 7, -7], np.int32), np.array([-1, -2, 2], np.int32)),
           np.array([imin, -4, -4], np.int32))
    _check(kiln.math.floormod(np.array([imin, 7, -7], np.int32), np.array([-1, -2, 2], np.int32)),
           np.array([0, -1, 1], np.int32))
    _check(kiln.pow(np.array([3, 2, -2], np.int32), np.array([40, 0, 3], np.int32)),
           np.array([689956897, 1, -8], np.int32))
    _check(kiln.bitwise.left_shift(np.array([1, 1, 1, -1], np.int32), np.array([31, 32, -1, 40], np.int32)),
           np.array([imin, imin, 1, imin], np.int32))
    _check(kiln.bitwise.right_shift(np.array([-8, -8, 8, 8], np.int32), np.array([1, 40, -1, 33], np.int32)),
           np.array([-4, -1, 8, 0], np.int32))
    _check(kiln.bitwise.left_shift(np.array([200, 1], np.uint8), np.array([9, 7], np.uint8)),
           np.array([0, 128], np.uint8))
    _check(kiln.multiply(np.array([65535], np.uint16), np.array([65535], np.uint16)),
           np.array([1], np.uint16))
    assert kiln.divide(np.array([1], np.int8), np.array([2], np.int8)).dtype == kiln.float32
    assert kiln.divide(np.array([1], np.uint32), np.array([2], np.uint32)).dtype == kiln.float64
    assert kiln.truediv is kiln.divide and kiln.math.mod is kiln.math.floormod


def test_bfloat16():
    import ml_dtypes
    x = np.array([1.5, -2.25, 3.0], ml_dtypes.bfloat16)
    y = np.array([0.5, 4.0, -1.0], ml_dtypes.bfloat16)
    for fn, oracle in [(kiln.add, np.add), (kiln.multiply, np.multiply), (kiln.maximum, np.maximum),
                       (kiln.less, np.less)]:
        np.testing.assert_array_equal(fn(x, y).numpy(), oracle(x, y))


def test_where():
    cond = np.array([[True], [False]])
    _check(kiln.where(cond, np.array([1, 2, 3], np.int32), np.int32(0)),
           np.where(cond, np.array([1, 2, 3], np.int32), np.int32(0)))
    _check(kiln.where(np.array([True, False]), 1.5, kiln.constant([2.0, 3.0])),
           np.array([1.5, 3.0], np.float32))
    c = np.random.default_rng(0).integers(0, 2, 100_001).astype(bool)
    x = np.arange(100_001, dtype=np.float64)
    _check(kiln.where(kiln.from_dlpack(np.repeat(c, 2)[::2]), x, -x), np.where(c, x, -x))
    _check(kiln.where(np.zeros((0, 2), bool), 1, 2), np.zeros((0, 2), np.int32))


def test_where_errors():
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None"):
        kiln.where(kiln.constant([True]), x=kiln.constant([1]))
    with pytest.raises(errors.InvalidArgumentError, match=r"\[where\] condition must be bool, got int32"):
        kiln.where(kiln.constant([1, 0]), kiln.constant([1, 2]), kiln.constant([3, 4]))
    with pytest.raises(errors.InvalidArgumentError, match=r"\[where\] x is int32 but y is float32"):
        kiln.where(kiln.constant([True]), kiln.constant([1]), kiln.constant([1.0]))
    if "where_indices" not in kiln._ops.registered_ops():
        with pytest.raises(errors.UnimplementedError, match="needs the 'where_indices' op"):
            kiln.where(kiln.constant([True]))
    else:
        np.testing.assert_array_equal(kiln.where(kiln.constant([False, True])).numpy(), [[1]])


def test_clip_by_value():
    _check(kiln.clip_by_value(np.array([1, 5, 9], np.int32), 2, 7), np.array([2, 5, 7], np.int32))
    _check(kiln.clip_by_value(np.array([np.nan, 1.0], np.float32), 0.0, 0.5),
           np.array([np.nan, 0.5], np.float32))
    _check(kiln.clip_by_value(np.array([1.0, 5.0]), 4.0, 2.0), np.array([4.0, 4.0]))
    t = np.arange(12, dtype=np.float32).reshape(3, 4)
    _check(kiln.clip_by_value(t, np.array([[2], [5], [9]], np.float32), np.float32(6)),
           np.maximum(np.minimum(t, 6), [[2], [5], [9]]).astype(np.float32))  # TF's order
    with pytest.raises(ValueError, match=r"\[clip_by_value\] Shapes \(3,\) and \(2, 3\) are incompatible"):
        kiln.clip_by_value(kiln.constant([1, 5, 9]), kiln.constant([[2], [3]]), 7)
    with pytest.raises(errors.InvalidArgumentError, match="t is float32 but clip_value_min is float64"):
        kiln.clip_by_value(kiln.constant([1.0]), kiln.constant(0.0, kiln.float64), 2.0)
    with pytest.raises(errors.InvalidArgumentError, match=r"\[clip_by_value\] is not defined for bool"):
        kiln.clip_by_value(kiln.constant([True]), True, True)


@pytest.mark.parametrize("call, error, message", [
    (lambda: kiln.add(kiln.constant([1]), kiln.constant([1.0])), errors.InvalidArgumentError,
     "[add] x is int32 but y is float32"),
    (lambda: kiln.add(kiln.zeros([2, 3]), kiln.zeros([4])), errors.InvalidArgumentError,
     "[add] Incompatible shapes: (2, 3) and (4,)"),
    (lambda: kiln.add(kiln.constant([True]), kiln.constant([False])), errors.InvalidArgumentError,
     "[add] is not defined for bool tensors; it accepts integer, float, complex tensors. For bools"),
    (lambda: kiln.math.floordiv(kiln.constant([5]), kiln.constant([0])),
     errors.InvalidArgumentError, "[floordiv] Integer division by zero"),
    (lambda: kiln.math.floormod(kiln.constant([5, 1]), 0), errors.InvalidArgumentError,
     "[floormod] Integer division by zero"),
    (lambda: kiln.pow(kiln.constant([2]), kiln.constant([-1])), errors.InvalidArgumentError,
     "[pow] Integers to negative integer powers are not allowed"),
    (lambda: kiln.less(kiln.constant([True]), kiln.constant([True])), errors.InvalidArgumentError,
     "[less] is not defined for bool tensors"),
    (lambda: kiln.maximum(kiln.constant([1j]), kiln.constant([1j])), errors.InvalidArgumentError,
     "[maximum] is not defined for complex128 tensors; it accepts integer, float tensors"),
    (lambda: kiln.logical_and(kiln.constant([1]), kiln.constant([1])), errors.InvalidArgumentError,
     "[logical_and] is not defined for int32 tensors; it accepts bool tensors"),
    (lambda: kiln.bitwise.bitwise_and(kiln.constant([1.0]), kiln.constant([1.0])),
     errors.InvalidArgumentError, "[bitwise_and] is not defined for float32 tensors"),
    (lambda: kiln.atan2(kiln.constant([1]), kiln.constant([1])), errors.InvalidArgumentError,
     "[atan2] is not defined for int32 tensors; it accepts float tensors"),
    (lambda: kiln.math.divide_no_nan(kiln.constant([1]), kiln.constant([1])),
     errors.InvalidArgumentError, "[divide_no_nan] is not defined for int32 tensors"),
    (lambda: kiln.divide(kiln.constant([True]), kiln.constant([True])), errors.InvalidArgumentError,
     "[divide] is not defined for bool tensors"),
])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_python_scalars_take_the_tensor_dtype():
    t = kiln.constant([1.5, 2.5], dtype=kiln.float64)
    assert kiln.add(t, 1).dtype == kiln.float64
    assert kiln.add(2, kiln.constant([1], kiln.uint8)).dtype == kiln.uint8
    assert kiln.add(1, 2).dtype == kiln.int32
    assert kiln.math.add is kiln.add
    from kiln import math_ops  # an op family: not a name of kiln, still importable
    assert kiln.bitwise.left_shift is math_ops.left_shift


def test_operators_arithmetic():
    x = kiln.constant([1, 2, 7], kiln.int32)
    f = kiln.constant([1.0, 2.0, 4.0])
    a = np.array([1, 2, 7], np.int32)
    _check(x + 1, a + 1)
    _check(1 + x, a + 1)
    _check(x - 1, a - 1)
    _check(10 - x, 10 - a)
    _check(x * 3, a * 3)
    _check(3 * x, a * 3)
    _check(x / 2, a / 2)  # int32 / → float64, as TF
    _check(5 / x, 5 / a)
    _check(x // 2, a // 2)
    _check(9 // x, 9 // a)
    _check(x % 3, a % 3)
    _check(9 % x, 9 % a)
    _check(x ** 2, a ** 2)
    _check(2 ** x, 2 ** a)
    _check(f ** 0.5, np.array([1.0, 2.0, 4.0], np.float32) ** 0.5)
    _check(x + x, a + a)
    _check(x + np.array([1.0, 2.0, 3.0]), a + np.array([1, 2, 3], np.int32))  # NumPy cast, as TF
    _check(np.array([1, 2, 3], np.int32) + x, a + np.array([1, 2, 3], np.int32))
    assert isinstance(np.float32(2) * f, kiln.Tensor)  # NumPy defers to the tensor


def test_operators_comparison_logical_bitwise():
    x = kiln.constant([1, 2, 7])
    a = np.array([1, 2, 7], np.int32)
    _check(x < 2, a < 2)
    _check(2 < x, 2 < a)
    _check(x <= 2, a <= 2)
    _check(x > 2, a > 2)
    _check(x >= 2, a >= 2)
    _check(x == 2, a == 2)
    _check(x != 2, a != 2)
    _check(x & 3, a & 3)
    _check(3 | x, 3 | a)
    _check(x ^ 3, a ^ 3)
    b = kiln.constant([True, False])
    _check(b & True, np.array([True, False]))
    _check(True | b, np.array([True, True]))
    _check(b ^ b, np.array([False, False]))
    assert (x == None) is False  # noqa: E711 - TF's rule
    assert (x != None) is True  # noqa: E711
    assert bool((x == kiln.constant([1, 2])).numpy()) is False  # shapes do not broadcast
    assert bool((x != [1, 2]).numpy()) is True


def test_operator_dtype_errors_follow_tf():
    x = kiln.constant([1, 2])
    with pytest.raises(errors.InvalidArgumentError, match="x is int32 but y is float32"):
        x + 1.5
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        1.5 + x
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        x == 1.5
    with pytest.raises(errors.InvalidArgumentError, match=r"\[equal\] x is int32 but y is float32"):
        x == kiln.constant([1.0, 2.0])


def test_unhashable_and_ref():
    x = kiln.constant([1, 2])
    with pytest.raises(TypeError, match="Tensor is unhashable. Instead, use tensor.ref"):
        hash(x)
    with pytest.raises(TypeError):
        {x}  # noqa: B018
    r = x.ref()
    assert r == x.ref() and hash(r) == hash(x.ref()) and r.deref() is x
    assert r != kiln.constant([1, 2]).ref()
    assert {r: 1}[x.ref()] == 1
    assert "Reference wrapping" in repr(r)


def test_unary_and_matmul_operators_delegate():
    import kiln.unary_ops as unary
    x = kiln.constant([1, -2])
    for op_call, op_name in [(lambda: -x, "negative"), (lambda: abs(x), "abs"),
                             (lambda: ~x, "invert"), (lambda: ~kiln.constant([True]), "logical_not")]:
        if hasattr(unary, op_name):
            op_call()
        else:
            with pytest.raises(errors.UnimplementedError, match=f"needs kiln.{op_name}"):
                op_call()
    if hasattr(kiln, "matmul"):
        m = kiln.constant([[1.0, 2.0]])
        _check(m @ kiln.constant([[3.0], [4.0]]), np.array([[11.0]], np.float32))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=0, max_size=4),
       st.lists(st.booleans(), min_size=4, max_size=4), st.integers(0, 2**31))
def test_broadcasting_property(shape, drop, seed):
    # y is x's shape with some axes set to 1 and some leading axes removed.
    yshape = [1 if d else s for s, d in zip(shape, drop)][seed % (len(shape) + 1):]
    x = _values(np.float32, tuple(shape), seed % 1000)
    y = _values(np.float32, tuple(yshape), seed % 1000 + 1)
    _check(kiln.add(x, y), x + y)
    _check(kiln.subtract(y, x), y - x)
    _check(kiln.multiply(kiln.from_dlpack(np.repeat(x[..., None], 2, -1)[..., 1]) if x.ndim else x, y),
           x * y)


def test_complex_power_of_special_bases_is_tfs():
    # TF computes exp(y * log(x)): x ** 0 is NaN where x is 0 or not finite (NumPy: 1).
    import json
    import pathlib
    ref = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                      "complex_pow.json").read_text())
    bases = np.array([complex(b) for b in ref["bases"]], np.complex64)
    got = kiln.pow(kiln.constant(bases), kiln.constant(np.zeros(len(bases), np.complex64))).numpy()
    assert [repr(complex(v)) for v in got] == ref["results"]
