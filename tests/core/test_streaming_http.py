"""The streaming container over a real nginx: one request to open, coalesced tile rows,
overview-only zoomed-out reads, bit-exact extents (requests counted in nginx's access log)."""

import re

import numpy as np
import pytest
import rasterio
from rasterio.windows import Window

from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac, raster_to_flac
from flac_raster_qgis.core.sources.http import RequestsTransport
from tests.core.test_plain_roundtrip import bits_equal
from tests.rasters import fractal_dem, write_raster

pytestmark = pytest.mark.timeout(120)
PX = 0.01


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream_http")
    data = np.stack([fractal_dem(300, 260, seed=3), fractal_dem(300, 260, seed=4)])
    src = write_raster(folder / "dem.tif", data, nodata=-32768)
    flac = folder / "dem.flac"
    create_streaming(str(src), str(flac), tile_size=64)
    plain = folder / "dem_plain.flac"
    raster_to_flac(str(src), str(plain))
    return str(src), flac.read_bytes(), plain.read_bytes()


@pytest.fixture
def transport():
    t = RequestsTransport(timeout=(2, 10), retries=1, backoff=0.01)
    yield t
    t.close()


def ranges_of(entries):
    out = []
    for e in entries:
        m = re.match(r"bytes=(\d+)-(\d+)", e.range)
        out.append((int(m.group(1)), int(m.group(2)) + 1))
    return out


def test_open_and_extent_reads_over_http(files, nginx_server, transport):
    src, flac, _ = files
    nginx_server.put("dem.flac", flac)
    nginx_server.clear_log()
    with open_flac(nginx_server.url("dem.flac"), transport) as reader:
        assert len(nginx_server.log_entries()) == 1          # header + index in one request
        level0 = reader.index.levels[0].tiles
        full_res = (level0[0].offset, level0[-1].offset + level0[-1].length)

        nginx_server.clear_log()
        window = (100, 60, 90, 70)                           # 2 tile rows x 3 tile columns
        bounds = (10 + 100 * PX, 50 - 130 * PX, 10 + 190 * PX, 50 - 60 * PX)
        result = reader.read(bounds=bounds)
        with rasterio.open(src) as ds:
            assert bits_equal(result.arrays, ds.read(window=Window(*window)))
        entries = nginx_server.log_entries()
        assert all(e.status == 206 for e in entries)
        assert 1 <= len(entries) <= 2                         # one per tile row at most

        nginx_server.clear_log()
        thumb = reader.read(resolution=PX * 4)
        assert thumb.level.index == 2
        for start, end in ranges_of(nginx_server.log_entries()):
            assert end <= full_res[0] or start >= full_res[1]  # no full-resolution byte


def test_flac_to_raster_from_a_url(files, nginx_server, transport, tmp_path):
    src, flac, plain = files
    nginx_server.put("dem.flac", flac)
    nginx_server.put("dem_plain.flac", plain)
    for name in ("dem.flac", "dem_plain.flac"):
        out = tmp_path / f"{name}.tif"
        flac_to_raster(nginx_server.url(name), str(out), bounds=(10.5, 47.5, 11.2, 49.0),
                       transport=transport)
        with rasterio.open(src) as ds, rasterio.open(out) as cut:
            assert bits_equal(cut.read(), ds.read(window=Window(50, 100, 70, 150)))
            assert cut.transform.almost_equals(ds.window_transform(Window(50, 100, 70, 150)))
    with open_flac(nginx_server.url("dem_plain.flac"), transport) as reader:
        assert reader.kind == "plain" and "downloaded" in reader.info()["note"]
