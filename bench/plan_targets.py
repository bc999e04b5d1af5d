"""The plan compiler's targets (issue 16): what fusing elementwise chains,
planning memory and a fast loop path should improve, measured on today's kiln
beside its peers in one process, so a later run shows the change.

Run: `PYTHONPATH=python <python with the peers> bench/plan_targets.py` (kiln and
NumPy always; numexpr, JAX and TensorFlow when importable: `make bench-peers`
installs them). Every kiln and peer case is checked against NumPy once before it
is timed. The 16M and loop cases are timed in turns (each case called twice a
round and the second call timed, see time_in_turns; the median of the rounds),
so every case sees the same drift of a shared machine; "best" is the fastest
round, against the fastest copy. Fresh 64 MiB results cost page faults whose
price varies with the machine's memory (zeroing, compaction for huge pages), so
single calls vary by tens of percent; the load average printed at the end says
whether other processes shared the 2 cores.

1. "fused expression": a*b + c*d - e over five distinct float32 [16M] inputs,
   as "copies' worth": the time / the time of one np.copyto of a float32 [16M]
   array into a preallocated one (one read + one write), measured in the same
   rounds. A fused kernel reads 5 arrays and writes 1: 3.0 copies is the limit.
   kiln runs it in a kiln.function on eager tensors and in a compat.v1 Session
   two ways: placeholders fed the NumPy arrays (kiln borrows a float32 feed, so
   this is the compute; the result comes back as an array without a copy) and
   variables (no feed at all; the fairer way for TF, whose feed may copy). The
   Session way to quote is "Session, fed"; TF's "Session, variables" is its
   compute. Peers: the NumPy expression, the same four NumPy ufuncs into
   preallocated out= buffers (unfused but planned: 12 array passes, 6 copies'
   worth if nothing else cost), numexpr.evaluate, jax.jit, tf.function and
   tf.function(jit_compile=True). "cores" is CPU time / wall
   time over the timed calls: NumPy is single-threaded, kiln's ops, numexpr,
   XLA and TF use the machine's cores, so a ratio to NumPy is not per core.
2. "peak memory": a 10-op elementwise chain on one float32 [16M] input
   (x*1.5, +0.5, maximum 0, *0.25, -1, exp, +1, sqrt, *x, -0.5), the growth of
   the process's peak resident memory during one call, in arrays' worth (one
   array = 64 MiB), counting the result the call returns. How: with the input
   and everything else allocated and the previous result freed, read VmRSS from
   /proc/self/status, write "5" to /proc/self/clear_refs (which resets VmHWM, the
   high-water mark; checked at start, else the case is skipped), call, read
   VmHWM; peak = VmHWM - that VmRSS. Every engine frees a 64 MiB buffer to the
   kernel (glibc serves it with mmap; kiln's allocator cache is emptied with
   kiln._core._release_cached_memory() first), so buffers are not hidden in a cache; the
   median of 3 calls after a warm-up. A fused, planned chain needs 1 array (its
   result). "time" is the same calls' median, in copies' worth.
3. "while_loop": 100,000 iterations of a scalar int32 loop whose body has 5 ops
   (i + 1 and s = (s * 31 + i) % 65521 - 100), plus the loop's test i < n, as
   ns per iteration: kiln.while_loop in a kiln.function (n an argument) and in
   a Session (n fed); peers: a Python loop over ints, TF's tf.function
   while_loop and jax.lax.while_loop under jax.jit.
4. "tiny calls": Session.run of z = x + y with x, y float32 [1] placeholders
   fed NumPy arrays, and a kiln.function add called on two float32 [1] eager
   tensors, as ratios to NumPy's np.add of two float32 [1] arrays (and TF's
   same calls beside), timed in turns with harness.measure.
5. "independent branches": four towers over one float32 [64, 512] input
   (sin, cos, exp, tanh; a product; a row reduction each; summed), each op too
   small to split over cores: a kiln.function with branches at once (the
   schedule pass's parallel step) and with
   kiln.config.threading.set_inter_op_parallelism_threads(1) (one after
   another), beside NumPy, tf.function and jax.jit, timed in turns; and the
   same two ways for four "cheap" towers (x*2+1 and abs, x*3-1 and square,
   maximum and a product, a product and minimum; a row reduction each), whose
   ops never split over cores by themselves. (Transcendental ops split from
   8,192 elements, so one tower at a time can also use both cores when the
   pool's second thread is awake in time: that time varies from process to
   process on this machine, 120 or 250 us.)

Measured on 2026-12-07, this machine (2 cores, 24 GiB, shared), with
`make bench-peers` then `PYTHONPATH=python .venv/bin/python bench/plan_targets.py` (NumPy 2.4.6,
numexpr 2.14.2, JAX 0.10.2, TF 2.21.0), medians.

Before the plan compiler (load average 3.5-6, ranges over 4 runs):
  1. a*b + c*d - e: kiln kiln.function 7.4-10.2 copies, Session fed 7.0-9.5;
     NumPy 4.7-7.4.
  2. 10-op chain: kiln 2 arrays' worth, NumPy 2.
  3. while_loop: kiln kiln.function 2,400-4,900 ns per iteration, Session
     2,600-4,700; the Python int loop 350-710.

With fused chains, scalar steps and the allocator cache (one run, load
average 1.6):
  1. a*b + c*d - e, copies' worth (3.0 is a one-thread fused limit; kiln's
     tiles run on both cores): kiln kiln.function 2.70 (0.45x NumPy's time),
     Session fed 3.33, Session from variables 2.73; NumPy 6.01, NumPy with
     out= buffers 4.73, numexpr 4.41, jax.jit 5.59, TF tf.function 11.5, TF
     XLA 5.44, TF Session fed 44.2, from variables 9.92.
  2. 10-op chain, peak in arrays' worth: kiln kiln.function 1, Session 1;
     NumPy 2; numexpr, jax.jit, TF and TF XLA 1. Time in copies' worth: kiln
     4.57 (function) and 4.07 (Session), jax.jit 3.88, TF XLA 3.89, NumPy 18.3.
  3. while_loop, ns per iteration: kiln kiln.function 259, Session 265; the
     Python int loop 427; TF tf.function 6,103; jax.jit 6.
  4. tiny calls, x np.add (under a load average of 3): kiln Session.run
     (feed_dict) 13.3x, kiln function call 4.5x; TF 565x and 1,250x.
"""

