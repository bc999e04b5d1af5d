"""NumPy's array creation on kiln tensors (python/kiln/_np/_creation.py):
NumPy's default dtypes (np.arange(3) int64, np.ones(3) float64, linspace of
int32 float64), dtype= overrides, ranges with and without endpoints, the
_like forms on placeholders (None batch dimensions too), matrices and grids.
Functions without an array argument do not reach NumPy's dispatch
(dispatches=False): the table runs kiln.experimental.numpy's for them.
np.empty and np.empty_like leave memory uninitialised, so their cases are
empty arrays (shape and dtype are still NumPy's)."""

import numpy as np

from numpy_table import Case, bools, floats, ints, positive
import numpy_table

numpy_table.seed("creation")

F32, F64, I32, I64 = np.float32, np.float64, np.int32, np.int64


def _created(fn, *args, label="", ulps=0, **kwargs):
    return Case(fn, args, kwargs, ulps=ulps, label=label, dispatches=False)


_V = floats(4)
_M = floats(3, 4)
_I = ints(3, 4)

CASES = [
    _created("asarray", [[1, 2], [3, 4]], label="int list gives int64"),
    _created("asarray", [1.5, 2.5], dtype=F32, label="dtype float32"),
    Case("asarray", (_M,), label="tensor passes", dispatches=False),
    Case("asarray", (_I,), {"dtype": F64}, label="tensor cast", dispatches=False),
    _created("asanyarray", [True, False], label="bool list"),
    Case("asanyarray", (_M,), label="tensor", dispatches=False),
    _created("ascontiguousarray", 3.5, label="0-d gives 1-d"),
    Case("ascontiguousarray", (_I,), label="tensor", dispatches=False),
    _created("array", [[1.0, 2.0]], label="float list gives float64"),
    _created("array", [1, 2], ndmin=3, label="ndmin"),
    _created("array", 7, dtype=I32, label="scalar dtype"),
    Case("array", (_M,), {"ndmin": 4}, label="tensor ndmin", dispatches=False),
    Case("array", (_I,), {"copy": False, "dtype": I32}, label="tensor copy False",
         dispatches=False),
    Case("copy", (_M,), label="float32"),
    Case("copy", (_I,), label="batch None", batch_none=True),
    _created("arange", 5, label="int gives int64"),
    _created("arange", 0.0, 1, 0.25, label="float gives float64"),
    _created("arange", 2, 11, 3, dtype=I32, label="int32"),
    _created("arange", 10, 2, -3, label="negative step"),
    _created("arange", 3, dtype=F32, label="dtype float32"),
    _created("arange", -1.5, 2.3, 0.7, ulps=2, label="float steps"),
    _created("arange", 5, 2, label="empty"),
    _created("arange", np.int32(4), label="NumPy int32 scalar gives int64"),
    _created("linspace", 0, 1, 5, label="int ends give float64"),
    _created("linspace", -2.5, 7.0, 11, ulps=2, label="float"),
    _created("linspace", 0, 1, 5, endpoint=False, label="no endpoint"),
    _created("linspace", 0, 10, 5, dtype=I32, label="int32 floors"),
    _created("linspace", 1.0, 3.0, 4, retstep=True, ulps=2, label="retstep"),
    _created("linspace", 0, 1, 1, retstep=True, label="num 1 step nan"),
    _created("linspace", 0, 1, 0, label="num 0"),
    _created("linspace", 2, 3, dtype=F32, ulps=2, label="default num"),
    Case("linspace", (np.array([0.0, 1.0], F32), np.array([1.0, 5.0], F32), 5), ulps=2,
         label="float32 arrays"),
    Case("linspace", (np.array([0, 2], I32), np.array([4, 9], I32)), {"num": 4, "axis": -1},
         ulps=2, label="int32 arrays axis -1"),
    Case("linspace", (floats(2, 3, dtype=F64), floats(2, 3, dtype=F64)),
         {"num": 3, "axis": 1, "endpoint": False}, ulps=4, label="axis 1 no endpoint"),
    Case("linspace", (floats(2, dtype=F64), floats(2, dtype=F64), 4), {"retstep": True},
         ulps=4, label="array retstep"),
    _created("logspace", 0, 3, 4, ulps=4, label="default base"),
    _created("logspace", 0.0, 5.0, 6, base=2.0, ulps=4, label="base 2"),
    _created("logspace", 1, 2, 5, endpoint=False, dtype=F32, ulps=4, label="float32"),
    Case("logspace", (np.array([0.0, 1.0], F32), np.array([2.0, 3.0], F32), 3), ulps=4,
         label="float32 arrays"),
    _created("geomspace", 1, 1000, 4, ulps=8, label="ints give float64"),
    _created("geomspace", -2.0, -162.0, 5, ulps=8, label="negative"),
    _created("geomspace", 1.0, 256.0, 4, endpoint=False, ulps=8, label="no endpoint"),
    Case("geomspace", (positive(2, dtype=F64), positive(2, dtype=F64, low=6.0, high=9.0), 5),
         {"axis": 1}, ulps=8, label="arrays axis 1"),
    Case("geomspace", (positive(3), positive(3, low=6.0, high=9.0), 4), ulps=8,
         label="float32 arrays give float64"),
    _created("zeros", (2, 3), label="float64"),
    _created("zeros", 4, dtype=I32, label="int32"),
    _created("zeros", (0, 2), dtype=bool, label="empty bool"),
    _created("ones", (3,), label="float64"),
    _created("ones", [2, 2], dtype=np.int64, label="int64"),
    _created("ones", (2, 1, 2), dtype=bool, label="bool"),
    _created("empty", (0, 3), label="float64"),
    _created("empty", (2, 0), dtype=I32, label="int32"),
    _created("full", (2, 3), 7, label="int gives int64"),
    _created("full", 3, 2.5, dtype=F32, label="float32"),
    _created("full", (2, 2), True, label="bool"),
    Case("full", ((2, 3), np.array([1, 2, 3], I32)), label="array value broadcasts",
         dispatches=False),
    _created("eye", 3, label="float64"),
    _created("eye", 3, 5, k=2, dtype=I32, label="k 2 int32"),
    _created("eye", 4, 3, k=-1, label="k -1"),
    _created("eye", 2, k=5, label="k outside"),
    _created("identity", 3, dtype=bool, label="bool"),
    _created("identity", 2, label="float64"),
    _created("diag_indices", 3, label="2-D"),
    _created("diag_indices", 2, 3, label="3-D"),
    _created("diag_indices", 0, label="empty"),
    _created("tri", 3, label="float64"),
    _created("tri", 3, 5, k=1, dtype=I32, label="k 1 int32"),
    _created("tri", 4, 2, k=-2, label="k -2"),
    Case("zeros_like", (_M,), label="float32"),
    Case("zeros_like", (_I,), {"dtype": F64}, label="dtype"),
    Case("zeros_like", (_M,), label="batch None", batch_none=True),
    Case("ones_like", (_I,), label="int32"),
    Case("ones_like", (bools(2, 3),), {"dtype": F32}, label="dtype"),
    Case("ones_like", (_M,), {"dtype": I64}, label="batch None", batch_none=True),
    Case("full_like", (_I, 2.7), label="int32 truncates"),
    Case("full_like", (_M, 5), {"dtype": F64}, label="dtype"),
    Case("full_like", (_M, np.array([1.0, 2.0, 3.0, 4.0], F32)), label="array value"),
    Case("full_like", (_M, -1.5), label="batch None", batch_none=True),
    Case("full_like", (_M, 3), {"shape": (2, 2)}, label="shape"),
    Case("empty_like", (np.zeros((0, 3), F32),), label="float32"),
    Case("empty_like", (np.zeros((2, 0), I32),), {"dtype": bool}, label="dtype"),
    Case("diag", (_V,), label="1-d"),
    Case("diag", (ints(3, dtype=I64),), {"k": 2}, label="1-d k 2"),
    Case("diag", (_V,), {"k": -1}, label="1-d k -1"),
    Case("diag", (_M,), label="2-d"),
    Case("diag", (_I,), {"k": 1}, label="2-d k 1"),
    Case("diag", (_I,), {"k": -2}, label="2-d k -2"),
    Case("diag", (_I,), {"k": 4}, label="2-d k outside"),
    Case("diagflat", (floats(2, 2),), label="2-d"),
    Case("diagflat", (ints(3),), {"k": -1}, label="k -1"),
    Case("vander", (ints(4, low=-3, high=4),), label="int32 gives int64"),
    Case("vander", (floats(3, dtype=F64),), {"N": 5, "increasing": True}, ulps=2,
         label="float64 increasing"),
    Case("vander", (floats(3),), {"N": 2}, ulps=2, label="float32 gives float64"),
    Case("vander", (ints(3, dtype=I64),), {"N": 0}, label="N 0"),
    Case("meshgrid", (ints(3), floats(4, dtype=F64)), label="xy keeps dtypes"),
    Case("meshgrid", (ints(2), ints(3), floats(4)), {"indexing": "ij"}, label="ij 3-d"),
    Case("meshgrid", (floats(3), floats(2)), {"sparse": True}, label="sparse"),
    Case("meshgrid", (floats(3),), label="one input"),
    Case("meshgrid", (floats(3, 1), ints(2)), label="batch None", batch_none=True),
    Case("ix_", (np.array([0, 2], I32), np.array([1, 0, 3], I64)), label="ints"),
    Case("ix_", (np.array([True, False, True]), ints(2)), label="bool"),
]
