"""``kiln.compat.v1.logging`` and ``kiln.get_logger()``: TF's logging names on
Python's ``logging``.

The logger is ``logging.getLogger("kiln")`` with TF's setup: one handler to
stderr printing ``INFO:kiln:message``, level WARNING until ``set_verbosity``.
Levels have TF's (Python's) values: DEBUG 10, INFO 20, WARN 30, ERROR 40,
FATAL 50. ``fatal`` logs at FATAL and returns, as TF's does (it does not exit).
"""

import logging as _logging
import sys as _sys
import threading as _threading

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARN
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_lock = _threading.Lock()
_logger = None
_counts = {}  # (file, line) of a log_every_n / log_first_n call -> calls so far


def get_logger():
    """kiln's logger (a ``logging.Logger``), set up on first use as TF sets up its own."""
    global _logger
    with _lock:
        if _logger is None:
            logger = _logging.getLogger("kiln")
            if not logger.handlers:
                handler = _logging.StreamHandler(_sys.stderr)
                handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT))
                logger.addHandler(handler)
            _logger = logger
    return _logger


def log(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


def _at(level, name):
    def log_at(msg, *args, **kwargs):
        get_logger().log(level, msg, *args, **kwargs)
    log_at.__name__ = log_at.__qualname__ = name
    log_at.__doc__ = f"Logs msg % args at {_logging.getLevelName(level)}."
    return log_at


debug, info, error, fatal = (_at(level, name) for level, name in (
    (DEBUG, "debug"), (INFO, "info"), (ERROR, "error"), (FATAL, "fatal")))
warning = _at(WARN, "warning")
warn = _at(WARN, "warn")  # a separate function, as in TF (warn is not warning)


def vlog(level, msg, *args, **kwargs):
    """Logs at a verbosity level (TF logs vlog(1, ...) at level 1, below DEBUG)."""
    get_logger().log(level, msg, *args, **kwargs)


def log_if(level, msg, condition, *args):
    if condition:
        log(level, msg, *args)


def _call_count():
    """How many times the calling line (two frames up) has logged through here, this one included."""
    frame = _sys._getframe(2)
    key = (frame.f_code.co_filename, frame.f_lineno)
    with _lock:
        _counts[key] = _counts.get(key, 0) + 1
        return _counts[key]


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th ... call from the same line."""
    if _check_n(n) and (_call_count() - 1) % n == 0:
        log(level, msg, *args)


def log_first_n(level, msg, n, *args):
    """Logs on the first n calls from the same line only."""
    if _check_n(n) and _call_count() <= n:
        log(level, msg, *args)


def _check_n(n):
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}.")
    return True


def set_verbosity(v):
    """Sets the logger's level: a level number or name ("INFO")."""
    get_logger().setLevel(v)


def get_verbosity():
    return get_logger().getEffectiveLevel()


def flush():
    """Flushes the logger's handlers (TF 2.21's raises NotImplementedError)."""
    for handler in get_logger().handlers:
        handler.flush()


NAMES = ("DEBUG", "ERROR", "FATAL", "INFO", "WARN", "debug", "error", "fatal", "flush",
         "get_verbosity", "info", "log", "log_every_n", "log_first_n", "log_if", "set_verbosity",
         "vlog", "warn", "warning")
