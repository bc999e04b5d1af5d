"""Elementwise binary math ops, comparisons, logical and bitwise ops, where
and clip_by_value.

Operands follow TF's dtype rules: tensors of different dtypes are an error (no
implicit promotion); a Python or NumPy scalar takes the dtype of the tensor it
meets. Broadcasting is NumPy's. The wrappers are kept tiny on purpose: a call
on small tensors is dominated by its Python overhead.
"""

from . import errors
from ._convert import convert_to_tensor
from ._ops import _INDEX, binary_operands, execute, op

_MATH = ["add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
         "pow", "maximum", "minimum", "squared_difference", "atan2", "divide_no_nan", "equal",
         "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
         "logical_or", "logical_xor", "add_n"]
_BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]

# As TF 2.x: these are tf.<name>; the rest only tf.math.<name> / tf.bitwise.<name>.
__all__ = ["add", "subtract", "multiply", "divide", "truediv", "pow", "maximum", "minimum",
           "atan2", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
           "logical_and", "logical_or", "where", "clip_by_value", "add_n"]
NAMESPACES = {"math": _MATH, "bitwise": _BITWISE}


def add_n(inputs, name=None):
    """The elementwise sum of tensors of one shape and dtype (no broadcasting, as TF)."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a non-empty list of tensors of one shape and dtype.")
    first = convert_to_tensor(inputs[0])
    tensors = [first] + [convert_to_tensor(x, dtype_hint=first.dtype) for x in inputs[1:]]
    for t in tensors[1:]:
        if t.dtype != first.dtype or not t.shape.is_compatible_with(first.shape):
            raise errors.InvalidArgumentError(
                None, None, f"[add_n] inputs must have one shape and dtype (add_n does not "
                            f"broadcast): {first.dtype.name} {first.shape} and {t.dtype.name} "
                            f"{t.shape}. Use kiln.add to broadcast.")
    total = tensors[0]
    for t in tensors[1:]:
        total = add(total, t)
    return total if len(tensors) > 1 else execute(op("identity"), (total,), (), name)


def _binary(op_name, doc, signature=("x", "y")):
    """A wrapper `f(x, y, name=None)` for registry op `op_name`."""
    handle = op(op_name)
    if signature == ("x", "y"):
        def wrapper(x, y, name=None):
            return execute(handle, binary_operands(x, y), (), name)
    else:  # atan2(y, x): TF's argument names
        def wrapper(y, x, name=None):
            return execute(handle, binary_operands(y, x), (), name)
    wrapper.__name__ = wrapper.__qualname__ = op_name
    wrapper.__doc__ = doc
    return wrapper


add = _binary("add", "x + y elementwise, with NumPy broadcasting. Not for bool.")
subtract = _binary("subtract", "x - y elementwise, with NumPy broadcasting. Not for bool.")
multiply = _binary("multiply", "x * y elementwise, with NumPy broadcasting. Not for bool.")
divide = _binary(
    "divide",
    "x / y elementwise (true division, as TF's truediv).\n\n"
    "int8/int16/uint8/uint16 give float32, wider integers float64; float and complex\n"
    "dtypes stay. Division by zero gives inf or nan.")
truediv = divide
floordiv = _binary(
    "floordiv",
    "floor(x / y) elementwise, for integer and float dtypes.\n\n"
    "Integer division by zero raises InvalidArgumentError, as TF.")
floormod = _binary(
    "floormod",
    "x - floor(x / y) * y: the remainder with the sign of y (Python's %).\n\n"
    "Integer and float dtypes; integer division by zero raises InvalidArgumentError.")
mod = floormod
pow = _binary(  # noqa: A001 - TF's name
    "pow",
    "x ** y elementwise. Integer powers are exact (wrapping on overflow); a negative\n"
    "integer exponent raises InvalidArgumentError, as TF.")
maximum = _binary("maximum", "max(x, y) elementwise (NaN wins), for integer and float dtypes.")
minimum = _binary("minimum", "min(x, y) elementwise (NaN wins), for integer and float dtypes.")
squared_difference = _binary("squared_difference",
                             "(x - y) * conj(x - y) elementwise.")
atan2 = _binary("atan2", "atan2(y, x) elementwise: the angle of the point (x, y). Float dtypes.",
                signature=("y", "x"))
divide_no_nan = _binary(
    "divide_no_nan",
    "x / y elementwise, but 0 where y == 0 (even when x is nan or inf). Float and complex.")
equal = _binary("equal", "x == y elementwise (bool result); every dtype.")
not_equal = _binary("not_equal", "x != y elementwise (bool result); every dtype.")
less = _binary("less", "x < y elementwise (bool result); integer and float dtypes.")
less_equal = _binary("less_equal", "x <= y elementwise (bool result); integer and float dtypes.")
greater = _binary("greater", "x > y elementwise (bool result); integer and float dtypes.")
greater_equal = _binary("greater_equal",
                        "x >= y elementwise (bool result); integer and float dtypes.")
logical_and = _binary("logical_and", "x AND y elementwise, for bool tensors.")
logical_or = _binary("logical_or", "x OR y elementwise, for bool tensors.")
logical_xor = _binary("logical_xor", "x XOR y elementwise, for bool tensors.")
bitwise_and = _binary("bitwise_and", "x & y elementwise, for integer tensors.")
bitwise_or = _binary("bitwise_or", "x | y elementwise, for integer tensors.")
bitwise_xor = _binary("bitwise_xor", "x ^ y elementwise, for integer tensors.")
left_shift = _binary(
    "left_shift",
    "x << y elementwise, for integer tensors; y is clamped to [0, bits - 1] (as TF's kernel).")
right_shift = _binary(
    "right_shift",
    "x >> y elementwise (arithmetic for signed types); y is clamped to [0, bits - 1].")


def where(condition, x=None, y=None, name=None):
    """Elements of x where condition is True, else of y; all three broadcast.

    With only `condition`, returns the int64 coordinates of its True elements,
    shape (num_true, rank), as TF.
    """
    if x is None and y is None:
        return _where_indices(condition)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    x, y = binary_operands(x, y)
    return execute(_WHERE, (convert_to_tensor(condition), x, y), (), name)


def _where_indices(condition):
    handle = _INDEX.get("where_indices")  # another family's op: looked up when first needed
    if handle is None:
        raise errors.UnimplementedError(
            None, None, "kiln.where(condition) with neither x nor y needs the 'where_indices' op, "
            "which this build of kiln does not have yet. Pass x and y to select elements.")
    return execute(handle, (convert_to_tensor(condition),), ())


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips t to [clip_value_min, clip_value_max] elementwise.

    Computes maximum(minimum(t, clip_value_max), clip_value_min), as TF (so a
    lower bound above the upper one wins, and NaN stays NaN). The bounds may be
    scalars or broadcast to t's shape; they take t's dtype when they are Python
    numbers.
    """
    t = convert_to_tensor(t)
    return execute(_CLIP, (t, convert_to_tensor(clip_value_min, dtype_hint=t.dtype),
                           convert_to_tensor(clip_value_max, dtype_hint=t.dtype)), (), name)


_WHERE = op("where")
_CLIP = op("clip_by_value")