import gc
import os
import statistics
import time

import numpy as np

import kiln
from harness import fmt_time, measure_in_turns, print_ratios, print_table, save

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
try:  # optional peers
    import tensorflow as tf
except ImportError:
    tf = None
try:
    import numexpr
except ImportError:
    numexpr = None
try:
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import jax
    import jax.numpy as jnp
except ImportError:
    jax = None

N = 1 << 24  # 16M float32: 64 MiB an array
ARRAY_BYTES = N * 4
ITERATIONS = 100_000


# ---------------------------------------------------------------- helpers

def time_in_turns(fns, rounds):
    """{key: (median seconds of one call, CPU time / wall time, fastest call)}:
    `rounds` rounds in which each fn is called twice in a row and the second
    call is timed. The untimed call gives the timed one the state a loop calling
    the same fn sees: the pages the previous case freed (a kiln buffer asks for
    huge pages; after another library's small pages the kernel may compact
    memory first, and that once cost kiln.function 10x its time), and time for
    another library's pool threads to stop spinning on the 2 cores."""
    wall = {key: [] for key in fns}
    cpu = {key: [0.0, 0.0] for key in fns}
    for _ in range(rounds):
        for key, fn in fns.items():
            fn()
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            t1, c1 = time.perf_counter(), time.process_time()
            wall[key].append(t1 - t0)
            cpu[key][0] += c1 - c0
            cpu[key][1] += t1 - t0
    return {key: (statistics.median(ts), cpu[key][0] / cpu[key][1], min(ts))
            for key, ts in wall.items()}


