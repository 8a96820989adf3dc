"""GeoTIFF -> plain FLAC -> GeoTIFF is bit-exact: pixels, nodata, georeferencing, metadata."""

import math
import os

import numpy as np
import pytest
import rasterio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasterio.crs import CRS
from rasterio.enums import ColorInterp

from flac_raster_qgis.core import flac_to_raster, raster_to_flac
from flac_raster_qgis.core.errors import (NotAFlacRasterError, OutputExistsError,
                                          UnsupportedRasterError)
from tests.rasters import ROTATED, fractal_dem, write_raster

# Each test runs once per FLAC binding (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("each_flac_binding")

DTYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64",
          "int64", "uint64"]


def bits_equal(a, b):
    """Bit-for-bit equality (NaN payloads and -0.0 included)."""
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.view(np.uint8).tobytes() == b.view(np.uint8).tobytes()


def same_float(a, b):
    if a is None or b is None:
        return a is b
    return (math.isnan(a) and math.isnan(b)) or a == b


def assert_same_raster(src, dst):
    with rasterio.open(src) as a, rasterio.open(dst) as b:
        assert bits_equal(a.read(), b.read())
        assert a.dtypes == b.dtypes
        assert (a.width, a.height, a.count) == (b.width, b.height, b.count)
        assert a.crs == b.crs
        assert a.transform == b.transform
        assert all(same_float(x, y) for x, y in zip(a.nodatavals, b.nodatavals))
        assert a.descriptions == b.descriptions
        assert a.colorinterp == b.colorinterp
        assert a.scales == b.scales and a.offsets == b.offsets
        assert a.units == b.units
        assert a.tags() == b.tags()
        for i in range(1, a.count + 1):
            assert a.tags(i) == b.tags(i)
        assert a.mask_flag_enums == b.mask_flag_enums
        assert bits_equal(a.read_masks(), b.read_masks())


def roundtrip(tmp_path, src, **kwargs):
    stem = os.path.splitext(os.path.basename(str(src)))[0]
    flac = tmp_path / f"{stem}.flac"
    back = tmp_path / f"{stem}.back.tif"
    raster_to_flac(str(src), str(flac), **kwargs)
    flac_to_raster(str(flac), str(back))
    assert_same_raster(src, back)
    return flac


def random_array(rng, dtype, shape):
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)
    raw = rng.integers(0, 256, size=shape + (dtype.itemsize,), dtype=np.uint8)
    return raw.view(dtype).reshape(shape)  # every bit pattern: NaNs, infs, -0.0, subnormals


@pytest.mark.parametrize("dtype", DTYPES)
def test_full_range_random_values(tmp_path, dtype):
    rng = np.random.default_rng(1)
    data = random_array(rng, dtype, (2, 37, 53))
    roundtrip(tmp_path, write_raster(tmp_path / "src.tif", data))


@pytest.mark.parametrize("dtype", DTYPES)
def test_extremes_and_constant(tmp_path, dtype):
    dt = np.dtype(dtype)
    lo, hi = (np.iinfo(dt).min, np.iinfo(dt).max) if dt.kind in "iu" else (np.finfo(dt).min, np.finfo(dt).max)
    data = np.array([[lo, hi, lo], [hi, lo, hi]], dtype=dt)
    roundtrip(tmp_path, write_raster(tmp_path / "a.tif", data))
    roundtrip(tmp_path, write_raster(tmp_path / "b.tif", np.full((5, 3), hi, dtype=dt)))


def test_float_specials(tmp_path):
    data = np.array([[np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-45, 3.5, -2.0]], dtype="float32")
    roundtrip(tmp_path, write_raster(tmp_path / "f32.tif", data, nodata=float("nan")))
    roundtrip(tmp_path, write_raster(tmp_path / "f64.tif", data.astype("float64"), nodata=-9999.0))


def test_integral_floats_store_as_integers(tmp_path):
    dem = fractal_dem(120, 90).astype("float32")
    flac = roundtrip(tmp_path, write_raster(tmp_path / "dem.tif", dem))
    from flac_raster_qgis.core.formats.plain import read_tags
    _, spec = read_tags(str(flac))
    assert spec.encodings[0].repr == "int" and spec.bits == 16


