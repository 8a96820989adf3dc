"""GeoTIFF -> streaming container -> GeoTIFF is bit-exact; overviews are what they claim."""

import numpy as np
import pytest
import rasterio

from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac
from flac_raster_qgis.core.raster.overviews import halve
from tests.core.test_plain_roundtrip import (DTYPES, assert_same_raster, bits_equal,
                                             random_array)
from tests.rasters import ROTATED, fractal_dem, write_raster

# Each test runs once per FLAC binding (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("each_flac_binding")


def stream_roundtrip(tmp_path, src, **kwargs):
    kwargs.setdefault("tile_size", 16)
    flac = tmp_path / "out.flac"
    back = tmp_path / "back.tif"
    create_streaming(str(src), str(flac), overwrite=True, **kwargs)
    flac_to_raster(str(flac), str(back), overwrite=True)
    assert_same_raster(src, back)
    with open_flac(str(flac)) as reader, rasterio.open(src) as ds:
        result = reader.read()
        assert bits_equal(result.arrays, ds.read())
        assert result.transform == ds.transform
    return flac


def add_mask(path, height, width):
    mask = np.zeros((height, width), dtype="uint8")
    mask[2:height - 3, 1:width - 2] = 255
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True):
        with rasterio.open(path, "r+") as ds:
            ds.write_mask(mask)
    return mask


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_random_values_edge_tiles(tmp_path, dtype):
    rng = np.random.default_rng(7)
    data = random_array(rng, dtype, (1, 37, 45))   # 16-pixel tiles: partial edge tiles
    stream_roundtrip(tmp_path, write_raster(tmp_path / "src.tif", data))


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_smooth_with_nodata(tmp_path, dtype):
    data = fractal_dem(40, 33, seed=3).astype(dtype)
    data[0, :5] = 0
    stream_roundtrip(tmp_path, write_raster(tmp_path / "src.tif", data, nodata=0))


@pytest.mark.parametrize("bands", [1, 3, 9])
def test_band_counts_with_mask(tmp_path, bands):
    rng = np.random.default_rng(bands)
    data = rng.integers(0, 5000, size=(bands, 35, 50), dtype="uint16")
    path = write_raster(tmp_path / "src.tif", data)
    add_mask(path, 35, 50)
    flac = stream_roundtrip(tmp_path, path)
    with open_flac(str(flac)) as reader, rasterio.open(path) as ds:
        assert reader.meta["mask"] is True
        assert bits_equal(reader.read().mask, ds.read_masks(1))


def test_nine_float64_bands_sequential_layout(tmp_path):
    data = np.random.default_rng(0).normal(size=(9, 20, 18))
    stream_roundtrip(tmp_path, write_raster(tmp_path / "src.tif", data))


def test_one_pixel_and_smaller_than_one_tile(tmp_path):
    for shape in [(1, 1), (1, 7), (7, 1), (100, 300)]:
        data = np.arange(shape[0] * shape[1], dtype="int16").reshape(shape)
        src = write_raster(tmp_path / f"s{shape[0]}x{shape[1]}.tif", data)
        flac = stream_roundtrip(tmp_path, src, tile_size=512)
        with open_flac(str(flac)) as reader:
            assert len(reader.levels) == 1
            assert reader.info()["tile_grid"]["tiles_across"] == 1


def test_metadata_and_rotation_survive(tmp_path):
    path = write_raster(tmp_path / "rot.tif", fractal_dem(40, 30), transform=ROTATED,
                        crs="EPSG:32633", nodata=-1)
    with rasterio.open(path, "r+") as ds:
        ds.set_band_description(1, "elevation")
        ds.update_tags(SOURCE="generated")
        ds.set_band_unit(1, "m")
    stream_roundtrip(tmp_path, path)


def test_without_overviews_and_level_zero_only(tmp_path):
    src = write_raster(tmp_path / "src.tif", fractal_dem(70, 90))
    flac = stream_roundtrip(tmp_path, src, overviews=False)
    with open_flac(str(flac)) as reader:
        assert len(reader.levels) == 1


