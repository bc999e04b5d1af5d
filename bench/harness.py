"""A small timing harness shared by kiln's benchmarks.

Each case is timed as the median of several repeats of an auto-sized loop
(timeit's autorange), so small and large cases are both measured well. A
benchmark prints a table of ratios against a baseline measured in the same
run and saves all numbers as JSON under bench/results/.
"""

import json
import pathlib
import platform
import statistics
import time
import timeit

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def measure(fn, repeat=7, min_time=0.05):
    """Median seconds per call of fn()."""
    for _ in range(3):  # warm caches, allocator and lazily bound methods
        fn()
    timer = timeit.Timer(fn)
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= min_time or number >= 1 << 20:
            break
        number *= 2 if elapsed > min_time / 10 else 10
    runs = [timer.timeit(number) / number for _ in range(repeat)]
    return statistics.median(runs)


def measure_in_turns(fns, rounds=5, repeat=7):
    """{key: median seconds per call} of fns {key: fn}, measured in turn `rounds`
    times: on a shared machine one measurement drifts by tens of percent, and
    turns let every case see the same drift."""
    times = {key: [] for key in fns}
    for _ in range(rounds):
        for key, fn in fns.items():
            times[key].append(measure(fn, repeat=repeat))
    return {key: statistics.median(ts) for key, ts in times.items()}


def fmt_time(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def print_table(title, rows, columns):
    """rows: list of dicts; columns: list of (key, header)."""
    print(f"\n{title}")
    widths = [max(len(h), *(len(str(r[k])) for r in rows)) for k, h in columns]
    print("  ".join(h.ljust(w) for (_, h), w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(r[k]).ljust(w) for (k, _), w in zip(columns, widths)))


def save(name, rows, **extra):
    """extra: more top-level entries for the JSON (e.g. ratios=...)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
               "machine": platform.machine(), "python": platform.python_version(), "rows": rows,
               **extra}
    path.write_text(json.dumps(payload, indent=2))
    print(f"saved {path.relative_to(RESULTS.parent.parent)}")


def print_ratios(seconds, pairs):
    """Prints and returns {label: seconds[numerator] / seconds[denominator]} for
    (label, numerator key, denominator key) pairs measured in this run."""
    ratios = {}
    print("\nRatios (same run; > 1: the first is slower)")
    for label, num, den in pairs:
        ratios[label] = seconds[num] / seconds[den]
        print(f"  {label} = {ratios[label]:.3g}")
    return ratios
