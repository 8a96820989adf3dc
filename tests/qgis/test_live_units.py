"""Small pieces of the live-layer provider: URIs, nearest sampling, no-data markers, the
memory range cache."""

import numpy as np
import pytest

from flac_raster_qgis.core.sources.memory_cache import (CachedSource, MemoryRangeCache,
                                                      NotCachedError)
from flac_raster_qgis.core.sources.byte_source import ByteSource
from flac_raster_qgis.provider import sampling
from flac_raster_qgis.provider.uri import decode_uri, encode_uri


@pytest.mark.parametrize("location", ["/data/dem.flac", "https://h/x.flac?sig=a|b&x=1",
                                      "C:\\data\\dem.flac"])
def test_uri_round_trip(location):
    assert decode_uri(encode_uri(location)) == {"path": location, "authcfg": ""}
    assert decode_uri(encode_uri(location, "abc1234")) == {"path": location,
                                                           "authcfg": "abc1234"}


def test_native_grid_is_the_window_and_rotation_is_inverted():
    transform = (10.0, 0.5, 0.0, 50.0, 0.0, -0.5)
    rows, cols, valid = sampling.cell_indices(transform, (4, 2, 6, 5),
                                              (12.0, 46.5, 15.0, 49.0), 6, 5)
    assert valid.all()
    assert np.array_equal(np.broadcast_to(cols, (5, 6))[0], np.arange(6))
    assert np.array_equal(np.broadcast_to(rows, (5, 6))[:, 0], np.arange(5))
    rotated = (10.0, 0.5, 0.1, 50.0, 0.1, -0.5)
    rows, cols, valid = sampling.cell_indices(rotated, (0, 0, 8, 8), (9.0, 45.0, 16.0, 51.0),
                                              20, 20)
    assert valid.any() and not valid.all()          # the rotated footprint inside its bbox


def test_free_value_finds_an_unused_value_or_none():
    values = np.arange(256, dtype=np.uint8).reshape(16, 16)
    valid = np.ones(values.shape, bool)
    assert sampling.free_value(values, valid, np.uint8) is None
    valid[0, 7] = False
    assert sampling.free_value(values, valid, np.uint8) == 7
    big = np.array([[-2 ** 31, -2 ** 31 + 1, 5]], dtype=np.int32)
    assert sampling.free_value(big, np.ones(big.shape, bool), np.int32) == -2 ** 31 + 2
    assert sampling.fits(-32768, np.int16) and not sampling.fits(-32769, np.int16)
    assert not sampling.fits(0.5, np.uint8) and sampling.fits(float("nan"), np.float32)


class _Counting(ByteSource):
    def __init__(self, data):
        super().__init__()
        self.data, self.name, self.size, self.identity = data, "mem", len(data), "v1"
        self.calls = []

    def read_ranges(self, ranges, feedback=None, crc32=None):
        self.calls.append(list(ranges))
        return [self.data[s:s + n] for s, n in ranges]


def test_memory_cache_serves_hits_and_fetches_misses_in_one_call():
    inner = _Counting(bytes(range(256)) * 16)
    cache = MemoryRangeCache(max_bytes=300)
    source = CachedSource(inner, cache)
    assert source.read_ranges([(0, 10), (100, 10)]) == [inner.data[0:10], inner.data[100:110]]
    assert source.read_ranges([(0, 10), (200, 10), (300, 10)])[1] == inner.data[200:210]
    assert inner.calls == [[(0, 10), (100, 10)], [(200, 10), (300, 10)]]
    with source.cached_only():
        assert source.read_ranges([(300, 10)]) == [inner.data[300:310]]
        with pytest.raises(NotCachedError):
            source.read_ranges([(400, 10)])
    source.read_ranges([(1000, 250)])                # over budget: the oldest go first
    assert cache.size <= 300


def test_authcfg_of_the_uri_reaches_qgis_network(qgis_app, monkeypatch):
    from qgis.core import QgsRasterLayer

    from flac_raster_qgis import qgis_network
    from flac_raster_qgis.provider import PROVIDER_KEY, registration, shared
    seen = []

    class Refusing(qgis_network.QgisTransport):
        def open(self, url, feedback=None):
            seen.append((url, self.authcfg))
            from flac_raster_qgis.core.errors import TransportError
            raise TransportError("Access denied (HTTP 401) for the test")
    monkeypatch.setattr(qgis_network, "QgisTransport", Refusing)
    assert registration.register()
    layer = QgsRasterLayer("https://127.0.0.1:9/x.flac|authcfg=abc1234", "x", PROVIDER_KEY)
    assert not layer.isValid()
    assert seen == [("https://127.0.0.1:9/x.flac", "abc1234")]
    assert "Access denied" in layer.dataProvider().error().message()
    assert shared.open_files() == {}
