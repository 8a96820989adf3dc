"""A memory-bounded cache of byte ranges, shared by every open source of a process.

Why: a live map layer asks for the same tiles again and again (pan back, a second render, the
three bands of an RGB view, several layers or clones of one file). ``CachedSource`` wraps a
:class:`~.byte_source.ByteSource`: hits come from memory, misses go to the wrapped source in ONE
``read_ranges`` call (so remote sources still coalesce them into runs). One
:class:`MemoryRangeCache` holds a single LRU budget for all sources; entries are keyed by the
source's name + identity, so a replaced remote file never serves stale bytes.

``cached_only()`` turns misses into :class:`NotCachedError` for the calling thread only, so a
preview render can draw what is already here without fetching anything.
"""

import threading
import zlib
from collections import OrderedDict
from contextlib import contextmanager

from ..errors import FlacRasterError
from .byte_source import ByteSource


def _matches(data, crc):
    """True when ``data`` has the expected CRC-32 (or none is known)."""
    return crc is None or zlib.crc32(data) == crc


class NotCachedError(FlacRasterError):
    """A read in ``cached_only()`` mode needed bytes that are not in memory."""


class LruCache:
    """A thread-safe LRU of ``key -> value`` under ``max_bytes`` in total (``sizeof(value)``
    bytes each); keys are tuples whose first item names the owner (see :meth:`drop`)."""

    def __init__(self, max_bytes, sizeof=len):
        self.max_bytes = int(max_bytes)
        self._sizeof = sizeof
        self._entries = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def size(self):
        return self._bytes

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        size = self._sizeof(value)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= self._sizeof(old)
            self._entries[key] = value
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= self._sizeof(dropped)

    def discard(self, key):
        """Forget one entry (one that turned out to be bad)."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= self._sizeof(old)

    def drop(self, owner):
        """Forget every entry of one owner (e.g. a source that was closed for good)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == owner]:
                self._bytes -= self._sizeof(self._entries.pop(key))

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0


class MemoryRangeCache(LruCache):
    """``(source key, start, length) -> bytes``."""

    def __init__(self, max_bytes=128 * 1024 * 1024):
        super().__init__(max_bytes)

    def put(self, key, data):
        super().put(key, bytes(data))


class CachedSource(ByteSource):
    """``inner`` with its ranges kept in ``cache``; ``stats`` are the inner source's (what
    really went to disk or over the wire)."""

    def __init__(self, inner, cache):
        super().__init__()
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.size = inner.size
        self.identity = inner.identity
        self.stats = inner.stats
        self.key = (inner.name, inner.identity or f"unversioned-{id(inner)}")
        self._local = threading.local()

    @contextmanager
    def cached_only(self):
        """Within this block (this thread only) a miss raises NotCachedError."""
        previous = getattr(self._local, "offline", False)
        self._local.offline = True
        try:
            yield self
        finally:
            self._local.offline = previous

    def read_ranges(self, ranges, feedback=None, crc32=None):
        """As :meth:`ByteSource.read_ranges`; with ``crc32`` (one per range, None where
        unknown) only ranges that match are kept, and a kept entry that no longer matches is
        dropped and fetched again: one bad answer never poisons later reads."""
        ranges = [(int(s), int(n)) for s, n in ranges]
        crcs = list(crc32) if crc32 is not None else [None] * len(ranges)
        out = [None] * len(ranges)
        missing = []
        for i, (start, length) in enumerate(ranges):
            data = self.cache.get((self.key, start, length))
            if data is not None and not _matches(data, crcs[i]):
                self.cache.discard((self.key, start, length))
                data = None
            if data is None:
                missing.append(i)
            else:
                out[i] = data
        if missing:
            if getattr(self._local, "offline", False):
                raise NotCachedError(f"{len(missing)} range(s) of {self.name} are not in memory")
            fetched = self.inner.read_ranges([ranges[i] for i in missing], feedback=feedback,
                                             crc32=[crcs[i] for i in missing])
            for i, data in zip(missing, fetched):
                out[i] = data
                if _matches(data, crcs[i]):
                    self.cache.put((self.key, *ranges[i]), data)
        return out

    def close(self):
        self.inner.close()
        super().close()
