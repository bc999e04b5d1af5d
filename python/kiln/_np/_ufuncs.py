"""NumPy's ufuncs as kiln ops: one table, ``UFUNCS``, maps each NumPy ufunc
kiln supports to a builder over registry ops. Both ``kiln.experimental.numpy``
(``tnp.sin(x)``) and NumPy's own ``np.sin(symbolic)`` (``__array_ufunc__``,
see _dispatch.py) go through ``apply`` here.

The dtypes are NumPy's: ``ufunc.resolve_dtypes`` picks the loop NumPy would
run for the operands' dtypes (weak Python scalars included), the operands are
cast to its input dtypes, and the builder computes in them. A builder is a
thin mapping onto one op, or a short composition where the registry has no op
(``log2`` is ``log(x) / ln 2``; ``hypot`` scales by the larger magnitude so it
does not overflow). A ufunc NumPy has and this table lacks is refused with a
TypeError by the dispatcher; tests/python/test_numpy_api.py checks that every
entry has cases.
"""

import math

import numpy as np

from .. import dtypes
from .._array_ops import ones_like, zeros_like
from ..cast_ops import cast
from .._ops import TENSOR_TYPES, execute, op
from . import _arrays
from ._arrays import scalar as _const

_H = {name: op(name) for name in (
    "add", "subtract", "multiply", "divide", "floordiv", "floormod", "pow", "maximum",
    "minimum", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or",
    "bitwise_xor", "invert", "left_shift", "right_shift", "atan2", "negative", "abs", "sign",
    "square", "sqrt", "reciprocal", "exp", "expm1", "log", "log1p", "sin", "cos", "tan", "asin",
    "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "round",
    "is_nan", "is_inf", "is_finite", "where")}


def _op(name):
    handle = _H[name]

    def build(*xs):
        return execute(handle, xs, ())
    build.__name__ = name
    return build


def _where(c, x, y):
    return execute(_H["where"], (c, x, y), ())


_add, _sub, _mul, _div = _op("add"), _op("subtract"), _op("multiply"), _op("divide")
_log, _log1p, _exp, _abs, _pow = _op("log"), _op("log1p"), _op("exp"), _op("abs"), _op("pow")
_max, _min, _floor, _ceil = _op("maximum"), _op("minimum"), _op("floor"), _op("ceil")
_less, _equal, _is_nan, _is_inf = _op("less"), _op("equal"), _op("is_nan"), _op("is_inf")
_logical_and, _logical_or, _logical_not = _op("logical_and"), _op("logical_or"), _op("logical_not")


def _by_dtype(bool_fn, other_fn):
    """NumPy's bool loops of add/multiply/bitwise ops are logical ops."""
    def build(*xs):
        return (bool_fn if xs[0].dtype is dtypes.bool else other_fn)(*xs)
    return build


def _logical(fn):
    """Logical ufuncs take any dtype and test it against zero."""
    def build(*xs):
        return fn(*(x if x.dtype.is_bool else cast(x, dtypes.bool) for x in xs))
    return build


def _float_test(fn, value_for_exact):
    """isnan/isinf/isfinite: integers and bools are never NaN or infinite."""
    def build(x):
        if x.dtype.is_floating or x.dtype.is_complex:
            return fn(x)
        return _fill_like(x, value_for_exact)
    return build


def _fill_like(x, value):
    return (ones_like if value else zeros_like)(x, dtype=dtypes.bool)


def _trunc(x):
    if not x.dtype.is_floating:
        return x
    return _where(_less(x, _const(0, x)), _ceil(x), _floor(x))


def _scaled(factor):
    def build(x):
        return _mul(x, _const(factor, x))
    return build


def _exp2(x):
    return _pow(_const(2, x), x)


def _cbrt(x):
    root = _pow(_abs(x), _const(1 / 3, x))
    return _where(_less(x, _const(0, x)), _op("negative")(root), root)


def _logaddexp(base_log, base_exp, log_base):
    """log(b**x + b**y) without overflow: max + log1p(b**-|x-y|) (NumPy's; x == y, infinities
    included, gives x + log_b(2))."""
    def build(x, y):
        larger = _max(x, y)
        tail = _div(_log1p(base_exp(_op("negative")(_abs(_sub(x, y))))), _const(log_base, x))
        return _where(_equal(x, y), _add(x, _const(base_log, x)), _add(larger, tail))
    return build


