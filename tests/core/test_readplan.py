"""Read plans (core/formats/read_plan.py): the level, window, tiles and coalesced byte ranges of an
extent or tile read, for every format, and the tile selectors (id, center, last)."""

import os

import numpy as np
import pytest

from flac_raster_qgis.core import create_streaming, extract, open_flac, query, raster_to_flac
from flac_raster_qgis.core.errors import ExtentError
from flac_raster_qgis.core.sources.http import coalesce
from flac_raster_qgis.core.formats.read_plan import parse_tile
from tests.rasters import fractal_dem, write_raster


@pytest.fixture(scope="module")
def streaming(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan")
    src = write_raster(folder / "dem.tif", fractal_dem(300, 410, seed=3), nodata=-9999)
    return src, create_streaming(src, folder / "dem.flac", tile_size=64)


def test_tile_selectors_pick_row_major_ids(streaming):
    _src, flac = streaming
    with open_flac(flac) as reader:
        across = reader.levels[0].tiles_across            # 410 px / 64 -> 7 tiles
        down = reader.levels[0].tiles_down                # 300 px / 64 -> 5 tiles
    assert (across, down) == (7, 5)
    last = query(flac, tile="last")
    assert [t.id for t in last.tiles] == [across * down - 1]
    assert last.window == (6 * 64, 4 * 64, 410 - 6 * 64, 300 - 4 * 64)
    center = query(flac, tile="center")
    assert [(t.row, t.col) for t in center.tiles] == [(150 // 64, 205 // 64)]
    nine = query(flac, tile=9)
    assert [(t.id, t.row, t.col) for t in nine.tiles] == [(9, 1, 2)]
    assert nine.window == (128, 64, 64, 64)


def test_plan_ranges_are_the_tiles_coalesced_and_match_the_index(streaming):
    _src, flac = streaming
    plan = query(flac, bounds=(10.5, 47.9, 11.9, 49.5))
    with open_flac(flac) as reader:
        expected = reader.tiles_for_window(0, *plan.window)
    assert sorted((t.start, t.length) for t in plan.tiles) == \
        sorted((e.offset, e.length) for _t, e in expected)
    rows = sorted({t.row for t in plan.tiles})
    assert len(rows) > 1
    assert list(plan.ranges) == sorted(
        run for row in rows
        for run in coalesce([(t.start, t.length) for t in plan.tiles if t.row == row]))
    assert plan.bytes < plan.file_size
    as_json = plan.to_json()
    assert as_json["bytes"] == plan.bytes and len(as_json["tiles"]) == len(plan.tiles)
    assert all(r["http"] == f"bytes={r['start']}-{r['end'] - 1}" for r in as_json["ranges"])


def test_extract_writes_the_planned_window_bit_for_bit(streaming, tmp_path):
    import rasterio
    src, flac = streaming
    done = extract(flac, tmp_path / "t.tif", tile="last")
    col, row, width, height = done.plan.window
    with rasterio.open(src) as a, rasterio.open(done.path) as b:
        assert np.array_equal(a.read(window=((row, row + height), (col, col + width))),
                              b.read())
        assert tuple(b.transform) == tuple(a.window_transform(
            ((row, row + height), (col, col + width))))
    assert 0 < done.bytes_read < done.file_size


def test_tile_of_an_overview_level(streaming):
    _src, flac = streaming
    plan = query(flac, tile=0, level=1)
    assert plan.level == 1 and plan.window == (0, 0, 64, 64)


@pytest.mark.parametrize("kwargs, words", [
    ({"tile": 35}, "tiles 0 to 34"),
    ({"tile": -1}, "whole number"),
    ({"tile": "middle"}, "center"),
    ({"tile": 1.5}, "whole number"),
    ({"tile": 0, "bounds": (10, 47, 11, 48)}, "not both"),
    ({"tile": 0, "level": 9}, "does not exist"),
    ({"bounds": (0, 0, 1, 1)}, "does not overlap"),
])
def test_bad_selections_are_plain_errors(streaming, kwargs, words):
    _src, flac = streaming
    with pytest.raises(ExtentError, match=words):
        query(flac, **kwargs)


def test_parse_tile_accepts_numbers_and_names():
    assert parse_tile("7") == 7 and parse_tile(0) == 0
    assert parse_tile(" Center ") == "center" and parse_tile("LAST") == "last"


def test_a_plain_file_is_one_tile_that_needs_the_whole_file(tmp_path):
    src = write_raster(tmp_path / "a.tif", fractal_dem(50, 60))
    flac = raster_to_flac(src, tmp_path / "a.flac")
    plan = query(flac, bounds=(10.1, 49.6, 10.2, 49.9))
    assert [t.id for t in plan.tiles] == [0]
    assert plan.ranges == ((0, os.path.getsize(flac)),)
    assert query(flac, tile="last").window == (0, 0, 60, 50)
    with pytest.raises(ExtentError, match="tiles 0 to 0"):
        query(flac, tile=1)


@pytest.mark.parametrize("folder, name", [
    ("streaming", "t02_i16_700x500_tile256.flac"),
    ("spatial", "s01_dem_i16_tile256.flac"),
])
def test_flac_raster_files_plan_their_real_tile_offsets(shared_dir, folder, name):
    """flac-raster 0.1.2 streaming and spatial files: every planned tile starts with a FLAC
    stream (the spatial format's stale offsets are corrected)."""
    path = os.path.join(shared_dir, "seed-vectors", folder, name)
    plan = query(path, tile="last")
    whole = query(path)
    assert plan.tiles[0].id == len(whole.tiles) - 1
    with open(path, "rb") as fh:
        for tile in whole.tiles:
            fh.seek(tile.start)
            assert fh.read(4) == b"fLaC", tile
