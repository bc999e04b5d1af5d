"""Element-type conversion: ``kiln.cast`` and ``kiln.saturate_cast`` (as ``tf.cast``,
``tf.saturate_cast``; also ``kiln.dtypes.cast`` / ``kiln.dtypes.saturate_cast``)."""

from . import dtypes
from ._convert import convert_to_tensor
from ._ops import execute, op
from ._registry_names import export

__all__, NAMESPACES = export("cast", globals())  # names from src/ops/cast_ops.cc


def cast(x, dtype, name=None):
    """Casts `x` to `dtype` elementwise, with TensorFlow's rules.

    float -> int truncates toward zero (values out of the target's range
    saturate and NaN gives 0; TF's result there is platform-defined);
    complex -> real keeps the real part; anything -> bool is ``x != 0``;
    bool -> number gives 0 or 1; float -> float16/bfloat16 rounds to nearest
    even; integers wrap. Casting to `x`'s own dtype returns `x` itself.
    """
    dtype = dtypes.as_dtype(dtype)
    x = convert_to_tensor(x)
    if x.dtype == dtype:
        return x
    return execute(_CAST, (x,), (dtype._code,), name)


def saturate_cast(value, dtype, name=None):
    """Casts `value` to `dtype`, clamping to `dtype`'s range first (no wrap-around).

    Integers and infinities clamp to the target's finite limits, NaN stays
    NaN for float targets (0 for integer ones), complex -> complex clamps both
    parts and complex -> real keeps the real part.
    """
    dtype = dtypes.as_dtype(dtype)
    value = convert_to_tensor(value)
    if value.dtype == dtype:
        return value
    return execute(_SATURATE_CAST, (value,), (dtype._code,), name)


_CAST = op("cast")
_SATURATE_CAST = op("saturate_cast")

# tf.dtypes.cast and tf.dtypes.saturate_cast: kiln.dtypes is the dtypes
# module itself (not a generated namespace), so the names are set on it.
dtypes.cast = cast
dtypes.saturate_cast = saturate_cast
