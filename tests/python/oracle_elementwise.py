"""NumPy references for the elementwise ops (test_op_oracle.py): NumPy's ufunc
on the inputs widened to float64/complex128, rounded to the result's dtype;
integers in their own dtype, so that they wrap as TF's kernels do."""

import math

import numpy as np
from hypothesis import strategies as st

import kiln
from fuzz_inputs import DTYPES, arrays
from oracle_common import MUST_RAISE, OP_DEFS, OP_INDEX, wide, shapes

def _same(x, *_):
    return x.dtype


def _truediv_dtype(x, *_):
    # TF's truediv: small integers to float32, 32/64-bit integers to float64.
    if x.dtype.kind in "iu":
        return np.dtype(np.float32) if x.dtype.itemsize <= 2 else np.dtype(np.float64)
    return x.dtype


def _bool(*_):
    return np.dtype(np.bool_)


def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def _gelu(x, approximate):
    if approximate:
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + _erf(x / math.sqrt(2)))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

# name: (function of the widened inputs and attrs, result dtype, attr strategies)
MATH = {
    "sqrt": (np.sqrt, _same, ()), "rsqrt": (lambda x: 1 / np.sqrt(x), _same, ()),
    "exp": (np.exp, _same, ()), "expm1": (np.expm1, _same, ()), "log": (np.log, _same, ()),
    "log1p": (np.log1p, _same, ()), "sin": (np.sin, _same, ()), "cos": (np.cos, _same, ()),
    "tan": (np.tan, _same, ()), "asin": (np.arcsin, _same, ()), "acos": (np.arccos, _same, ()),
    "atan": (np.arctan, _same, ()), "sinh": (np.sinh, _same, ()), "cosh": (np.cosh, _same, ()),
    "tanh": (np.tanh, _same, ()), "asinh": (np.arcsinh, _same, ()),
    "acosh": (np.arccosh, _same, ()), "atanh": (np.arctanh, _same, ()),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), _same, ()), "erf": (_erf, _same, ()),
    "softplus": (lambda x: np.logaddexp(0, x), _same, ()),
    "softsign": (lambda x: x / (1 + np.abs(x)), _same, ()),
    "elu": (lambda x: np.where(x > 0, x, np.expm1(x)), _same, ()),
    "selu": (lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)), _same, ()),
    "gelu": (_gelu, _same, (st.booleans(),)),
    # TF's leaky_relu casts integer features to float32 first.
    "leaky_relu": (lambda x, a: np.where(x > 0, x, a * x),
                   lambda x: np.dtype(np.float32) if x.dtype.kind in "biu" else x.dtype,
                   (st.sampled_from([0.0, 0.2, 1.0, -0.5, 3.0]),)),
    "reciprocal": (lambda x: 1 / x, _same, ()), "square": (np.square, _same, ()),
    "abs": (np.abs, lambda x: np.dtype(x.real.dtype), ()), "negative": (np.negative, _same, ()),
    "sign": (np.sign, _same, ()), "floor": (np.floor, _same, ()), "ceil": (np.ceil, _same, ()),
    "round": (np.round, _same, ()), "relu": (lambda x: np.maximum(x, 0), _same, ()),
    "relu6": (lambda x: np.minimum(np.maximum(x, 0), 6), _same, ()),
    "is_nan": (np.isnan, _bool, ()), "is_inf": (np.isinf, _bool, ()),
    "is_finite": (np.isfinite, _bool, ()), "identity": (lambda x: x, _same, ()),
    "add": (np.add, _same, ()), "subtract": (np.subtract, _same, ()),
    "multiply": (np.multiply, _same, ()), "maximum": (np.maximum, _same, ()),
    "minimum": (np.minimum, _same, ()), "atan2": (np.arctan2, _same, ()),
    "squared_difference": (lambda a, b: (a - b) * np.conj(a - b), _same, ()),
    "divide": (np.true_divide, _truediv_dtype, ()),
    "divide_no_nan": (lambda a, b: np.where(b == 0, 0, a / np.where(b == 0, 1, b)),
                      _truediv_dtype, ()),
    # Floats: TF floors the quotient rounded to the dtype (Eigen's floor(x / y)).
    "floordiv": (lambda a, b, dtype=None: np.floor(a / b) if dtype is None else
                 np.floor((a / b).astype(dtype)), _same, ()), "pow": (np.power, _same, ()),
    "floormod": (np.mod, _same, ()), "equal": (np.equal, _bool, ()),
    "not_equal": (np.not_equal, _bool, ()), "less": (np.less, _bool, ()),
    "less_equal": (np.less_equal, _bool, ()), "greater": (np.greater, _bool, ()),
    "greater_equal": (np.greater_equal, _bool, ()),
    "where": (lambda c, x, y: np.where(c, x, y), lambda c, x, y: x.dtype, ()),
    # TF clips to the top first, so where lo > hi the result is lo (np.clip gives hi).
    "clip_by_value": (lambda x, lo, hi: np.maximum(np.minimum(x, hi), lo), _same, ()),
}
def _clamped_shift(shift):
    """TF's shift kernels clamp y to [0, bits - 1] (NumPy's shifts past the width differ)."""
    return lambda x, y: shift(x, np.clip(y, 0, 8 * x.dtype.itemsize - 1).astype(x.dtype))