def test_one_pixel_and_odd_sizes(tmp_path):
    for shape in [(1, 1), (1, 7), (7, 1), (3, 1001)]:
        path = write_raster(tmp_path / f"s{shape[0]}x{shape[1]}.tif",
                            np.arange(shape[0] * shape[1], dtype="int16").reshape(shape))
        roundtrip(tmp_path, path)


@pytest.mark.parametrize("bands", [1, 2, 3, 8, 9, 12])
def test_band_counts(tmp_path, bands):
    rng = np.random.default_rng(bands)
    data = rng.integers(0, 4000, size=(bands, 23, 31), dtype="uint16")
    roundtrip(tmp_path, write_raster(tmp_path / "b.tif", data))


def test_more_than_eight_float64_bands(tmp_path):
    rng = np.random.default_rng(2)
    data = rng.normal(size=(9, 17, 13))
    roundtrip(tmp_path, write_raster(tmp_path / "f.tif", data))


def test_georeferencing_variants(tmp_path):
    data = fractal_dem(40, 30)
    roundtrip(tmp_path, write_raster(tmp_path / "rot.tif", data, transform=ROTATED, crs="EPSG:32633"))
    roundtrip(tmp_path, write_raster(tmp_path / "nocrs.tif", data, crs=None))
    lcc = CRS.from_proj4("+proj=lcc +lat_1=45 +lat_2=50 +lat_0=47 +lon_0=10 +x_0=0 +y_0=0 +ellps=GRS80 +units=m")
    assert lcc.to_epsg() is None
    roundtrip(tmp_path, write_raster(tmp_path / "wkt.tif", data, crs=lcc))


def test_band_metadata_palette_scale_units(tmp_path):
    path = tmp_path / "meta.tif"
    data = np.arange(2 * 20 * 10, dtype="uint8").reshape(2, 20, 10)
    write_raster(path, data, nodata=0)
    with rasterio.open(path, "r+") as ds:
        ds.set_band_description(1, "classes")
        ds.set_band_description(2, "quality")
        ds.write_colormap(1, {0: (0, 0, 0, 255), 1: (255, 0, 0, 255), 7: (0, 9, 200, 128)})
        ds.scales = [0.5, 2.0]
        ds.offsets = [-1.0, 3.0]
        ds.set_band_unit(1, "m")
        ds.update_tags(SOURCE="generated", ANSWER="42")
        ds.update_tags(1, BANDTAG="yes")
        ds.colorinterp = [ColorInterp.palette, ColorInterp.undefined]
    roundtrip(tmp_path, path)


def test_rgba_alpha_band(tmp_path):
    rng = np.random.default_rng(3)
    data = rng.integers(0, 256, size=(4, 16, 16), dtype="uint8")
    path = write_raster(tmp_path / "rgba.tif", data, photometric="RGB", alpha="YES")
    with rasterio.open(path) as ds:
        assert ds.colorinterp[3] == ColorInterp.alpha
    roundtrip(tmp_path, path)


