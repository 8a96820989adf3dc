"""HttpSource against a real nginx on 127.0.0.1: exact bytes, requests counted in nginx's log."""

import os
import random
import zlib

import pytest

from flac_raster_qgis.core.errors import (RangeNotSupportedError, RemoteChangedError,
                                          TransportError)
from flac_raster_qgis.core.sources.http import RequestsTransport
from flac_raster_qgis.core.formats.detect import open_source
from flac_raster_qgis.core.sources.http import HEAD_BYTES
from tests.servers import record_fault

pytestmark = pytest.mark.timeout(60)

SIZE = 1_000_000


def payload(size=SIZE, seed=1):
    return random.Random(seed).randbytes(size)


@pytest.fixture
def transport():
    t = RequestsTransport(timeout=(2, 5), retries=1, backoff=0.01)
    yield t
    t.close()


@pytest.fixture
def served(nginx_server):
    data = payload()
    nginx_server.put("data.bin", data)
    nginx_server.clear_log()
    return nginx_server, data


def test_random_ranges_are_exact(served, transport):
    server, data = served
    rng = random.Random(7)
    with transport.open(server.url("data.bin")) as src:
        assert src.size == SIZE
        for _ in range(20):
            ranges = []
            for _ in range(rng.randint(1, 12)):
                start = rng.randrange(SIZE)
                ranges.append((start, rng.randint(0, min(40_000, SIZE - start))))
            out = src.read_ranges(ranges)
            assert [len(b) for b in out] == [n for _s, n in ranges]
            assert all(b == data[s:s + n] for b, (s, n) in zip(out, ranges))
        # the last byte and the whole file work too
        assert src.read_range(SIZE - 1, 1) == data[-1:]
        assert src.read_range(0, SIZE) == data
        with pytest.raises(TransportError, match="outside"):
            src.read_range(SIZE - 10, 11)
    entries = server.log_entries(wait_for=src.stats.requests)
    assert all(e.status == 206 for e in entries)
    assert src.stats.requests == len(entries)
    assert src.stats.bytes == sum(e.body_bytes for e in entries)


def test_open_makes_one_request_and_serves_the_head_from_it(served, transport):
    server, data = served
    src = transport.open(server.url("data.bin"))
    entries = server.log_entries(wait_for=1)
    assert [(e.status, e.range, e.body_bytes) for e in entries] == [(206, f"bytes=0-{HEAD_BYTES - 1}", HEAD_BYTES)]
    # header + index right after open: no new request
    ranges = [(0, 4), (4, 1000), (HEAD_BYTES - 96, 96)]
    assert src.read_ranges(ranges) == [data[s:s + n] for s, n in ranges]
    assert len(server.log_entries()) == 1
    assert src.stats.requests == 1 and src.stats.bytes == HEAD_BYTES
    assert src.identity and "etag=" in src.identity


def test_small_file_is_fine(nginx_server, transport):
    data = payload(1000, seed=3)
    nginx_server.put("small.bin", data)
    src = transport.open(nginx_server.url("small.bin"))
    assert src.size == 1000 and src.head == data
    assert src.read_range(10, 990) == data[10:]


def test_adjacent_ranges_share_one_request(served, transport):
    server, data = served
    src = transport.open(server.url("data.bin"))
    server.clear_log()
    ranges = [(101_000, 500), (100_000, 1000), (101_500, 2000)]  # adjacent, out of order
    assert src.read_ranges(ranges) == [data[s:s + n] for s, n in ranges]
    entries = server.log_entries(wait_for=1)
    assert [(e.range, e.body_bytes) for e in entries] == [("bytes=100000-103499", 3500)]


def test_gap_decides_whether_near_ranges_merge(served):
    server, data = served
    ranges = [(200_000, 1000), (220_000, 1000)]  # 19 000 bytes apart
    for gap, expected in ((16_384, 2), (32_768, 1)):
        with RequestsTransport(timeout=(2, 5), gap=gap) as t:
            src = t.open(server.url("data.bin"))
            server.clear_log()
            assert src.read_ranges(ranges) == [data[s:s + n] for s, n in ranges]
            assert len(server.log_entries(wait_for=expected)) == expected
    # with the wide gap the bytes in between travel once, and no more
    assert server.log_entries(wait_for=1)[0].body_bytes == 21_000


def test_far_ranges_run_in_parallel_and_keep_caller_order(served):
    server, data = served
    with RequestsTransport(timeout=(2, 5), max_workers=4) as t:
        src = t.open(server.url("data.bin"))
        server.clear_log()
        ranges = [(900_000 - i * 80_000, 3000) for i in range(10)]
        out = src.read_ranges(ranges)
        assert out == [data[s:s + n] for s, n in ranges]
        entries = server.log_entries(wait_for=10)
        assert len(entries) == 10 and all(e.status == 206 for e in entries)
        assert sum(e.body_bytes for e in entries) == 30_000
        assert all(e.if_match == src.etag for e in entries)


