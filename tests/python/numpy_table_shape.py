"""NumPy's shape and indexing functions on kiln tensors (python/kiln/_np/
_shape.py, _tiling.py, _indexing_np.py): several shapes and dtypes (float32,
float64, int32, int64, bool), negative and tuple axes, axis=None, empty
arrays, mixed dtypes that promote, and a None batch dimension (batch_none)
for the functions that only move data. All exact: the functions move data
(or select it); none computes new values."""

import numpy as np

from numpy_table import Case

F32, F64, I32, I64 = np.float32, np.float64, np.int32, np.int64
# This table's own generator: numpy_table.RNG's draws would shift the inputs of the tables
# imported after this one (their tolerances were fitted to their inputs).
RNG = np.random.default_rng(20261208)


def floats(*shape, dtype=F32):
    return RNG.uniform(-3.0, 3.0, shape).astype(dtype)


def ints(*shape, dtype=I32, low=-9, high=10):
    return RNG.integers(low, high, shape).astype(dtype)


def bools(*shape):
    return RNG.integers(0, 2, shape).astype(bool)

A = floats(2, 3, 4)
M = floats(3, 4, dtype=F64)
SQ = ints(4, 4, dtype=I64)
V = ints(6)
B = bools(3, 4)
EMPTY = floats(0, 3)

