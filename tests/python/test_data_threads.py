"""kiln.data's pipeline threads (C++ workers of parallel map and prefetch):
an iterator dropped mid-stream leaves no thread behind, and Ctrl-C while
next() waits raises KeyboardInterrupt and leaves an iterator that can be
dropped. The threads are C++ ones, so they are counted in /proc/self/task
(threading.active_count() does not see them). pytest-timeout is not a
dependency: a watchdog thread (counted in the baseline) bounds each test."""

import gc
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import kiln as tf
from ctrl_c import CtrlC

BOUND_S = 60


@pytest.fixture
def bounded():
    """Aborts the run (instead of hanging it) when a test takes over BOUND_S."""
    watchdog = threading.Timer(BOUND_S, lambda: os.kill(os.getpid(), signal.SIGABRT))
    watchdog.daemon = True
    watchdog.start()
    yield
    watchdog.cancel()


def tasks():
    return len(os.listdir("/proc/self/task"))


def settle(expected, limit_s=10.0):
    """The task count once it reaches `expected` (threads end a moment after join), or
    after limit_s."""
    deadline = time.monotonic() + limit_s
    while tasks() > expected and time.monotonic() < deadline:
        time.sleep(0.01)
    return tasks()


def parallel_pipeline(n=10**9):
    return tf.data.Dataset.range(n).map(lambda x: x * 2, num_parallel_calls=4).prefetch(4)


def generator_pipeline():
    def gen():
        i = 0
        while True:  # holds the GIL for each step
            yield np.full(1000, i, np.int64).sum()
            i += 1
    return tf.data.Dataset.from_generator(
        gen, output_signature=tf.TensorSpec((), tf.int64)).prefetch(8).map(
            lambda x: x + 1, num_parallel_calls=2).prefetch(4)


@pytest.fixture
def baseline(bounded):
    # Warm up: oneTBB's pool and any lazily started threads persist.
    for make in (parallel_pipeline, generator_pipeline):
        list(make().take(50))
    gc.collect()
    return settle(0, limit_s=0.5)


@pytest.mark.parametrize("make", [parallel_pipeline, generator_pipeline])
def test_dropping_an_iterator_mid_stream_leaves_no_pipeline_thread(baseline, make):
    for _ in range(5):
        it = iter(make())
        got = [int(next(it)) for _ in range(20)]
        assert got == ([2 * i for i in range(20)] if make is parallel_pipeline
                       else [1000 * i + 1 for i in range(20)])
        assert tasks() > baseline  # the workers run
        del it
        gc.collect()
        assert settle(baseline) == baseline


def test_dropping_a_numpy_iterator_and_its_dataset_leaves_no_thread(baseline):
    ds = parallel_pipeline().batch(16).prefetch(2)
    it = ds.as_numpy_iterator()
    assert next(it).tolist() == [2 * i for i in range(16)]
    del it, ds
    gc.collect()
    assert settle(baseline) == baseline


def test_finished_iterators_leave_no_thread(baseline):
    for make in (parallel_pipeline, generator_pipeline):
        assert len(list(make().take(100))) == 100
    gc.collect()
    assert settle(baseline) == baseline


def sleepy(x):
    return tf.numpy_function(lambda v: (time.sleep(2), v)[1], [x], tf.int64)


@pytest.mark.parametrize("parallel", [None, 4])
def test_ctrl_c_while_next_waits_for_a_slow_map(baseline, parallel):
    ds = tf.data.Dataset.range(100).map(sleepy, num_parallel_calls=parallel).prefetch(2)
    it = iter(ds)
    ctrl_c = CtrlC(delay=0.3)
    with pytest.raises(KeyboardInterrupt):
        next(it)
    # The wait stopped promptly (the sleeping function itself cannot be interrupted).
    assert ctrl_c.latency() < 1.0
    # Dropping the iterator waits for the functions running (2 s) and leaves no thread.
    del it
    gc.collect()
    assert settle(baseline) == baseline


def slow_generator():
    def gen():
        for i in range(10**9):
            time.sleep(0.05)
            yield i
    return tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((), tf.int64))


def test_ctrl_c_while_next_waits_for_a_slow_generator(baseline):
    ds = slow_generator()
    it = iter(ds.skip(10**8))
    ctrl_c = CtrlC(delay=0.3)
    with pytest.raises(KeyboardInterrupt):
        next(it)
    assert ctrl_c.latency() < 1.0
    del it
    gc.collect()
    assert settle(baseline) == baseline
    assert [int(x) for x in ds.take(3)] == [0, 1, 2]  # the dataset still works


DROP_DURING_A_LONG_SKIP = """
import gc, os, signal, threading, time
import kiln as tf
def gen():
    for i in range(10**9):
        time.sleep(0.05)
        yield i
ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((), tf.int64))
it = iter(ds.skip(10**8).prefetch(2))
threading.Timer(0.3, lambda: signal.pthread_kill(threading.main_thread().ident,
                                                 signal.SIGINT)).start()
try:
    next(it)
except KeyboardInterrupt:
    print("interrupted")
del it
gc.collect()
print("dropped")
"""


def test_dropping_an_iterator_whose_prefetch_worker_skips_a_slow_generator_returns(bounded):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(tf.__file__)))
    done = subprocess.run([sys.executable, "-c", DROP_DURING_A_LONG_SKIP], env=env,
                          capture_output=True, text=True, timeout=20)
    assert done.stdout.split() == ["interrupted", "dropped"], done.stderr
