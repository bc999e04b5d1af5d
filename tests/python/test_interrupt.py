"""Ctrl-C (SIGINT) during a long Session.run or traced-function call raises
KeyboardInterrupt within 100 ms and leaves the session or function usable.
Plans run without the GIL, so kiln polls Python's signal handlers between
steps; a user's own SIGINT handler is honoured (a handler that does not raise
lets the run finish)."""

import signal
import threading
import time

import numpy as np
import pytest

import kiln
from kiln import errors
from ctrl_c import CtrlC

v1 = kiln.compat.v1

FOREVER = 10**15  # loop iterations no test waits for


def _loop_to(n):
    """A scalar while_loop counting to n (about 1 µs an iteration)."""
    return kiln.while_loop(lambda i: i < n, lambda i: (i + 1,), (kiln.constant(0, kiln.int64),))[0]


@pytest.fixture
def counting_session():
    g = kiln.Graph()
    with g.as_default():
        n = v1.placeholder(kiln.int64, [], name="n")
        count = _loop_to(n)
    with v1.Session(graph=g) as sess:
        yield sess, n, count


def test_ctrl_c_stops_a_session_run_within_100ms(counting_session):
    sess, n, count = counting_session
    ctrl_c = CtrlC()
    with pytest.raises(KeyboardInterrupt):
        sess.run(count, {n: FOREVER})
    assert ctrl_c.latency() < 0.1
    # The session and its cached plan still work.
    assert sess.run(count, {n: 1000}) == 1000


def test_ctrl_c_stops_a_traced_function_within_100ms():
    @kiln.function
    def count_to(n):
        return _loop_to(n)

    assert count_to(kiln.constant(10, kiln.int64)).numpy() == 10
    ctrl_c = CtrlC()
    with pytest.raises(KeyboardInterrupt):
        count_to(kiln.constant(FOREVER, kiln.int64))
    assert ctrl_c.latency() < 0.1
    assert count_to(kiln.constant(2000, kiln.int64)).numpy() == 2000
    assert count_to.experimental_get_tracing_count() == 1


def test_a_sigint_handler_that_does_not_raise_lets_the_run_finish(counting_session):
    sess, n, count = counting_session
    seen = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
    try:
        ctrl_c = CtrlC(delay=0.05)
        assert sess.run(count, {n: 300_000}) == 300_000
        ctrl_c.latency()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIGINT]


def test_a_handler_raising_another_exception_stops_the_run_with_it(counting_session):
    sess, n, count = counting_session

    class Stop(Exception):
        pass

    def handler(signum, frame):
        raise Stop("asked to stop")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        ctrl_c = CtrlC()
        with pytest.raises(Stop, match="asked to stop"):
            sess.run(count, {n: FOREVER})
        ctrl_c.latency()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sess.run(count, {n: 5}) == 5


def test_keyboard_interrupt_in_a_numpy_function_callback_reaches_the_caller():
    calls = []

    def callback(x):
        calls.append(x)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return x

    g = kiln.Graph()
    with g.as_default():
        x = v1.placeholder(kiln.float32, [2])
        y = kiln.numpy_function(callback, [x], kiln.float32) * 2.0
    with v1.Session(graph=g) as sess:
        assert np.array_equal(sess.run(y, {x: [1, 2]}), [2, 4])
        with pytest.raises(KeyboardInterrupt):
            sess.run(y, {x: [1, 2]})
        assert np.array_equal(sess.run(y, {x: [3, 4]}), [6, 8])


def test_system_exit_in_a_callback_is_not_turned_into_an_op_error():
    @kiln.function
    def f(x):
        return kiln.numpy_function(lambda v: (_ for _ in ()).throw(SystemExit(3)), [x], kiln.int32)

    with pytest.raises(SystemExit) as info:
        f(kiln.constant(1))
    assert info.value.code == 3


def test_an_ordinary_callback_exception_is_still_an_op_error():
    @kiln.function
    def f(x):
        return kiln.numpy_function(lambda v: 1 / 0, [x], kiln.float32)

    with pytest.raises(errors.InvalidArgumentError, match="division by zero"):
        f(kiln.constant(1.0))


def test_runs_on_other_threads_are_not_interrupted(counting_session):
    sess, n, count = counting_session
    results = []
    threads = [threading.Thread(target=lambda k=k: results.append(sess.run(count, {n: 200_000 + k})))
               for k in range(2)]
    for t in threads:
        t.start()
    ctrl_c = CtrlC(delay=0.02)
    with pytest.raises(KeyboardInterrupt):
        time.sleep(10)  # the main thread, where Python runs handlers, gets it
    ctrl_c.latency()
    for t in threads:
        t.join()
    assert sorted(results) == [200_000, 200_001]