def _hypot(x, y):
    ax, ay = _abs(x), _abs(y)
    big, small = _max(ax, ay), _min(ax, ay)
    zero = _const(0, x)
    safe = _where(_equal(big, zero), _const(1, x), big)
    ratio = _div(small, safe)
    scaled = _mul(big, _op("sqrt")(_add(_const(1, x), _mul(ratio, ratio))))
    return _where(_op("logical_or")(_is_inf(ax), _is_inf(ay)), _const(np.inf, x), scaled)


def _fmax_fmin(fn):
    """fmax/fmin: NaN loses (NumPy's maximum/minimum propagate it)."""
    def build(x, y):
        if not x.dtype.is_floating:
            return fn(x, y)
        return _where(_is_nan(y), x, _where(_is_nan(x), y, fn(x, y)))
    return build


def _signbit(x):
    if not x.dtype.is_floating:
        if x.dtype.is_unsigned or x.dtype.is_bool:
            return _fill_like(x, False)
        return _less(x, _const(0, x))
    zero = _const(0, x)
    # -0.0 has its sign bit set: 1 / -0.0 is -inf.
    return _where(_equal(x, zero), _less(_op("reciprocal")(x), zero), _less(x, zero))


def _copysign(x, y):
    magnitude = _abs(x)
    return _where(_signbit(y), _op("negative")(magnitude), magnitude)


def _heaviside(x, h0):
    zero = _const(0, x)
    step = _where(_less(x, zero), zero, _where(_equal(x, zero), h0, _const(1, x)))
    return _where(_is_nan(x), x, step)


def _divmod(x, y):
    return _op("floordiv")(x, y), _op("floormod")(x, y)


def _modf(x):
    whole = _trunc(x)
    return _sub(x, whole), whole


def _positive(x):
    return x


def _conjugate(x):
    if x.dtype.is_complex:
        raise TypeError("kiln has no complex conjugate op yet: np.conjugate works on real "
                        "tensors only (it returns them unchanged).")
    return x


class Ufunc:
    """One NumPy ufunc and the builder that computes it with kiln ops."""

    __slots__ = ("ufunc", "build", "nin", "nout", "keywords", "_loops")

    def __init__(self, ufunc, build, keywords=()):
        self.ufunc = ufunc
        self.build = build
        self.nin, self.nout = ufunc.nin, ufunc.nout
        # A generalized ufunc's arguments beyond dtype: ("axis",) for vecdot, the one kiln maps.
        self.keywords = keywords
        self._loops = {}

    @property
    def name(self):
        return self.ufunc.__name__

    def loop(self, operand_dtypes, dtype=None):
        """(input dtypes, output dtypes) of the loop NumPy picks, as kiln DTypes (cached)."""
        key = (operand_dtypes, dtype)
        found = self._loops.get(key)
        if found is None:
            extra = {}
            if dtype is not None:
                extra["signature"] = (None,) * self.nin + (_arrays.numpy_dtype(dtype),) * self.nout
            try:
                resolved = self.ufunc.resolve_dtypes(
                    tuple(operand_dtypes) + (None,) * self.nout, **extra)
            except TypeError as e:
                raise TypeError(f"np.{self.name} has no loop for "
                                f"{', '.join(_describe(d) for d in operand_dtypes)}: {e}") from None
            kiln_dtypes = [_arrays.kiln_dtype(d) for d in resolved]
            found = (tuple(kiln_dtypes[:self.nin]), tuple(kiln_dtypes[self.nin:]))
            self._loops[key] = found
        return found

    def __call__(self, *args, dtype=None, axis=None):
        if len(args) != self.nin:
            raise TypeError(f"{self.name}() takes {self.nin} array argument"
                            f"{'s' if self.nin != 1 else ''}, got {len(args)}.")
        if axis is not None and "axis" not in self.keywords:
            raise TypeError(f"{self.name}() got an unexpected keyword argument 'axis'.")
        operand_dtypes = tuple([_arrays.operand_dtype(a) for a in args])
        # Only Python numbers under prefer_float32: TF's float32. (Identity tests: `float in`
        # would compare NumPy dtypes with a type, which costs a dtype conversion each.)
        if _arrays.prefer_float32() and all(type(d) is type for d in operand_dtypes) and any(
                d is float for d in operand_dtypes):
            operand_dtypes = tuple(_arrays.default_float() if d is float else d
                                   for d in operand_dtypes)
        ins, outs = self.loop(operand_dtypes, dtype)
        tensors = [a if isinstance(a, TENSOR_TYPES) and a.dtype is d else _arrays.operand(a, d)
                   for a, d in zip(args, ins)]
        result = self.build(*tensors) if axis is None else self.build(*tensors, axis=axis)
        if self.nout == 1:
            return result if result.dtype is outs[0] else cast(result, outs[0])
        return tuple(r if r.dtype is d else cast(r, d) for r, d in zip(result, outs))