def test_open_source_uses_requests_for_urls(served):
    server, data = served
    with open_source(server.url("data.bin")) as src:
        assert src.read_range(500_000, 10) == data[500_000:500_010]


def test_server_ignoring_range_fails_without_downloading(served, transport):
    server, _data = served
    with pytest.raises(RangeNotSupportedError) as info:
        transport.open(server.url("data.bin", norange=True))
    message = str(info.value)
    assert "ignores HTTP range requests" in message and "nginx, Apache, S3" in message
    entries = server.log_entries(wait_for=1)  # logged once nginx notices we hung up
    assert [e.status for e in entries] == [200]
    record_fault("server ignores Range (nginx `max_ranges 0`)", "RangeNotSupportedError",
                 f"{type(info.value).__name__}: {message}; 0 body bytes read", server="nginx")


def test_missing_file_and_empty_file(nginx_server, transport):
    with pytest.raises(TransportError, match="Not found") as info:
        transport.open(nginx_server.url("nope.bin"))
    record_fault("file missing (404)", "TransportError 'not found'", str(info.value),
                 server="nginx")
    nginx_server.put("empty.bin", b"")
    with pytest.raises(TransportError, match="empty") as info:
        transport.open(nginx_server.url("empty.bin"))
    record_fault("empty file", "TransportError 'empty'", str(info.value), server="nginx")


@pytest.mark.parametrize("if_match", [True, False])
def test_file_replaced_on_server_is_detected(nginx_server, if_match):
    data = payload()
    path = nginx_server.put("replaced.bin", data)
    with RequestsTransport(timeout=(2, 5), if_match=if_match) as t:
        src = t.open(nginx_server.url("replaced.bin"))
        assert src.read_range(300_000, 10) == data[300_000:300_010]
        # a new version of the same size (nginx's ETag is mtime + size, so move the mtime)
        nginx_server.put("replaced.bin", payload(seed=2))
        st = os.stat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**10))
        nginx_server.clear_log()
        with pytest.raises(RemoteChangedError, match="changed while reading; reopen it") as info:
            src.read_range(400_000, 10)
        status = nginx_server.log_entries(wait_for=1)[0].status
        assert status == (412 if if_match else 206)
    how = "If-Match -> 412" if if_match else "ETag compared on the 206"
    record_fault(f"file replaced between reads ({how})", "RemoteChangedError", str(info.value),
                 server="nginx")


def test_tile_cache_serves_repeat_reads_and_ignores_other_versions(nginx_server, tmp_path):
    data = payload()
    path = nginx_server.put("cached.bin", data)
    ranges = [(500_000, 2000), (700_000, 3000)]
    crcs = [zlib.crc32(data[s:s + n]) for s, n in ranges]   # only verified ranges are cached
    cache_dir = tmp_path / "tiles"
    with RequestsTransport(timeout=(2, 5), cache_dir=cache_dir) as t:
        src = t.open(nginx_server.url("cached.bin"))
        assert src.read_ranges(ranges, crc32=crcs) == [data[s:s + n] for s, n in ranges]
    nginx_server.clear_log()
    with RequestsTransport(timeout=(2, 5), cache_dir=cache_dir) as t:  # a new session
        src = t.open(nginx_server.url("cached.bin"))
        assert src.read_ranges(ranges, crc32=crcs) == [data[s:s + n] for s, n in ranges]
        assert len(nginx_server.log_entries(wait_for=1)) == 1  # only the open
    # a new version: the cached bytes belong to the old ETag and must not be served
    new = payload(seed=5)
    nginx_server.put("cached.bin", new)
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**10))
    nginx_server.clear_log()
    with RequestsTransport(timeout=(2, 5), cache_dir=cache_dir) as t:
        src = t.open(nginx_server.url("cached.bin"))
        new_crcs = [zlib.crc32(new[s:s + n]) for s, n in ranges]
        assert src.read_ranges(ranges, crc32=new_crcs) == [new[s:s + n] for s, n in ranges]
        assert len(nginx_server.log_entries(wait_for=3)) == 3


def test_range_straddling_the_head_fetches_only_the_rest(served, transport):
    """Bytes already read by the speculative first request are never fetched twice."""
    server, data = served
    src = transport.open(server.url("data.bin"))
    server.clear_log()
    start, length = HEAD_BYTES - 1000, 5000
    assert src.read_range(start, length) == data[start:start + length]
    entries = server.log_entries(wait_for=1)
    assert [(e.range, e.body_bytes) for e in entries] == [
        (f"bytes={HEAD_BYTES}-{start + length - 1}", start + length - HEAD_BYTES)]
