"""The on-disk tile cache holds only CRC-verified tiles (issue 13, item 6): one corrupted
answer must not poison later reads, and a damaged cached entry is dropped and fetched again."""

import numpy as np
import pytest

from flac_raster_qgis.core import open_flac
from flac_raster_qgis.core.errors import ChecksumMismatchError
from flac_raster_qgis.core.sources.http import RequestsTransport
from flac_raster_qgis.core.sources.disk_cache import TileCache
from tests.core.test_reader_faults import (damaged_tile, expected_window, files,  # noqa: F401
                                           window_bounds)
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(60)


def read_window(url, cache_dir, spec):
    with RequestsTransport(timeout=(2, 2), retries=0, cache_dir=cache_dir) as transport:
        with open_flac(url, transport=transport) as reader:
            return reader.read(bounds=window_bounds(spec))


def window_pixels(result):
    return result.arrays


def test_a_corrupted_answer_is_not_cached(fault_server, files, tmp_path):  # noqa: F811
    spec = dict(files["container"], kind="container")
    good = spec["raw"]
    fault_server.payload = damaged_tile(good, "container")    # same size, same ETag
    url = fault_server.url("/raster.flac")
    with pytest.raises(ChecksumMismatchError):
        read_window(url, tmp_path / "cache", spec)
    fault_server.payload = good                                 # the server recovers
    out = window_pixels(read_window(url, tmp_path / "cache", spec))
    assert np.array_equal(out, expected_window(spec))
    record("data safety", "one corrupted answer with the on-disk tile cache on", "16 bytes",
           "ChecksumMismatchError once; the next read is exact (nothing unverified cached)")


def test_a_damaged_cache_entry_is_dropped_and_fetched_again(fault_server, files,  # noqa: F811
                                                            tmp_path):
    spec = dict(files["container"], kind="container")
    fault_server.payload = spec["raw"]
    url = fault_server.url("/raster.flac")
    cache_dir = tmp_path / "cache"
    first = window_pixels(read_window(url, cache_dir, spec))
    entries = TileCache(cache_dir)._entries()
    assert entries                                              # verified tiles were cached
    for path, size, _mtime in entries:                          # damage every entry on disk
        with open(path, "r+b") as fh:
            fh.seek(size // 2)
            byte = fh.read(1)
            fh.seek(size // 2)
            fh.write(bytes([byte[0] ^ 0xFF]))
    before = fault_server.count
    again = window_pixels(read_window(url, cache_dir, spec))
    assert np.array_equal(again, first) and np.array_equal(again, expected_window(spec))
    assert fault_server.count > before + 1                      # the tiles came from the server
    before = fault_server.count
    third = window_pixels(read_window(url, cache_dir, spec))    # rewritten, good entries
    assert np.array_equal(third, first)
    assert fault_server.count == before + 1                     # only the open
    record("data safety", "damaged entries in the on-disk tile cache", len(entries),
           "dropped and fetched again; exact pixels; good entries rewritten")


class _Answers:
    """A byte source whose answers a test controls (the first may be damaged)."""

    def __init__(self, payloads):
        from flac_raster_qgis.core.sources.byte_source import ByteSource

        class Source(ByteSource):
            name, identity, size = "answers", "v1", 100

            def __init__(self):
                super().__init__()
                self.calls = 0

            def read_ranges(self, ranges, feedback=None, crc32=None):
                self.calls += 1
                return [payloads.pop(0) for _ in ranges]

        self.source = Source()


def test_the_memory_cache_keeps_only_verified_ranges():
    import zlib
    from flac_raster_qgis.core.sources.memory_cache import CachedSource, MemoryRangeCache
    good, bad = b"tile bytes" * 4, b"tile bytez" * 4
    answers = _Answers([bad, good, good])
    cached = CachedSource(answers.source, MemoryRangeCache())
    crc = [zlib.crc32(good)]
    assert cached.read_ranges([(0, len(good))], crc32=crc) == [bad]   # damaged: not kept
    assert cached.read_ranges([(0, len(good))], crc32=crc) == [good]  # fetched again, kept
    assert cached.read_ranges([(0, len(good))], crc32=crc) == [good]
    assert answers.source.calls == 2                                   # the third was a hit
    cached.cache.put((cached.key, 0, len(good)), bad)                  # a damaged entry ...
    assert cached.read_ranges([(0, len(good))], crc32=crc) == [good]   # ... dropped, refetched
    assert answers.source.calls == 3
