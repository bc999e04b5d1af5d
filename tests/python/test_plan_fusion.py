"""Fused plans against unfused execution, on random graphs.

The planner fuses chains of elementwise ops into one step that runs each
op's own kernel over cache-sized tiles, and writes outputs over dead inputs
(src/runtime/plan_fuse.cc, plan_memory.cc). Every element must come out
bit for bit as when the same ops run one by one in eager mode: same kernels,
same order. Random graphs mix broadcasting, scalars, casts, fetched
intermediates and values read twice; sizes span one element to several
tiles (a tile is 4,096 to 32,768 elements, by the chain's intermediates).
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import kiln
from kiln.compat import v1

SEED = int(os.environ.get("KILN_FUZZ_SEED", "20261207"))
GRAPHS = 150

UNARY = {
    "tanh": kiln.tanh,
    "sin": kiln.sin,
    "abs": kiln.abs,
    "negative": kiln.negative,
    "square": kiln.square,
    "sqrt_abs": lambda x: kiln.sqrt(kiln.abs(x)),
    "relu": kiln.nn.relu,
    "round_trip_f64": lambda x: kiln.cast(kiln.cast(x, kiln.float64) * 1.5, x.dtype),
}
BINARY = {
    "add": kiln.add,
    "subtract": kiln.subtract,
    "multiply": kiln.multiply,
    "maximum": kiln.maximum,
    "minimum": kiln.minimum,
    "where_greater": lambda x, y: kiln.where(kiln.greater(x, y), x, y),
}


def shapes_for(rng):
    """Operand shapes that broadcast together, from scalars to many tiles."""
    n = int(rng.choice([1, 7, 4099, 20000, 70001]))
    rows = int(rng.choice([1, 3]))
    return [(rows, n), (n,), (1, n), (), (rows, 1)]


def build(rng):
    """A random program: (inputs, a list of (op name, operand indexes)), fetch indexes."""
    shapes = shapes_for(rng)
    dtype = rng.choice([np.float32, np.float64])
    inputs = [
        rng.standard_normal(shapes[int(rng.integers(len(shapes)))]).astype(dtype)
        for _ in range(int(rng.integers(1, 4)))
    ]
    program = []
    count = len(inputs)
    for _ in range(int(rng.integers(2, 9))):
        if rng.random() < 0.4:
            name = str(rng.choice(list(UNARY)))
            operands = (int(rng.integers(max(0, count - 3), count)),)
        else:
            name = str(rng.choice(list(BINARY)))
            operands = tuple(int(rng.integers(0, count)) for _ in range(2))
        program.append((name, operands))
        count += 1
    fetches = sorted({count - 1, int(rng.integers(len(inputs), count))})
    return inputs, program, fetches


def evaluate(values, program):
    values = list(values)
    for name, operands in program:
        args = [values[k] for k in operands]
        fn = UNARY.get(name) or BINARY[name]
        values.append(fn(*args))
    return values


def bits(a):
    a = np.ascontiguousarray(a)
    return a.view(np.uint8 if a.dtype.itemsize == 1 else f"u{a.dtype.itemsize}")


@pytest.mark.parametrize("case", range(GRAPHS))
def test_fused_plans_match_unfused_ops_bit_for_bit(case):
    rng = np.random.default_rng([SEED, case])
    inputs, program, fetches = build(rng)
    eager = evaluate([kiln.constant(x) for x in inputs], program)
    want = [eager[k].numpy() for k in fetches]
    g = kiln.Graph()
    with g.as_default():
        feeds = [v1.placeholder(x.dtype, shape=[None] * x.ndim if case % 2 else x.shape)
                 for x in inputs]
        nodes = evaluate(feeds, program)
    with v1.Session(graph=g) as sess:
        got = sess.run([nodes[k] for k in fetches], dict(zip(feeds, inputs)))
        (plan,) = sess._cached_plans  # the one plan of the one run
    for w, r in zip(want, got):
        assert r.shape == w.shape and r.dtype == w.dtype
        np.testing.assert_array_equal(bits(r), bits(w), err_msg=plan.describe())
    for x, fed in zip(inputs, dict(zip(feeds, inputs)).values()):
        assert fed is x  # fed arrays are borrowed, never written


def test_the_random_graphs_fuse_and_write_in_place():
    """The fuzz above reaches what it is for: fused steps of several ops and in-place writes."""
    fused = in_place = 0
    for case in range(GRAPHS):
        rng = np.random.default_rng([SEED, case])
        inputs, program, fetches = build(rng)
        g = kiln.Graph()
        with g.as_default():
            feeds = [v1.placeholder(x.dtype, shape=x.shape) for x in inputs]
            nodes = evaluate(feeds, program)
        with v1.Session(graph=g) as sess:
            sess.run([nodes[k] for k in fetches], dict(zip(feeds, inputs)))
            (plan,) = sess._cached_plans
            text = plan.describe()
        fused += text.count("= fused(")
        in_place += text.count("in place of")
    assert fused >= GRAPHS // 2, fused
    assert in_place >= 10, in_place


def test_traced_functions_fuse_too():
    @kiln.function
    def f(a, b, c, d, e):
        return a * b + c * d - e

    args = [np.full(5, k + 1.0, np.float32) for k in range(5)]
    np.testing.assert_array_equal(f(*args).numpy(), np.full(5, 1 * 2 + 3 * 4 - 5, np.float32))
    g = kiln.Graph()
    with g.as_default():
        ps = [v1.placeholder(kiln.float32, [5]) for _ in range(5)]
        out = ps[0] * ps[1] + ps[2] * ps[3] - ps[4]
    with v1.Session(graph=g) as sess:
        sess.run(out, dict(zip(ps, args)))
        (plan,) = sess._cached_plans  # the one plan of the one run
    assert plan.num_steps == 1
    assert "fused(multiply, multiply, add, subtract)" in plan.describe()
    assert plan.peak_bytes == 5 * 4


def test_kiln_dump_plan_prints_each_pass():
    code = (
        "import kiln\n"
        "@kiln.function\n"
        "def f(x):\n"
        "    return kiln.exp(x) * 2.0 + 1.0\n"
        "f(kiln.constant([1.0, 2.0]))\n"
    )
    env = dict(os.environ, KILN_DUMP_PLAN="1")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    for part in ("after lower:", "after fold:", "after cse:", "after fuse:", "after schedule:",
                 "after memory:",
                 "fused(exp, multiply, add)", "peak bytes: 8"):
        assert part in done.stderr, done.stderr
