"""Pure parts of the HTTP source: URL redaction, range coalescing, the on-disk tile cache."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flac_raster_qgis.core.errors import TransportError
from flac_raster_qgis.core.sources.http import coalesce
from flac_raster_qgis.core.sources.redaction import redact_url, scrub as _scrub
from flac_raster_qgis.core.formats.detect import open_source
from flac_raster_qgis.core.sources.disk_cache import TileCache, cache_key


@pytest.mark.parametrize("url, secrets, kept", [
    ("https://alice:s3cret@example.org/a.flac", ["alice", "s3cret"],
     "https://***@example.org/a.flac"),
    ("https://bucket.s3.amazonaws.com/a.flac?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2F1"
     "&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok", ["AKIA", "abcdef", "tok"],
     "X-Amz-Algorithm=AWS4"),
    ("http://h/x.flac?token=t0k&key=k3y&sig=s1g&api_key=a9&page=2", ["t0k", "k3y", "s1g", "a9"],
     "page=2"),
    ("https://acct.blob.core.windows.net/c/x.flac?sv=2020&se=2030&sp=r&sig=AbC%3D",
     ["AbC"], "sv=2020"),
    ("http://h/x.flac?access_token=zz#frag", ["zz", "frag"], "access_token=REDACTED"),
])
def test_redact_url_hides_credentials(url, secrets, kept):
    redacted = redact_url(url)
    for secret in secrets:
        assert secret not in redacted
    assert kept in redacted


def test_redact_url_keeps_plain_urls_and_never_raises():
    assert redact_url("http://127.0.0.1:8080/data/x.flac") == "http://127.0.0.1:8080/data/x.flac"
    assert redact_url("http://[::1") in ("<URL hidden>", "http://[::1")  # malformed: no raise


def test_scrub_free_text():
    text = ("HTTPConnectionPool(host='h', port=1): Max retries exceeded with url: "
            "/x.flac?token=abc&page=1 (Caused by ...) http://u:pw@h/")
    out = _scrub(text)
    assert "abc" not in out and "pw" not in out and "page=1" in out


def test_open_source_rejects_other_schemes():
    with pytest.raises(TransportError, match="Only http"):
        open_source("ftp://example.org/x.flac")


def test_coalesce_examples():
    assert coalesce([(0, 10), (10, 5)], gap=0) == [(0, 15)]
    assert coalesce([(0, 10), (11, 5)], gap=0) == [(0, 10), (11, 5)]
    assert coalesce([(0, 10), (11, 5)], gap=1) == [(0, 16)]
    assert coalesce([(100, 10), (0, 10), (5, 2)], gap=0) == [(0, 10), (100, 10)]
    assert coalesce([(0, 0), (50, 0)]) == []
    # max_run keeps huge merges apart; a single bigger range still gets one run
    assert coalesce([(0, 10), (10, 10), (20, 30)], gap=0, max_run=20) == [(0, 20), (20, 30)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 300)), max_size=30),
       st.integers(0, 200), st.one_of(st.none(), st.integers(1, 800)))
def test_coalesce_covers_every_range(ranges, gap, max_run):
    runs = coalesce(ranges, gap=gap, max_run=max_run)
    assert runs == sorted(runs)
    for start, length in ranges:
        if length:
            assert any(s <= start and start + length <= s + n for s, n in runs)
    # runs only ever contain requested bytes or gaps no wider than ``gap``
    wanted = sorted((s, s + n) for s, n in ranges if n)
    for s, n in runs:
        inside = [(a, b) for a, b in wanted if s <= a and b <= s + n]
        assert inside and inside[0][0] == s and max(b for _a, b in inside) == s + n


def test_tilecache_roundtrip_and_identity(tmp_path):
    cache = TileCache(tmp_path / "c", max_bytes=1 << 20)
    k1 = cache_key("http://h/x.flac", 'etag="a"', 100, 5)
    k2 = cache_key("http://h/x.flac", 'etag="b"', 100, 5)
    assert k1 != k2
    cache.put(k1, b"hello")
    assert cache.get(k1) == b"hello"
    assert cache.get(k2) is None
    assert cache.get(k1, length=6) is None  # damaged/mismatched entry is dropped
    assert cache.get(k1) is None
    leftovers = [n for _d, _s, names in os.walk(tmp_path) for n in names if n.endswith(".part")]
    assert leftovers == []


def test_tilecache_evicts_least_recently_used(tmp_path):
    cache = TileCache(tmp_path, max_bytes=3000)
    keys = [cache_key("u", "i", i, 1000) for i in range(3)]
    for i, key in enumerate(keys):
        cache.put(key, bytes([i]) * 1000)
        path = os.path.join(tmp_path, key[:2], key + ".bin")
        os.utime(path, ns=(10**9 * (i + 1), 10**9 * (i + 1)))  # deterministic ages
    assert cache.get(keys[0]) is not None  # touch: now the most recent
    cache.put(cache_key("u", "i", 9, 1000), b"x" * 1000)  # over budget -> evict
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is not None


def test_tilecache_rejects_non_hex_keys(tmp_path):
    with pytest.raises(ValueError):
        TileCache(tmp_path).get("../../etc/passwd")
