"""compare_rasters: exact, NaN-aware, wrap-free, windowed, and honest about metadata."""

import json

import numpy as np
import pytest
from rasterio.transform import from_origin

from flac_raster_qgis.core.raster import compare as compare_mod
from flac_raster_qgis.core.raster.compare import compare_rasters, summary_lines
from flac_raster_qgis.core.errors import CancelledError, UnsupportedRasterError
from flac_raster_qgis.core.feedback import Feedback
from tests.rasters import fractal_dem, write_raster


def pair(tmp_path, a, b, **kwargs_b):
    kwargs_a = {k: v for k, v in kwargs_b.items() if k == "nodata"}
    pa = write_raster(tmp_path / "a.tif", a, **kwargs_a)
    pb = write_raster(tmp_path / "b.tif", b, **kwargs_b)
    return compare_rasters(pa, pb)


def test_identical_rasters(tmp_path):
    data = fractal_dem(40, 30)
    report = pair(tmp_path, data, data.copy())
    assert report["identical"] and report["values_equal"]
    assert report["metadata_differences"] == []
    assert report["bands"][0]["differing_pixels"] == 0
    assert report["bands"][0]["max_abs_diff"] == 0
    json.dumps(report, allow_nan=False)  # always valid JSON
    assert "IDENTICAL" in summary_lines(report)[0]


def test_counts_and_max_difference(tmp_path):
    a = np.zeros((2, 10, 12), dtype="int16")
    b = a.copy()
    b[0, 1, 2] = 7
    b[0, 3, 4] = -9
    b[1, 9, 11] = 1
    report = pair(tmp_path, a, b)
    assert not report["identical"] and not report["values_equal"]
    band1, band2 = report["bands"]
    assert (band1["differing_pixels"], band1["max_abs_diff"]) == (2, 9)
    assert (band2["differing_pixels"], band2["max_abs_diff"]) == (1, 1)
    assert band1["bit_differing_pixels"] == 2


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "int16", "uint32", "int32",
                                   "int64", "uint64"])
def test_extreme_integers_do_not_wrap(tmp_path, dtype):
    info = np.iinfo(dtype)
    a = np.array([[info.min, info.max, 0]], dtype=dtype)
    b = np.array([[info.max, info.min, 0]], dtype=dtype)
    band = pair(tmp_path, a, b)["bands"][0]
    assert band["max_abs_diff"] == int(info.max) - int(info.min)
    assert band["differing_pixels"] == 2


def test_int64_against_uint64_is_exact(tmp_path):
    a = np.array([[np.iinfo("int64").min, 5]], dtype="int64")
    b = np.array([[np.iinfo("uint64").max, 5]], dtype="uint64")
    report = pair(tmp_path, a, b)
    assert report["bands"][0]["max_abs_diff"] == 2 ** 64 - 1 + 2 ** 63
    assert report["bands"][0]["differing_pixels"] == 1
    assert any(d["field"] == "dtype" for d in report["metadata_differences"])


def test_nan_equals_nan_but_not_a_number(tmp_path):
    a = np.array([[np.nan, np.nan, 1.0, 2.0]], dtype="float32")
    b = np.array([[np.nan, 3.0, 1.0, 2.5]], dtype="float32")
    band = pair(tmp_path, a, b)["bands"][0]
    assert band["differing_pixels"] == 2
    assert band["nan_mismatch_pixels"] == 1
    assert band["max_abs_diff"] == 0.5


def test_signed_zero_and_nan_payload_are_bit_differences_only(tmp_path):
    a = np.array([[0.0, np.nan, 1.0]], dtype="float64")
    b = a.copy()
    b[0, 0] = -0.0
    b.view(np.uint64)[0, 1] ^= np.uint64(1)  # another NaN payload
    assert np.isnan(b[0, 1])
    report = pair(tmp_path, a, b)
    band = report["bands"][0]
    assert band["differing_pixels"] == 0 and band["bit_differing_pixels"] == 2
    assert report["values_equal"] and not report["identical"]
    assert "NOT bit-identical" in summary_lines(report)[0]


def test_infinities(tmp_path):
    a = np.array([[np.inf, -np.inf, np.inf]], dtype="float32")
    b = np.array([[np.inf, np.inf, 1.0]], dtype="float32")
    report = pair(tmp_path, a, b)
    band = report["bands"][0]
    assert band["differing_pixels"] == 2 and band["max_abs_diff"] == "inf"
    json.dumps(report, allow_nan=False)


def test_metadata_differences(tmp_path):
    data = fractal_dem(20, 20)
    pa = write_raster(tmp_path / "a.tif", data, nodata=0)
    pb = write_raster(tmp_path / "b.tif", data.astype("int32"), crs="EPSG:3857",
                      transform=from_origin(11.0, 50.0, 0.01, 0.01), nodata=-1)
    report = compare_rasters(pa, pb)
    fields = {d["field"] for d in report["metadata_differences"]}
    assert {"dtype", "crs", "transform", "nodata"} <= fields
    assert not report["identical"]
    assert report["bands"][0]["differing_pixels"] == 0  # values compared across dtypes


def test_different_sizes_skip_pixels(tmp_path):
    report = pair(tmp_path, np.zeros((5, 5), "uint8"), np.zeros((5, 6), "uint8"))
    assert not report["identical"] and not report["pixels_compared"]
    assert report["bands"] == []
    assert any(d["field"] == "width" for d in report["metadata_differences"])


def test_per_dataset_mask_is_compared(tmp_path):
    data = np.ones((1, 8, 8), dtype="uint8")
    pa = write_raster(tmp_path / "a.tif", data)
    pb = write_raster(tmp_path / "b.tif", data)
    import rasterio
    for path, hole in ((pa, 0), (pb, 3)):
        with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(path, "r+") as ds:
            mask = np.full((8, 8), 255, dtype="uint8")
            mask[hole, hole] = 0
            ds.write_mask(mask)
    report = compare_rasters(pa, pb)
    assert report["bands"][0]["differing_mask_pixels"] == 2
    assert not report["values_equal"]


def test_windowed_reading_gives_the_same_answer(tmp_path, monkeypatch):
    rng = np.random.default_rng(3)
    a = rng.normal(size=(3, 37, 29)).astype("float32")
    b = a.copy()
    b[2, 36, 28] += 1
    b[0, 0, 0] = np.nan
    whole = pair(tmp_path, a, b)
    monkeypatch.setattr(compare_mod, "WINDOW_PIXELS", 29 * 4)  # 4 rows per window
    windowed = compare_rasters(tmp_path / "a.tif", tmp_path / "b.tif")
    assert windowed == whole
    assert windowed["bands"][2]["differing_pixels"] == 1


def test_progress_and_cancel(tmp_path, monkeypatch):
    monkeypatch.setattr(compare_mod, "WINDOW_PIXELS", 10)
    data = fractal_dem(20, 10)
    pa = write_raster(tmp_path / "a.tif", data)
    seen = []
    compare_rasters(pa, pa, Feedback(progress=seen.append))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5
    with pytest.raises(CancelledError):
        compare_rasters(pa, pa, Feedback(cancelled=lambda: True))


def test_unreadable_input(tmp_path):
    bad = tmp_path / "bad.tif"
    bad.write_bytes(b"not a raster")
    with pytest.raises(UnsupportedRasterError):
        compare_rasters(bad, bad)
