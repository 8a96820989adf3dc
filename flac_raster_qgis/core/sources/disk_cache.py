"""An on-disk cache of fetched byte ranges, so panning back over a remote raster costs nothing.

Entries are keyed by URL + content identity (ETag / Last-Modified) + range: when the file on
the server is replaced its identity changes, so stale bytes can never be served. The HTTP
source stores only ranges whose CRC-32 matched the file's index and drops an entry that no
longer matches (core/sources/http.py ``read_ranges(crc32=...)``): the cache never holds unverified
bytes, so one damaged answer cannot poison later reads. Writes are
atomic (temp file + rename) so a crash or a second QGIS never leaves a torn entry; eviction is
LRU-ish by file mtime, which ``get`` refreshes.
"""

import hashlib
import os
import tempfile
import threading

_SUFFIX = ".bin"


def cache_key(url, identity, start, length):
    """A key for one range of one version of one URL (hashed: the URL may carry a token)."""
    text = f"{url}\n{identity}\n{int(start)}+{int(length)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TileCache:
    """``get(key) -> bytes | None``, ``put(key, data)``; total size kept under ``max_bytes``."""

    def __init__(self, folder, max_bytes=256 * 1024 * 1024):
        self.folder = os.fspath(folder)
        self.max_bytes = int(max_bytes)
        os.makedirs(self.folder, exist_ok=True)
        self._lock = threading.Lock()
        self._total = None  # bytes on disk, computed lazily, then tracked

    def _path(self, key):
        if not key or any(c not in "0123456789abcdef" for c in key):
            raise ValueError("cache keys are lowercase hex digests (use cache_key())")
        return os.path.join(self.folder, key[:2], key + _SUFFIX)

    def get(self, key, length=None):
        """The cached bytes, or None. ``length`` (when given) rejects a damaged entry."""
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        if length is not None and len(data) != length:
            self._remove(path)
            return None
        try:
            os.utime(path)  # recently used: evicted last
        except OSError:
            pass
        return data

    def put(self, key, data):
        if len(data) > self.max_bytes:
            return
        path = self._path(key)
        folder = os.path.dirname(path)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            return  # a cache that cannot write is just a cache miss next time
        with self._lock:
            if self._total is None:
                self._total = self._scan_total()
            else:
                self._total += len(data)
            if self._total > self.max_bytes:
                self._evict()

    def discard(self, key):
        """Drop one entry (it failed its check); missing entries are fine."""
        path = self._path(key)
        try:
            size = os.path.getsize(path)
        except OSError:
            return
        if self._remove(path):
            with self._lock:
                if self._total is not None:
                    self._total = max(0, self._total - size)

    def clear(self):
        for path, _size, _mtime in self._entries():
            self._remove(path)
        with self._lock:
            self._total = 0

    def _entries(self):
        out = []
        try:
            subdirs = os.listdir(self.folder)
        except OSError:
            return out
        for sub in subdirs:
            subpath = os.path.join(self.folder, sub)
            if not os.path.isdir(subpath):
                continue
            for name in os.listdir(subpath):
                if not name.endswith(_SUFFIX):
                    continue
                path = os.path.join(subpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out.append((path, st.st_size, st.st_mtime_ns))
        return out

    def _scan_total(self):
        return sum(size for _path, size, _mtime in self._entries())

    def _evict(self):
        """Drop the least recently used entries until the cache is at 90 % of its budget."""
        entries = sorted(self._entries(), key=lambda e: e[2])
        total = sum(e[1] for e in entries)
        target = int(self.max_bytes * 0.9)
        for path, size, _mtime in entries:
            if total <= target:
                break
            if self._remove(path):
                total -= size
        self._total = total

    @staticmethod
    def _remove(path):
        try:
            os.unlink(path)
            return True
        except OSError:
            return False
