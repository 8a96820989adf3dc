"""GeoTIFF outputs: the fast lossless default, user creation options, and the refusal of any
option that could change a pixel or drop metadata."""

import numpy as np
import pytest
import rasterio

from flac_raster_qgis.core import api
from flac_raster_qgis.core.errors import FlacRasterError
from flac_raster_qgis.core.raster.geotiff import parse_creation_options
from tests.core.test_plain_roundtrip import assert_same_raster, random_array
from tests.rasters import fractal_dem, write_raster


def test_parse_accepts_the_widget_string_and_lists():
    assert parse_creation_options("COMPRESS=ZSTD|ZSTD_LEVEL=9") == {"compress": "ZSTD",
                                                                   "zstd_level": "9"}
    assert parse_creation_options(["compress=lzw", " predictor=2 "]) == {"compress": "LZW",
                                                                         "predictor": "2"}
    assert parse_creation_options("COMPRESS=NONE\nTILED=NO") == {"compress": "NONE",
                                                                 "tiled": "NO"}
    assert parse_creation_options(None) == {} == parse_creation_options("  ")


@pytest.mark.parametrize("option", ["COMPRESS=JPEG", "COMPRESS=WEBP", "NBITS=8",
                                    "DISCARD_LSB=2", "MAX_Z_ERROR=0.5", "PHOTOMETRIC=YCBCR",
                                    "PROFILE=BASELINE", "ZLEVEL=99", "BLOCKXSIZE=100",
                                    "NUM_THREADS=many", "COMPRESS", "=DEFLATE"])
def test_lossy_or_malformed_options_are_refused(option):
    with pytest.raises(FlacRasterError):
        parse_creation_options(option)


@pytest.fixture
def stream(tmp_path):
    src = write_raster(tmp_path / "dem.tif", fractal_dem(600, 530), nodata=-32768)
    out = tmp_path / "dem.flac"
    api.create_streaming(str(src), str(out), overviews=False)
    return src, out


@pytest.mark.parametrize("options, compression", [
    (None, "deflate"),
    ("COMPRESS=ZSTD|ZSTD_LEVEL=9", "zstd"),
    ("COMPRESS=NONE|TILED=NO", None),
    ("COMPRESS=LERC_ZSTD|MAX_Z_ERROR=0", "lerc_zstd"),
    (["COMPRESS=LZW", "BLOCKXSIZE=256", "BLOCKYSIZE=256"], "lzw"),
])
def test_outputs_with_options_stay_bit_exact(tmp_path, stream, options, compression):
    src, flac = stream
    back = tmp_path / "back.tif"
    api.flac_to_raster(str(flac), str(back), creation_options=options)
    assert_same_raster(src, back)
    with rasterio.open(back) as ds:
        assert (ds.compression.name.lower() if ds.compression else None) == compression
        if options and "TILED=NO" in options:
            assert ds.block_shapes[0][1] == ds.width      # strips
        if options and "BLOCKXSIZE=256" in options:
            assert ds.block_shapes[0] == (256, 256)


@pytest.mark.parametrize("dtype", ["uint8", "int16", "uint16", "int32", "float32", "float64",
                                   "uint64"])
def test_plain_files_take_options_too(tmp_path, dtype):
    data = random_array(np.random.default_rng(3), dtype, (2, 40, 33))
    src = write_raster(tmp_path / "src.tif", data)
    flac = tmp_path / "src.flac"
    api.raster_to_flac(str(src), str(flac))
    for options in (None, "COMPRESS=ZSTD", "COMPRESS=NONE"):
        back = tmp_path / "back.tif"
        api.flac_to_raster(str(flac), str(back), overwrite=True, creation_options=options)
        assert_same_raster(src, back)


def test_a_bad_option_fails_before_writing(tmp_path, stream):
    _, flac = stream
    with pytest.raises(FlacRasterError, match="not offered"):
        api.flac_to_raster(str(flac), str(tmp_path / "x.tif"), creation_options="NBITS=4")
    assert not (tmp_path / "x.tif").exists()