def _status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def hwm_reset_works():
    """Whether writing "5" to /proc/self/clear_refs resets VmHWM here."""
    try:
        block = np.ones(ARRAY_BYTES // 4 // 4, np.float32)  # 16 MiB, touched
        del block
        before = _status_kib("VmHWM")
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return _status_kib("VmHWM") < before - 8 * 1024
    except (OSError, KeyError):
        return False


def peak_growth(fn, calls=3):
    """(median peak RSS growth in bytes, median seconds) of `calls` calls of fn
    after a warm-up call; each call's result is freed before the next."""
    fn()
    peaks, times = [], []
    for _ in range(calls):
        gc.collect()
        # kiln keeps freed blocks of 1 MiB and more for reuse (oneTBB's
        # allocator): hand them back first, so that the call's own need shows.
        kiln._core._release_cached_memory()
        base = _status_kib("VmRSS")
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        peaks.append((_status_kib("VmHWM") - base) * 1024)
        del result
    return statistics.median(peaks), statistics.median(times)


def block(x):
    """JAX's results are futures: wait for the values."""
    return jax.block_until_ready(x)


def check(result, expected, key):
    """A wrong result (or dtype) would make the timing meaningless."""
    result = np.asarray(result)
    assert result.dtype == expected.dtype and result.shape == expected.shape, (key, result.dtype)
    # Cheaper than assert_allclose on 16M elements (seconds a check); a NaN fails it too.
    error = float(np.max(np.abs(result - expected)))
    assert error <= 1e-5 * (1 + float(np.max(np.abs(expected)))), (key, error)


def inputs(rng, count):
    """`count` float32 [16M] arrays uniform in [-1, 1) (standard_normal takes seconds)."""
    arrays = []
    for _ in range(count):
        x = rng.random(N, dtype=np.float32)
        x *= 2
        x -= 1
        arrays.append(x)
    return arrays


# ---------------------------------------------------------------- 1. a*b + c*d - e

def expr(a, b, c, d, e):
    return a * b + c * d - e


def graph_cases_expr(lib, arrays):
    """{way: fn} running expr in a compat.v1 Session of `lib` (kiln or tf), fed
    and from variables, and the session to close."""
    v1 = lib.compat.v1
    g = lib.Graph()
    with g.as_default():
        ps = [v1.placeholder(lib.float32, [N]) for _ in arrays]
        fed = expr(*ps)
        # Initialized from the placeholders: 5 constants of 64 MiB would make
        # the graph (TF's GraphDef) slow to build and to hand to the session.
        vs = [v1.Variable(p) for p in ps]
        from_vars = expr(*vs)
        init = v1.global_variables_initializer()
    sess = v1.Session(graph=g)
    feeds = dict(zip(ps, arrays))
    sess.run(init, feed_dict=feeds)
    return sess, {"Session, fed": lambda: sess.run(fed, feed_dict=feeds),
                  "Session, variables": lambda: sess.run(from_vars)}


def bench_expr(rounds=4):
    rng = np.random.default_rng(0)
    arrays = inputs(rng, 5)
    expected = expr(*arrays)
    dst = np.empty_like(arrays[0])
    src = arrays[0]

    t1, t2 = np.empty_like(src), np.empty_like(src)

    def expr_out(a, b, c, d, e):  # unfused, every buffer planned ahead: 6 copies' worth
        np.multiply(a, b, out=t1)
        np.multiply(c, d, out=t2)
        np.add(t1, t2, out=t1)
        return np.subtract(t1, e, out=t1)

    cases = {("NumPy", "np.copyto (one copy)"): lambda: np.copyto(dst, src),
             ("NumPy", "expression"): lambda: expr(*arrays),
             ("NumPy", "expression, out= buffers"): lambda: expr_out(*arrays)}
    if numexpr is not None:
        names = dict(zip("abcde", arrays))
        cases["numexpr", "evaluate"] = lambda: numexpr.evaluate("a*b + c*d - e", local_dict=names)
    if jax is not None:
        jarrays = [jax.device_put(x) for x in arrays]
        jexpr = jax.jit(expr)
        cases["JAX", "jax.jit"] = lambda: block(jexpr(*jarrays))
    sessions = []
    ktensors = [kiln.constant(x) for x in arrays]
    kfn = kiln.function(expr)
    cases["kiln", "kiln.function"] = lambda: kfn(*ktensors)
    sess, ways = graph_cases_expr(kiln, arrays)
    sessions.append(sess)
    cases.update({("kiln", way): fn for way, fn in ways.items()})
    if tf is not None:
        ttensors = [tf.constant(x) for x in arrays]
        tfn = tf.function(expr)
        xfn = tf.function(expr, jit_compile=True)
        cases["TF", "tf.function"] = lambda: tfn(*ttensors)
        cases["TF", "tf.function(jit_compile=True)"] = lambda: xfn(*ttensors)
        sess, ways = graph_cases_expr(tf, arrays)
        sessions.append(sess)
        cases.update({("TF", way): fn for way, fn in ways.items()})

    for key, fn in cases.items():
        if not key[1].startswith("np.copyto"):
            check(fn(), expected, key)
    times = time_in_turns(cases, rounds)
    for sess in sessions:
        sess.close()
    copy = times["NumPy", "np.copyto (one copy)"][0]
    numpy_time = times["NumPy", "expression"][0]
    best_copy = times["NumPy", "np.copyto (one copy)"][2]
    rows = [{"engine": engine, "way": way, "time": fmt_time(t), "copies": f"{t / copy:.3g}",
             "best": f"{best / best_copy:.3g}", "x NumPy": f"{t / numpy_time:.3g}",
             "cores": f"{cores:.2g}", "seconds": t, "best_seconds": best}
            for (engine, way), (t, cores, best) in times.items()]
    print_table("1. a*b + c*d - e, five float32 [16M] inputs (copies: time / one np.copyto of "
                "16M float32; a fused kernel's limit is 3.0)", rows,
                [("engine", "engine"), ("way", "way"), ("time", "time"), ("copies", "copies"),
                 ("best", "best (copies)"), ("x NumPy", "x NumPy"), ("cores", "cores")])
    return rows, {key: t for key, (t, _, _) in times.items()}


# ---------------------------------------------------------------- 2. peak memory of a 10-op chain

def chain(lib, x):
    """The 10 ops, on NumPy, kiln, TF or jax.numpy."""
    h = x * 1.5
    h = h + 0.5
    h = lib.maximum(h, 0.0)
    h = h * 0.25
    h = h - 1.0
    h = lib.exp(h)
    h = h + 1.0
    h = lib.sqrt(h)
    h = h * x
    return h - 0.5


# numexpr makes a Python float constant float64 (and the whole result with it):
# the constants are float32 variables instead; 0 and 1 stay integers.
CHAIN_NUMEXPR = "sqrt(exp(where(x*k15 + k05 > 0, x*k15 + k05, 0)*k025 - 1) + 1)*x - k05"
NUMEXPR_CONSTANTS = {"k15": np.float32(1.5), "k05": np.float32(0.5), "k025": np.float32(0.25)}


def bench_memory():
    if not hwm_reset_works():
        print("\n2. peak memory: skipped (writing 5 to /proc/self/clear_refs does not reset "
              "VmHWM here)")
        return [], {}
    rng = np.random.default_rng(1)
    x, = inputs(rng, 1)
    x *= 3  # some of x*1.5 + 0.5 below 0, some above
    expected = chain(np, x)

    cases = {("NumPy", "expression"): lambda: chain(np, x)}
    if numexpr is not None:
        cases["numexpr", "evaluate"] = lambda: numexpr.evaluate(
            CHAIN_NUMEXPR, local_dict={"x": x, **NUMEXPR_CONSTANTS})
    if jax is not None:
        jx = jax.device_put(x)
        jchain = jax.jit(lambda h: chain(jnp, h))
        cases["JAX", "jax.jit"] = lambda: block(jchain(jx))
    kx = kiln.constant(x)
    kfn = kiln.function(lambda h: chain(kiln, h))
    cases["kiln", "kiln.function"] = lambda: kfn(kx)
    g = kiln.Graph()
    with g.as_default():
        p = kiln.compat.v1.placeholder(kiln.float32, [N])
        out = chain(kiln, p)
    sess = kiln.compat.v1.Session(graph=g)
    cases["kiln", "Session, fed"] = lambda: sess.run(out, feed_dict={p: x})
    if tf is not None:
        tx = tf.constant(x)
        tfn = tf.function(lambda h: chain(tf, h))
        xfn = tf.function(lambda h: chain(tf, h), jit_compile=True)
        cases["TF", "tf.function"] = lambda: tfn(tx)
        cases["TF", "tf.function(jit_compile=True)"] = lambda: xfn(tx)

    for key, fn in cases.items():
        check(fn(), expected, key)
    dst = np.empty_like(x)
    copy = time_in_turns({"copy": lambda: np.copyto(dst, x)}, 5)["copy"][0]
    del dst
    rows, peaks = [], {}
    for (engine, way), fn in cases.items():
        peak, t = peak_growth(fn)
        peaks[engine, way] = peak / ARRAY_BYTES
        rows.append({"engine": engine, "way": way, "peak": f"{peak / ARRAY_BYTES:.2f}",
                     "peak MiB": f"{peak / 2**20:.0f}", "time": fmt_time(t),
                     "copies": f"{t / copy:.3g}", "peak_arrays": peak / ARRAY_BYTES, "seconds": t})
    sess.close()
    print_table("2. 10-op elementwise chain on float32 [16M]: peak resident memory growth of one "
                "call in arrays' worth (64 MiB each; the result counts; a planned chain needs 1)",
                rows, [("engine", "engine"), ("way", "way"), ("peak", "peak (arrays)"),
                       ("peak MiB", "MiB"), ("time", "time"), ("copies", "copies")])
    return rows, peaks


# ---------------------------------------------------------------- 3. a scalar while_loop

def loop_body(i, s):
    return i + 1, (s * 31 + i) % 65521 - 100  # 5 ops: add, mul, add, floormod, sub


def python_loop(n):
    i = s = 0
    while i < n:
        i, s = loop_body(i, s)
    return [i, s]


def lib_loop(lib, n):
    return lib.while_loop(lambda i, s: i < n, loop_body, [lib.constant(0), lib.constant(0)])


def bench_loop(rounds=3):
    expected = python_loop(ITERATIONS)
    cases = {("Python", "int loop"): lambda: python_loop(ITERATIONS)}
    kn = kiln.constant(ITERATIONS)
    kfn = kiln.function(lambda n: lib_loop(kiln, n))
    cases["kiln", "kiln.function"] = lambda: kfn(kn)
    g = kiln.Graph()
    with g.as_default():
        p = kiln.compat.v1.placeholder(kiln.int32, [])
        out = lib_loop(kiln, p)
    sess = kiln.compat.v1.Session(graph=g)
    cases["kiln", "Session, fed n"] = lambda: sess.run(out, feed_dict={p: ITERATIONS})
    if tf is not None:
        tn = tf.constant(ITERATIONS)
        tfn = tf.function(lambda n: lib_loop(tf, n))
        cases["TF", "tf.function"] = lambda: tfn(tn)
    if jax is not None:
        def jloop(n):
            return jax.lax.while_loop(lambda v: v[0] < n, lambda v: loop_body(*v),
                                      (jnp.int32(0), jnp.int32(0)))
        jfn = jax.jit(jloop)
        jn = jnp.int32(ITERATIONS)
        cases["JAX", "jax.jit(lax.while_loop)"] = lambda: block(jfn(jn))
    for key, fn in cases.items():
        got = [int(np.asarray(v)) for v in fn()]
        assert got == expected, (key, got, expected)
    times = time_in_turns(cases, rounds)
    sess.close()
    py = times["Python", "int loop"][0]
    rows = [{"engine": engine, "way": way, "time": fmt_time(t),
             "per iter": f"{t / ITERATIONS * 1e9:.0f} ns", "x Python": f"{t / py:.3g}",
             "seconds": t} for (engine, way), (t, _, _) in times.items()]
    print_table(f"3. scalar int32 while_loop, {ITERATIONS:,} iterations, 5-op body "
                "(x Python: time / the Python int loop's)", rows,
                [("engine", "engine"), ("way", "way"), ("time", "time"),
                 ("per iter", "ns per iteration"), ("x Python", "x Python")])
    return rows, {key: t for key, (t, _, _) in times.items()}


# ---------------------------------------------------------------- 4. tiny calls

def bench_tiny(rounds=3):
    a, b = np.array([1.5], np.float32), np.array([2.25], np.float32)
    cases = {("NumPy", "np.add"): lambda: np.add(a, b)}
    sessions = []
    for name, lib in (("kiln", kiln), ("TF", tf)):
        if lib is None:
            continue
        g = lib.Graph()
        with g.as_default():
            x = lib.compat.v1.placeholder(lib.float32, [1])
            y = lib.compat.v1.placeholder(lib.float32, [1])
            z = lib.add(x, y)
        sess = lib.compat.v1.Session(graph=g)
        sessions.append(sess)
        ta, tb = lib.constant(a), lib.constant(b)
        fn = lib.function(lambda x, y, lib=lib: lib.add(x, y))
        cases[name, "Session.run(feed_dict)"] = (
            lambda sess=sess, z=z, x=x, y=y: sess.run(z, feed_dict={x: a, y: b}))
        cases[name, "function call"] = lambda fn=fn, ta=ta, tb=tb: fn(ta, tb)
    for key, fn in cases.items():
        np.testing.assert_array_equal(np.asarray(fn()), a + b, err_msg=str(key))
    seconds = measure_in_turns(cases, rounds)
    for sess in sessions:
        sess.close()
    base = seconds["NumPy", "np.add"]
    rows = [{"engine": engine, "way": way, "time": fmt_time(t), "x np.add": f"{t / base:.3g}",
             "seconds": t} for (engine, way), t in seconds.items()]
    print_table("4. tiny calls: one add of float32 [1] (x np.add: time / np.add's)", rows,
                [("engine", "engine"), ("way", "way"), ("time", "time"), ("x np.add", "x np.add")])
    return rows, seconds


# ---------------------------------------------------------------- 5. independent branches

BRANCH_SHAPE = (64, 512)  # 32,768 elements: below the size at which one op splits over cores


def towers(lib, x):
    """Four towers that read x and join at the end: sin/cos/exp/tanh, a product, a
    row reduction each (each op alone too small to use both cores)."""
    return (lib.reduce_sum(lib.sin(x) * 2.0, axis=1) + lib.reduce_max(lib.cos(x) * 3.0, axis=1)
            + lib.reduce_min(lib.exp(x) * 0.5, axis=1) + lib.reduce_sum(lib.tanh(x) * 4.0, axis=1))


def cheap_towers(lib, x):
    """Four towers of ops cheap enough that none splits over cores by itself."""
    return (lib.reduce_sum(lib.abs(x * 2.0 + 1.0), axis=1)
            + lib.reduce_max(lib.square(x * 3.0 - 1.0), axis=1)
            + lib.reduce_min(lib.maximum(x, 0.5) * 0.5, axis=1)
            + lib.reduce_sum(lib.minimum(x * 4.0, 1.0), axis=1))


def numpy_towers(x):
    return ((np.sin(x) * 2.0).sum(axis=1) + (np.cos(x) * 3.0).max(axis=1)
            + (np.exp(x) * 0.5).min(axis=1) + (np.tanh(x) * 4.0).sum(axis=1))


def bench_branches(rounds=5):
    x = np.random.default_rng(5).standard_normal(BRANCH_SHAPE).astype(np.float32)
    want = numpy_towers(x)
    kx = kiln.constant(x)
    kfn = kiln.function(lambda v: towers(kiln, v))
    threading = kiln.config.threading

    def with_inter_op(fn, inter_op):
        def call():
            threading.set_inter_op_parallelism_threads(inter_op)
            return fn(kx)
        return call

    cheap = kiln.function(lambda v: cheap_towers(kiln, v))
    cases = {("NumPy", "expression"): lambda: numpy_towers(x),
             ("kiln", "kiln.function, branches at once"): with_inter_op(kfn, 0),
             ("kiln", "kiln.function, inter-op 1"): with_inter_op(kfn, 1),
             ("kiln", "cheap towers, branches at once"): with_inter_op(cheap, 0),
             ("kiln", "cheap towers, inter-op 1"): with_inter_op(cheap, 1)}
    if tf is not None:
        tfn = tf.function(lambda v: towers(tf, v))
        tx = tf.constant(x)
        cases["TF", "tf.function"] = lambda: tfn(tx)
    if jax is not None:
        jfn = jax.jit(lambda v: ((jnp.sin(v) * 2.0).sum(axis=1) + (jnp.cos(v) * 3.0).max(axis=1)
                                 + (jnp.exp(v) * 0.5).min(axis=1)
                                 + (jnp.tanh(v) * 4.0).sum(axis=1)))
        jx = jnp.asarray(x)
        cases["JAX", "jax.jit"] = lambda: block(jfn(jx))
    want_cheap = (
        np.abs(x * 2.0 + 1.0).sum(axis=1) + np.square(x * 3.0 - 1.0).max(axis=1)
        + (np.maximum(x, 0.5) * 0.5).min(axis=1) + np.minimum(x * 4.0, 1.0).sum(axis=1))
    for key, fn in cases.items():
        expected = want_cheap if key[1].startswith("cheap") else want
        np.testing.assert_allclose(np.asarray(fn()), expected, rtol=2e-4, atol=1e-3, err_msg=str(key))
    seconds = measure_in_turns(cases, rounds)
    threading.set_inter_op_parallelism_threads(0)
    base = seconds["NumPy", "expression"]
    rows = [{"engine": engine, "way": way, "time": fmt_time(t), "x NumPy": f"{t / base:.3g}",
             "seconds": t} for (engine, way), t in seconds.items()]
    print_table(f"5. four independent towers over float32 {list(BRANCH_SHAPE)} "
                "(x NumPy: time / NumPy's)", rows,
                [("engine", "engine"), ("way", "way"), ("time", "time"), ("x NumPy", "x NumPy")])
    return rows, seconds


# ---------------------------------------------------------------- all

def run():
    peers = [f"{name} {mod.__version__}" for name, mod in
             (("NumPy", np), ("numexpr", numexpr), ("JAX", jax), ("TF", tf)) if mod is not None]
    print(f"plan targets: kiln beside {', '.join(peers)}; {os.cpu_count()} cores")
    load = [os.getloadavg()[0]]
    took = []
    for part in (bench_expr, bench_memory, bench_loop, bench_tiny, bench_branches):
        start = time.perf_counter()
        took.append(part())
        print(f"({time.perf_counter() - start:.0f} s)")
    ((expr_rows, expr_t), (mem_rows, peaks), (loop_rows, loop_t), (tiny_rows, tiny_t),
     (branch_rows, branch_t)) = took
    load.append(os.getloadavg()[0])
    print(f"\nLoad average (1 min) at the start and end: {load[0]:.1f}, {load[1]:.1f} on "
          f"{os.cpu_count()} cores (above the core count, other processes shared the cores)")

    # Ratios of two times from this run: "A / B = r" means A takes r times as long as B.
    copy = ("NumPy", "np.copyto (one copy)")
    seconds = {("expr",) + k: t for k, t in expr_t.items()}
    seconds.update({("loop",) + k: t for k, t in loop_t.items()})
    seconds.update({("tiny",) + k: t for k, t in tiny_t.items()})
    seconds.update({("branches",) + k: t for k, t in branch_t.items()})
    pairs = [(f"{e} {w} / one copy, a*b + c*d - e", ("expr", e, w), ("expr",) + copy)
             for (e, w) in expr_t if (e, w) != copy]
    pairs += [("kiln kiln.function / NumPy, a*b + c*d - e",
               ("expr", "kiln", "kiln.function"), ("expr", "NumPy", "expression"))]
    for (e, w) in expr_t:
        if e not in ("kiln", "NumPy"):
            pairs.append((f"kiln kiln.function / {e} {w}, a*b + c*d - e",
                          ("expr", "kiln", "kiln.function"), ("expr", e, w)))
    for (e, w) in loop_t:
        if e != "kiln":
            pairs.append((f"kiln kiln.function / {e} {w}, while_loop",
                          ("loop", "kiln", "kiln.function"), ("loop", e, w)))
    pairs += [("kiln Session.run / np.add, tiny", ("tiny", "kiln", "Session.run(feed_dict)"),
               ("tiny", "NumPy", "np.add")),
              ("kiln function call / np.add, tiny", ("tiny", "kiln", "function call"),
               ("tiny", "NumPy", "np.add"))]
    pairs += [("kiln inter-op 1 / branches at once, four towers",
               ("branches", "kiln", "kiln.function, inter-op 1"),
               ("branches", "kiln", "kiln.function, branches at once")),
              ("kiln inter-op 1 / branches at once, four cheap towers",
               ("branches", "kiln", "cheap towers, inter-op 1"),
               ("branches", "kiln", "cheap towers, branches at once"))]
    for (e, w) in branch_t:
        if e != "kiln":
            pairs.append((f"{e} {w} / kiln branches at once, four towers", ("branches", e, w),
                          ("branches", "kiln", "kiln.function, branches at once")))
    if tf is not None:
        pairs += [("TF Session.run / kiln Session.run, tiny",
                   ("tiny", "TF", "Session.run(feed_dict)"), ("tiny", "kiln", "Session.run(feed_dict)")),
                  ("TF function call / kiln function call, tiny",
                   ("tiny", "TF", "function call"), ("tiny", "kiln", "function call"))]
    ratios = print_ratios(seconds, pairs)
    if peaks:
        print("\nPeak memory (arrays' worth, same run)")
        for (e, w), p in peaks.items():
            print(f"  {e} {w}: {p:.2f}")
    missing = [name for name, mod in (("numexpr", numexpr), ("JAX", jax), ("TF", tf)) if mod is None]
    if missing:
        print(f"  ({', '.join(missing)} not installed: `make bench-peers` adds them)")
    save("plan_targets", expr_rows + mem_rows + loop_rows + tiny_rows + branch_rows, ratios=ratios,
         peak_arrays={f"{e} {w}": p for (e, w), p in peaks.items()},
         sections={"expr": len(expr_rows), "memory": len(mem_rows), "loop": len(loop_rows),
                   "tiny": len(tiny_rows), "branches": len(branch_rows)}, cores=os.cpu_count(),
         load_average=load)


if __name__ == "__main__":
    run()
