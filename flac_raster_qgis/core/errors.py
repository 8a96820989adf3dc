"""Every exception the core raises, in one place.

Callers (Processing, the data-source page) catch :class:`FlacRasterError` and show its message:
each subclass says *what* went wrong in words a GIS user understands.
"""


class FlacRasterError(Exception):
    """Base class: anything the core reports on purpose."""


class UnsupportedRasterError(FlacRasterError):
    """The input raster cannot be stored losslessly (e.g. complex data types)."""


class NotAFlacRasterError(FlacRasterError):
    """The file is not FLAC, or is FLAC without raster metadata."""


class CorruptFileError(FlacRasterError):
    """The file is damaged, truncated, or its index is inconsistent or hostile."""


class EncodeError(FlacRasterError):
    """libFLAC could not encode the samples (an encoder failure, never the user's input)."""


class ChecksumMismatchError(CorruptFileError):
    """A tile's bytes do not match the checksum recorded in the index."""


class NoPixelsError(FlacRasterError):
    """The file holds no recoverable pixels (flac-raster 0.1.x ``--spatial`` files)."""


class OutputExistsError(FlacRasterError):
    """The output path exists and ``overwrite`` was not requested."""


class OutputWriteError(FlacRasterError):
    """The output cannot be written (permission denied, read-only disk); nothing was left."""


class DiskFullError(OutputWriteError):
    """The disk filled up (or a file size limit was hit) while writing; nothing was left."""


class ExtentError(FlacRasterError):
    """The requested extent does not intersect the raster, or is malformed."""


class TransportError(FlacRasterError):
    """Reading bytes from a local file or a server failed."""


class NotFoundError(TransportError):
    """The file does not exist (HTTP 404 / 410, or no such local file)."""


class AccessDeniedError(TransportError):
    """The server refused the request (HTTP 401 / 407, or credentials that were not sent to
    another host after a redirect): a login is missing or wrong."""


class ForbiddenError(AccessDeniedError):
    """HTTP 403: as often a file the web server may not read as a missing login, so the
    user is told to check both."""


class NoAnswerError(TransportError):
    """The server did not answer in time (connect or read timeouts, every retry spent)."""


class DeadlineError(NoAnswerError):
    """A request did not complete within its total deadline (a server sending too slowly)."""


class RangeNotSupportedError(TransportError):
    """The server ignores HTTP Range requests (answers 200 with the whole body)."""


class RemoteChangedError(TransportError):
    """The remote file changed (ETag / Last-Modified) between two reads."""


class TooLargeError(FlacRasterError):
    """The requested pixels would not fit in memory (read a smaller extent or an overview)."""


class CancelledError(FlacRasterError):
    """The user cancelled the operation; no output was left behind."""


class FlacRasterWarning(UserWarning):
    """A note about a file the core read (``warnings.warn`` category; also logged to the
    ``flac_raster_qgis`` logger)."""


class LossySourceWarning(FlacRasterWarning):
    """The file lost information when it was written (a flac-raster 0.1.x file): what is
    read back is not the original raster."""


class MissingDependencyError(FlacRasterError):
    """A Python package the plugin needs is not installed."""
