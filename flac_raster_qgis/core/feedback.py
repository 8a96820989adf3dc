"""Progress and cancellation, without QGIS: the QGIS layers adapt QgsFeedback to this."""

from .errors import CancelledError
from .signals import termination_requested


class Feedback:
    """Default: report nothing, never cancel. Subclass or pass callables."""

    def __init__(self, progress=None, cancelled=None, log=None):
        self._progress = progress
        self._cancelled = cancelled
        self._log = log

    def set_progress(self, fraction):
        if self._progress is not None:
            self._progress(max(0.0, min(1.0, float(fraction))))

    def is_cancelled(self):
        return bool(self._cancelled and self._cancelled())

    def check(self):
        """Raise CancelledError when the user (or SIGTERM, core/signals.py) asked to stop."""
        if self.is_cancelled():
            raise CancelledError("Cancelled by the user")
        if termination_requested():
            raise CancelledError("Stopped by a termination signal")

    def info(self, message):
        if self._log is not None:
            self._log(message)


def ensure(feedback):
    return feedback if feedback is not None else Feedback()
