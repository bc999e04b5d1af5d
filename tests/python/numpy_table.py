"""The table of NumPy calls that tests/python/test_numpy_table.py runs three
ways (on graph placeholders through Session.run, inside a kiln.function, and
eagerly through kiln.experimental.numpy) and compares with NumPy itself on
the same inputs.

A Case names a NumPy function, its arguments and keyword arguments. Every
np.ndarray among the arguments (also inside lists and tuples) is an input: a
placeholder, a traced function's argument or an eager tensor; everything else
is passed as it is. The groups live in numpy_table_<group>.py.

Tolerances are in ULPs of the result's dtype (0: exact). ``scale="largest"``
measures the error against the largest magnitude of the NumPy result (sums,
whose rounding error scales with the terms, not with each result).
"""

import dataclasses

import numpy as np

RNG = np.random.default_rng(20261207)


def seed(group):
    """Restarts the inputs' generator for table module `group` (called at its top), so a
    module draws the same inputs whichever test file imports the tables first."""
    global RNG
    RNG = np.random.default_rng([20261207, *group.encode()])


@dataclasses.dataclass
class Case:
    fn: str                     # np.<fn> and kiln.experimental.numpy.<fn>
    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    ulps: float = 0             # tolerance for floating results, in ULPs; 0: exact
    scale: str = "each"         # "each" element's ULP, or the "largest" result's
    label: str = ""             # what tells this case from the fn's others
    dispatches: bool = True     # np.<fn> reaches kiln's hook (False: no tensor argument)
    batch_none: bool = False    # placeholders get a None first dimension
    unordered: bool = False     # the order of the (1-D) results is unspecified: compared sorted

    @property
    def id(self):
        return f"{self.fn}-{self.label}" if self.label else self.fn


def floats(*shape, dtype=np.float32, low=-3.0, high=3.0):
    return RNG.uniform(low, high, shape).astype(dtype)


def positive(*shape, dtype=np.float32, low=0.1, high=5.0):
    return RNG.uniform(low, high, shape).astype(dtype)


def ints(*shape, dtype=np.int32, low=-9, high=10):
    return RNG.integers(low, high, shape).astype(dtype)


def bools(*shape):
    return RNG.integers(0, 2, shape).astype(bool)


def leaves(value):
    """The np.ndarray inputs in `value` (arguments: nested lists and tuples), in order."""
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    return []


def replace(value, new):
    """`value` with its np.ndarray inputs replaced, in order, by the items of iterator `new`."""
    if isinstance(value, np.ndarray):
        return next(new)
    if isinstance(value, list):
        return [replace(item, new) for item in value]
    if isinstance(value, tuple):
        return tuple(replace(item, new) for item in value)
    if isinstance(value, dict):
        return {key: replace(item, new) for key, item in value.items()}
    return value


def all_cases():
    import numpy_table_array_api
    import numpy_table_creation
    import numpy_table_linalg
    import numpy_table_misc
    import numpy_table_reductions
    import numpy_table_shape
    import numpy_table_ufuncs
    cases = []
    for module in (numpy_table_ufuncs, numpy_table_creation, numpy_table_reductions,
                   numpy_table_shape, numpy_table_linalg, numpy_table_misc,
                   numpy_table_array_api):
        cases.extend(module.CASES)
    return cases
