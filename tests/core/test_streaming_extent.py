"""Exact-extent reads, compared bit for bit with rasterio window reads of the source."""

import numpy as np
import pytest
import rasterio
from rasterio.warp import transform_bounds
from rasterio.windows import Window

from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac, raster_to_flac
from flac_raster_qgis.core.errors import ExtentError
from tests.core.test_plain_roundtrip import bits_equal
from tests.rasters import fractal_dem, write_raster

PX = 0.01          # tests.rasters default pixel size; origin (10, 50)


@pytest.fixture(scope="module")
def dem(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extent")
    data = np.stack([fractal_dem(150, 200, seed=1), fractal_dem(150, 200, seed=2)])
    src = write_raster(folder / "dem.tif", data, nodata=-32768)
    flac = folder / "dem.flac"
    create_streaming(str(src), str(flac), tile_size=32)
    return str(src), str(flac)


def pixel_bounds(col, row, width, height):
    return (10 + col * PX, 50 - (row + height) * PX, 10 + (col + width) * PX, 50 - row * PX)


def expected(src, window):
    with rasterio.open(src) as ds:
        return ds.read(window=window), ds.window_transform(window)


@pytest.mark.parametrize("window", [
    (40, 30, 50, 20),       # crosses tile borders both ways
    (32, 32, 32, 32),       # exactly one tile
    (0, 0, 7, 5),           # top-left corner
    (190, 140, 10, 10),     # touches the right and bottom edges (edge tiles)
    (0, 0, 200, 150),       # everything
    (5, 149, 100, 1),       # one row
])
def test_window_reads_match_rasterio(dem, window):
    src, flac = dem
    with open_flac(flac) as reader:
        result = reader.read(bounds=pixel_bounds(*window))
    arrays, transform = expected(src, Window(*window))
    assert bits_equal(result.arrays, arrays)
    assert result.window == window and result.level.index == 0
    assert result.transform.almost_equals(transform, precision=1e-9)


def test_unaligned_bounds_snap_outward(dem):
    src, flac = dem
    bounds = (10 + 40.3 * PX, 50 - 70.8 * PX, 10 + 90.2 * PX, 50 - 30.5 * PX)
    with open_flac(flac) as reader:
        result = reader.read(bounds=bounds)
    assert result.window == (40, 30, 51, 41)
    assert bits_equal(result.arrays, expected(src, Window(40, 30, 51, 41))[0])
    rb = result.bounds
    assert rb[0] <= bounds[0] and rb[1] <= bounds[1] and rb[2] >= bounds[2] and rb[3] >= bounds[3]


def test_partly_outside_is_clipped(dem):
    src, flac = dem
    with open_flac(flac) as reader:
        result = reader.read(bounds=(9.0, 49.5, 10.5, 51.0))   # over the top-left corner
    assert result.window == (0, 0, 50, 50)
    assert bits_equal(result.arrays, expected(src, Window(0, 0, 50, 50))[0])


@pytest.mark.parametrize("bounds", [
    (0.0, 0.0, 1.0, 1.0),
    (12.0, 49.0, 13.0, 49.5),        # just right of the raster (xmax = 12)
    (10.0, 48.0, 12.0, 48.5),        # touches nothing (raster ymin = 48.5)
])
def test_fully_outside_is_an_error(dem, bounds):
    with open_flac(dem[1]) as reader:
        with pytest.raises(ExtentError, match="does not overlap"):
            reader.read(bounds=bounds)


def test_malformed_extents(dem):
    with open_flac(dem[1]) as reader:
        with pytest.raises(ExtentError):
            reader.read(bounds=(11, 49, 10, 50))
        with pytest.raises(ExtentError):
            reader.read(bounds=(1, 2, 3))
        with pytest.raises(ExtentError):
            reader.read(level=99)
        with pytest.raises(ExtentError):
            reader.read(bounds=(10, 49, 11, 50), bounds_crs="EPSG:999999")


def test_extent_in_another_crs(dem):
    src, flac = dem
    wanted = (10.3, 49.2, 10.9, 49.8)                         # EPSG:4326
    merc = transform_bounds("EPSG:4326", "EPSG:3857", *wanted)
    with open_flac(flac) as reader:
        result = reader.read(bounds=merc, bounds_crs="EPSG:3857")
    back = transform_bounds("EPSG:3857", "EPSG:4326", *merc, densify_pts=21)
    c0, r0 = int(np.floor((back[0] - 10) / PX + 1e-6)), int(np.floor((50 - back[3]) / PX + 1e-6))
    c1, r1 = int(np.ceil((back[2] - 10) / PX - 1e-6)), int(np.ceil((50 - back[1]) / PX - 1e-6))
    window = Window(c0, r0, c1 - c0, r1 - r0)
    assert result.window == (c0, r0, c1 - c0, r1 - r0)
    assert bits_equal(result.arrays, expected(src, window)[0])
    rb = result.bounds
    assert rb[0] <= back[0] + 1e-9 and rb[2] >= back[2] - 1e-9


def test_resolution_picks_the_coarsest_sufficient_level(dem):
    _, flac = dem
    with open_flac(flac) as reader:
        assert reader.read(resolution=PX).level.index == 0
        assert reader.read(resolution=PX * 1.9).level.index == 0
        assert reader.read(resolution=PX * 2).level.index == 1
        assert reader.read(resolution=PX * 5).level.index == 2
        assert reader.read(resolution=1.0).level.index == len(reader.levels) - 1
        result = reader.read(bounds=pixel_bounds(40, 40, 80, 40), resolution=PX * 4)
        assert result.level.index == 2 and result.window == (10, 10, 20, 10)
        assert result.transform.a == pytest.approx(PX * 4)
        # resolution is in the units of the extent's CRS
        merc = transform_bounds("EPSG:4326", "EPSG:3857", 10.0, 49.0, 12.0, 50.0)
        per_px = ((merc[2] - merc[0]) / 200, (merc[3] - merc[1]) / 100)   # metres per pixel
        result = reader.read(bounds=merc, bounds_crs="EPSG:3857",
                             resolution=(per_px[0] * 4.01, per_px[1] * 4.01))
        assert result.level.index == 2
        result = reader.read(bounds=merc, bounds_crs="EPSG:3857", resolution=per_px[0] * 4.01)
        assert result.level.index == 1     # one number must hold on both axes


def test_flac_to_raster_extent_writes_exact_geotiff(dem, tmp_path):
    src, flac = dem
    out = tmp_path / "cut.tif"
    flac_to_raster(flac, str(out), bounds=pixel_bounds(33, 17, 70, 90))
    with rasterio.open(out) as cut:
        arrays, transform = expected(src, Window(33, 17, 70, 90))
        assert bits_equal(cut.read(), arrays)
        assert cut.transform.almost_equals(transform, precision=1e-9)
        assert cut.crs == rasterio.crs.CRS.from_epsg(4326)
        assert cut.nodatavals == (-32768.0, -32768.0)
    over = tmp_path / "over.tif"
    flac_to_raster(flac, str(over), level=1)
    with rasterio.open(over) as ds:
        assert (ds.width, ds.height) == (100, 75)
        assert ds.tags()["FLACRASTER_OVERVIEW_LEVEL"] == "1"


def test_plain_file_through_the_same_reader(dem, tmp_path):
    src, _ = dem
    plain = tmp_path / "plain.flac"
    raster_to_flac(src, str(plain))
    with open_flac(str(plain)) as reader:
        assert reader.kind == "plain" and len(reader.levels) == 1
        assert "downloaded" in reader.info()["note"]
        result = reader.read(bounds=pixel_bounds(20, 10, 30, 40))
        assert bits_equal(result.arrays, expected(src, Window(20, 10, 30, 40))[0])
    out = tmp_path / "plain_cut.tif"
    flac_to_raster(str(plain), str(out), bounds=pixel_bounds(150, 100, 50, 50))
    with rasterio.open(out) as cut:
        assert bits_equal(cut.read(), expected(src, Window(150, 100, 50, 50))[0])


def test_info_is_json_and_complete(dem):
    import json
    with open_flac(dem[1]) as reader:
        info = json.loads(json.dumps(reader.info()))
    # version 2 when a tile uses the interp predictor or runs (docs/format.md 7), else 1
    assert info["format_version"] in (1, 2) and info["dtype"] == "int16" and info["bands"] == 2
    assert info["crs"]["epsg"] == 4326 and info["size"] == [200, 150]
    assert info["tile_grid"] == {"tile_width": 32, "tile_height": 32, "tiles_across": 7,
                                 "tiles_down": 5}
    assert info["extent"] == pytest.approx([10.0, 48.5, 12.0, 50.0])
    assert [lv["width"] for lv in info["levels"]] == [200, 100, 50, 25]
    assert info["raw_size"] == 200 * 150 * 2 * 2
    assert info["compression_ratio"] == pytest.approx(info["raw_size"] / info["file_size"], 1e-3)
