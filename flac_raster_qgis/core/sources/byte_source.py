"""Byte sources: where a FLAC raster's bytes come from (a local file, HTTP, QGIS's network).

Every reader works on a :class:`ByteSource`, so the container, legacy and plain readers never
care whether bytes come from disk or from a server. A source reads *ranges*; remote sources
coalesce neighbouring ranges and fetch them in parallel. ``stats`` counts requests and bytes
so callers (and tests, and the status line of the data-source page) can report them.

This module is the bottom of the byte-source layer: core/sources/http.py builds on it, and
``reader.open_source`` picks the source for a location (so nothing here imports back up).
"""

import os
import re
import threading
from dataclasses import dataclass, field

from ..errors import NotFoundError, TransportError
from .redaction import redact_url


@dataclass
class TransferStats:
    requests: int = 0
    bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, requests, nbytes):
        with self._lock:
            self.requests += requests
            self.bytes += nbytes


class ByteSource:
    """Interface. ``size`` is the total length; ``read_ranges`` returns bytes per (start, length).

    ``identity`` names the version of the content (ETag/Last-Modified for HTTP, size+mtime for
    files) so that caches and readers notice when the file is replaced.
    """

    name = ""
    size = 0
    identity = ""

    def __init__(self):
        self.stats = TransferStats()
        self._closers = []

    def on_close(self, callback):
        """Run ``callback`` when the source closes (e.g. a transport created just for it)."""
        self._closers.append(callback)

    def read_range(self, start, length):
        return self.read_ranges([(start, length)])[0]

    def read_ranges(self, ranges, feedback=None, crc32=None):
        """``crc32``: the expected zlib.crc32 per range (or None), when the caller knows it;
        a source with a cache stores only bytes that match (the reader still checks)."""
        raise NotImplementedError

    def close(self):
        while self._closers:
            self._closers.pop()()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class LocalFileSource(ByteSource):
    """A file on disk; reads are positional so one source serves several threads."""

    def __init__(self, path):
        super().__init__()
        self.name = os.fspath(path)
        try:
            self._fd = os.open(self.name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            kind = NotFoundError if isinstance(exc, FileNotFoundError) else TransportError
            raise kind(f"Cannot open {self.name}: {exc.strerror}") from exc
        st = os.fstat(self._fd)
        self.size = st.st_size
        self.identity = f"{st.st_size}-{st.st_mtime_ns}"

    def read_ranges(self, ranges, feedback=None, crc32=None):
        out = []
        for start, length in ranges:
            if start < 0 or length < 0 or start + length > self.size:
                raise TransportError(
                    f"Range {start}+{length} lies outside {self.name} ({self.size} bytes)")
            if feedback is not None:
                feedback.check()
            data = os.pread(self._fd, length, start) if hasattr(os, "pread") else self._seek_read(start, length)
            if len(data) != length:
                raise TransportError(f"Short read from {self.name}: the file changed or is truncated")
            out.append(data)
            self.stats.add(1, length)
        return out

    def _seek_read(self, start, length):  # pragma: no cover - Windows only
        with open(self.name, "rb") as fh:
            fh.seek(start)
            return fh.read(length)

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def is_url(text):
    return isinstance(text, str) and text.lower().startswith(("http://", "https://"))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")   # two letters or more: not a drive "C:"


def check_location(location):
    """Refuse anything that is neither an http(s) URL nor a local path: file://, ftp://,
    GDAL's /vsicurl/ and friends, gopher:... (an existing local file is always a path)."""
    location = os.fspath(location)
    if is_url(location) or os.path.exists(location):
        return location
    if _SCHEME.match(location) or location.startswith("/vsi") or "://" in location:
        shown = redact_url(location) if "://" in location else location
        raise TransportError(
            f"Only http(s) URLs and local files are supported, not {shown!r}")
    return location
