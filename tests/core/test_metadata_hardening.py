"""Issue 13, items 8, 13 (nodata), 15, 16 and 17: metadata that is refused, kept exactly, or
said plainly."""

import json
import logging
import os
import warnings
import zlib

import numpy as np
import pytest
import rasterio

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac, raster_to_flac
from flac_raster_qgis.core.errors import (CorruptFileError, LossySourceWarning,
                                          UnsupportedRasterError)
from flac_raster_qgis.core.raster.metadata import MAX_METADATA_ITEMS
from flac_raster_qgis.core.raster.tiff_nodata import declared_nodata
from tests.core.test_legacy_generated import TRANSFORM, plain_file, stretch
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(300)


def repacked(tmp_path, path, edit):
    """A copy of the streaming file at ``path`` whose index went through ``edit`` (valid
    CRCs, as an attacker would write it)."""
    raw = path.read_bytes()
    h = container.unpack_header(raw, len(raw))
    index = json.loads(zlib.decompress(raw[h.index_offset:h.index_offset + h.index_length]))
    edit(index)
    text = json.dumps(index, separators=(",", ":")).encode()
    packed = zlib.compress(text)
    data = raw[h.data_offset:h.data_offset + h.data_length]
    new = container.Header(h.version, 64, len(packed), len(text), 64 + len(packed), len(data),
                           zlib.crc32(packed))
    out = tmp_path / "edited.flac"
    out.write_bytes(container.pack_header(new) + packed + data)
    return out


@pytest.fixture
def streaming(tmp_path):
    src = write_raster(tmp_path / "s.tif", fractal_dem(40, 40))
    return create_streaming(str(src), str(tmp_path / "s.flac"), tile_size=16)


# -- item 13: nodata the data type cannot hold -------------------------------------------------

@pytest.mark.parametrize("nodata", ["nan", "inf", 70000, -40000.0])
def test_nodata_the_dtype_cannot_hold_is_a_damaged_file(tmp_path, streaming, nodata):
    def edit(index):
        index["raster"]["bands"][0]["nodata"] = nodata
    path = repacked(tmp_path, type(tmp_path)(streaming), edit)
    with pytest.raises(CorruptFileError, match="cannot be held by the data type int16"):
        flac_to_raster(str(path), str(tmp_path / "out.tif"))
    assert not (tmp_path / "out.tif").exists()
    record("hostile index", f"int16 raster declaring nodata {nodata!r}", 1,
           "CorruptFileError (was ValueError from rasterio)")


def test_legacy_nodata_nan_on_int16_is_a_damaged_file(tmp_path):
    array = fractal_dem(8, 8)[None]
    path = tmp_path / "legacy.flac"
    path.write_bytes(plain_file(array, TRANSFORM, nodata=float("nan")))
    with pytest.raises(CorruptFileError, match="nodata"):
        open_flac(str(path))


# -- item 8: metadata item counts ------------------------------------------------------------

def test_absurd_metadata_counts_are_refused_clearly(tmp_path, streaming):
    many = {f"K{i}": "v" for i in range(MAX_METADATA_ITEMS + 1)}
    src = write_raster(tmp_path / "tags.tif", fractal_dem(16, 16))
    with rasterio.open(src, "r+") as ds:
        ds.update_tags(**many)
    with pytest.raises(UnsupportedRasterError, match="metadata items"):
        raster_to_flac(str(src), str(tmp_path / "tags.flac"))

    def edit(index):
        index["raster"]["tags"] = {"": {f"K{i}": "v" for i in range(200_000)}}
    path = repacked(tmp_path, type(tmp_path)(streaming), edit)
    with pytest.raises(CorruptFileError, match="metadata items"):
        flac_to_raster(str(path), str(tmp_path / "out.tif"))
    record("hostile index", "200000 metadata items (GDAL writes them in quadratic time: "
           "113 s)", 1, "CorruptFileError at open")


def test_many_metadata_items_still_round_trip(tmp_path):
    tags = {f"K{i}": f"v{i}" for i in range(MAX_METADATA_ITEMS - 10)}
    src = write_raster(tmp_path / "tags.tif", fractal_dem(16, 16))
    with rasterio.open(src, "r+") as ds:
        ds.update_tags(**tags)
    flac = raster_to_flac(str(src), str(tmp_path / "tags.flac"))
    back = flac_to_raster(flac, str(tmp_path / "back.tif"))
    with rasterio.open(back) as ds:
        assert {k: v for k, v in ds.tags().items() if k.startswith("K")} == tags


# -- item 15: flac-raster 0.1.2 integers ------------------------------------------------------

def legacy_plain(tmp_path, array, name="legacy.flac"):
    path = tmp_path / name
    path.write_bytes(plain_file(array, TRANSFORM))
    return path


def read_back(path):
    with open_flac(str(path)) as reader:
        arrays, _ = reader.read_window(0, 0, 0, reader.meta["width"], reader.meta["height"])
        return arrays, list(reader.warnings)


def test_flac_raster_uint16_wide_range_reads_exactly(tmp_path):
    """17..60017: the tool truncates; a rounding inverse was off by one on ~45 % of pixels
    although every value is in the file."""
    rng = np.random.default_rng(5)
    array = rng.integers(17, 60018, (1, 120, 100)).astype(np.uint16)
    array[0, 0, :2] = (17, 60017)
    arrays, notes = read_back(legacy_plain(tmp_path, array))
    assert np.array_equal(arrays, array)
    assert not any("off by" in n for n in notes)          # nothing was lost: no warning
    record("flac-raster 0.1.2", "uint16 17..60017 (12000 px)", 1,
           "100 % exact (rounding inverse: ~55 %)")


