"""Random tensor values shared by the op fuzzers (test_op_fuzz.py,
test_op_oracle.py): every dtype the registry ops take, and values that are
either small integers (exact everywhere, ties in sorts) or wild (magnitudes
from 1e-3 to 1e5 with NaNs, which become the integer extremes when cast)."""

import numpy as np
from hypothesis import strategies as st

import kiln

DTYPES = [kiln.bool, kiln.int8, kiln.int32, kiln.int64, kiln.uint8, kiln.uint64, kiln.float16,
          kiln.bfloat16, kiln.float32, kiln.float64, kiln.complex64]


def random_array(dtype, shape, seed, values="small"):
    """A NumPy array of kiln dtype `dtype` and `shape`, from `seed`."""
    rng = np.random.default_rng(seed)
    if values == "small":
        data = rng.integers(-3, 4, size=shape)
    else:
        data = np.asarray(rng.standard_normal(size=shape) * 10.0 ** rng.integers(-3, 6, size=shape))
        data[rng.random(size=shape) < 0.05] = np.nan
    if dtype == kiln.bool:
        return np.asarray(data) > 0
    with np.errstate(all="ignore"):
        return np.asarray(data).astype(dtype.as_numpy_dtype)


@st.composite
def arrays(draw, dtype, shape):
    """random_array with a drawn seed and kind of values."""
    return random_array(dtype, shape, draw(st.integers(0, 2**32 - 1)),
                        draw(st.sampled_from(["small", "wild"])))


# What a fuzzed call may raise: kiln's errors, and TypeError/ValueError where TF raises them.
EXPECTED_ERRORS = (kiln.errors.OpError, TypeError, ValueError)


def outputs_or_none(name, call):
    """call()'s outputs as a tuple, each a readable EagerTensor of the shape it
    claims; None when it raised one of EXPECTED_ERRORS (which must carry a
    message) or MemoryError (a request too large for memory is a clean,
    catchable error too). Anything else fails the test."""
    try:
        out = call()
    except EXPECTED_ERRORS as e:
        assert str(e), f"{name}: an error without a message"
        return None
    except MemoryError:
        return None
    outs = out if isinstance(out, tuple) else (out,)
    for t in outs:
        assert isinstance(t, kiln.EagerTensor), f"{name}: {t!r}"
        a = np.asarray(t)  # readable memory of the size it claims
        assert list(a.shape) == t.shape.as_list(), name
    return outs
