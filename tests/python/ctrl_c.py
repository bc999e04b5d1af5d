"""What the Ctrl-C tests share: SIGINT sent to the main thread from a timer."""

import signal
import threading
import time


class CtrlC:
    """Sends SIGINT to the main thread `delay` seconds from now; `sent` is when."""

    def __init__(self, delay=0.2):
        self.sent = None
        self._timer = threading.Timer(delay, self._send)
        self._timer.start()

    def _send(self):
        self.sent = time.perf_counter()
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    def latency(self):
        """Seconds from the signal to now (the KeyboardInterrupt arrived)."""
        self._timer.join()
        return time.perf_counter() - self.sent