def test_flac_raster_wide_int32_gains_and_the_warning_counts(tmp_path):
    rng = np.random.default_rng(6)
    array = rng.integers(0, 20_000_001, (1, 100, 100)).astype(np.int32)
    array[0, 0, :2] = (0, 20_000_000)
    samples, _ = stretch(array)
    rounding = np.round(((samples.astype(float) / 8388607) + 1) / 2 * 20_000_000)
    arrays, notes = read_back(legacy_plain(tmp_path, array))
    exact, before = np.mean(arrays == array), np.mean(rounding == array)
    assert exact > before + 0.3, (exact, before)
    note = next(n for n in notes if "share a step" in n)
    assert "6,445,571 of those values" in note and "cannot be undone" in note
    record("flac-raster 0.1.2", "int32 0..20,000,000 (10000 px)", 1,
           f"{exact:.0%} exact (rounding inverse {before:.0%}); the warning counts the "
           "6,445,571 values that share a step")


def test_flac_raster_full_uint16_warning_says_how_many(tmp_path):
    array = np.arange(65536, dtype=np.uint16).reshape(1, 256, 256)
    arrays, notes = read_back(legacy_plain(tmp_path, array))
    assert np.count_nonzero(arrays != array) <= 2
    assert any("2 of those values" in n and "off by one at most" in n for n in notes), notes


# -- item 16: warnings reach scripts -----------------------------------------------------------

def test_lossy_file_warns_through_python_and_the_logger_and_tags_the_output(tmp_path, caplog):
    array = np.linspace(-20000, 20000, 64).astype(np.int16).reshape(1, 8, 8)  # wraps: garbage
    path = legacy_plain(tmp_path, array)
    out = tmp_path / "out.tif"
    with caplog.at_level(logging.WARNING, logger="flac_raster_qgis"):
        with pytest.warns(LossySourceWarning, match="garbage"):
            flac_to_raster(str(path), str(out))
    assert any("garbage" in r.getMessage() for r in caplog.records
               if r.name == "flac_raster_qgis")
    with rasterio.open(out) as ds:
        assert ds.tags()["FLACRASTER_SOURCE_LOSSY"] == "YES"
        assert "garbage" in ds.tags()["FLACRASTER_SOURCE_NOTES"]
    record("flac-raster 0.1.2", "flac_to_raster of a lossy file without a Feedback", 1,
           "LossySourceWarning, a flac_raster_qgis log record, FLACRASTER_SOURCE_LOSSY=YES")


def test_our_files_carry_no_lossy_tag(tmp_path, streaming):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LossySourceWarning)
        out = flac_to_raster(streaming, str(tmp_path / "o.tif"), bounds=None, level=1)
    with rasterio.open(out) as ds:
        assert "FLACRASTER_SOURCE_LOSSY" not in ds.tags()


# -- item 17: a float32 nodata declared as a double --------------------------------------------

@pytest.mark.parametrize("writer", ["plain", "streaming"])
def test_float32_nodata_keeps_its_declared_value(tmp_path, writer):
    data = np.where(fractal_dem(32, 32) > 100, fractal_dem(32, 32), -88.8888).astype(np.float32)
    src = write_raster(tmp_path / "f.tif", data, nodata=-88.8888)
    assert declared_nodata(str(src)) == -88.8888
    flac = tmp_path / "f.flac"
    if writer == "plain":
        raster_to_flac(str(src), str(flac))
    else:
        create_streaming(str(src), str(flac), tile_size=16)
    back = flac_to_raster(str(flac), str(tmp_path / "back.tif"))
    assert declared_nodata(back) == -88.8888          # was -88.88880157470703
    with rasterio.open(src) as a, rasterio.open(back) as b:
        assert a.nodata == b.nodata
        assert np.array_equal(a.read().view(np.uint32), b.read().view(np.uint32))
    record("round trip", f"float32 nodata declared as -88.8888 ({writer})", 1,
           "-88.8888 back (was -88.88880157470703); pixels bit-exact")


def test_declared_nodata_of_other_files_is_none(tmp_path):
    (tmp_path / "x.tif").write_bytes(b"II*\0" + b"\xff" * 12)
    (tmp_path / "y.tif").write_bytes(b"not a tiff")
    assert declared_nodata(str(tmp_path / "x.tif")) is None
    assert declared_nodata(str(tmp_path / "y.tif")) is None
    assert declared_nodata(str(tmp_path / "missing.tif")) is None
    big = write_raster(tmp_path / "big.tif", np.zeros((4, 4), np.float32), nodata=1.5,
                       BIGTIFF="YES")
    assert declared_nodata(str(big)) == 1.5
    assert os.path.getsize(big) > 0


def test_the_item_bound_is_per_list():
    """GDAL's cost is quadratic per list: many bands with many tags each are fine."""
    from flac_raster_qgis.core.raster.metadata import largest_metadata_list
    band = {"tags": {"": {f"K{i}": "v" for i in range(6000)}, "ENVI": {"a": "b"}}}
    meta = {"tags": {"": {"x": "y"}}, "bands": [band] * 3}
    assert largest_metadata_list(meta) == 6000 <= MAX_METADATA_ITEMS
