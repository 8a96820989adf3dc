"""What the command line shows a person: results on stdout, everything else on stderr.

Progress is drawn only when stderr is a terminal (a log file or a pipe gets none), ``-q``
silences notes and progress, and every location shown goes through the core's URL
redaction, so a token in a signed URL never reaches a terminal or a CI log.
"""

import sys

from ..core.feedback import Feedback
from ..core.sources.http import redact_url
from ..core.sources.byte_source import is_url


def shown(location):
    """A path as given; a URL without its secrets."""
    text = str(location)
    return redact_url(text) if is_url(text) else text


def one_line(text):
    """Messages are one line: GDAL and servers sometimes add line breaks of their own."""
    return " ".join(str(text).split())


class Console:
    def __init__(self, quiet=False, verbose=False, stdout=None, stderr=None):
        self.quiet = quiet
        self.verbose = verbose
        self.out = stdout or sys.stdout
        self.err = stderr or sys.stderr
        self.interactive = not quiet and _isatty(self.err)
        self._progress_shown = False

    def result(self, text):
        """The command's answer (a summary line, JSON): stdout, always."""
        print(text, file=self.out, flush=True)

    def note(self, text):
        """Facts along the way (warnings about a file, what was written): stderr, not -q."""
        if not self.quiet:
            self._end_progress()
            print(one_line(text), file=self.err, flush=True)

    def error(self, prog, text):
        self._end_progress()
        print(f"{prog}: error: {one_line(text)}", file=self.err, flush=True)

    def feedback(self, label):
        """A core Feedback drawing ``label NN%`` in place on a terminal, silent elsewhere."""
        last = [-1]

        def progress(fraction):
            percent = int(fraction * 100)
            if self.interactive and percent != last[0]:
                last[0] = percent
                self.err.write(f"\r{label} {percent:3d}%")
                self.err.flush()
                self._progress_shown = True

        return Feedback(progress=progress, log=self.note)

    def _end_progress(self):
        if self._progress_shown:
            self.err.write("\n")
            self.err.flush()
            self._progress_shown = False

    def done(self):
        self._end_progress()


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
