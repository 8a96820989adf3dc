"""One open reader per file, shared by every layer and provider clone that shows it.

QGIS clones a provider for each render and may show one file in several layers; opening the
file each time would repeat the header + index request and lose what was fetched. A
:class:`SharedFile` holds the core reader (its source wrapped in the process-wide memory
cache), the last decoded windows (the three bands of an RGB render decode once) and the
coarsest overview (statistics). It is reference-counted: the last provider to go closes it.
"""

import threading
from contextlib import nullcontext

from ..core.sources.memory_cache import LruCache, MemoryRangeCache
from ..core.sources.byte_source import is_url
from ..core.raster.stats import coarsest_level

MEMORY_CACHE_BYTES = 256 * 1024 * 1024
MAX_WINDOW_VALUES = 64_000_000          # one decoded window (all bands): ~ a 4k screen x 4 bands
WINDOW_CACHE_BYTES = 128 * 1024 * 1024   # decoded windows, all files together

# Extra QgisTransport arguments for live layers (tests shorten timeouts here).
TRANSPORT_OPTIONS = {}

CACHE_SETTING = "flac_raster_qgis/live_cache_mb"   # QGIS setting: the budget in MB


def _cache_budget():
    try:
        from qgis.core import QgsSettings
        megabytes = int(QgsSettings().value(CACHE_SETTING, MEMORY_CACHE_BYTES >> 20))
    except (ImportError, TypeError, ValueError):
        megabytes = MEMORY_CACHE_BYTES >> 20
    return max(16, min(megabytes, 16384)) << 20


_cache = MemoryRangeCache(_cache_budget())
_files = {}
_lock = threading.Lock()


def _window_bytes(value):
    arrays, mask = value
    return arrays.nbytes + (mask.nbytes if mask is not None else 0)


# The last decoded windows of every open file, keyed (file, level, window), one budget: the
# three bands of an RGB render and several layers of a file decode once.
_windows = LruCache(WINDOW_CACHE_BYTES, _window_bytes)


def memory_cache():
    return _cache


class SharedFile:
    def __init__(self, key, reader):
        self.key = key
        self.reader = reader
        self.users = 0
        # Our streaming reader is safe to share between threads; other readers keep a file
        # position or a decoder, so their reads take turns.
        self.read_lock = threading.Lock() if reader.kind != "streaming" else nullcontext()
        self._resident = None
        self._resident_lock = threading.Lock()

    @property
    def meta(self):
        return self.reader.meta

    @property
    def levels(self):
        return self.reader.levels

    def read_window(self, level, window, feedback=None, cached_only=False):
        """``(arrays, mask)`` of ``window`` (tiling.Window) of ``level``: core.api's
        read_window, remembered; ``cached_only`` reads only bytes already in memory."""
        from ..core import api
        key = (id(self), level.index, tuple(window))
        hit = _windows.get(key)
        if hit is not None:
            return hit
        source = self.reader.source
        offline = source.cached_only() if cached_only and hasattr(source, "cached_only") \
            else nullcontext()
        with self.read_lock, offline:
            arrays, mask = api.read_window(self.reader, level, window, feedback)
        _windows.put(key, (arrays, mask))
        return arrays, mask

    def resident(self, feedback=None):
        """``(level, arrays, mask)`` of the whole coarsest level, read once; None when even
        that level is too large to hold."""
        with self._resident_lock:
            if self._resident is None:
                lv = coarsest_level(self.reader)
                if lv is None:
                    return None
                arrays, mask = self.read_window(lv, lv.window, feedback)
                self._resident = (lv, arrays, mask)
            return self._resident

    def drop_caches(self):
        """Forget decoded windows and cached ranges (Layer > Reload: read afresh)."""
        _windows.drop(id(self))
        _cache.drop(getattr(self.reader.source, "key", None))

    def close(self):
        self.drop_caches()
        self.reader.close()


def _open(location, authcfg):
    from ..core.api import open_flac
    transport = None
    if is_url(location):
        from ..qgis_network import QgisTransport
        transport = QgisTransport(authcfg=authcfg or None, **TRANSPORT_OPTIONS)
    return open_flac(location, transport, memory_cache=_cache)


def acquire(location, authcfg=""):
    """The SharedFile of ``location`` (opened on first use; raises core's errors)."""
    key = (location, authcfg or "")
    with _lock:
        shared = _files.get(key)
        if shared is not None:
            shared.users += 1
            return shared
    # Opened outside the lock: a slow server must not hold up layers of other files.
    reader = _open(location, authcfg)
    with _lock:
        shared = _files.get(key)
        if shared is None:
            shared = _files[key] = SharedFile(key, reader)
            reader = None
        shared.users += 1
    if reader is not None:    # another thread opened the same file meanwhile
        reader.close()
    return shared


def retain(shared):
    with _lock:
        shared.users += 1
    return shared


def release(shared):
    with _lock:
        shared.users -= 1
        if shared.users > 0 or _files.get(shared.key) is not shared:
            return
        del _files[shared.key]
    shared.close()


def close_all():
    """Plugin unload: close every file and empty the memory cache."""
    with _lock:
        files = list(_files.values())
        _files.clear()
    for shared in files:
        try:
            shared.close()
        except Exception:  # noqa: BLE001 - unloading must finish
            pass
    _cache.clear()


def open_files():
    with _lock:
        return dict(_files)
