"""Every gradient, reached through the op fuzzer's random calls
(test_op_fuzz.py): when a call runs eagerly, its gradient with respect to each
float input (under random output weights) is a tensor of that input's shape,
or a kiln error — never a crash, an assertion or a wrong shape.

    cd tests/python && KILN_FUZZ_EXAMPLES=4000 ../../.venv/bin/python test_gradient_fuzz.py

prints how many ops' gradients ran to a result (the fuzzer's reach).
"""

import collections
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kiln
from fuzz_inputs import arrays
from kiln import _core
from test_op_fuzz import EXPECTED, OPS, _data_sized_output_too_large, calls, mixed_attrs

STATUS = _core.op_gradient_status()
REACHED = collections.Counter()  # op name -> calls whose gradients ran to a result


def _float_inputs(inputs):
    return [t for t in inputs if t.dtype in (kiln.float32, kiln.float64, kiln.float16,
                                             kiln.bfloat16)]


def check_gradient(index, name, inputs, attrs):
    """Runs the call under a tape and differentiates it; returns whether it reached a gradient."""
    if STATUS[name] != "gradient" or _data_sized_output_too_large(name, inputs, attrs):
        return False
    sources = _float_inputs(inputs)
    if not sources:
        return False
    try:
        with kiln.GradientTape() as tape:
            for s in sources:
                tape.watch(s)
            out = _core.execute(index, inputs, attrs)
    except (*EXPECTED, MemoryError):
        return False
    outs = [t for t in (out if isinstance(out, tuple) else (out,)) if t.dtype.is_floating]
    if not outs or any(t.shape.num_elements() > 1 << 16 for t in outs):
        return False  # nothing to differentiate, or a huge broadcast view
    rng = np.random.default_rng(index)
    weights = [kiln.constant(rng.standard_normal(t.shape.as_list()).astype(t.dtype.as_numpy_dtype))
               for t in outs]
    try:
        grads = tape.gradient(outs, sources, output_gradients=weights)
    except (*EXPECTED, MemoryError, NotImplementedError) as e:
        assert str(e), f"{name}: a gradient error without a message"
        return False
    for s, g in zip(sources, grads):
        if g is not None:
            assert g.shape == s.shape, f"{name}: gradient of shape {g.shape} for input {s.shape}"
            assert g.dtype == s.dtype, f"{name}: gradient of dtype {g.dtype} for input {s.dtype}"
            np.asarray(g)
    return True


DIFFERENTIABLE = [i for i, op in enumerate(OPS) if STATUS[op["name"]] == "gradient"]


@st.composite
def float_calls(draw):
    """Calls of ops with a gradient on float inputs: one shape for all (or
    scalars after the first), or int32 indices after the first."""
    index = draw(st.sampled_from(DIFFERENTIABLE))
    op = OPS[index]
    high = op["min_inputs"] + 2 if op["max_inputs"] < 0 else op["max_inputs"]
    n = draw(st.integers(op["min_inputs"], max(op["min_inputs"], high)))
    dtype = draw(st.sampled_from([kiln.float32, kiln.float64]))
    shape = draw(st.lists(st.integers(0, 3), max_size=3))
    layout = draw(st.sampled_from(["same", "scalars", "indices"]))
    inputs = [kiln.constant(draw(arrays(dtype, shape)))]
    for _ in range(n - 1):
        if layout == "indices":
            size = int(np.prod(shape[:1]))
            ids = draw(st.lists(st.integers(-1, 2), min_size=size, max_size=size))
            inputs.append(kiln.constant(np.asarray(ids, np.int32)))
        else:
            inputs.append(kiln.constant(draw(arrays(dtype, shape if layout == "same" else []))))
    return index, op["name"], tuple(inputs), draw(mixed_attrs(op, len(shape)))


@settings(max_examples=int(os.environ.get("KILN_FUZZ_EXAMPLES", "1000")) // 2, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(st.one_of(calls(), float_calls()))
def test_every_gradient_returns_or_raises_a_kiln_error(call):
    index, name, inputs, attrs = call
    if check_gradient(index, name, inputs, attrs):
        REACHED[name] += 1


if __name__ == "__main__":
    test_every_gradient_returns_or_raises_a_kiln_error()
    with_gradient = sorted(n for n, s in STATUS.items() if s == "gradient")
    reached = [n for n in with_gradient if REACHED[n]]
    print(f"{len(reached)} of {len(with_gradient)} ops with a gradient reached one "
          f"({sum(REACHED.values())} gradients)")
    print("never reached:", [n for n in with_gradient if not REACHED[n]])
