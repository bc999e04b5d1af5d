"""NumPy's ufuncs on kiln tensors (python/kiln/_np/_ufuncs.py): each name and
alias, float32 and float64 inputs in their domain, integer and bool inputs
where NumPy's loops take them, broadcasting, weak Python scalars, mixed dtypes
that promote, and dtype=. Transcendental functions: 4 ULPs (SLEEF's 1 ULP,
plus the reference's and a composition's rounding)."""

import numpy as np

from numpy_table import Case, bools, floats, ints, positive
import numpy_table

numpy_table.seed("ufuncs")

F32, F64 = np.float32, np.float64


def _unit(*shape, dtype=F32):
    return floats(*shape, dtype=dtype, low=-0.95, high=0.95)


def _unary(fn, make, ulps=4, dtypes=(F32, F64)):
    return [Case(fn, (make(3, 4, dtype=d),), ulps=ulps, label=np.dtype(d).name) for d in dtypes]


CASES = []
for _fn in ("sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "arcsinh", "exp", "expm1",
            "exp2", "cbrt"):
    CASES += _unary(_fn, floats)
for _fn in ("log", "log2", "log10", "log1p", "sqrt", "reciprocal"):
    CASES += _unary(_fn, positive)
for _fn in ("arcsin", "arccos", "arctanh"):
    CASES += _unary(_fn, _unit)
CASES += _unary("arccosh", lambda *s, dtype: positive(*s, dtype=dtype, low=1.0, high=9.0))
for _fn in ("negative", "positive", "absolute", "abs", "fabs", "sign", "square", "floor", "ceil",
            "trunc", "fix", "rint", "deg2rad", "rad2deg", "radians", "degrees", "conj",
            "conjugate", "signbit", "isnan", "isinf", "isfinite", "logical_not"):
    CASES += _unary(_fn, floats, ulps=1, dtypes=(F32,))
CASES += [
    # integer and bool inputs: NumPy's integer loops, or float64 for transcendental ones
    Case("sin", (ints(5),), ulps=4, label="int32 gives float64"),
    Case("sqrt", (ints(5, low=0),), ulps=1, label="int32 gives float64"),
    Case("negative", (ints(2, 3),), label="int32"),
    Case("absolute", (ints(2, 3, dtype=np.int64),), label="int64"),
    Case("sign", (ints(6),), label="int32"),
    Case("square", (ints(6),), label="int32"),
    Case("isnan", (ints(6),), label="int32"),
    Case("isfinite", (ints(6),), label="int32"),
    Case("signbit", (ints(6),), label="int32"),
    Case("invert", (ints(6),), label="int32"),
    Case("invert", (bools(6),), label="bool"),
    Case("bitwise_not", (ints(6, dtype=np.int64),), label="int64"),
    Case("logical_not", (ints(6),), label="int32"),
    Case("rint", (np.array([0.5, 1.5, 2.5, -0.5, -1.5, 3.7], F32),), label="half to even"),
    Case("signbit", (np.array([0.0, -0.0, 1.0, -2.0, np.inf, -np.inf], F64),),
         label="signed zero"),
    Case("isinf", (np.array([np.inf, -np.inf, np.nan, 0.0], F32),), label="special"),
    Case("isnan", (np.array([np.inf, -np.inf, np.nan, 0.0], F64),), label="special"),
    Case("modf", (floats(3, 4),), label="two outputs"),
]

_A, _B = floats(3, 4), floats(3, 4)
_P, _Q = positive(3, 4), positive(3, 4)
_I, _J = ints(3, 4), ints(3, 4, low=1, high=7)
for _fn in ("add", "subtract", "multiply", "maximum", "minimum", "fmax", "fmin", "copysign",
            "heaviside"):
    CASES.append(Case(_fn, (_A, _B), ulps=1, label="float32"))
for _fn in ("divide", "true_divide"):
    CASES.append(Case(_fn, (_A, _P), ulps=1, label="float32"))
for _fn in ("arctan2", "hypot", "logaddexp", "logaddexp2"):
    CASES.append(Case(_fn, (_A, _B), ulps=4, label="float32"))
    CASES.append(Case(_fn, (_A.astype(F64), _B.astype(F64)), ulps=4, label="float64"))
CASES.append(Case("power", (_P, _B), ulps=4, label="float32"))
CASES.append(Case("float_power", (_P, _B), ulps=4, label="float32 gives float64"))
for _fn in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
    CASES.append(Case(_fn, (_I, _J), label="int32"))
    CASES.append(Case(_fn, (_A, _B), label="float32"))
for _fn in ("floor_divide", "remainder", "mod", "divmod"):
    CASES.append(Case(_fn, (_I, _J), label="int32"))
    CASES.append(Case(_fn, (_A, _P), ulps=2, label="float32"))
for _fn in ("bitwise_and", "bitwise_or", "bitwise_xor"):
    CASES.append(Case(_fn, (_I, _J), label="int32"))
    CASES.append(Case(_fn, (bools(3, 4), bools(3, 4)), label="bool"))
for _fn in ("logical_and", "logical_or", "logical_xor"):
    CASES.append(Case(_fn, (bools(3, 4), bools(3, 4)), label="bool"))
    CASES.append(Case(_fn, (_I, _J), label="int32"))
CASES += [
    Case("left_shift", (_I, np.abs(_J) % 5), label="int32"),
    Case("right_shift", (np.abs(_I) * 64, np.abs(_J) % 5), label="int32"),
    Case("add", (bools(4), bools(4)), label="bool is or"),
    Case("multiply", (bools(4), bools(4)), label="bool is and"),
    Case("add", (_A, floats(4)), ulps=1, label="broadcast"),
    Case("multiply", (floats(3, 1), floats(1, 4)), ulps=1, label="outer broadcast"),
    Case("add", (_I, 3), label="int32 and weak int"),
    Case("multiply", (_I, 1.5), ulps=1, label="int32 and weak float gives float64"),
    Case("add", (_A, 2.5), ulps=1, label="float32 and weak float"),
    Case("add", (_I, _I.astype(np.int64)), label="int32 and int64"),
    Case("add", (_A, _B.astype(F64)), ulps=1, label="float32 and float64"),
    Case("subtract", (_I, _A), ulps=1, label="int32 and float32 gives float64"),
    Case("divide", (_I, _J), ulps=1, label="int32 gives float64"),
    Case("add", (_A, _B), {"dtype": np.float64}, ulps=1, label="dtype="),
    Case("power", (_J, ints(3, 4, low=0, high=4)), label="int32"),
    Case("maximum", (np.array([1.0, np.nan, 3.0], F32), np.array([np.nan, 2.0, 1.0], F32)),
         label="NaN propagates"),
    Case("fmax", (np.array([1.0, np.nan, 3.0], F32), np.array([np.nan, 2.0, 1.0], F32)),
         label="NaN loses"),
    Case("logaddexp", (np.array([-np.inf, 0.0, 800.0], F64), np.array([-np.inf, 0.0, 800.0], F64)),
         ulps=4, label="equal and infinite"),
    Case("hypot", (np.array([3e30, 0.0, np.inf], F32), np.array([4e30, 0.0, 1.0], F32)), ulps=2,
         label="no overflow"),
    Case("sin", (floats(6, 3),), ulps=4, label="None batch", batch_none=True),
]