def test_pyramid_goes_down_to_one_tile_coarsest_first(tmp_path):
    src = write_raster(tmp_path / "src.tif", fractal_dem(150, 70))
    flac = stream_roundtrip(tmp_path, src)
    with open_flac(str(flac)) as reader:
        sizes = [(lv.width, lv.height) for lv in reader.levels]
        assert sizes == [(70, 150), (35, 75), (18, 38), (9, 19), (5, 10)]
        assert reader.levels[-1].tiles_across == 1 and reader.levels[-1].tiles_down == 1
        assert [lv.lossless for lv in reader.levels] == [True] + [False] * 4
        assert [lv.resampling for lv in reader.levels] == ["none"] + ["average"] * 4
        # coarsest level first, then row-major and contiguous within every level
        levels = reader.index.levels
        position = reader.header.data_offset
        for entry in reversed(levels):
            for tile in entry.tiles:
                assert tile.offset == position
                position += tile.length
        assert position == reader.header.data_offset + reader.header.data_length


def _expected_levels(data, mask, nodata, method, count):
    out, arrays, m = [], data, mask
    for _ in range(count):
        arrays, m = halve(arrays, m, nodata, method)
        out.append((arrays, m))
    return out


@pytest.mark.parametrize("method", ["average", "nearest", "mode"])
def test_overview_levels_match_reference_halving(tmp_path, method):
    data = np.stack([fractal_dem(67, 45, seed=1), fractal_dem(67, 45, seed=2)]).astype("int16")
    data[:, 10:14, 10:20] = -9999
    path = write_raster(tmp_path / "src.tif", data, nodata=-9999)
    flac = tmp_path / "o.flac"
    create_streaming(str(path), str(flac), tile_size=16, resampling=method)
    with open_flac(str(flac)) as reader:
        expected = _expected_levels(data, None, [-9999.0, -9999.0], method, len(reader.levels) - 1)
        for lv, (arrays, _) in zip(reader.levels[1:], expected):
            got = reader.read(level=lv.index)
            assert got.level.index == lv.index
            assert bits_equal(got.arrays, arrays)
            assert got.transform.a == pytest.approx(0.01 * 2 ** lv.index)


def test_halve_semantics():
    block = np.array([[[1, 2, 7], [3, 4, 7]]], dtype="int16")          # 2x3, odd width
    avg, _ = halve(block, None, [None], "average")
    assert avg.tolist() == [[[3, 7]]]                                   # 2.5 rounds half up
    near, _ = halve(block, None, [None], "nearest")
    assert near.tolist() == [[[1, 7]]]
    cat = np.array([[[5, 5, 0, 0], [9, 5, 0, 3]]], dtype="uint8")
    mode, _ = halve(cat, None, [0.0], "mode")                            # nodata 0 ignored
    assert mode.tolist() == [[[5, 3]]]
    nod = np.array([[[-1, -1], [-1, 6]]], dtype="int16")
    assert halve(nod, None, [-1.0], "average")[0].tolist() == [[[6]]]
    assert halve(np.full((1, 2, 2), -1, "int16"), None, [-1.0], "average")[0].tolist() == [[[-1]]]
    flt = np.array([[[np.nan, 1.0], [3.0, np.nan]]], dtype="float32")
    assert halve(flt, None, [None], "average")[0].tolist() == [[[2.0]]]
    mask = np.array([[0, 0, 255], [0, 0, 0]], dtype="uint8")
    masked, out_mask = halve(block, mask, [None], "average")
    assert out_mask.tolist() == [[0, 255]] and masked[0, 0, 1] == 7


def test_zoomed_out_read_touches_only_overview_tiles(tmp_path):
    src = write_raster(tmp_path / "src.tif", fractal_dem(128, 128))
    flac = tmp_path / "z.flac"
    create_streaming(str(src), str(flac), tile_size=16)
    with open_flac(str(flac)) as reader:
        level0 = reader.index.levels[0].tiles
        first, last = level0[0].offset, level0[-1].offset + level0[-1].length
        calls = []
        original = reader.source.read_ranges

        def spy(ranges, feedback=None, crc32=None):
            calls.append(list(ranges))
            return original(ranges, feedback=feedback, crc32=crc32)

        reader.source.read_ranges = spy
        result = reader.read(resolution=0.08)            # 8x coarser than level 0
        assert result.level.index == 3 and result.arrays.shape == (1, 16, 16)
        assert len(calls) == 1                           # one read_ranges call per read
        assert all(not (first <= start < last) for start, _ in calls[0])
        assert len(calls[0]) == 1                        # the single tile of level 3
