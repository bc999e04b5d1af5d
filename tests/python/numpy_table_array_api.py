"""The Array API standard's spellings in kiln's NumPy namespace
(python/kiln/_np/_array_api.py, _ufuncs.py), against NumPy 2's functions of
the same names (NumPy 2's namespace is also the standard's): concat,
permute_dims, astype, matrix_transpose, vecdot, cumulative_sum/prod,
unique_*, and the ufuncs' standard names (acos, pow, bitwise_invert, ...)."""

import numpy as np

import numpy_table
from numpy_table import Case, floats, ints, positive

numpy_table.seed("array_api")
F32, F64 = np.float32, np.float64

_A, _B = floats(3, 4), floats(3, 4)
_I = ints(3, 4)
_U = np.array([[3, 1, 2], [2, 3, 3], [0, 1, 9]], np.int32)

CASES = [
    Case("concat", ([_A, _B],), label="axis 0"),
    Case("concat", ([_A, _B],), {"axis": 1}, label="axis 1"),
    Case("concat", ([_A, _I],), {"axis": None}, label="flattened, promoted"),
    Case("concat", ([floats(2, 3), floats(4, 3)],), label="None batch", batch_none=True),
    Case("permute_dims", (floats(2, 3, 4), (2, 0, 1)), label="3-D"),
    Case("permute_dims", (floats(5, 3), (1, 0)), label="None batch", batch_none=True),
    Case("astype", (_A, np.int32), label="float to int"),
    Case("astype", (_I, np.float64), label="int to float"),
    Case("astype", (_I, np.bool_), label="to bool"),
    Case("matrix_transpose", (floats(2, 3, 4),), label="batched"),
    Case("matrix_transpose", (floats(5, 2, 3),), label="None batch", batch_none=True),
    Case("vecdot", (positive(3, 4), positive(3, 4)), ulps=8, scale="largest", label="rows"),
    Case("vecdot", (positive(3, 4), positive(4)), ulps=8, scale="largest", label="broadcast"),
    Case("vecdot", (positive(4, 3), positive(4, 3)), {"axis": 0}, ulps=8, scale="largest",
         label="axis 0"),
    Case("vecdot", (_I, _I), label="int32"),
    Case("vecdot", (ints(3, 4), floats(3, 4, dtype=F64)), ulps=8, scale="largest",
         label="promoted"),
    Case("cumulative_sum", (ints(6),), label="int32 gives int64"),
    Case("cumulative_sum", (_A,), {"axis": 1}, ulps=4, scale="largest", label="axis 1"),
    Case("cumulative_sum", (_I,), {"axis": 0, "include_initial": True}, label="include_initial"),
    Case("cumulative_sum", (floats(5),), {"dtype": F64}, ulps=2, scale="largest",
         label="dtype"),
    Case("cumulative_prod", (positive(5, low=0.5, high=1.5),), ulps=8, label="1-D"),
    Case("cumulative_prod", (ints(2, 3, low=1, high=4),), {"axis": 1, "include_initial": True},
         label="include_initial"),
    # the standard leaves unique_values' order open (NumPy's is hash order, kiln's sorted)
    Case("unique_values", (_U,), label="2-D int32", unordered=True),
    Case("unique_values", (np.array([2.5, -1.0, 2.5, 0.0], F32),), label="float32",
         unordered=True),
    Case("unique_counts", (_U,), label="2-D int32"),
    Case("unique_inverse", (_U,), label="2-D int32"),
    Case("unique_all", (_U,), label="2-D int32"),
    Case("unique_all", (np.array([True, False, True]),), label="bool"),
    Case("acos", (floats(3, 4, low=-0.9, high=0.9),), ulps=4),
    Case("acosh", (positive(3, 4, low=1.0, high=5.0),), ulps=4),
    Case("asin", (floats(3, 4, low=-0.9, high=0.9),), ulps=4),
    Case("asinh", (_A,), ulps=4),
    Case("atan", (_A,), ulps=4),
    Case("atan2", (_A, _B), ulps=4),
    Case("atanh", (floats(3, 4, low=-0.9, high=0.9),), ulps=4),
    Case("pow", (positive(3, 4), _B), ulps=4),
    Case("bitwise_invert", (_I,)),
    Case("bitwise_left_shift", (_I, np.abs(ints(3, 4)) % 5)),
    Case("bitwise_right_shift", (np.abs(_I) * 64, np.abs(ints(3, 4)) % 5)),
]