def _describe(d):
    return f"a Python {d.__name__}" if isinstance(d, type) else str(d)


_TABLE = {
    # arithmetic
    np.add: _by_dtype(_logical_or, _add),
    np.subtract: _sub,
    np.multiply: _by_dtype(_logical_and, _mul),
    np.true_divide: _div,
    np.floor_divide: _op("floordiv"),
    np.remainder: _op("floormod"),
    np.divmod: _divmod,
    np.power: _pow,
    np.float_power: _pow,
    np.negative: _op("negative"),
    np.positive: _positive,
    np.absolute: _abs,
    np.fabs: _abs,
    np.sign: _op("sign"),
    np.square: _op("square"),
    np.sqrt: _op("sqrt"),
    np.cbrt: _cbrt,
    np.reciprocal: _op("reciprocal"),
    np.conjugate: _conjugate,
    np.maximum: _max,
    np.minimum: _min,
    np.fmax: _fmax_fmin(_max),
    np.fmin: _fmax_fmin(_min),
    np.heaviside: _heaviside,
    np.copysign: _copysign,
    np.signbit: _signbit,
    np.hypot: _hypot,
    # exponents and logarithms
    np.exp: _exp,
    np.exp2: _exp2,
    np.expm1: _op("expm1"),
    np.log: _log,
    np.log2: lambda x: _div(_log(x), _const(math.log(2), x)),
    np.log10: lambda x: _div(_log(x), _const(math.log(10), x)),
    np.log1p: _log1p,
    np.logaddexp: _logaddexp(math.log(2), _exp, 1.0),
    np.logaddexp2: _logaddexp(1.0, _exp2, math.log(2)),
    # trigonometry
    np.sin: _op("sin"), np.cos: _op("cos"), np.tan: _op("tan"),
    np.arcsin: _op("asin"), np.arccos: _op("acos"), np.arctan: _op("atan"),
    np.arctan2: _op("atan2"),
    np.sinh: _op("sinh"), np.cosh: _op("cosh"), np.tanh: _op("tanh"),
    np.arcsinh: _op("asinh"), np.arccosh: _op("acosh"), np.arctanh: _op("atanh"),
    np.deg2rad: _scaled(math.pi / 180), np.rad2deg: _scaled(180 / math.pi),
    np.radians: _scaled(math.pi / 180), np.degrees: _scaled(180 / math.pi),
    # rounding
    np.floor: _floor, np.ceil: _ceil, np.trunc: _trunc, np.rint: _op("round"),
    np.modf: _modf,
    # comparisons
    np.equal: _equal, np.not_equal: _op("not_equal"), np.less: _less,
    np.less_equal: _op("less_equal"), np.greater: _op("greater"),
    np.greater_equal: _op("greater_equal"),
    # logic and bits
    np.logical_and: _logical(_logical_and), np.logical_or: _logical(_logical_or),
    np.logical_xor: _logical(_op("logical_xor")), np.logical_not: _logical(_logical_not),
    np.bitwise_and: _by_dtype(_logical_and, _op("bitwise_and")),
    np.bitwise_or: _by_dtype(_logical_or, _op("bitwise_or")),
    np.bitwise_xor: _by_dtype(_op("logical_xor"), _op("bitwise_xor")),
    np.invert: _by_dtype(_logical_not, _op("invert")),
    np.left_shift: _op("left_shift"), np.right_shift: _op("right_shift"),
    np.isnan: _float_test(_is_nan, False),
    np.isinf: _float_test(_is_inf, False),
    np.isfinite: _float_test(_op("is_finite"), True),
}

UFUNCS = {ufunc: Ufunc(ufunc, build) for ufunc, build in _TABLE.items()}

# The functions kiln.experimental.numpy exports: each NumPy name of a ufunc in the table,
# aliases and the Array API's spellings included (abs, mod, conj, bitwise_not, acos, pow,
# bitwise_invert, ...; NumPy 2's namespace has both), and fix.
FUNCTIONS = {name: UFUNCS[value] for name, value in vars(np).items()
             if isinstance(value, np.ufunc) and value in UFUNCS}
FUNCTIONS["fix"] = UFUNCS[np.trunc]