# Integer (and bool) inputs are computed in their own dtype, so that they wrap
# as TF's kernels do; TF's refusals are spelled out.
INTEGER = {
    "logical_and": np.logical_and, "logical_or": np.logical_or, "logical_xor": np.logical_xor,
    "logical_not": np.logical_not, "invert": np.invert, "bitwise_and": np.bitwise_and,
    "bitwise_or": np.bitwise_or, "bitwise_xor": np.bitwise_xor,
    "left_shift": _clamped_shift(np.left_shift), "right_shift": _clamped_shift(np.right_shift),
}


def _integer_reference(name, inputs, attrs):
    x = inputs[0]
    if name in ("floordiv", "floormod") and np.any(inputs[1] == 0):
        return MUST_RAISE  # TF: "Integer division by zero"
    if name == "pow" and np.any(inputs[1] < 0):
        return MUST_RAISE  # TF: "Integers to negative integer powers are not allowed"
    if name in ("divide", "divide_no_nan", "atan2", "leaky_relu", "is_nan", "is_inf", "is_finite"):
        return None  # computed in float64 like the floats
    with np.errstate(all="ignore"):
        if name in INTEGER:
            return INTEGER[name](*inputs)
        if name == "floordiv":
            return np.floor_divide(*inputs)
        if name == "squared_difference":
            return np.square(np.subtract(*inputs))
        if name in ("floor", "ceil", "round", "relu6", "relu") and x.dtype.kind in "iu":
            return MATH[name][0](x).astype(x.dtype)
        return MATH[name][0](*inputs, *attrs)


def elementwise_reference(name, inputs, attrs):
    if name in INTEGER and not all(x.dtype.kind in "biu" for x in inputs):
        return MUST_RAISE  # logical and bitwise ops take bools and integers only
    if name == "where":
        return np.where(*inputs)  # a selection: exact in every dtype
    if all(x.dtype.kind in "biu" for x in inputs):
        want = _integer_reference(name, inputs, attrs)
        if want is not None:
            return want
    fn, out_dtype, _ = MATH[name]
    if name == "pow" and inputs[0].dtype.kind == "c":
        # TF (and kiln) compute a complex power as exp(y * log(x)): x ** 0 is NaN
        # where x is 0 or not finite (NumPy: 1), checked against TF 2.21.
        fn = lambda x, y: np.exp(y * np.log(x))  # noqa: E731
    with np.errstate(all="ignore"):
        widened = [x if x.dtype == np.bool_ else wide(x) for x in inputs]
        extra = {"dtype": inputs[0].dtype} if name == "floordiv" else {}
        want = np.asarray(fn(*widened, *attrs, **extra))
        dtype = out_dtype(*inputs)
        if dtype.kind not in "c" and want.dtype.kind == "c":
            want = want.real
        return want.astype(dtype)


# ---- how calls are drawn

def _broadcastable(draw, shape):
    """A shape that broadcasts with `shape`: a suffix of it, some dims set to 1."""
    cut = draw(st.integers(0, len(shape)))
    return [1 if draw(st.booleans()) and draw(st.booleans()) else d for d in shape[cut:]]


@st.composite
def elementwise_calls(draw):
    name = draw(st.sampled_from(sorted(MATH) + sorted(INTEGER)))
    arity = OP_DEFS[OP_INDEX[name]]["min_inputs"]
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(shapes)
    inputs = []
    for k in range(arity):
        dt = kiln.bool if name == "where" and k == 0 else dtype
        if draw(st.integers(0, 9)) == 0:
            dt = draw(st.sampled_from(DTYPES))  # mismatched dtypes must be refused
        inputs.append(draw(arrays(dt, _broadcastable(draw, shape))))
    attrs = tuple(draw(s) for s in (MATH[name][2] if name in MATH else ()))
    # Unary functions may lose absolute accuracy with the argument's size (sin
    # of 1e5 after argument reduction); binary ones are relative to the result.
    scale = np.nan_to_num(1 + np.abs(wide(inputs[0]))) if arity == 1 else 1.0
    return name, inputs, attrs, lambda: elementwise_reference(name, inputs, attrs), scale
