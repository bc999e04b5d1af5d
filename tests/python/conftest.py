"""Shared fixtures for kiln's Python tests (NumPy is the oracle)."""

import gc
import os
import signal
import threading

import numpy as np
import pytest
from hypothesis import settings

import kiln

# CI runs the same examples every time (a random find there would block an
# unrelated change); local runs and `make fuzz` explore new ones each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# A run started with `&` from a non-interactive shell (`make test &`, a CI step in the
# background) inherits SIGINT ignored, and Python then installs no KeyboardInterrupt
# handler: the Ctrl-C tests would wait for a signal that never arrives.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ALIGNMENT = 64  # kiln adopts only 64-byte aligned memory


def _sample(dtype, shape=(2, 3), seed=0):
    """Deterministic, varied values of `dtype` in a fresh, writable C-contiguous array."""
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    if dtype == np.bool_:
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)
    if dtype.kind == "c":
        return (rng.standard_normal(shape) * 100 + 1j * rng.standard_normal(shape)).astype(dtype)
    return (rng.standard_normal(shape) * 100).astype(dtype)  # floats, bfloat16


def _aligned(values, offset=0, readonly=True):
    """A copy of `values` whose data starts `offset` bytes after a 64-byte boundary."""
    values = np.ascontiguousarray(values)
    raw = np.empty(values.nbytes + 2 * ALIGNMENT, np.uint8)
    start = (-raw.ctypes.data) % ALIGNMENT + offset
    array = raw[start:start + values.nbytes].view(values.dtype).reshape(values.shape)
    array[...] = values
    assert array.ctypes.data % ALIGNMENT == offset % ALIGNMENT
    array.flags.writeable = not readonly
    return array


def _allocated():
    """Bytes held by buffers kiln allocated, after a full garbage collection."""
    gc.collect()
    return kiln._core._allocated_bytes()


def _in_threads(worker, count):
    """Runs worker(k) for k in range(count) on as many threads at once; waits for all,
    then fails the test with the first exception a thread raised (a thread's
    exception would otherwise only be printed)."""
    failures = []

    def guarded(k):
        try:
            worker(k)
        except BaseException as e:  # noqa: BLE001 - reported to the test below
            failures.append((k, e))

    threads = [threading.Thread(target=guarded, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        k, e = failures[0]
        raise AssertionError(f"thread {k} raised {e!r} ({len(failures)} threads failed)") from e


@pytest.fixture
def in_threads():
    return _in_threads


@pytest.fixture
def sample():
    return _sample


@pytest.fixture
def aligned():
    return _aligned


@pytest.fixture
def allocated():
    return _allocated
