"""The C++ fast path for Python scalars must agree with the general path.

kiln._core._from_python_scalar handles the scalars whose conversion is certain
and returns None otherwise; the general (NumPy-based) path in kiln._convert is
the reference. Hypothesis searches for a value and dtype where they disagree.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import kiln
from kiln import _convert, _core

DTYPES = [None, kiln.bool, kiln.int8, kiln.int16, kiln.int32, kiln.int64, kiln.uint8,
          kiln.uint16, kiln.uint32, kiln.uint64, kiln.float16, kiln.bfloat16, kiln.float32,
          kiln.float64, kiln.complex64, kiln.complex128]

SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-2**70, max_value=2**70),
    st.sampled_from([0, 1, -1, 127, 128, 255, 256, 2**31 - 1, 2**31, -2**31, -2**31 - 1,
                     2**63 - 1, 2**63, 2**64 - 1, 65504, 65520]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([3.4e38, 3.5e38, 65504.0, 65520.0, 1e-50, -0.0]),
    st.complex_numbers(allow_nan=False, max_magnitude=1e300),
)


def general_path(value, dtype):
    """The general path's result, or the exception type it raises."""
    try:
        return _convert._python_to_ndarray(value, dtype)
    except (TypeError, ValueError) as e:
        return type(e)


@settings(max_examples=3000, deadline=None)
@given(SCALARS, st.sampled_from(DTYPES))
def test_fast_path_agrees_with_general_path(value, dtype):
    fast = _core._from_python_scalar(value, -1 if dtype is None else dtype._code)
    expected = general_path(value, dtype)
    if fast is None:
        return  # the general path decides; nothing to compare
    assert isinstance(expected, np.ndarray), f"fast path accepted {value!r} as {dtype}, general raised {expected}"
    got = fast.numpy()
    assert got.dtype == expected.dtype
    if got.dtype == kiln.bfloat16.as_numpy_dtype:  # assert_array_equal's NaN rule needs a NumPy float
        got, expected = got.astype(np.float32), expected.astype(np.float32)
    np.testing.assert_array_equal(got, expected)


def test_fast_path_covers_the_common_cases():
    for value, dtype in [(3, None), (2.5, None), (True, None), (1j, None), (2**40, None),
                         (3, kiln.float32), (3, kiln.uint8), (2.5, kiln.float64), (True, kiln.int32)]:
        assert _core._from_python_scalar(value, -1 if dtype is None else dtype._code) is not None


def test_constant_uses_the_general_path_for_errors():
    for value, dtype in [(300, kiln.uint8), (1.5, kiln.int32), (2**63, None), (1e40, None)]:
        assert _core._from_python_scalar(value, -1 if dtype is None else dtype._code) is None