def test_per_dataset_mask(tmp_path):
    path = tmp_path / "masked.tif"
    data = fractal_dem(30, 20, dtype="uint16")
    write_raster(path, np.stack([data, data // 2]))
    mask = np.zeros((30, 20), dtype="uint8")
    mask[5:25, 3:17] = 255
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True):
        with rasterio.open(path, "r+") as ds:
            ds.write_mask(mask)
    roundtrip(tmp_path, path)


def test_large_raster_windows(tmp_path, monkeypatch):
    """Windowed encode/decode: force tiny windows so the seams between them are exercised."""
    from flac_raster_qgis.core.formats import plain
    monkeypatch.setattr(plain, "WINDOW_BYTES", 2000)
    data = np.stack([fractal_dem(101, 67, seed=4), fractal_dem(101, 67, seed=5)])
    roundtrip(tmp_path, write_raster(tmp_path / "w.tif", data))
    f64 = np.random.default_rng(0).normal(size=(10, 41, 29))
    roundtrip(tmp_path, write_raster(tmp_path / "w64.tif", f64))


dtype_st = st.sampled_from(DTYPES)


@st.composite
def raster_case(draw):
    dtype = np.dtype(draw(dtype_st))
    bands = draw(st.integers(1, 10))
    height = draw(st.integers(1, 40))
    width = draw(st.integers(1, 40))
    seed = draw(st.integers(0, 2 ** 32 - 1))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["random", "smooth", "constant", "small"]))
    shape = (bands, height, width)
    if kind == "random":
        data = random_array(rng, dtype, shape)
    elif kind == "constant":
        data = np.full(shape, random_array(rng, dtype, (1,))[0], dtype=dtype)
    elif kind == "small":
        data = rng.integers(0, 100, size=shape).astype(dtype)
    else:
        walk = np.cumsum(rng.integers(-3, 4, size=shape), axis=2) + 100
        data = walk.astype(dtype)
    nodata = None
    if draw(st.booleans()):
        nodata = float("nan") if dtype.kind == "f" and draw(st.booleans()) else float(data.flat[0])
        if dtype.kind in "iu" and dtype.itemsize == 8:
            nodata = 0.0
    return data, nodata


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=raster_case())
def test_property_roundtrip(tmp_path_factory, case):
    data, nodata = case
    tmp = tmp_path_factory.mktemp("prop")
    src = write_raster(tmp / "src.tif", data, nodata=nodata)
    roundtrip(tmp, src)


def test_complex_refused(tmp_path):
    data = np.ones((3, 3), dtype="complex64")
    src = write_raster(tmp_path / "c.tif", data)
    with pytest.raises(UnsupportedRasterError, match="Complex"):
        raster_to_flac(str(src), str(tmp_path / "c.flac"))
    assert not os.path.exists(tmp_path / "c.flac")


def test_existing_output_untouched(tmp_path):
    src = write_raster(tmp_path / "s.tif", fractal_dem(10, 10))
    out = tmp_path / "o.flac"
    out.write_bytes(b"precious")
    with pytest.raises(OutputExistsError, match="already exists"):
        raster_to_flac(str(src), str(out))
    assert out.read_bytes() == b"precious"
    raster_to_flac(str(src), str(out), overwrite=True)
    assert out.read_bytes()[:4] == b"fLaC"


def test_not_flac_and_no_metadata(tmp_path):
    bogus = tmp_path / "bogus.flac"
    bogus.write_bytes(b"hello world" * 10)
    with pytest.raises(NotAFlacRasterError):
        flac_to_raster(str(bogus), str(tmp_path / "x.tif"))
    assert not os.path.exists(tmp_path / "x.tif")


def test_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    from flac_raster_qgis.core.formats import plain
    src = write_raster(tmp_path / "s.tif", fractal_dem(50, 50))
    flac = tmp_path / "ok.flac"
    raster_to_flac(str(src), str(flac))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(plain, "decode_strips", boom)
    with pytest.raises(RuntimeError):
        flac_to_raster(str(flac), str(tmp_path / "back.tif"))
    assert sorted(os.listdir(tmp_path)) == ["ok.flac", "s.tif"]


def test_correlated_bands_use_band_differencing(tmp_path, monkeypatch):
    """Multispectral-like data: the plain format picks bdiff and stays exact across windows."""
    from flac_raster_qgis.core.formats import plain
    from flac_raster_qgis.core.formats.plain import read_tags
    monkeypatch.setattr(plain, "WINDOW_BYTES", 3000)
    rng = np.random.default_rng(11)
    base = fractal_dem(90, 70, seed=6, dtype="int32")
    noise = rng.integers(-2, 3, size=(3, 90, 70))
    data = (base[None] * np.array([1, 1, 1])[:, None, None] + noise).astype("uint16")
    flac = roundtrip(tmp_path, write_raster(tmp_path / "ms.tif", data))
    _, spec = read_tags(str(flac))
    assert spec.band_transform == "bdiff"
