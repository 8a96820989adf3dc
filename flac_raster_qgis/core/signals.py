"""SIGTERM handled like Ctrl+C (SIGINT) in processes that are ours: a CLI, qgis_process.

Python's default for SIGTERM is to die on the spot, so ``finally`` blocks never run and the
temporary ``.part`` file of an output being written stays forever (core/atomic.py removes such
files only later, once they are old). Raising KeyboardInterrupt instead lets every
``atomic_output`` clean up exactly as it does for Ctrl+C.

The exception can land inside a C library's callback that swallows it (libFLAC's, through
cffi): the handler also records the request, and every ``Feedback.check()`` then stops the
work with CancelledError at the next step.

Only the main thread can install a signal handler, and a handler somebody else installed is
kept: a host application (QGIS desktop) decides for itself.
"""

import contextlib
import signal
import threading


_requested = []


def termination_requested():
    """True once SIGTERM arrived under :func:`install_sigterm_handler`."""
    return bool(_requested)


def _interrupt(signum, frame):
    _requested.append(signum)
    raise KeyboardInterrupt(f"terminated by signal {signum}")


def install_sigterm_handler():
    """Make SIGTERM raise KeyboardInterrupt in the main thread; return the previous handler
    (to restore), or None when nothing was installed (not the main thread, no SIGTERM, or a
    handler of someone else's already in place)."""
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is None or threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(sigterm)
    if previous not in (signal.SIG_DFL, None):
        return None
    signal.signal(sigterm, _interrupt)
    return previous


@contextlib.contextmanager
def sigterm_as_interrupt(enabled=True):
    """Inside the block SIGTERM raises KeyboardInterrupt (see module doc); restored after."""
    previous = install_sigterm_handler() if enabled else None
    try:
        yield previous is not None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