CASES = [
    # reshape, ravel, transpose and friends
    Case("reshape", (A, (6, 4)), label="float32"),
    Case("reshape", (A, (-1, 2)), label="-1"),
    Case("reshape", (A, (4, -1)), batch_none=True, label="-1 batch None"),
    Case("reshape", (M, (2, 6)), {"order": "F"}, label="order F"),
    Case("reshape", (V,), {"shape": (2, 3)}, label="shape="),
    Case("reshape", (B, 12), label="bool int shape"),
    Case("reshape", (EMPTY, (3, 0)), label="empty"),
    Case("ravel", (A,), label="float32"),
    Case("ravel", (M,), {"order": "F"}, label="order F"),
    Case("ravel", (B,), batch_none=True, label="bool batch None"),
    Case("transpose", (A,), label="reversed"),
    Case("transpose", (A, (1, -1, 0)), label="axes"),
    Case("transpose", (A, (0, 2, 1)), batch_none=True, label="batch None"),
    Case("swapaxes", (A, 0, -1), label="float32"),
    Case("swapaxes", (SQ, 1, 0), label="int64"),
    Case("moveaxis", (A, 0, -1), label="one"),
    Case("moveaxis", (A, (0, 1), (2, 0)), label="two"),
    Case("expand_dims", (M, 1), label="float64"),
    Case("expand_dims", (V, (0, 2)), label="tuple"),
    Case("expand_dims", (A, -1), batch_none=True, label="batch None"),
    Case("squeeze", (floats(1, 3, 1),), label="all"),
    Case("squeeze", (ints(3, 1, 2),), {"axis": 1}, label="axis"),
    Case("squeeze", (floats(2, 1, 4),), {"axis": 1}, batch_none=True, label="axis batch None"),
    Case("squeeze", (bools(1, 1, 2),), {"axis": (0, -2)}, label="tuple"),
    # joining
    Case("concatenate", ([A, A],), label="float32"),
    Case("concatenate", ([M, M, M],), {"axis": -1}, label="axis -1"),
    Case("concatenate", ([ints(2, 3), ints(2, 3, dtype=I64)],), label="int32 int64 promote"),
    Case("concatenate", ([ints(2, 3), floats(1, 3)],), label="int32 float32 promote"),
    Case("concatenate", ([A, M],), {"axis": None}, label="axis None"),
    Case("concatenate", ([V, V],), {"dtype": F32}, label="dtype"),
    Case("concatenate", ([A, A],), {"axis": 1}, batch_none=True, label="batch None"),
    Case("concatenate", ([EMPTY, floats(2, 3)],), label="empty"),
    Case("append", (V, [1, 2]), label="list"),
    Case("append", (M, M), {"axis": 0}, label="axis"),
    Case("append", (B, ints(3, 4)), label="bool int flattens"),
    Case("stack", ([M, M],), label="float64"),
    Case("stack", ([V, V, V],), {"axis": -1}, label="axis -1"),
    Case("stack", ([ints(3), floats(3)],), label="promote"),
    Case("stack", ([A, A],), {"axis": 1}, batch_none=True, label="batch None"),
    Case("vstack", ([V, V],), label="1-D"),
    Case("vstack", ([M, floats(2, 4)],), label="2-D promote"),
    Case("hstack", ([V, ints(2, dtype=I64)],), label="1-D"),
    Case("hstack", ([M, M],), label="2-D"),
    Case("dstack", ([M, M],), label="2-D"),
    Case("dstack", ([V, V],), label="1-D"),
    Case("atleast_1d", (np.array(3.5, F32),), label="0-D"),
    Case("atleast_1d", (V, np.array(2)), label="two"),
    Case("atleast_2d", (V,), label="1-D"),
    Case("atleast_2d", (np.array(True), M), label="two"),
    Case("atleast_3d", (V,), label="1-D"),
    Case("atleast_3d", (M,), label="2-D"),
    Case("atleast_3d", (A,), label="3-D"),
    # splitting
    Case("split", (V, 3), label="sections"),
    Case("split", (A, [1, 3]), {"axis": 1}, label="indices"),
    Case("split", (M, [2, 10]), {"axis": 1}, label="indices past end"),
    Case("split", (floats(4, 6), 2), {"axis": 1}, batch_none=True, label="batch None"),
    Case("hsplit", (M, 2), label="2-D"),
    Case("hsplit", (V, [2]), label="1-D"),
    Case("vsplit", (SQ, [1, 3]), label="int64"),
    Case("dsplit", (A, 2), label="float32"),
    # repeating, reversing, rolling
    Case("tile", (V, 2), label="int"),
    Case("tile", (M, (2, 1)), label="tuple"),
    Case("tile", (V, (2, 1, 2)), label="more reps than dims"),
    Case("tile", (A, (2,)), label="fewer reps than dims"),
    Case("repeat", (M, 2), label="axis None"),
    Case("repeat", (A, 3), {"axis": -1}, label="axis"),
    Case("repeat", (B, [1, 0, 2]), {"axis": 0}, label="per element"),
    Case("repeat", (V, ints(6, low=0, high=3)), label="counts array"),
    Case("repeat", (floats(2, 3), 2), {"axis": 1}, batch_none=True, label="batch None"),
    Case("flip", (A,), label="all"),
    Case("flip", (A, 1), label="axis"),
    Case("flip", (SQ, (0, -1)), label="tuple"),
    Case("fliplr", (M,), label="float64"),
    Case("flipud", (V,), label="int32"),
    Case("rot90", (M,), label="k 1"),
    Case("rot90", (A, 2, (1, 2)), label="k 2 axes"),
    Case("rot90", (SQ, -1), label="k -1"),
    Case("roll", (V, 2), label="axis None"),
    Case("roll", (M, -1, 1), label="axis"),
    Case("roll", (A, (1, 2), (0, -1)), label="tuples"),
    Case("roll", (M, 5), label="flat 2-D"),
    Case("roll", (floats(3, 4), 1, 1), batch_none=True, label="batch None"),
    # broadcasting, padding
    Case("broadcast_to", (V, (2, 6)), label="int32"),
    Case("broadcast_to", (floats(3, 1), (2, 3, 4)), label="float32"),
    Case("broadcast_arrays", (floats(3, 1), floats(1, 4, dtype=F64)), label="two"),
    Case("broadcast_arrays", (V, ints(2, 1), bools(6)), label="three"),
    Case("pad", (M, 1), label="int width"),
    Case("pad", (V, (2, 1)), {"constant_values": 7}, label="pair value"),
    Case("pad", (M, ((1, 0), (0, 2))), {"constant_values": ((1.5, 2.5), (3.5, 4.5))},
         label="per side values"),
    Case("pad", (A, ((0, 0), (1, 1), (2, 0))), {"mode": "reflect"}, label="reflect"),
    Case("pad", (SQ, 2), {"mode": "symmetric"}, label="symmetric"),
    Case("pad", (B, 1), label="bool"),
    # shape queries
    Case("shape", (A,), label="3-D"),
    Case("shape", (M,), batch_none=True, label="batch None"),
    Case("ndim", (A,), label="3-D"),
    Case("size", (A,), label="all"),
    Case("size", (M,), batch_none=True, label="batch None"),
    Case("size", (A,), {"axis": 0}, batch_none=True, label="axis batch None"),
    # indexing
    Case("take", (V, ints(2, 2, low=0, high=6)), label="axis None"),
    Case("take", (M, [2, -1, 0]), {"axis": 1}, label="negative"),
    Case("take", (A, ints(5, low=-9, high=9)), {"mode": "clip"}, label="clip"),
    Case("take", (M, ints(4, low=-9, high=9)), {"axis": 0, "mode": "wrap"}, label="wrap"),
    Case("take", (floats(3, 4), [1, 0]), {"axis": 1}, batch_none=True, label="batch None"),
    Case("take_along_axis", (M, ints(3, 2, low=0, high=4, dtype=I64)), {"axis": 1},
         label="axis 1"),
    Case("take_along_axis", (A, ints(1, 3, 4, low=-2, high=2)), {"axis": 0},
         label="broadcast negative"),
    Case("take_along_axis", (V, ints(4, low=0, high=6)), {"axis": None}, label="axis None"),
    Case("take_along_axis", (floats(3, 4), ints(3, 2, low=0, high=4)), {"axis": 1},
         batch_none=True, label="batch None"),
    Case("where", (B, M, 0.0), label="scalar"),
    Case("where", (B, ints(3, 4), floats(4)), label="promote broadcast"),
    Case("where", (ints(3, 4), 1, 2), label="int condition"),
    Case("where", (B,), label="one argument"),
    Case("where", (bools(3, 4), floats(3, 4), floats(3, 4)), batch_none=True,
         label="batch None"),
    Case("nonzero", (ints(3, 4, low=-1, high=2),), label="int32"),
    Case("nonzero", (B,), label="bool"),
    Case("select", ([B, bools(3, 4)], [M, floats(3, 4, dtype=F64)]), label="float64"),
    Case("select", ([bools(4)], [V[:4]]), {"default": -1}, label="default"),
    Case("compress", (bools(3), M), {"axis": 0}, label="axis"),
    Case("compress", (bools(6), V), label="axis None"),
    Case("compress", ([True, False], M), {"axis": 1}, label="short condition"),
    Case("tril", (SQ,), label="int64"),
    Case("tril", (A, -1), label="batched k -1"),
    Case("tril", (V,), label="1-D"),
    Case("triu", (M, 1), label="float64 k 1"),
    Case("triu", (B,), label="bool"),
    Case("triu", (floats(3, 4), -1), batch_none=True, label="batch None"),
    Case("diagonal", (SQ,), label="square"),
    Case("diagonal", (M, 1), label="offset"),
    Case("diagonal", (A, -1, 2, 0), label="axes"),
    Case("diagonal", (M, 9), label="offset outside"),
]
